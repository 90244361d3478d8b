import { describe, expect, it } from 'vitest';
import { paretoBars } from './pareto.ts';

describe('paretoBars', () => {
  it('sorts by count then name, and cuts the vital few at the bar reaching 80 %', () => {
    // total 20: C 10 (0.5), A 4 (0.7), B 4 (0.9: reaches 0.8), D 2 (1.0)
    const bars = paretoBars([
      { name: 'D', count: 2, objects: 1 },
      { name: 'B', count: 4, objects: 2 },
      { name: 'C', count: 10, objects: 3 },
      { name: 'A', count: 4, objects: 1 },
    ]);
    expect(bars.map((b) => [b.name, b.share, b.cumulativeShare, b.vitalFew])).toEqual([
      ['C', 0.5, 0.5, true],
      ['A', 0.2, 0.7, true],
      ['B', 0.2, expect.closeTo(0.9, 12), true],
      ['D', 0.1, expect.closeTo(1, 12), false],
    ]);
  });
  it('stops at a bar landing exactly on 80 %', () => {
    const bars = paretoBars([
      { name: 'X', count: 8, objects: 1 },
      { name: 'Y', count: 1, objects: 1 },
      { name: 'Z', count: 1, objects: 1 },
    ]);
    expect(bars.map((b) => b.vitalFew)).toEqual([true, false, false]);
  });
  it('is empty without defects', () => {
    expect(paretoBars([])).toEqual([]);
  });
});
