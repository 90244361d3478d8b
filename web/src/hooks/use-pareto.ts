// Data for the Defects page: the Pareto bars (in the API's order: by count) and the lots and
// units behind one bar.
import { pareto, paretoItems, type ParetoFilter } from '../api/endpoints.ts';
import type { ParetoAnswer, ParetoItemsAnswer } from '../api/types.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

/** The bar the API gives to defects the dimension does not attribute; it has no items. */
export const UNATTRIBUTED = '(none)';

export function usePareto(f: ParetoFilter): ApiData<ParetoAnswer> {
  return useApiData(() => pareto(f), [f.dimension, f.from, f.to, f.material, f.supplier]);
}

/** The items of bar `value`; nothing is fetched while it is empty or the unattributed bar. */
export function useParetoItems(f: ParetoFilter, value: string): ApiData<ParetoItemsAnswer | null> {
  return useApiData(
    () => (value && value !== UNATTRIBUTED ? paretoItems(f, value) : Promise.resolve(null)),
    [f.dimension, f.from, f.to, f.material, f.supplier, value],
  );
}
