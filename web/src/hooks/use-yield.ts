// Data for the Yield page: the factor ranking of a step, and for one parameter its yield per bin,
// the units' values with their first test result, and the band × input lot heatmap.
import {
  parameterYield,
  yieldFactors,
  yieldHeatmap,
  yieldPoints,
  type YieldScope,
} from '../api/endpoints.ts';
import type {
  ParameterYieldAnswer,
  YieldFactorsAnswer,
  YieldHeatmapAnswer,
  YieldPointsAnswer,
} from '../api/types.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

/** The most units the scatter asks for. */
export const POINT_LIMIT = 5000;
/** Parameter bands of the heatmap. */
export const HEATMAP_BINS = 5;

const none = () => Promise.resolve(null);

export function useYieldFactors(s: YieldScope): ApiData<YieldFactorsAnswer | null> {
  return useApiData(() => (s.step && s.inspection ? yieldFactors(s) : none()), [s.step, s.inspection]);
}

export function useParameterYield(s: YieldScope, parameter: string): ApiData<ParameterYieldAnswer | null> {
  return useApiData(
    () => (parameter ? parameterYield(s, parameter) : none()),
    [s.step, s.inspection, parameter],
  );
}

/** The units' values, sorted by value (the scatter steps through them in that order). */
export function useYieldPoints(s: YieldScope, parameter: string): ApiData<YieldPointsAnswer | null> {
  return useApiData(async () => {
    if (!parameter) return null;
    const a = await yieldPoints(s, parameter, POINT_LIMIT);
    return { ...a, points: [...a.points].sort((x, y) => x.value - y.value || x.unit.localeCompare(y.unit)) };
  }, [s.step, s.inspection, parameter]);
}

export function useYieldHeatmap(s: YieldScope, parameter: string): ApiData<YieldHeatmapAnswer | null> {
  return useApiData(
    () => (parameter ? yieldHeatmap(s, parameter, HEATMAP_BINS) : none()),
    [s.step, s.inspection, parameter],
  );
}
