// VDA 6.3 process audits: versioned question catalogues, audit programmes, audits planned in
// them, answered question by question (P6 per process step), evidence linked to a question as a
// snapshot with its SHA-256, completion with the score and grade of domain/vda63.ts, and actions
// raised from findings on the 'vda63-action' workflow. Every change is audited in its transaction.
// A supplier's users see only their own supplier's completed audits, without the evidence.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { listUsers, userById } from '../../analytics/identity.store.ts';
import { supplierScorecard } from '../../analytics/scorecard.ts';
import { defectsUChart, incomingPChart } from '../../analytics/spc.ts';
import { listSuppliers } from '../../analytics/suppliers.ts';
import {
  answersOfAudit,
  auditById,
  catalogueByKey,
  completeAudit,
  insertAction,
  insertAudit,
  insertCatalogue,
  insertEvidence,
  insertProgramme,
  listActions,
  listAudits,
  listCatalogues,
  listEvidence,
  listProgrammes,
  evidenceById,
  nextActionSeq,
  nextAuditSeq,
  nextProgrammeSeq,
  programmeById,
  putAnswer,
  removeEvidence,
  startAudit,
  updateAuditPlan,
  type ActionRow,
  type AnswerRow,
  type AuditRow,
  type EvidenceRow,
} from '../../analytics/vda63.store.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { actorOf, supplierScope, type Principal, type Role } from '../../domain/roles.ts';
import { VDA63_ACTION_WORKFLOW } from '../../domain/vda63-action.ts';
import {
  CATALOGUE_KEY,
  P6_SUB_ELEMENT_TITLES,
  VDA63_RULES,
  checkAnswers,
  exampleCatalogue,
  findingsOf,
  questionsOf,
  scoreAudit,
  validateCatalogue,
  type AuditResult,
  type Finding,
  type P6SubElementId,
  type Vda63Audit,
  type Vda63Catalogue,
  type Vda63ElementId,
  type Vda63Score,
} from '../../domain/vda63.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';
import { analyticsQuery } from './analytics.service.ts';
import { getDrill } from './drill.service.ts';
import { getEightD } from './eightd.service.ts';
import { getRecallCase } from './recall-case.service.ts';
import { resolve, traceBackward, traceForward } from './trace.service.ts';
import { ensureWorkflows, startInTx } from './workflow.service.ts';

export const VDA63_SEED_ACTOR = 'system:vda63';
/** The roles an action may be owned by (those that may report it done). */
export const ACTION_OWNER_ROLES: readonly Role[] = [
  'quality_engineer',
  'process_engineer',
  'procurement',
  'operator',
  'admin',
];

// ---------------------------------------------------------------------------------------------
// Views

export interface CatalogueSummary {
  key: string;
  version: number;
  title: string;
  questions: number;
  starred: number;
  createdBy: string;
  createdAt: string;
  note: string | null;
  /** audits that answer this version */
  audits: number;
  latest: boolean;
}

export interface CatalogueVersion {
  catalogue: Vda63Catalogue;
  createdBy: string;
  createdAt: string;
  note: string | null;
}

export interface ProgrammeView {
  id: string;
  year: number;
  title: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
  audits: number;
  planned: number;
  inProgress: number;
  completed: number;
}

export type AuditStatus = AuditRow['status'];

export interface AuditSummary {
  id: string;
  programmeId: string;
  title: string;
  supplierId: string | null;
  process: string;
  catalogue: { key: string; version: number };
  plannedOn: string;
  leadAuditor: string;
  status: AuditStatus;
  startedAt: string | null;
  completedAt: string | null;
  answers: number;
  grade: 'A' | 'B' | 'C' | null;
  /** E_G in % (one decimal), completed audits only */
  overall: number | null;
  openActions: number;
}

export interface EvidenceSummary {
  id: string;
  questionId: string;
  step: string | null;
  kind: EvidenceKind;
  ref: Record<string, unknown>;
  label: string;
  note: string | null;
  sha256: string;
  linkedBy: string;
  linkedAt: string;
  /** where the evidence can be looked at live in the web app */
  link: string | null;
}

export interface AnswerView {
  score: Vda63Score | null;
  reason: string | null;
  answeredBy: string;
  answeredAt: string;
}

/** One line of the answer sheet: a question (a P6 question once per process step). */
export interface SheetLine {
  element: Vda63ElementId;
  elementTitle: string;
  subElement: P6SubElementId | null;
  subElementTitle: string | null;
  questionId: string;
  step: string | null;
  text: string;
  starred: boolean;
  answer: AnswerView | null;
  evidence: EvidenceSummary[];
}

export interface ActionView {
  id: string;
  questionId: string;
  step: string | null;
  score: number;
  action: string;
  owner: { userId: string; name: string | null } | { supplierId: string };
  dueAt: string;
  createdBy: string;
  createdAt: string;
  state: string;
  status: 'open' | 'done';
  endedAt: string | null;
  overdue: boolean;
  link: string;
}

export interface FindingView extends Finding {
  actions: string[];
}

