// Data for the SPC page: the incoming p-chart, the defects u-chart and first-pass yield over time.
import { defectsUChart, firstPassYield, incomingPChart } from '../api/endpoints.ts';
import type { FpyAnswer, FpyBy, PChartAnswer, SpcPeriod, UChartAnswer } from '../api/types.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export function useIncomingPChart(period: SpcPeriod): ApiData<PChartAnswer> {
  return useApiData(() => incomingPChart(period), [period]);
}

/** Nothing is fetched without `wanted` (roles without yield:read). */
export function useDefectsUChart(
  wanted: boolean,
  period: SpcPeriod,
  inspection: string,
  step: string,
): ApiData<UChartAnswer | null> {
  return useApiData(
    () =>
      wanted && inspection ? defectsUChart(period, inspection, step || undefined) : Promise.resolve(null),
    [wanted, period, inspection, step],
  );
}

/** Series in the API's order (by key, the unattributed last), which colours and the legend keep. */
export function useFirstPassYield(
  wanted: boolean,
  period: SpcPeriod,
  by: FpyBy,
  inspection: string,
): ApiData<FpyAnswer | null> {
  return useApiData(
    () => (wanted && inspection ? firstPassYield(period, by, inspection) : Promise.resolve(null)),
    [wanted, period, by, inspection],
  );
}
