// Typed access to VDA 6.3 catalogues, programmes, audits, answers, evidence and actions in DuckDB.
// No rules live here: api/services/vda63.service.ts decides (scoring in domain/vda63.ts) and
// audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const none = z.object({});
const seqRow = z.object({ seq: sqlNumber });

const catalogueRow = z.object({
  catalogue_key: text,
  version: sqlNumber,
  title: text,
  catalogue: text,
  created_by: text,
  created_at: text,
  note: optText,
});
export type CatalogueRow = z.output<typeof catalogueRow>;

const programmeRow = z.object({
  programme_id: text,
  year: sqlNumber,
  title: text,
  description: optText,
  created_by: text,
  created_at: text,
});
export type ProgrammeRow = z.output<typeof programmeRow>;

const status = z.enum(['planned', 'in_progress', 'completed']);
const auditRow = z.object({
  audit_id: text,
  programme_id: text,
  title: text,
  supplier_id: optText,
  process: text,
  catalogue_key: text,
  catalogue_version: sqlNumber,
  steps: text,
  scoped_out: text,
  planned_on: text,
  lead_auditor: text,
  status,
  created_by: text,
  created_at: text,
  started_at: optText,
  completed_at: optText,
  completed_by: optText,
  result: optText,
});
export type AuditRow = z.output<typeof auditRow>;

const auditSummaryRow = z.object({
  audit_id: text,
  programme_id: text,
  title: text,
  supplier_id: optText,
  process: text,
  catalogue_key: text,
  catalogue_version: sqlNumber,
  planned_on: text,
  lead_auditor: text,
  status,
  started_at: optText,
  completed_at: optText,
  answers: sqlNumber,
  grade: optText,
  overall: z.number().nullable(),
  open_actions: sqlNumber,
});
export type AuditSummaryRow = z.output<typeof auditSummaryRow>;

const answerRow = z.object({
  question_id: text,
  step: text,
  score: sqlNumber.nullable(),
  reason: optText,
  answered_by: text,
  answered_at: text,
});
export type AnswerRow = z.output<typeof answerRow>;

const evidenceFields = {
  evidence_id: text,
  question_id: text,
  step: text,
  kind: text,
  ref: text,
  label: text,
  note: optText,
  sha256: text,
  linked_by: text,
  linked_at: text,
  removed_by: optText,
  removed_at: optText,
  removed_reason: optText,
};
const evidenceRow = z.object(evidenceFields);
export type EvidenceRow = z.output<typeof evidenceRow>;
const evidenceFullRow = z.object({ ...evidenceFields, snapshot: text });
export type EvidenceFullRow = z.output<typeof evidenceFullRow>;

const actionRow = z.object({
  action_id: text,
  question_id: text,
  step: text,
  score: sqlNumber,
  action: text,
  owner_user: optText,
  supplier_id: optText,
  due_at: text,
  created_by: text,
  created_at: text,
  state: text,
  status: z.enum(['open', 'done']),
  ended_at: optText,
});
export type ActionRow = z.output<typeof actionRow>;

