// 8D cases on the workflow engine: opened from a lot, a defect Pareto bar or a recall case, with
// their evidence snapshotted at opening (the affected lots' backward trace, inspections and
// process parameters, the recall scope). Each step is answered with its record form by whoever
// the '8d' definition lets take it: the assigned supplier's users answer their steps (D3–D7 by
// default) in the portal and see only their own supplier's cases (others are 404 everywhere).
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import {
  eightDById,
  insertEightD,
  listEightD,
  nextEightDSeq,
  setEightDSupplier,
  type EightDRow,
} from '../../analytics/eightd.store.ts';
import { paretoItems } from '../../analytics/pareto.ts';
import { instanceById } from '../../analytics/workflow.store.ts';
import {
  EIGHTD_STEP_TITLES,
  EIGHTD_STEPS,
  EIGHTD_WORKFLOW,
  eightDIdOf,
  stepForm,
  stepOfState,
  type EightDStep,
} from '../../domain/eight-d.ts';
import { AppError } from '../../domain/errors.ts';
import { actorOf, can, supplierScope, type Principal } from '../../domain/roles.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';
import { getForm } from './forms.service.ts';
import { objectDetail } from './objects.service.ts';
import { getRecallCase } from './recall-case.service.ts';
import { resolve, traceBackward, type RecallScope } from './trace.service.ts';
import {
  assignInTx,
  ensureWorkflows,
  getInstance,
  notifyInTx,
  startInTx,
  takeTransition,
  type HistoryEntry,
  type InstanceView,
  type Task,
} from './workflow.service.ts';

/** At most this many affected objects get their trace and details in the evidence. */
export const EVIDENCE_LIMIT = 20;

export type EightDSource =
  | { kind: 'lot'; lot: string }
  | { kind: 'pareto'; code: string; from: string | null; to: string | null; material: string | null }
  | { kind: 'recall'; caseId: string };

export interface EvidenceObject {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  materialName: string | null;
  state: string | null;
  suppliers: { id: string; name: string | null }[];
  inspections: unknown[];
  /** operations that made it, with their process parameters */
  operations: unknown[];
  /** its backward trace: where it came from */
  trace: {
    nodes: { id: string; kind: string; label: string }[];
    edges: { from: string; to: string; type: string }[];
  };
}
export interface Evidence {
  takenAt: string;
  objects: EvidenceObject[];
  /** affected objects beyond EVIDENCE_LIMIT, listed without details */
  more: string[];
  /** the recall scope, for a case opened from a recall */
  recall: { caseId: string; title: string; scope: RecallScope } | null;
}

export interface EightDSummary {
  id: string;
  title: string;
  sourceKind: 'lot' | 'pareto' | 'recall';
  supplierId: string | null;
  openedBy: string;
  openedAt: string;
  containedAt: string | null;
  closedAt: string | null;
  /** d0 … d8, or closed */
  state: string;
  status: 'open' | 'done';
  /** the earliest due time of its open tasks */
  dueAt: string | null;
  overdue: boolean;
}

export interface EightDStepView {
  step: EightDStep;
  title: string;
  form: string;
  status: 'done' | 'current' | 'pending';
  /** the supplier answers it (the case is assigned and the definition gives the step to the supplier) */
  bySupplier: boolean;
  answer: HistoryEntry | null;
  task: Task | null;
  /** the asking user may answer it now */
  canAnswer: boolean;
}

export interface EightDCase extends EightDSummary {
  source: EightDSource;
  lots: string[];
  evidence: Evidence;
  steps: EightDStepView[];
  instance: InstanceView;
}

const notFound = (id: string) =>
  new AppError('NOT_FOUND', `no 8D case is known as "${id}"`, { details: { caseId: id } });

