// The FDA FSMA 204 traceability plan (21 CFR 1.1315): how the records are kept, how foods on the
// Food Traceability List are identified, how traceability lot codes are assigned, a point of
// contact, farm maps, notes. Each save is a new version with a reason, audited `fsma.plan.save` in
// the same transaction; no version is edited or deleted (docs/fsma-204.md, decision 029).
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import {
  insertPlanVersion,
  planHistory,
  planVersion,
  type PlanRow,
} from '../../analytics/fsma-plan.store.ts';
import { parseInput } from '../validation.ts';

const LONG = 20_000;
const text = (max: number) =>
  z.string('is required').trim().min(1, 'must not be blank').max(max, `must be at most ${max} characters`);
// An optional text: left out, null or blank means none.
const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), t.nullable().optional());

const planInput = z.strictObject({
  recordProcedures: text(LONG),
  ftlIdentification: text(LONG),
  tlcAssignment: text(LONG),
  contact: z.strictObject({
    name: text(200),
    phone: z
      .string('is required')
      .trim()
      .regex(/^\+?[0-9][0-9 ()./-]{3,38}[0-9]$/, 'must be a phone number: digits, spaces and + ( ) - . /'),
    email: z.string('is required').trim().pipe(z.email('must be an e-mail address')),
  }),
  farmMaps: optional(text(LONG)),
  farmMapsReference: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be a URI: a web address (https://…) or another URI'),
  ),
  notes: optional(text(LONG)),
});
export type PlanInput = z.output<typeof planInput>;

const saveBody = z.strictObject({ plan: planInput, reason: text(2000) });

/** One version of the traceability plan as the API answers it. */
export interface TraceabilityPlan {
  version: number;
  recordProcedures: string;
  ftlIdentification: string;
  tlcAssignment: string;
  contact: { name: string; phone: string; email: string };
  farmMaps: string | null;
  farmMapsReference: string | null;
  notes: string | null;
  savedBy: string;
  savedAt: string;
  reason: string;
}

const toPlan = (r: PlanRow): TraceabilityPlan => ({
  version: r.version,
  recordProcedures: r.record_procedures,
  ftlIdentification: r.ftl_identification,
  tlcAssignment: r.tlc_assignment,
  contact: { name: r.contact_name, phone: r.contact_phone, email: r.contact_email },
  farmMaps: r.farm_maps,
  farmMapsReference: r.farm_maps_reference,
  notes: r.notes,
  savedBy: r.saved_by,
  savedAt: r.saved_at,
  reason: r.reason,
});

/** The current traceability plan, or null when none has been saved. */
export async function currentPlan(db: DuckStore): Promise<TraceabilityPlan | null> {
  const row = await planVersion(db, null);
  return row ? toPlan(row) : null;
}

/** Every version of the traceability plan, newest first. */
export async function planVersions(db: DuckStore): Promise<TraceabilityPlan[]> {
  return (await planHistory(db)).map(toPlan);
}

/**
 * Saves a new version of the traceability plan from a request body `{ plan, reason }` (checked,
 * problems by JSON pointer), audited `fsma.plan.save` in the same transaction.
 */
export async function savePlan(db: DuckStore, body: unknown, actor: string): Promise<TraceabilityPlan> {
  const { plan, reason } = parseInput(saveBody, body, 'traceability plan');
  return db.transaction(async (tx) => {
    const before = await planVersion(tx, null);
    const row: PlanRow = {
      version: (before?.version ?? 0) + 1,
      record_procedures: plan.recordProcedures,
      ftl_identification: plan.ftlIdentification,
      tlc_assignment: plan.tlcAssignment,
      contact_name: plan.contact.name,
      contact_phone: plan.contact.phone,
      contact_email: plan.contact.email,
      farm_maps: plan.farmMaps ?? null,
      farm_maps_reference: plan.farmMapsReference ?? null,
      notes: plan.notes ?? null,
      saved_by: actor,
      saved_at: new Date().toISOString(),
      reason,
    };
    await insertPlanVersion(tx, row);
    const saved = toPlan(row);
    const { savedBy: _by, savedAt: _at, reason: _why, ...content } = saved;
    await appendAudit(tx, {
      actor,
      action: 'fsma.plan.save',
      subject: 'fsma204:traceability-plan',
      before: before ? { version: before.version } : null,
      after: content,
      reason,
    });
    return saved;
  });
}