const catalogueGet = defineQuery('vda63/catalogue_get', {
  params: z.object({ catalogue_key: text, version: z.number().int().nullable() }),
  row: catalogueRow,
});
const catalogueList = defineQuery('vda63/catalogue_list', {
  params: none,
  row: catalogueRow.extend({ audits: sqlNumber }),
});
const programmeNextSeq = defineQuery('vda63/programme_next_seq', {
  params: z.object({ year: z.number().int() }),
  row: seqRow,
});
const programmeList = defineQuery('vda63/programme_list', {
  params: none,
  row: programmeRow.extend({
    audits: sqlNumber,
    planned: sqlNumber,
    in_progress: sqlNumber,
    completed: sqlNumber,
  }),
});
const programmeGet = defineQuery('vda63/programme_get', {
  params: z.object({ programme_id: text }),
  row: programmeRow,
});
const auditNextSeq = defineQuery('vda63/audit_next_seq', {
  params: z.object({ year: z.number().int() }),
  row: seqRow,
});
const auditGet = defineQuery('vda63/audit_get', { params: z.object({ audit_id: text }), row: auditRow });
const auditList = defineQuery('vda63/audit_list', {
  params: z.object({ programme_id: optText, supplier_id: optText, status: status.nullable() }),
  row: auditSummaryRow,
});
const auditUpdatePlan = defineQuery('vda63/audit_update_plan', {
  params: z.object({
    audit_id: text,
    title: text,
    process: text,
    steps: text,
    scoped_out: text,
    planned_on: text,
    lead_auditor: text,
  }),
  row: none,
});
const auditStart = defineQuery('vda63/audit_start', {
  params: z.object({ audit_id: text, started_at: text }),
  row: none,
});
const auditComplete = defineQuery('vda63/audit_complete', {
  params: z.object({ audit_id: text, completed_at: text, completed_by: text, result: text }),
  row: none,
});
const answersOf = defineQuery('vda63/answers_of', { params: z.object({ audit_id: text }), row: answerRow });
const answerPut = defineQuery('vda63/answer_put', {
  params: z.object({
    audit_id: text,
    question_id: text,
    step: text,
    score: z.number().int().nullable(),
    reason: optText,
    answered_by: text,
    answered_at: text,
  }),
  row: none,
});
const evidenceList = defineQuery('vda63/evidence_list', {
  params: z.object({ audit_id: text, with_removed: z.boolean() }),
  row: evidenceRow,
});
const evidenceGet = defineQuery('vda63/evidence_get', {
  params: z.object({ audit_id: text, evidence_id: text }),
  row: evidenceFullRow,
});
const evidenceRemove = defineQuery('vda63/evidence_remove', {
  params: z.object({ evidence_id: text, removed_by: text, removed_at: text, removed_reason: text }),
  row: none,
});
const actionList = defineQuery('vda63/action_list', { params: z.object({ audit_id: text }), row: actionRow });
const actionNextSeq = defineQuery('vda63/action_next_seq', {
  params: z.object({ audit_id: text }),
  row: seqRow,
});
const actionOfInstance = defineQuery('vda63/action_of_instance', {
  params: z.object({ instance_id: text }),
  row: z.object({ audit_id: text }),
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** One catalogue version (the latest when `version` is null), or null. */
export const catalogueByKey = async (db: Db, key: string, version: number | null) =>
  (await run(catalogueGet, db, { catalogue_key: key, version }))[0] ?? null;
/** Every catalogue version, newest version of each key first, with the audits answering it. */
export const listCatalogues = (db: Db) => run(catalogueList, db, {});
/** Stores a catalogue version. */
export async function insertCatalogue(
  tx: DuckTx,
  c: {
    key: string;
    version: number;
    title: string;
    catalogue: unknown;
    by: string;
    at: string;
    note: string | null;
  },
): Promise<void> {
  await tx.append('vda63_catalogues', [
    [c.key, c.version, c.title, JSON.stringify(c.catalogue), c.by, c.at, c.note],
  ]);
}

/** The next programme number in a year. */
export const nextProgrammeSeq = async (tx: DuckTx, year: number) =>
  (await programmeNextSeq.inTx(tx, { year }))[0]!.seq;
/** Programmes with their audits counted by status. */
export const listProgrammes = (db: Db) => run(programmeList, db, {});
/** One programme, or null. */
export const programmeById = async (db: Db, id: string) =>
  (await run(programmeGet, db, { programme_id: id }))[0] ?? null;
/** Stores a new programme. */
export async function insertProgramme(
  tx: DuckTx,
  p: {
    programmeId: string;
    year: number;
    seq: number;
    title: string;
    description: string | null;
    by: string;
    at: string;
  },
): Promise<void> {
  await tx.append('vda63_programmes', [[p.programmeId, p.year, p.seq, p.title, p.description, p.by, p.at]]);
}

/** The next audit number in a year. */
export const nextAuditSeq = async (tx: DuckTx, year: number) =>
  (await auditNextSeq.inTx(tx, { year }))[0]!.seq;
/** One audit, or null. */
export const auditById = async (db: Db, id: string) => (await run(auditGet, db, { audit_id: id }))[0] ?? null;
/** Audits filtered by programme, supplier and status, planned date first. */
export const listAudits = (
  db: Db,
  f: { programmeId: string | null; supplierId: string | null; status: AuditRow['status'] | null },
) => run(auditList, db, { programme_id: f.programmeId, supplier_id: f.supplierId, status: f.status });

export interface NewAudit {
  auditId: string;
  year: number;
  seq: number;
  programmeId: string;
  title: string;
  supplierId: string | null;
  process: string;
  catalogue: { key: string; version: number };
  steps: string[];
  scopedOut: { element: string; reason: string }[];
  plannedOn: string;
  leadAuditor: string;
  by: string;
  at: string;
}
/** Stores a planned audit. */
export async function insertAudit(tx: DuckTx, a: NewAudit): Promise<void> {
  await tx.append('vda63_audits', [
    [
      a.auditId,
      a.year,
      a.seq,
      a.programmeId,
      a.title,
      a.supplierId,
      a.process,
      a.catalogue.key,
      a.catalogue.version,
      JSON.stringify(a.steps),
      JSON.stringify(a.scopedOut),
      a.plannedOn,
      a.leadAuditor,
      'planned',
      a.by,
      a.at,
      null,
      null,
      null,
      null,
    ],
  ]);
}
/** Changes the plan of an audit still planned. */
export const updateAuditPlan = async (
  tx: DuckTx,
  a: {
    auditId: string;
    title: string;
    process: string;
    steps: string[];
    scopedOut: { element: string; reason: string }[];
    plannedOn: string;
    leadAuditor: string;
  },
) =>
  void (await auditUpdatePlan.inTx(tx, {
    audit_id: a.auditId,
    title: a.title,
    process: a.process,
    steps: JSON.stringify(a.steps),
    scoped_out: JSON.stringify(a.scopedOut),
    planned_on: a.plannedOn,
    lead_auditor: a.leadAuditor,
  }));
/** Marks a planned audit in progress. */
export const startAudit = async (tx: DuckTx, auditId: string, at: string) =>
  void (await auditStart.inTx(tx, { audit_id: auditId, started_at: at }));
/** Completes an audit in progress with its result. */
export const completeAudit = async (
  tx: DuckTx,
  c: { auditId: string; at: string; by: string; result: unknown },
) =>
  void (await auditComplete.inTx(tx, {
    audit_id: c.auditId,
    completed_at: c.at,
    completed_by: c.by,
    result: JSON.stringify(c.result),
  }));

/** The current answers of an audit. */
export const answersOfAudit = (db: Db, auditId: string) => run(answersOf, db, { audit_id: auditId });
/** Sets one answer (replacing the earlier one). */
export const putAnswer = async (
  tx: DuckTx,
  a: {
    auditId: string;
    questionId: string;
    step: string;
    score: number | null;
    reason: string | null;
    by: string;
    at: string;
  },
) =>
  void (await answerPut.inTx(tx, {
    audit_id: a.auditId,
    question_id: a.questionId,
    step: a.step,
    score: a.score,
    reason: a.reason,
    answered_by: a.by,
    answered_at: a.at,
  }));

/** The evidence of an audit (without snapshots); unlinked items only when asked. */
export const listEvidence = (db: Db, auditId: string, withRemoved = false) =>
  run(evidenceList, db, { audit_id: auditId, with_removed: withRemoved });
/** One evidence item with its snapshot, or null. */
export const evidenceById = async (db: Db, auditId: string, evidenceId: string) =>
  (await run(evidenceGet, db, { audit_id: auditId, evidence_id: evidenceId }))[0] ?? null;

export interface NewEvidence {
  evidenceId: string;
  auditId: string;
  questionId: string;
  step: string;
  kind: string;
  ref: unknown;
  label: string;
  note: string | null;
  /** the snapshot's JSON text, exactly as hashed */
  snapshot: string;
  sha256: string;
  by: string;
  at: string;
}
/** Stores a linked evidence item with its snapshot. */
export async function insertEvidence(tx: DuckTx, e: NewEvidence): Promise<void> {
  await tx.append('vda63_evidence', [
    [
      e.evidenceId,
      e.auditId,
      e.questionId,
      e.step,
      e.kind,
      JSON.stringify(e.ref),
      e.label,
      e.note,
      e.snapshot,
      e.sha256,
      e.by,
      e.at,
      null,
      null,
      null,
    ],
  ]);
}
/** Marks an evidence item unlinked. */
export const removeEvidence = async (
  tx: DuckTx,
  r: { evidenceId: string; by: string; at: string; reason: string },
) =>
  void (await evidenceRemove.inTx(tx, {
    evidence_id: r.evidenceId,
    removed_by: r.by,
    removed_at: r.at,
    removed_reason: r.reason,
  }));

/** The actions of an audit with their workflow state. */
export const listActions = (db: Db, auditId: string) => run(actionList, db, { audit_id: auditId });
/** The next action number of an audit. */
export const nextActionSeq = async (tx: DuckTx, auditId: string) =>
  (await actionNextSeq.inTx(tx, { audit_id: auditId }))[0]!.seq;
/** The audit an action instance belongs to, or null. */
export const auditOfAction = async (db: Db, instanceId: string) =>
  (await run(actionOfInstance, db, { instance_id: instanceId }))[0]?.audit_id ?? null;
/** Stores an action raised from a finding. */
export async function insertAction(
  tx: DuckTx,
  a: {
    actionId: string;
    auditId: string;
    questionId: string;
    step: string;
    score: number;
    action: string;
    ownerUser: string | null;
    supplierId: string | null;
    dueAt: string;
    by: string;
    at: string;
  },
): Promise<void> {
  await tx.append('vda63_actions', [
    [
      a.actionId,
      a.auditId,
      a.questionId,
      a.step,
      a.score,
      a.action,
      a.ownerUser,
      a.supplierId,
      a.dueAt,
      a.by,
      a.at,
    ],
  ]);
}