export interface AuditView extends AuditSummary {
  programmeTitle: string;
  catalogueTitle: string;
  steps: string[];
  scopedOut: { element: Vda63ElementId; reason: string }[];
  createdBy: string;
  createdAt: string;
  completedBy: string | null;
  sheet: SheetLine[];
  progress: { answered: number; total: number; notEvaluated: number };
  /** the stored result of a completed audit, or the result the answers give so far once all are in */
  result: AuditResult | null;
  provisional: boolean;
  findings: FindingView[];
  actions: ActionView[];
  /** evidence unlinked earlier (staff only), kept with who removed it and why */
  removedEvidence: (EvidenceSummary & { removedBy: string; removedAt: string; removedReason: string })[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

const notFound = (what: string, id: string) =>
  new AppError('NOT_FOUND', `no ${what} is known as "${id}"`, { details: { id } });
const invalid = (what: string, problems: Problem[]) =>
  new AppError('INVALID_INPUT', `the ${what} is invalid`, { problems });
const one = (pointer: string, reason: string): Problem => ({
  field: pointer.split('/').filter(Boolean).join('.') || 'body',
  pointer,
  reason,
});
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const stepOf = (s: string) => (s === '' ? null : s);
const nullStep = (s: string | null | undefined) => s ?? '';

/** A readable audit id: PA-<year>-<number in the year, 4 digits or more>. */
export const auditIdOf = (year: number, seq: number) => `PA-${year}-${String(seq).padStart(4, '0')}`;
/** A readable programme id: AP-<year>-<number in the year, 2 digits or more>. */
export const programmeIdOf = (year: number, seq: number) => `AP-${year}-${String(seq).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// Catalogues

const seeded = new WeakMap<DuckStore, Promise<void>>();

/** Seeds the example catalogue as version 1 when no catalogue has its key (memoised per store). */
export function ensureCatalogues(db: DuckStore): Promise<void> {
  let p = seeded.get(db);
  if (!p) {
    p = (async () => {
      if (await catalogueByKey(db, exampleCatalogue.key, null)) return;
      await db.transaction(async (tx) => {
        if (await catalogueByKey(tx, exampleCatalogue.key, null)) return;
        const at = new Date().toISOString();
        await insertCatalogue(tx, {
          key: exampleCatalogue.key,
          version: 1,
          title: exampleCatalogue.title,
          catalogue: exampleCatalogue,
          by: VDA63_SEED_ACTOR,
          at,
          note: 'example catalogue shipped with Lotgraph',
        });
        await appendAudit(tx, {
          actor: VDA63_SEED_ACTOR,
          action: 'vda63.catalogue.save',
          subject: `${exampleCatalogue.key}@1`,
          before: null,
          after: { key: exampleCatalogue.key, version: 1, title: exampleCatalogue.title },
          reason: 'example catalogue shipped with Lotgraph',
        });
      });
    })();
    seeded.set(db, p);
    p.catch(() => seeded.delete(db));
  }
  return p;
}

const countQuestions = (c: Vda63Catalogue) => {
  const qs = questionsOf(c);
  return { questions: qs.length, starred: qs.filter((q) => q.question.starred).length };
};

/** Every version of every catalogue, the latest of each key first. */
export async function catalogueSummaries(db: DuckStore): Promise<CatalogueSummary[]> {
  await ensureCatalogues(db);
  const rows = await listCatalogues(db);
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.catalogue_key, Math.max(latest.get(r.catalogue_key) ?? 0, r.version));
  return rows.map((r) => ({
    key: r.catalogue_key,
    version: r.version,
    title: r.title,
    ...countQuestions(JSON.parse(r.catalogue) as Vda63Catalogue),
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
    audits: r.audits,
    latest: latest.get(r.catalogue_key) === r.version,
  }));
}

/** One catalogue version (the latest when omitted); NOT_FOUND when unknown. */
export async function getCatalogue(
  db: DuckStore,
  key: string,
  version: number | null = null,
): Promise<CatalogueVersion> {
  await ensureCatalogues(db);
  const r = await catalogueByKey(db, key, version);
  if (!r) throw notFound('VDA 6.3 catalogue', version === null ? key : `${key} version ${version}`);
  return {
    catalogue: JSON.parse(r.catalogue) as Vda63Catalogue,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
  };
}

const saveBody = z.object({
  catalogue: z.record(z.string(), z.unknown()),
  note: z.string().trim().max(2000).nullish(),
});

/**
 * Saves a catalogue as its next version (1 for a new key). The catalogue is checked whole
 * (validateCatalogue; its `version` is set here). One that says the same as the latest version
 * makes no new version. Audited `vda63.catalogue.save`.
 */
export async function saveCatalogue(
  db: DuckStore,
  p: Principal,
  body: unknown,
): Promise<CatalogueVersion & { created: boolean }> {
  await ensureCatalogues(db);
  const b = parseInput(saveBody, body, 'VDA 6.3 catalogue');
  const key = b.catalogue['key'];
  const latest =
    typeof key === 'string' && CATALOGUE_KEY.test(key) ? await catalogueByKey(db, key, null) : null;
  const version = (latest?.version ?? 0) + 1;
  const draft = { ...b.catalogue, version } as unknown as Vda63Catalogue;
  const problems = validateCatalogue(draft).map((x) => ({
    ...x,
    pointer: `/catalogue${x.pointer}`,
    field: `catalogue.${x.field}`,
  }));
  if (problems.length) throw invalid('VDA 6.3 catalogue', problems);
  const catalogue: Vda63Catalogue = {
    key: draft.key,
    version,
    title: draft.title.trim(),
    elements: draft.elements,
  };
  if (latest) {
    const before = JSON.parse(latest.catalogue) as Vda63Catalogue;
    if (JSON.stringify({ ...before, version: 0 }) === JSON.stringify({ ...catalogue, version: 0 }))
      return { ...(await getCatalogue(db, key as string, latest.version)), created: false };
  }
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    await insertCatalogue(tx, {
      key: catalogue.key,
      version,
      title: catalogue.title,
      catalogue,
      by: actor,
      at: new Date().toISOString(),
      note: b.note ?? null,
    });
    await appendAudit(tx, {
      actor,
      action: 'vda63.catalogue.save',
      subject: `${catalogue.key}@${version}`,
      before: latest ? { version: latest.version } : null,
      after: { key: catalogue.key, version, title: catalogue.title, ...countQuestions(catalogue) },
      reason: b.note ?? null,
    });
  });
  return { ...(await getCatalogue(db, catalogue.key, version)), created: true };
}

// ---------------------------------------------------------------------------------------------
// Programmes

const programmeBody = z.object({
  title: z.string().trim().min(1, 'is required').max(300),
  year: z.number().int().min(2000).max(2100),
  description: z.string().trim().max(4000).nullish(),
});

/** Audit programmes with their audits counted by status. */
export async function programmes(db: DuckStore): Promise<ProgrammeView[]> {
  return (await listProgrammes(db)).map((r) => ({
    id: r.programme_id,
    year: r.year,
    title: r.title,
    description: r.description,
    createdBy: r.created_by,
    createdAt: r.created_at,
    audits: r.audits,
    planned: r.planned,
    inProgress: r.in_progress,
    completed: r.completed,
  }));
}

/** Creates an audit programme for a year. Audited `vda63.programme.create`. */
export async function createProgramme(db: DuckStore, p: Principal, body: unknown): Promise<ProgrammeView> {
  const b = parseInput(programmeBody, body, 'audit programme');
  const actor = actorOf(p);
  const id = await db.transaction(async (tx) => {
    const seq = await nextProgrammeSeq(tx, b.year);
    const id = programmeIdOf(b.year, seq);
    await insertProgramme(tx, {
      programmeId: id,
      year: b.year,
      seq,
      title: b.title,
      description: b.description ?? null,
      by: actor,
      at: new Date().toISOString(),
    });
    await appendAudit(tx, {
      actor,
      action: 'vda63.programme.create',
      subject: id,
      before: null,
      after: { title: b.title, year: b.year },
      reason: b.description ?? null,
    });
    return id;
  });
  return (await programmes(db)).find((x) => x.id === id)!;
}

// ---------------------------------------------------------------------------------------------
// Audits: plan

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real date');
const planFields = {
  title: z.string().trim().min(1, 'is required').max(300),
  process: z.string().trim().min(1, 'is required: the product, process, site or line audited').max(1000),
  steps: z.array(z.string().trim().min(1, 'a process step needs a name').max(200)).max(50),
  scopedOut: z
    .array(z.object({ element: z.string(), reason: z.string().trim().max(2000) }))
    .max(6)
    .default([]),
  plannedOn: day,
  leadAuditor: z.string().trim().min(1, 'is required').max(200),
};
const planBody = z.object({
  programmeId: z.string().trim().min(1, 'is required'),
  supplierId: z.string().trim().min(1).max(1000).nullish(),
  catalogue: z.object({
    key: z.string().trim().min(1, 'is required'),
    version: z.number().int().positive().nullish(),
  }),
  ...planFields,
});
const replanBody = z.object(planFields);

// The plan's steps and scope, checked as checkAnswers checks them (with no answers yet).
function planProblems(c: Vda63Catalogue, steps: string[], scopedOut: { element: string; reason: string }[]) {
  return checkAnswers(c, {
    catalogue: { key: c.key, version: c.version },
    steps,
    scopedOut: scopedOut as Vda63Audit['scopedOut'],
    answers: [],
  }).filter((x) => x.pointer !== '/answers');
}

/** Plans an audit in a programme on a catalogue version (the latest when none is named). Audited `vda63.audit.plan`. */
export async function planAudit(rt: Runtime, p: Principal, body: unknown): Promise<AuditView> {
  const db = rt.stores.duck;
  await ensureCatalogues(db);
  const b = parseInput(planBody, body, 'process audit');
  const problems: Problem[] = [];
  const programme = await programmeById(db, b.programmeId);
  if (!programme) problems.push(one('/programmeId', `no audit programme is known as "${b.programmeId}"`));
  const cat = await catalogueByKey(db, b.catalogue.key, b.catalogue.version ?? null);
  if (!cat)
    problems.push(
      one(
        '/catalogue',
        `no catalogue ${b.catalogue.key}${b.catalogue.version ? ` version ${b.catalogue.version}` : ''}`,
      ),
    );
  if (b.supplierId && (await listSuppliers(db, b.supplierId)).length === 0)
    problems.push(one('/supplierId', `no lot was ever received from "${b.supplierId}"`));
  if (cat) problems.push(...planProblems(JSON.parse(cat.catalogue) as Vda63Catalogue, b.steps, b.scopedOut));
  if (problems.length) throw invalid('process audit', problems);
  const actor = actorOf(p);
  const year = Number(b.plannedOn.slice(0, 4));
  const id = await db.transaction(async (tx) => {
    const seq = await nextAuditSeq(tx, year);
    const id = auditIdOf(year, seq);
    await insertAudit(tx, {
      auditId: id,
      year,
      seq,
      programmeId: b.programmeId,
      title: b.title,
      supplierId: b.supplierId ?? null,
      process: b.process,
      catalogue: { key: cat!.catalogue_key, version: cat!.version },
      steps: b.steps,
      scopedOut: b.scopedOut,
      plannedOn: b.plannedOn,
      leadAuditor: b.leadAuditor,
      by: actor,
      at: new Date().toISOString(),
    });
    await appendAudit(tx, {
      actor,
      action: 'vda63.audit.plan',
      subject: id,
      before: null,
      after: {
        programmeId: b.programmeId,
        title: b.title,
        supplierId: b.supplierId ?? null,
        process: b.process,
        catalogue: `${cat!.catalogue_key}@${cat!.version}`,
        steps: b.steps,
        scopedOut: b.scopedOut,
        plannedOn: b.plannedOn,
        leadAuditor: b.leadAuditor,
      },
      reason: null,
    });
    return id;
  });
  return getAudit(rt, p, id);
}

/** Changes the plan (title, process, steps, scope, date, lead auditor) of an audit not yet answered. */
export async function replanAudit(rt: Runtime, p: Principal, id: string, body: unknown): Promise<AuditView> {
  const db = rt.stores.duck;
  const a = await visibleAudit(db, p, id);
  const b = parseInput(replanBody, body, 'process audit plan');
  if (a.status !== 'planned')
    throw new AppError('CONFLICT', `${id} has answers already: its plan can no longer change`, {
      details: { auditId: id, status: a.status },
    });
  const cat = await catalogueOf(db, a);
  const problems = planProblems(cat, b.steps, b.scopedOut);
  if (problems.length) throw invalid('process audit plan', problems);
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    await updateAuditPlan(tx, { auditId: id, ...b });
    await appendAudit(tx, {
      actor,
      action: 'vda63.audit.replan',
      subject: id,
      before: {
        title: a.title,
        process: a.process,
        steps: JSON.parse(a.steps),
        scopedOut: JSON.parse(a.scoped_out),
        plannedOn: a.planned_on,
        leadAuditor: a.lead_auditor,
      },
      after: b,
      reason: null,
    });
  });
  return getAudit(rt, p, id);
}

// ---------------------------------------------------------------------------------------------
// Audits: read

/** An audit the principal may see: a supplier user only its own supplier's completed ones. */
async function visibleAudit(db: DuckStore, p: Principal, id: string): Promise<AuditRow> {
  const a = await auditById(db, id);
  const scope = supplierScope(p);
  if (!a || (scope !== null && (a.supplier_id !== scope || a.status !== 'completed')))
    throw notFound('process audit', id);
  return a;
}

async function catalogueOf(db: DuckStore, a: AuditRow): Promise<Vda63Catalogue> {
  const r = await catalogueByKey(db, a.catalogue_key, a.catalogue_version);
  if (!r) throw new AppError('INTERNAL', `the catalogue of ${a.audit_id} is missing`);
  return JSON.parse(r.catalogue) as Vda63Catalogue;
}

const toSummary = (r: {
  audit_id: string;
  programme_id: string;
  title: string;
  supplier_id: string | null;
  process: string;
  catalogue_key: string;
  catalogue_version: number;
  planned_on: string;
  lead_auditor: string;
  status: AuditStatus;
  started_at: string | null;
  completed_at: string | null;
  answers: number;
  grade: string | null;
  overall: number | null;
  open_actions: number;
}): AuditSummary => ({
  id: r.audit_id,
  programmeId: r.programme_id,
  title: r.title,
  supplierId: r.supplier_id,
  process: r.process,
  catalogue: { key: r.catalogue_key, version: r.catalogue_version },
  plannedOn: r.planned_on,
  leadAuditor: r.lead_auditor,
  status: r.status,
  startedAt: r.started_at,
  completedAt: r.completed_at,
  answers: r.answers,
  grade: (r.grade as AuditSummary['grade']) ?? null,
  overall: r.overall,
  openActions: r.open_actions,
});

const listQuery = z.object({
  programme: z.string().optional(),
  supplier: z.string().optional(),
  status: z.enum(['planned', 'in_progress', 'completed']).optional(),
});

/** Audits the principal sees (a supplier user: its own completed ones), planned date first. */
export async function auditSummaries(
  db: DuckStore,
  p: Principal,
  query: unknown = {},
): Promise<AuditSummary[]> {
  const q = parseInput(listQuery, query, 'audit query');
  const scope = supplierScope(p);
  if (scope !== null && q.supplier !== undefined && q.supplier !== scope) return [];
  if (scope !== null && q.status !== undefined && q.status !== 'completed') return [];
  const rows = await listAudits(db, {
    programmeId: q.programme ?? null,
    supplierId: scope ?? q.supplier ?? null,
    status: scope !== null ? 'completed' : (q.status ?? null),
  });
  return rows.map(toSummary);
}

const EVIDENCE_KINDS = ['trace', 'recall', 'drill', 'spc', 'scorecard', 'eightd'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

// Where a linked item can be opened live in the web app (the snapshot is what counts).
function liveLink(kind: EvidenceKind, ref: Record<string, unknown>): string | null {
  const q = (o: Record<string, unknown>) =>
    new URLSearchParams(
      Object.entries(o)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, String(v)]),
    ).toString();
  switch (kind) {
    case 'trace':
      return `/trace?${q({ id: ref['id'], dir: ref['direction'] })}`;
    case 'recall':
      return `/recalls/${encodeURIComponent(String(ref['caseId']))}`;
    case 'drill':
      return `/drills/${encodeURIComponent(String(ref['drillId']))}`;
    case 'eightd':
      return `/8d/${encodeURIComponent(String(ref['caseId']))}`;
    case 'scorecard':
      return `/suppliers?${q({ period: ref['period'], supplier: ref['supplier'] })}`;
    case 'spc':
      return `/spc?${q({ period: ref['period'] })}`;
  }
}

const evidenceSummary = (r: EvidenceRow): EvidenceSummary => {
  const ref = JSON.parse(r.ref) as Record<string, unknown>;
  const kind = r.kind as EvidenceKind;
  return {
    id: r.evidence_id,
    questionId: r.question_id,
    step: stepOf(r.step),
    kind,
    ref,
    label: r.label,
    note: r.note,
    sha256: r.sha256,
    linkedBy: r.linked_by,
    linkedAt: r.linked_at,
    link: liveLink(kind, ref),
  };
};

async function actionViews(db: DuckStore, rows: ActionRow[], now: string): Promise<ActionView[]> {
  const names = new Map<string, string | null>();
  for (const r of rows)
    if (r.owner_user && !names.has(r.owner_user))
      names.set(r.owner_user, (await userById(db, r.owner_user))?.display_name ?? null);
  return rows.map((r) => ({
    id: r.action_id,
    questionId: r.question_id,
    step: stepOf(r.step),
    score: r.score,
    action: r.action,
    owner: r.owner_user
      ? { userId: r.owner_user, name: names.get(r.owner_user) ?? null }
      : { supplierId: r.supplier_id ?? '' },
    dueAt: r.due_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    state: r.state,
    status: r.status,
    endedAt: r.ended_at,
    overdue: r.state === 'open' && r.due_at < now,
    link: `/workflow-instances/${encodeURIComponent(r.action_id)}`,
  }));
}

const auditOf = (a: AuditRow, answers: AnswerRow[]): Vda63Audit => ({
  catalogue: { key: a.catalogue_key, version: a.catalogue_version },
  steps: JSON.parse(a.steps) as string[],
  scopedOut: JSON.parse(a.scoped_out) as Vda63Audit['scopedOut'],
  answers: answers.map((x) => ({
    questionId: x.question_id,
    ...(x.step === '' ? {} : { step: x.step }),
    score: x.score as Vda63Score | null,
    ...(x.reason === null ? {} : { reason: x.reason }),
  })),
});

/**
 * One audit with its answer sheet (every in-scope question, P6 ones once per step, with the
 * answer and evidence), progress, result (stored once completed; computed from the answers once
 * all are in, marked provisional), findings with their actions, and actions.
 */
export async function getAudit(rt: Runtime, p: Principal, id: string): Promise<AuditView> {
  const db = rt.stores.duck;
  const a = await visibleAudit(db, p, id);
  const staff = supplierScope(p) === null;
  const [cat, answers, evidenceRows, actionRows, programme] = await Promise.all([
    catalogueOf(db, a),
    answersOfAudit(db, id),
    staff ? listEvidence(db, id, true) : Promise.resolve([]),
    listActions(db, id),
    programmeById(db, a.programme_id),
  ]);
  const audit = auditOf(a, answers);
  const scoped = new Set((audit.scopedOut ?? []).map((s) => s.element));
  const byKey = new Map(answers.map((x) => [`${x.question_id}\u0000${x.step}`, x]));
  const live = evidenceRows.filter((e) => e.removed_at === null).map(evidenceSummary);
  const titles = new Map(cat.elements.map((e) => [e.id, e.title]));
  const sheet: SheetLine[] = [];
  for (const e of questionsOf(cat)) {
    if (scoped.has(e.element)) continue;
    for (const step of e.element === 'P6' ? audit.steps : [null]) {
      const x = byKey.get(`${e.question.id}\u0000${nullStep(step)}`);
      sheet.push({
        element: e.element,
        elementTitle: titles.get(e.element) ?? e.element,
        subElement: e.subElement ?? null,
        subElementTitle: e.subElement ? P6_SUB_ELEMENT_TITLES[e.subElement] : null,
        questionId: e.question.id,
        step,
        text: e.question.text,
        starred: e.question.starred,
        answer: x
          ? {
              score: x.score as Vda63Score | null,
              reason: x.reason,
              answeredBy: x.answered_by,
              answeredAt: x.answered_at,
            }
          : null,
        evidence: live.filter((v) => v.questionId === e.question.id && v.step === step),
      });
    }
  }
  const answered = sheet.filter((l) => l.answer !== null).length;
  const complete = answered === sheet.length && checkAnswers(cat, audit).length === 0;
  const result: AuditResult | null =
    a.result !== null ? (JSON.parse(a.result) as AuditResult) : complete ? scoreAudit(cat, audit) : null;
  const actions = await actionViews(db, actionRows, new Date().toISOString());
  const findings: FindingView[] = complete
    ? findingsOf(cat, audit).map((f) => ({
        ...f,
        actions: actions
          .filter((x) => x.questionId === f.questionId && x.step === (f.step ?? null))
          .map((x) => x.id),
      }))
    : [];
  const summary = (
    await listAudits(db, { programmeId: a.programme_id, supplierId: null, status: null })
  ).find((r) => r.audit_id === id)!;
  return {
    ...toSummary(summary),
    programmeTitle: programme?.title ?? a.programme_id,
    catalogueTitle: cat.title,
    steps: audit.steps,
    scopedOut: audit.scopedOut ?? [],
    createdBy: a.created_by,
    createdAt: a.created_at,
    completedBy: a.completed_by,
    sheet,
    progress: {
      answered,
      total: sheet.length,
      notEvaluated: sheet.filter((l) => l.answer !== null && l.answer.score === null).length,
    },
    result,
    provisional: a.result === null && result !== null,
    findings,
    actions,
    removedEvidence: evidenceRows
      .filter((e) => e.removed_at !== null)
      .map((e) => ({
        ...evidenceSummary(e),
        removedBy: e.removed_by!,
        removedAt: e.removed_at!,
        removedReason: e.removed_reason ?? '',
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// Audits: answer and complete

const answerBody = z.object({
  questionId: z.string().trim().min(1, 'is required'),
  step: z.string().nullish(),
  score: z.union([z.number(), z.null()], { error: 'must be one of 0, 4, 6, 8, 10, or null' }),
  reason: z.string().trim().max(4000).nullish(),
});

const refuseCompleted = (a: AuditRow) =>
  new AppError('CONFLICT', `${a.audit_id} is completed: its answers and evidence are final`, {
    details: { auditId: a.audit_id, completedAt: a.completed_at },
  });

/** An audit the principal may see and that may still change (not completed: 409). */
async function openAudit(db: DuckStore, p: Principal, id: string): Promise<AuditRow> {
  const a = await visibleAudit(db, p, id);
  if (a.status === 'completed') throw refuseCompleted(a);
  return a;
}

// Where a question sits in the audit, or the problems of naming it (pointers into the body).
function placeOf(cat: Vda63Catalogue, a: AuditRow, questionId: string, step: string | null | undefined) {
  const entry = questionsOf(cat).find((e) => e.question.id === questionId);
  const scoped = new Set((JSON.parse(a.scoped_out) as { element: string }[]).map((s) => s.element));
  const steps = JSON.parse(a.steps) as string[];
  if (!entry)
    return {
      problems: [
        one('/questionId', `"${questionId}" is not a question of ${cat.key} version ${cat.version}`),
      ],
    };
  if (scoped.has(entry.element))
    return {
      problems: [one('/questionId', `${questionId} belongs to ${entry.element}, which is scoped out`)],
    };
  if (entry.element === 'P6') {
    if (typeof step !== 'string' || !steps.includes(step))
      return {
        problems: [
          one(
            '/step',
            step == null
              ? `${questionId} is answered per process step: name one of ${steps.map((s) => `"${s}"`).join(', ')}`
              : `"${step}" is not one of the audit's process steps`,
          ),
        ],
      };
    return { entry, step };
  }
  if (step != null && step !== '')
    return { problems: [one('/step', `only P6 questions are answered per step; ${questionId} is not`)] };
  return { entry, step: '' };
}