/** A case the principal may see: a supplier user only its own supplier's (others are 404). */
async function visibleCase(db: DuckStore, p: Principal, id: string): Promise<EightDRow> {
  const c = await eightDById(db, id);
  const scope = supplierScope(p);
  if (!c || (scope !== null && c.supplier_id !== scope)) throw notFound(id);
  return c;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

async function evidenceOf(rt: Runtime, ids: string[], recall: Evidence['recall']): Promise<Evidence> {
  const objects: EvidenceObject[] = [];
  for (const id of ids.slice(0, EVIDENCE_LIMIT)) {
    const d = await objectDetail(rt.stores, id);
    const trace = await traceBackward(rt.stores.graph, id);
    objects.push({
      id: d.item.id,
      kind: d.item.kind,
      code: d.item.code,
      material: str(d.item['material']),
      materialName: str(d.item['materialName']),
      state: str(d.item['state']),
      suppliers: d.suppliers.map((s) => ({
        id: String(s.id),
        name: str((s as Record<string, unknown>)['name']),
      })),
      inspections: d.inspections,
      operations: d.operations,
      trace: {
        nodes: trace.nodes.slice(0, 500).map((n) => ({ id: n.id, kind: n.kind, label: n.label })),
        edges: trace.edges.slice(0, 1000).map((e) => ({ from: e.from, to: e.to, type: e.type })),
      },
    });
  }
  return { takenAt: new Date().toISOString(), objects, more: ids.slice(EVIDENCE_LIMIT), recall };
}

const text = (what: string, max = 300) => z.string().trim().min(1, `is required: ${what}`).max(max);
const openBody = z.object({
  title: text('a short title for the case'),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('lot'), lot: text('the lot (id or code)', 1000) }),
    z.object({
      kind: z.literal('pareto'),
      code: text('the defect code of the bar', 200),
      from: z.string().nullish(),
      to: z.string().nullish(),
      material: z.string().nullish(),
    }),
    z.object({ kind: z.literal('recall'), caseId: text('the recall case id', 100) }),
  ]),
  /** the supplier whose users answer the supplier steps (null: not assigned) */
  supplierId: z.string().trim().min(1).max(1000).nullish(),
  description: z.string().trim().max(4000).nullish(),
});

const isoOrNull = (t: string | null | undefined, field: string) => {
  if (!t) return null;
  const d = new Date(t);
  if (Number.isNaN(d.getTime()))
    throw new AppError('INVALID_INPUT', 'the 8D case is invalid', {
      problems: [
        { field: `source.${field}`, pointer: `/source/${field}`, reason: 'must be an ISO 8601 date or time' },
      ],
    });
  return d.toISOString();
};

/**
 * Opens an 8D case: finds the affected lots (the lot; the lots and units behind a defect-code
 * Pareto bar in its period; a recall's lots), snapshots the evidence, starts the '8d' workflow
 * (assigned to a supplier when given). Audited `eightd.open`.
 */
export async function openEightD(rt: Runtime, p: Principal, body: unknown): Promise<EightDCase> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const b = parseInput(openBody, body, '8D case');
  let source: EightDSource;
  let lots: string[];
  let recall: Evidence['recall'] = null;
  if (b.source.kind === 'lot') {
    const found = await resolve(rt.stores.graph, b.source.lot);
    source = { kind: 'lot', lot: found.id };
    lots = [found.id];
  } else if (b.source.kind === 'pareto') {
    const from = isoOrNull(b.source.from, 'from');
    const to = isoOrNull(b.source.to, 'to');
    source = { kind: 'pareto', code: b.source.code, from, to, material: b.source.material ?? null };
    const items = await paretoItems(db, {
      dimension: 'code',
      value: b.source.code,
      from: from ?? undefined,
      to: to ?? undefined,
      material: b.source.material ?? undefined,
    });
    lots = items.map((i) => i.objectId);
    if (lots.length === 0)
      throw new AppError('INVALID_INPUT', `no lot or unit has the defect "${b.source.code}" in that period`, {
        problems: [
          { field: 'source.code', pointer: '/source/code', reason: 'no defects of this code in the period' },
        ],
      });
  } else {
    const rc = await getRecallCase(db, b.source.caseId);
    source = { kind: 'recall', caseId: rc.caseId };
    lots = [rc.scope.root.id, ...rc.scope.lots.map((l) => l.id).filter((id) => id !== rc.scope.root.id)];
    recall = { caseId: rc.caseId, title: rc.title, scope: rc.scope };
  }
  const evidence = await evidenceOf(rt, lots, recall);
  const actor = actorOf(p);
  const supplierId = b.supplierId ?? null;
  const openedAt = new Date();
  const year = openedAt.getUTCFullYear();
  const caseId = await db.transaction(async (tx) => {
    const seq = await nextEightDSeq(tx, year);
    const caseId = eightDIdOf(year, seq);
    await startInTx(
      tx,
      actor,
      {
        workflow: EIGHTD_WORKFLOW,
        title: `${caseId} ${b.title}`,
        subject: caseId,
        supplierId,
        instanceId: caseId,
      },
      openedAt,
    );
    await insertEightD(tx, {
      caseId,
      year,
      seq,
      instanceId: caseId,
      title: b.title,
      sourceKind: source.kind,
      source: { ...source, ...(b.description ? { description: b.description } : {}) },
      supplierId,
      lots,
      evidence,
      openedBy: actor,
      openedAt: openedAt.toISOString(),
    });
    await appendAudit(tx, {
      actor,
      action: 'eightd.open',
      subject: caseId,
      before: null,
      after: { title: b.title, source, supplierId, lots: lots.length, evidence: evidence.objects.length },
      reason: b.description ?? null,
    });
    if (supplierId)
      await notifyInTx(tx, [
        {
          recipientUser: null,
          recipientRole: 'supplier',
          supplierId,
          text: `8D case ${caseId} "${b.title}" was opened for you`,
          link: `/8d/${caseId}`,
          taskId: null,
        },
      ]);
    return caseId;
  });
  return getEightD(rt, p, caseId);
}

