// FSMA 204: the products with traceability lots, and the traceability plan with its versions.
import {
  getPlan,
  listFsmaProducts,
  listPlanVersions,
  type FsmaProduct,
  type TraceabilityPlan,
} from '../api/fsma.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export function useFsmaProducts(): ApiData<FsmaProduct[]> {
  return useApiData(listFsmaProducts, []);
}

/** The current plan (null before the first save) and every version, newest first. */
export function useTraceabilityPlan(): ApiData<{
  current: TraceabilityPlan | null;
  versions: TraceabilityPlan[];
}> {
  return useApiData(async () => {
    const [current, versions] = await Promise.all([getPlan(), listPlanVersions()]);
    return { current, versions };
  }, []);
}