/**
 * Sets the answer to one question (P6: at one step): a score of 0, 4, 6, 8 or 10, or null for
 * "not evaluated" with the reason. The first answer puts a planned audit in progress. Audited
 * `vda63.answer` with the earlier answer as `before`.
 */
export async function answerQuestion(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<AuditView> {
  const db = rt.stores.duck;
  const a = await openAudit(db, p, id);
  const b = parseInput(answerBody, body, 'answer');
  const cat = await catalogueOf(db, a);
  const place = placeOf(cat, a, b.questionId, b.step);
  const problems: Problem[] = place.problems ? [...place.problems] : [];
  if (b.score !== null && !VDA63_RULES.scores.includes(b.score as Vda63Score))
    problems.push(
      one(
        '/score',
        `must be one of ${VDA63_RULES.scores.join(', ')}, or null for not evaluated (not ${b.score})`,
      ),
    );
  if (b.score === null && !b.reason)
    problems.push(one('/reason', 'a question not evaluated needs the reason why'));
  if (problems.length) throw invalid('answer', problems);
  const step = place.step!;
  const actor = actorOf(p);
  const at = new Date().toISOString();
  await db.transaction(async (tx) => {
    const current = await auditById(tx, id);
    if (current?.status === 'completed') throw refuseCompleted(current);
    const before = (await answersOfAudit(tx, id)).find(
      (x) => x.question_id === b.questionId && x.step === step,
    );
    await putAnswer(tx, {
      auditId: id,
      questionId: b.questionId,
      step,
      score: b.score,
      reason: b.reason ?? null,
      by: actor,
      at,
    });
    if (current?.status === 'planned') await startAudit(tx, id, at);
    await appendAudit(tx, {
      actor,
      action: 'vda63.answer',
      subject: id,
      before: before
        ? { questionId: b.questionId, step: stepOf(step), score: before.score, reason: before.reason }
        : null,
      after: { questionId: b.questionId, step: stepOf(step), score: b.score, reason: b.reason ?? null },
      reason: null,
    });
  });
  return getAudit(rt, p, id);
}

const completeBody = z.object({ note: z.string().trim().max(4000).nullish() });

/**
 * Completes an audit whose every in-scope question is answered: scores it (domain/vda63.ts) and
 * stores the result, after which answers and evidence are final. Audited `vda63.audit.complete`
 * with the grade, E_G and every downgrade with its reason.
 */
export async function completeAuditWith(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<AuditView> {
  const db = rt.stores.duck;
  const a = await openAudit(db, p, id);
  const b = parseInput(completeBody, body, 'completion');
  const cat = await catalogueOf(db, a);
  const audit = auditOf(a, await answersOfAudit(db, id));
  const problems = checkAnswers(cat, audit);
  if (problems.length)
    throw new AppError('INVALID_INPUT', `${id} cannot be completed: ${problems.length} problem(s) remain`, {
      problems,
    });
  const result = scoreAudit(cat, audit);
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    const current = await auditById(tx, id);
    if (current?.status !== 'in_progress') throw refuseCompleted(current ?? a);
    // The answers read above must still be the answers: a change in between is refused.
    const now = auditOf(current, await answersOfAudit(tx, id));
    if (JSON.stringify(now.answers) !== JSON.stringify(audit.answers))
      throw new AppError('CONFLICT', `the answers of ${id} changed while completing it: try again`);
    await completeAudit(tx, { auditId: id, at: new Date().toISOString(), by: actor, result });
    await appendAudit(tx, {
      actor,
      action: 'vda63.audit.complete',
      subject: id,
      before: { status: 'in_progress' },
      after: {
        status: 'completed',
        grade: result.grade,
        gradeBeforeDowngrade: result.gradeBeforeDowngrade,
        overall: result.overall,
        noGrade: result.noGrade,
        downgrades: result.downgrades,
        elements: result.elements.map((e) => ({ element: e.element, compliance: e.compliance })),
      },
      reason: b.note ?? null,
    });
  });
  return getAudit(rt, p, id);
}

