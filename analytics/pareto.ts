// Defect Pareto: SQL sums defect quantities per value of one dimension; shares, cumulative shares
// and the vital-few cut are computed here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { ensureFacts } from './facts.ts';
import { defineQuery, sqlNumber } from './query.ts';

const optText = z.string().nullable();
export const PARETO_DIMENSIONS = ['code', 'step', 'equipment', 'supplier', 'material'] as const;
export type ParetoDimension = (typeof PARETO_DIMENSIONS)[number];
const scope = z.object({
  dimension: z.enum(PARETO_DIMENSIONS),
  from: optText,
  to: optText,
  material: optText,
  supplier: optText,
});

const bars = defineQuery('pareto_bars', {
  before: ensureFacts,
  params: scope,
  row: z.object({ value: optText, defects: sqlNumber, objects: sqlNumber }),
});
const items = defineQuery('pareto_items', {
  before: ensureFacts,
  params: scope.extend({
    value: z.string(),
    limit: z.number().int().positive().nullable(),
    offset: z.number().int().nonnegative(),
  }),
  row: z.object({
    total: sqlNumber,
    object_key: z.string(),
    object_id: z.string(),
    kind: optText,
    defects: sqlNumber,
    inspections: sqlNumber,
    first_at: z.string(),
    last_at: z.string(),
  }),
});

/** The bar of defects the inspection or object does not attribute (no step, no supplier, …). */
export const UNATTRIBUTED = '(none)';

export interface ParetoBar {
  /** the dimension's value, or UNATTRIBUTED */
  name: string;
  /** sum of defect quantities (a defect without a quantity counts 1) */
  count: number;
  /** distinct lots and units with these defects */
  objects: number;
  share: number;
  cumulativeShare: number;
  /** part of the vital few: every bar up to and including the one reaching 80 % cumulative */
  vitalFew: boolean;
}

export interface ParetoScope {
  dimension: ParetoDimension;
  /** ISO 8601; inspections at or after */
  from?: string | undefined;
  /** ISO 8601; inspections before */
  to?: string | undefined;
  material?: string | undefined;
  /** only defects on lots of this supplier */
  supplier?: string | null | undefined;
}

/**
 * Orders bars by count (descending; ties by name) and adds share, cumulative share and the
 * vital-few mark (cut at the first bar whose cumulative share reaches `cut`, default 0.8).
 */
export function paretoBars(rows: { name: string; count: number; objects: number }[], cut = 0.8): ParetoBar[] {
  const sorted = [...rows].sort(
    (a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const total = sorted.reduce((s, r) => s + r.count, 0);
  let running = 0;
  let reached = false;
  return sorted.map((r) => {
    running += r.count;
    const cumulativeShare = total === 0 ? 0 : running / total;
    const vitalFew = !reached;
    // a small tolerance so 0.8 made of float sums still counts as reached
    if (cumulativeShare >= cut - 1e-9) reached = true;
    return { ...r, share: total === 0 ? 0 : r.count / total, cumulativeShare, vitalFew };
  });
}

const utc = (t: string | undefined) => (t === undefined ? null : new Date(t).toISOString().slice(0, 23));
const sqlScope = (s: ParetoScope) => ({
  dimension: s.dimension,
  from: utc(s.from),
  to: utc(s.to),
  material: s.material ?? null,
  supplier: s.supplier ?? null,
});

/** Defect Pareto over inspections in [from, to), optionally of objects of one material. */
export async function defectPareto(db: DuckStore, s: ParetoScope): Promise<ParetoBar[]> {
  const rows = await bars.all(db, sqlScope(s));
  return paretoBars(
    rows.map((r) => ({ name: r.value ?? UNATTRIBUTED, count: r.defects, objects: r.objects })),
  );
}

export interface ParetoItem {
  objectKey: string;
  objectId: string;
  kind: string | null;
  defects: number;
  inspections: number;
  firstAt: string;
  lastAt: string;
}

/** The lots and units behind one bar (value: a bar's name; UNATTRIBUTED is not drillable), all of them. */
export async function paretoItems(db: DuckStore, s: ParetoScope & { value: string }): Promise<ParetoItem[]> {
  return (await paretoItemsPage(db, { ...s, limit: null, offset: 0 })).items;
}

/** One page of the lots and units behind a bar, most defects first, and how many there are. */
export async function paretoItemsPage(
  db: DuckStore,
  s: ParetoScope & { value: string; limit: number | null; offset: number },
): Promise<{ items: ParetoItem[]; total: number }> {
  const rows = await items.all(db, { ...sqlScope(s), value: s.value, limit: s.limit, offset: s.offset });
  // past the last page no row carries the total: ask for the first one
  const total =
    rows[0]?.total ??
    (s.offset > 0
      ? ((await items.all(db, { ...sqlScope(s), value: s.value, limit: 1, offset: 0 }))[0]?.total ?? 0)
      : 0);
  return {
    total,
    items: rows.map((r) => ({
      objectKey: r.object_key,
      objectId: r.object_id,
      kind: r.kind,
      defects: r.defects,
      inspections: r.inspections,
      firstAt: r.first_at,
      lastAt: r.last_at,
    })),
  };
}
