import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, fisherExact, fisherTableProbability, wilson } from './stats.ts';

describe('fisherExact', () => {
  // Reference values computed exactly with binomial coefficients (Python's math.comb),
  // the first four also as published for R's fisher.test.
  it.each([
    [3, 1, 1, 3, 0.4857142857],
    [1, 9, 11, 3, 0.002759456],
    [10, 0, 0, 10, 1.082509e-5],
    [0, 5, 0, 5, 1],
    [2, 7, 8, 2, 0.0230141376],
  ])('[[%i, %i], [%i, %i]] -> p = %f', (a, b, c, d, p) => {
    expect(fisherExact(a, b, c, d)).toBeCloseTo(p, 6);
  });
});

describe('fisherTableProbability', () => {
  it('is the observed table’s own probability, never above the two-sided p', () => {
    // [[3, 1], [1, 3]]: C(4,3) C(4,1) / C(8,4) = 16 / 70
    expect(fisherTableProbability(3, 1, 1, 3)).toBeCloseTo(16 / 70, 12);
    // every table of small margins, and some of the sizes a plant has
    const tables: [number, number, number, number][] = [];
    for (let a = 0; a <= 6; a++)
      for (let b = 0; b <= 6; b++)
        for (let c = 0; c <= 6; c++) for (let d = 0; d <= 6; d++) tables.push([a, b, c, d]);
    tables.push([3, 925, 78_432, 2_707_486], [40, 238, 78_395, 2_708_173], [1, 0, 78_434, 2_708_411]);
    for (const [a, b, c, d] of tables)
      expect(fisherTableProbability(a, b, c, d) * (1 - 1e-6)).toBeLessThanOrEqual(fisherExact(a, b, c, d));
  });
});

describe('benjaminiHochberg', () => {
  it('matches p.adjust(method = "BH")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
    const adj = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    expect(adj.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.02, 0.04, 0.04, 0.02]);
  });
});

describe('wilson', () => {
  it('gives the 95 % score interval', () => {
    // 8 of 10: 0.4902 .. 0.9433
    const w = wilson(8, 10);
    expect(w.lo).toBeCloseTo(0.4902, 4);
    expect(w.hi).toBeCloseTo(0.9433, 4);
  });
});