// ---------------------------------------------------------------------------------------------
// Evidence

const opt = z.string().trim().min(1).max(1000).optional();
const refSchemas = {
  trace: z.object({
    id: z.string().trim().min(1, 'is required'),
    direction: z.enum(['backward', 'forward']),
  }),
  recall: z.object({ caseId: z.string().trim().min(1, 'is required') }),
  drill: z.object({ drillId: z.string().trim().min(1, 'is required') }),
  eightd: z.object({ caseId: z.string().trim().min(1, 'is required') }),
  scorecard: z.object({
    period: z.enum(['month', 'quarter', 'year']).default('month'),
    supplier: opt,
    material: opt,
    from: opt,
    to: opt,
  }),
  spc: z.discriminatedUnion('chart', [
    z.object({
      chart: z.literal('incoming'),
      period: z.enum(['week', 'month']).default('month'),
      supplier: opt,
    }),
    z.object({
      chart: z.literal('defects'),
      period: z.enum(['week', 'month']).default('month'),
      inspection: z.string().trim().min(1, 'is required'),
      step: opt,
      line: opt,
      from: opt,
      to: opt,
    }),
  ]),
} as const;

const evidenceBody = z.object({
  questionId: z.string().trim().min(1, 'is required'),
  step: z.string().nullish(),
  kind: z.enum(EVIDENCE_KINDS),
  ref: z.record(z.string(), z.unknown()),
  note: z.string().trim().max(2000).nullish(),
});

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What an evidence item shows, taken now: its data and a label that says what it is. */
async function snapshotOf(
  rt: Runtime,
  p: Principal,
  kind: EvidenceKind,
  rawRef: Record<string, unknown>,
): Promise<{ ref: Record<string, unknown>; label: string; data: unknown }> {
  const { graph, duck } = rt.stores;
  const ref = parseInput(refSchemas[kind], rawRef, 'evidence reference', 'ref') as Record<string, unknown>;
  switch (kind) {
    case 'trace': {
      const found = await resolve(graph, String(ref['id']));
      const t =
        ref['direction'] === 'backward'
          ? await traceBackward(graph, found.id)
          : await traceForward(graph, found.id);
      return {
        ref: { id: found.id, direction: ref['direction'] },
        label: `${ref['direction'] === 'backward' ? 'Backward' : 'Forward'} trace of ${found.code} (${plural(t.nodes.length, 'node')})`,
        data: t,
      };
    }
    case 'recall': {
      const rc = await getRecallCase(duck, String(ref['caseId']));
      return { ref: { caseId: rc.caseId }, label: `Recall case ${rc.caseId}: ${rc.title}`, data: rc };
    }
    case 'drill': {
      const d = await getDrill(rt.stores, String(ref['drillId']));
      return {
        ref: { drillId: d.drillId },
        label: `Mock-recall drill ${d.drillId} of ${d.root.code} (${d.status}${d.balanced ? ', balanced' : ', not balanced'})`,
        data: d,
      };
    }
    case 'eightd': {
      const c = await getEightD(rt, p, String(ref['caseId']));
      return { ref: { caseId: c.id }, label: `8D case ${c.id}: ${c.title} (${c.state})`, data: c };
    }
    case 'scorecard': {
      const q = analyticsQuery('scorecard', ref);
      const rows = await supplierScorecard(duck, q);
      const name = q.supplier ? (rows[0]?.supplierName ?? q.supplier) : 'all suppliers';
      return {
        ref: q as Record<string, unknown>,
        label: `Supplier scorecard by ${q.period}, ${name} (${plural(rows.length, 'row')})`,
        data: { period: q.period, rows },
      };
    }
    case 'spc': {
      if (ref['chart'] === 'incoming') {
        const q = analyticsQuery('spc', { period: ref['period'], supplier: ref['supplier'] });
        const chart = await incomingPChart(duck, q.period, q.supplier ?? null);
        return {
          ref: { chart: 'incoming', ...q },
          label: `p-chart of incoming-inspection pass rate by ${q.period}${q.supplier ? `, ${q.supplier}` : ''} (${plural(chart.points.length, 'point')})`,
          data: { chart: 'incoming', ...q, ...chart },
        };
      }
      const { chart: _c, ...rest } = ref;
      const q = analyticsQuery('spcDefects', rest);
      const chart = await defectsUChart(duck, q);
      return {
        ref: { chart: 'defects', ...q },
        label: `u-chart of defects per unit at ${q.inspection} by ${q.period}${q.line ? `, line ${q.line}` : ''} (${plural(chart.points.length, 'point')})`,
        data: { chart: 'defects', ...q, ...chart },
      };
    }
  }
}

