// Typed access to the FSMA 204 traceability plan's versions in DuckDB. No rules live here (what a
// plan must hold): api/services/fsma-plan.service.ts decides, and audits each save in the same
// transaction. Versions are only ever added.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();

const planRow = z.object({
  version: sqlNumber,
  record_procedures: text,
  ftl_identification: text,
  tlc_assignment: text,
  contact_name: text,
  contact_phone: text,
  contact_email: text,
  farm_maps: optText,
  farm_maps_reference: optText,
  notes: optText,
  saved_by: text,
  saved_at: text,
  reason: text,
});
export type PlanRow = z.output<typeof planRow>;

const planGet = defineQuery('fsma/plan_get', {
  params: z.object({ version: z.number().int().nullable() }),
  row: planRow,
});
const planVersions = defineQuery('fsma/plan_versions', { params: z.object({}), row: planRow });

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** One version of the plan (the current one when `version` is null), or null. */
export const planVersion = async (db: Db, version: number | null): Promise<PlanRow | null> =>
  (await run(planGet, db, { version }))[0] ?? null;

/** Every version of the plan, newest first. */
export const planHistory = (db: Db): Promise<PlanRow[]> => run(planVersions, db, {});

/** Stores a new version of the plan (the caller numbers it, inside its transaction). */
export async function insertPlanVersion(tx: DuckTx, p: PlanRow): Promise<void> {
  await tx.append('fsma_plan_versions', [
    [
      p.version,
      p.record_procedures,
      p.ftl_identification,
      p.tlc_assignment,
      p.contact_name,
      p.contact_phone,
      p.contact_email,
      p.farm_maps,
      p.farm_maps_reference,
      p.notes,
      p.saved_by,
      p.saved_at,
      p.reason,
    ],
  ]);
}
