import { describe, expect, it } from 'vitest';
import { configProblems, scoreOf, type ScorecardConfig } from './scorecard.ts';

const cfg: ScorecardConfig = {
  weights: { acceptance: 0.6, ppm: 0.3, onTime: 0.1 },
  ppmZero: 10_000,
  gradeA: 90,
  gradeB: 75,
};

describe('scoreOf', () => {
  it('weights the components that have data', () => {
    // acceptance 95, ppm 100 × (1 − 2000/10000) = 80; on-time has no data: (0.6·95 + 0.3·80)/0.9 = 90
    expect(scoreOf({ acceptanceRate: 0.95, ppmDefective: 2000, onTimeDelivery: null }, cfg)).toEqual({
      score: expect.closeTo(90, 9),
      grade: 'A',
    });
    // with on-time 0.5: (57 + 24 + 5)/1.0 = 86 → B
    expect(scoreOf({ acceptanceRate: 0.95, ppmDefective: 2000, onTimeDelivery: 0.5 }, cfg)).toEqual({
      score: expect.closeTo(86, 9),
      grade: 'B',
    });
  });
  it('floors the PPM component at 0 and grades C below B', () => {
    // (0.6·50 + 0.3·0)/0.9 = 33.3
    expect(scoreOf({ acceptanceRate: 0.5, ppmDefective: 50_000, onTimeDelivery: null }, cfg)).toEqual({
      score: expect.closeTo(100 / 3, 9),
      grade: 'C',
    });
  });
  it('has no score without data', () => {
    expect(scoreOf({ acceptanceRate: null, ppmDefective: null, onTimeDelivery: null }, cfg)).toEqual({
      score: null,
      grade: null,
    });
  });
});

describe('configProblems', () => {
  it('accepts the defaults and names bad fields', () => {
    expect(configProblems(cfg)).toEqual([]);
    expect(
      configProblems({
        weights: { acceptance: -1, ppm: 0, onTime: 0 },
        ppmZero: 0,
        gradeA: 70,
        gradeB: 75,
      }).map((p) => p.field),
    ).toEqual(['weights.acceptance', 'weights', 'ppmZero', 'gradeA']);
  });
});