const toSummary = (
  c: {
    case_id: string;
    title: string;
    source_kind: 'lot' | 'pareto' | 'recall';
    supplier_id: string | null;
    opened_by: string;
    opened_at: string;
    contained_at: string | null;
    closed_at: string | null;
    state: string;
    status: 'open' | 'done';
  },
  dueAt: string | null,
  overdue: boolean,
): EightDSummary => ({
  id: c.case_id,
  title: c.title,
  sourceKind: c.source_kind,
  supplierId: c.supplier_id,
  openedBy: c.opened_by,
  openedAt: c.opened_at,
  containedAt: c.contained_at,
  closedAt: c.closed_at,
  state: c.state,
  status: c.status,
  dueAt,
  overdue,
});

const listQuery = z.object({
  state: z.string().optional(),
  supplier: z.string().optional(),
  status: z.enum(['open', 'done']).optional(),
  q: z.string().optional(),
});

/** The cases the principal sees (a supplier user: its own), newest first, filtered. */
export async function listEightDCases(
  db: DuckStore,
  p: Principal,
  query: unknown = {},
): Promise<EightDSummary[]> {
  await ensureWorkflows(db);
  const f = parseInput(listQuery, query, '8D filter');
  const now = new Date().toISOString();
  const rows = await listEightD(db, supplierScope(p) ?? (f.supplier || null), now);
  const q = f.q?.trim().toLowerCase();
  return rows
    .filter((r) => (!f.state || r.state === f.state) && (!f.status || r.status === f.status))
    .filter((r) => !q || r.case_id.toLowerCase().includes(q) || r.title.toLowerCase().includes(q))
    .map((r) => toSummary(r, r.due_at, r.overdue > 0));
}

// What a supplier's user sees of the evidence: its own objects with their inspections; not the
// plant's trace, operations or the recall scope, which may name other suppliers and customers.
function evidenceFor(p: Principal, e: Evidence): Evidence {
  const scope = supplierScope(p);
  if (scope === null) return e;
  return {
    takenAt: e.takenAt,
    objects: e.objects
      .filter((o) => o.suppliers.some((s) => s.id === scope))
      .map((o) => ({
        ...o,
        suppliers: o.suppliers.filter((s) => s.id === scope),
        operations: [],
        trace: { nodes: [], edges: [] },
      })),
    more: [],
    recall: null,
  };
}