/**
 * Links evidence to a question (P6: at a step): a trace, a recall case, a mock-recall drill, an
 * SPC chart, a supplier scorecard or an 8D case, snapshotted now with the SHA-256 of the
 * snapshot's JSON text, so the evidence pack shows what the auditor saw. Audited `vda63.evidence.link`.
 */
export async function linkEvidence(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<EvidenceSummary> {
  const db = rt.stores.duck;
  const a = await openAudit(db, p, id);
  const b = parseInput(evidenceBody, body, 'evidence');
  const place = placeOf(await catalogueOf(db, a), a, b.questionId, b.step);
  if (place.problems) throw invalid('evidence', place.problems);
  const shot = await snapshotOf(rt, p, b.kind, b.ref);
  const at = new Date().toISOString();
  const text = JSON.stringify({ kind: b.kind, ref: shot.ref, takenAt: at, data: shot.data });
  const hash = sha256(text);
  const evidenceId = `EV-${randomUUID()}`;
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    const current = await auditById(tx, id);
    if (current?.status === 'completed') throw refuseCompleted(current);
    await insertEvidence(tx, {
      evidenceId,
      auditId: id,
      questionId: b.questionId,
      step: place.step!,
      kind: b.kind,
      ref: shot.ref,
      label: shot.label,
      note: b.note ?? null,
      snapshot: text,
      sha256: hash,
      by: actor,
      at,
    });
    await appendAudit(tx, {
      actor,
      action: 'vda63.evidence.link',
      subject: id,
      before: null,
      after: {
        evidenceId,
        questionId: b.questionId,
        step: stepOf(place.step!),
        kind: b.kind,
        ref: shot.ref,
        label: shot.label,
        sha256: hash,
      },
      reason: b.note ?? null,
    });
  });
  return evidenceSummary((await listEvidence(db, id)).find((e) => e.evidence_id === evidenceId)!);
}

