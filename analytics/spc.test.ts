import { describe, expect, it } from 'vitest';
import { pChart, uChart, wePatterns } from './spc.ts';

describe('pChart', () => {
  it('computes the centre line and per-point 3-sigma limits by hand', () => {
    // p̄ = (18 + 45 + 9) / (20 + 50 + 10) = 72/80 = 0.9.
    // n=20: σ = √(0.9·0.1/20) = 0.067082; limits 0.9 ∓ 0.201246 → 0.698754, 1 (clipped); p = 0.9, z = 0
    // n=50: σ = √(0.09/50) = 0.042426; limits 0.772721, 1.027279 → 1; p = 0.9, z = 0
    // n=10: σ = √(0.09/10) = 0.094868; limits 0.615395, 1 → ; p = 0.9, z = 0
    const c = pChart([
      { periodStart: '2025-01-01', n: 20, passed: 18 },
      { periodStart: '2025-02-01', n: 50, passed: 45 },
      { periodStart: '2025-03-01', n: 10, passed: 9 },
    ]);
    expect(c.centre).toBeCloseTo(0.9, 12);
    expect(c.points.map((p) => [p.lcl, p.ucl])).toEqual([
      [expect.closeTo(0.698754, 6), 1],
      [expect.closeTo(0.772721, 6), 1],
      [expect.closeTo(0.615395, 6), 1],
    ]);
  });

  it('flags a point beyond the limits (rule 1) and a run near the upper limit (rule 3)', () => {
    // n = 100 each; passed 90, 92, 88, 91, 89, 60: p̄ = 510/600 = 0.85, σ = √(0.85·0.15/100) = 0.035707,
    // limits 0.742879 and 0.957121. z = 1.40, 1.96, 0.84, 1.68, 1.12, −7.00: the 5th point completes 4 of 5
    // beyond +1σ (rule 3), the 6th is below the LCL (rule 1).
    const c = pChart(
      [90, 92, 88, 91, 89, 60].map((passed, i) => ({ periodStart: String(i), n: 100, passed })),
    );
    expect(c.centre).toBeCloseTo(0.85, 12);
    expect(c.points[0]).toMatchObject({ lcl: expect.closeTo(0.742879, 6), ucl: expect.closeTo(0.957121, 6) });
    expect(c.points.map((p) => p.z)).toEqual(
      [1.4, 1.96, 0.84, 1.68, 1.12, -7].map((z) => expect.closeTo(z, 2)),
    );
    expect(c.points.map((p) => p.rules)).toEqual([[], [], [], [], [3], [1]]);
    expect(c.points.map((p) => p.beyondLimits)).toEqual([false, false, false, false, false, true]);
  });

  it('has no chart without inspections', () => {
    expect(pChart([])).toEqual({ centre: null, points: [] });
  });
});

describe('uChart', () => {
  it('computes ū, per-point Poisson limits clipped at 0, z and rule 1 by hand', () => {
    // ū = (5 + 4 + 6 + 30) / (100 + 50 + 100 + 100) = 45/350 = 0.128571.
    // n=100: σ = √(0.128571/100) = 0.035857; limits 0.021001, 0.236142
    // n=50:  σ = √(0.128571/50) = 0.050709; limits 0 (−0.023556 clipped), 0.280699
    // u = 0.05, 0.08, 0.06, 0.30; z = −2.19125, −0.95784, −1.91237, 4.78091: the 4th is beyond 3σ (rule 1).
    const c = uChart([
      { periodStart: '2025-01-01', units: 100, defects: 5 },
      { periodStart: '2025-02-01', units: 50, defects: 4 },
      { periodStart: '2025-03-01', units: 100, defects: 6 },
      { periodStart: '2025-04-01', units: 100, defects: 30 },
    ]);
    expect(c.ubar).toBeCloseTo(0.128571, 6);
    expect(c.points.map((p) => [p.lcl, p.ucl])).toEqual([
      [expect.closeTo(0.021001, 6), expect.closeTo(0.236142, 6)],
      [0, expect.closeTo(0.280699, 6)],
      [expect.closeTo(0.021001, 6), expect.closeTo(0.236142, 6)],
      [expect.closeTo(0.021001, 6), expect.closeTo(0.236142, 6)],
    ]);
    expect(c.points.map((p) => p.z)).toEqual(
      [-2.19125, -0.95784, -1.91237, 4.78091].map((z) => expect.closeTo(z, 5)),
    );
    expect(c.points.map((p) => p.rules)).toEqual([[], [], [], [1]]);
    expect(c.points.map((p) => p.beyondLimits)).toEqual([false, false, false, true]);
  });

  it('leaves out empty periods, and has flat limits and z = 0 when nothing is found', () => {
    const c = uChart([
      { periodStart: '2025-01-01', units: 0, defects: 0 },
      { periodStart: '2025-02-01', units: 10, defects: 0 },
    ]);
    expect(c).toEqual({
      ubar: 0,
      points: [
        {
          periodStart: '2025-02-01',
          units: 10,
          defects: 0,
          u: 0,
          lcl: 0,
          ucl: 0,
          z: 0,
          rules: [],
          beyondLimits: false,
        },
      ],
    });
    expect(uChart([])).toEqual({ ubar: null, points: [] });
  });
});

describe('Western Electric rules 2–4 on z-scores', () => {
  it('rule 2: 2 of 3 beyond 2σ on one side, flagged on the completing point', () => {
    const z = [2.5, 0.1, 2.2];
    expect([0, 1, 2].map((i) => wePatterns(z, i))).toEqual([[], [], [2]]);
    expect(wePatterns([2.5, 0.1, -2.2], 2)).toEqual([]); // opposite sides
  });
  it('rule 3: 4 of 5 beyond 1σ on one side', () => {
    const z = [-1.5, -1.2, 0.3, -1.1, -1.9];
    expect(z.map((_, i) => wePatterns(z, i))).toEqual([[], [], [], [], [3]]);
  });
  it('rule 4: 8 in a row on one side of the centre', () => {
    const z = [0.1, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, 0.1, -0.1];
    expect(z.map((_, i) => wePatterns(z, i))).toEqual([[], [], [], [], [], [], [], [4], []]);
  });
  it('several rules at once', () => {
    const z = [1.5, 1.5, 1.5, 1.5, 2.5, 2.5, 2.5, 3.5];
    expect(wePatterns(z, 7)).toEqual([1, 2, 3, 4]);
  });
});