/** One case with its steps, answers, tasks, evidence and history (404 for another supplier's). */
export async function getEightD(rt: Runtime, p: Principal, id: string): Promise<EightDCase> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const c = await visibleCase(db, p, id);
  const view = await getInstance(db, p, c.instance_id);
  const def = view.definition;
  const order = new Map(def.states.map((s, i) => [s.name, i]));
  const at = order.get(c.state) ?? Number.MAX_SAFE_INTEGER;
  const steps: EightDStepView[] = EIGHTD_STEPS.filter((s) => order.has(s)).map((s) => {
    const t = def.transitions.find((x) => x.from.includes(s));
    const answer = [...view.history].reverse().find((h) => h.from === s && h.transition !== null) ?? null;
    const i = order.get(s)!;
    const status = c.state === s ? 'current' : i < at || answer ? 'done' : 'pending';
    return {
      step: s,
      title: def.states.find((x) => x.name === s)?.label ?? EIGHTD_STEP_TITLES[s],
      form: t?.form ?? stepForm(s),
      status,
      bySupplier: c.supplier_id !== null && t?.supplier === true,
      answer,
      task: view.tasks.find((x) => x.state === s && x.status === 'open') ?? null,
      canAnswer: status === 'current' && view.transitions.some((x) => x.name === t?.name),
    };
  });
  const now = new Date().toISOString();
  const open = view.tasks
    .filter((t) => t.status === 'open' && t.dueAt !== null)
    .map((t) => t.dueAt!)
    .sort();
  return {
    ...toSummary(
      c,
      open[0] ?? null,
      open.some((d) => d < now),
    ),
    source: JSON.parse(c.source) as EightDSource,
    lots: supplierScope(p) === null ? (JSON.parse(c.lots) as string[]) : [],
    evidence: evidenceFor(p, JSON.parse(c.evidence) as Evidence),
    steps,
    instance: view,
  };
}

const answerBody = z.object({
  data: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int().positive().optional(),
  comment: z.string().trim().max(4000).nullish(),
});

/**
 * Answers the case's current step with its form: a supplier user (eightd:respond) its supplier's
 * steps, staff with eightd:manage any step. The answer and the move are one audited transaction.
 */
export async function answerStep(
  rt: Runtime,
  p: Principal,
  id: string,
  step: string,
  body: unknown,
): Promise<EightDCase> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const c = await visibleCase(db, p, id);
  if (!can(p, p.role === 'supplier' ? 'eightd:respond' : 'eightd:manage'))
    throw new AppError('FORBIDDEN', `the role "${p.role}" may not answer 8D steps`, {
      details: { permission: 'eightd:manage' },
    });
  const s = stepOfState(step);
  if (!s) throw new AppError('NOT_FOUND', `an 8D case has no step "${step}"`, { details: { step } });
  if (c.state !== s)
    throw new AppError(
      'CONFLICT',
      `${id} is at ${c.state === 'closed' ? 'closed' : c.state.toUpperCase()}, not ${s.toUpperCase()}`,
      {
        details: { caseId: id, state: c.state },
      },
    );
  const b = parseInput(answerBody, body, '8D answer');
  const def = (await getInstance(db, p, c.instance_id)).definition;
  const t = def.transitions.find((x) => x.from.includes(s));
  if (!t) throw new AppError('CONFLICT', `the 8D workflow has no way out of ${s.toUpperCase()}`);
  await takeTransition(rt, p, c.instance_id, {
    transition: t.name,
    data: b.data ?? {},
    ...(b.version ? { version: b.version } : {}),
    ...(b.comment ? { comment: b.comment } : {}),
  });
  return getEightD(rt, p, id);
}

const assignBody = z.object({
  supplierId: z.string().trim().min(1).max(1000).nullable(),
  reason: z.string().trim().max(2000).nullish(),
});

/** Assigns a case to a supplier (or takes it back); the current step's task follows. Audited. */
export async function assignEightD(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<EightDCase> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const c = await visibleCase(db, p, id);
  const b = parseInput(assignBody, body, '8D assignment');
  await db.transaction(async (tx) => {
    const inst = await instanceById(tx, c.instance_id);
    if (!inst) throw notFound(id);
    await setEightDSupplier(tx, id, b.supplierId);
    await assignInTx(tx, actorOf(p), inst, b.supplierId, b.reason ?? null);
  });
  return getEightD(rt, p, id);
}

/** The step forms (latest versions), for answering in place. */
export async function eightDForms(db: DuckStore) {
  await ensureWorkflows(db);
  return Promise.all(EIGHTD_STEPS.map((s) => getForm(db, stepForm(s))));
}