/** One evidence item with its snapshot (staff only), as stored. */
export async function getEvidence(
  db: DuckStore,
  p: Principal,
  id: string,
  evidenceId: string,
): Promise<EvidenceSummary & { snapshot: unknown; removedAt: string | null }> {
  await visibleAudit(db, p, id);
  const r = supplierScope(p) === null ? await evidenceById(db, id, evidenceId) : null;
  if (!r) throw notFound('evidence item', evidenceId);
  return { ...evidenceSummary(r), snapshot: JSON.parse(r.snapshot), removedAt: r.removed_at };
}

const removeBody = z.object({
  reason: z.string().trim().min(1, 'is required: say why the evidence is unlinked').max(2000),
});

/** Unlinks an evidence item (kept, marked with who, when and why). Audited `vda63.evidence.unlink`. */
export async function unlinkEvidence(
  rt: Runtime,
  p: Principal,
  id: string,
  evidenceId: string,
  body: unknown,
): Promise<AuditView> {
  const db = rt.stores.duck;
  await openAudit(db, p, id);
  const b = parseInput(removeBody, body, 'unlinking');
  const e = await evidenceById(db, id, evidenceId);
  if (!e || e.removed_at !== null) throw notFound('linked evidence item', evidenceId);
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    await removeEvidence(tx, { evidenceId, by: actor, at: new Date().toISOString(), reason: b.reason });
    await appendAudit(tx, {
      actor,
      action: 'vda63.evidence.unlink',
      subject: id,
      before: {
        evidenceId,
        questionId: e.question_id,
        step: stepOf(e.step),
        label: e.label,
        sha256: e.sha256,
      },
      after: null,
      reason: b.reason,
    });
  });
  return getAudit(rt, p, id);
}

