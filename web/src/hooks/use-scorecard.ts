// Data for the Suppliers page: the scorecard rows, each supplier once (for legends and colours),
// the lots behind one supplier-period, and the scorecard settings. Figures are the API's.
import { scorecard, scorecardConfig, scorecardLots, type ScorecardFilter } from '../api/endpoints.ts';
import type { ScorecardConfig, ScorecardLotsAnswer, ScorecardPeriod, ScorecardRow } from '../api/types.ts';
import { shortId } from '../format.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export interface SupplierRef {
  id: string;
  name: string;
}

export interface ShapedScorecard {
  period: ScorecardPeriod;
  /** by supplier name, then period */
  rows: ScorecardRow[];
  /** every supplier in the rows, by name */
  suppliers: SupplierRef[];
  /** every period in the rows, in order */
  periods: string[];
}

/** A supplier's name where the data gives one, else the readable end of its id. */
export const supplierLabel = (r: { supplier: string; supplierName: string | null }): string =>
  r.supplierName ?? shortId(r.supplier);

export function shapeScorecard(period: ScorecardPeriod, rows: ScorecardRow[]): ShapedScorecard {
  const sorted = [...rows].sort(
    (a, b) =>
      supplierLabel(a).localeCompare(supplierLabel(b)) ||
      a.supplier.localeCompare(b.supplier) ||
      a.periodStart.localeCompare(b.periodStart),
  );
  const suppliers = new Map<string, string>();
  for (const r of sorted) if (!suppliers.has(r.supplier)) suppliers.set(r.supplier, supplierLabel(r));
  return {
    period,
    rows: sorted,
    suppliers: [...suppliers].map(([id, name]) => ({ id, name })),
    periods: [...new Set(sorted.map((r) => r.periodStart))].sort(),
  };
}

export function useScorecard(f: ScorecardFilter): ApiData<ShapedScorecard> {
  return useApiData(async () => {
    const a = await scorecard(f);
    return shapeScorecard(a.period, a.rows);
  }, [f.period, f.from, f.to, f.supplier, f.material]);
}

/** One supplier-period of the scorecard, by the supplier and the period's first day. */
export interface ScorecardCell {
  supplier: string;
  period: ScorecardPeriod;
  start: string;
}

/** The lots behind one supplier-period; nothing is fetched while `cell` is null. */
export function useScorecardLots(cell: ScorecardCell | null): ApiData<ScorecardLotsAnswer | null> {
  return useApiData(
    () => (cell ? scorecardLots(cell.supplier, cell.period, cell.start) : Promise.resolve(null)),
    [cell?.supplier, cell?.period, cell?.start],
  );
}

export function useScorecardConfig(): ApiData<ScorecardConfig> {
  return useApiData(async () => (await scorecardConfig()).config, []);
}