// ---------------------------------------------------------------------------------------------
// Actions from findings

const actionBody = z.object({
  questionId: z.string().trim().min(1, 'is required'),
  step: z.string().nullish(),
  action: z.string().trim().min(1, 'is required: what is to be done').max(4000),
  owner: z.union([z.object({ userId: z.string().trim().min(1) }), z.object({ supplier: z.literal(true) })], {
    error: 'must be { "userId": … } or { "supplier": true }',
  }),
  dueAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or time'),
});

/** Users who may own an action: enabled staff users of the owner roles. */
export async function actionOwners(db: DuckStore): Promise<{ id: string; name: string; role: Role }[]> {
  return (await listUsers(db))
    .filter((u) => !u.disabled && ACTION_OWNER_ROLES.includes(u.role as Role))
    .map((u) => ({ id: u.id, name: u.display_name, role: u.role as Role }));
}

/**
 * Raises an action on a finding (a question answered below 10): owned by a staff user or by the
 * audited supplier's users, due at a time, tracked on the 'vda63-action' workflow (the owner's
 * inbox, escalation when overdue, quality's verification). Audited `vda63.action.raise`.
 */
export async function raiseAction(rt: Runtime, p: Principal, id: string, body: unknown): Promise<ActionView> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const a = await visibleAudit(db, p, id);
  const b = parseInput(actionBody, body, 'action');
  const problems: Problem[] = [];
  const place = placeOf(await catalogueOf(db, a), a, b.questionId, b.step);
  if (place.problems) problems.push(...place.problems);
  const answer = place.problems
    ? undefined
    : (await answersOfAudit(db, id)).find((x) => x.question_id === b.questionId && x.step === place.step);
  if (!place.problems && (answer?.score == null || answer.score >= VDA63_RULES.maxScore))
    problems.push(
      one(
        '/questionId',
        `${b.questionId}${place.step ? ` at "${place.step}"` : ''} is not a finding: only a question scored below ${VDA63_RULES.maxScore} is`,
      ),
    );
  let ownerUser: string | null = null;
  if ('userId' in b.owner) {
    const u = await userById(db, b.owner.userId);
    if (!u || u.disabled || !ACTION_OWNER_ROLES.includes(u.role as Role))
      problems.push(
        one('/owner/userId', `no enabled user who may own an action is known as "${b.owner.userId}"`),
      );
    else ownerUser = u.id;
  } else if (a.supplier_id === null)
    problems.push(one('/owner/supplier', `${id} audits our own process: name a user as the owner`));
  const dueAt = new Date(b.dueAt).toISOString();
  if (dueAt <= new Date().toISOString()) problems.push(one('/dueAt', 'must be in the future'));
  if (problems.length) throw invalid('action', problems);
  const supplierId = ownerUser === null ? a.supplier_id : null;
  const actor = actorOf(p);
  const actionId = await db.transaction(async (tx) => {
    const actionId = `${id}-A${await nextActionSeq(tx, id)}`;
    const at = new Date();
    await startInTx(
      tx,
      actor,
      {
        workflow: VDA63_ACTION_WORKFLOW,
        title: `${actionId} ${b.questionId}${place.step ? ` (${place.step})` : ''}: ${b.action.slice(0, 200)}`,
        subject: id,
        supplierId,
        instanceId: actionId,
        assignee: ownerUser,
        dueAt,
      },
      at,
    );
    await insertAction(tx, {
      actionId,
      auditId: id,
      questionId: b.questionId,
      step: place.step!,
      score: answer!.score!,
      action: b.action,
      ownerUser,
      supplierId,
      dueAt,
      by: actor,
      at: at.toISOString(),
    });
    await appendAudit(tx, {
      actor,
      action: 'vda63.action.raise',
      subject: id,
      before: null,
      after: {
        actionId,
        questionId: b.questionId,
        step: stepOf(place.step!),
        score: answer!.score,
        action: b.action,
        owner: ownerUser ?? `supplier ${supplierId}`,
        dueAt,
      },
      reason: null,
    });
    return actionId;
  });
  const views = await actionViews(db, await listActions(db, id), new Date().toISOString());
  return views.find((x) => x.id === actionId)!;
}
