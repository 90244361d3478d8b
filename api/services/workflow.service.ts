// The workflow engine: versioned definitions (data), instances pinned to the version they
// started on, transitions taken by the roles a definition allows (a supplier's users only on
// their own supplier's instances), forms submitted with transitions, tasks created on entry, the
// inbox per role and per user, and notifications. Every change is audited in its transaction.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import { eightDOfInstance, markEightD } from '../../analytics/eightd.store.ts';
import {
  closeOpenTasks,
  definitionByKey,
  definitionVersionsOf,
  historyOfInstance,
  inboxOf,
  insertDefinition,
  insertHistory,
  insertInstance,
  insertNotifications,
  insertTasks,
  instanceById,
  listDefinitions,
  listInstances,
  markRead,
  moveInstance,
  notificationsOf,
  setInstanceSupplier,
  tasksOf,
  tasksOfRole,
  type InboxRow,
  type InstanceRow,
  type NewNotification,
  type TaskRow,
} from '../../analytics/workflow.store.ts';
import {
  CONTAINMENT_STEP,
  EIGHTD_CLOSED,
  EIGHTD_DEFINITION,
  EIGHTD_FORMS,
  EIGHTD_WORKFLOW,
} from '../../domain/eight-d.ts';
import { AppError } from '../../domain/errors.ts';
import type { FieldDef } from '../../domain/forms.ts';
import { INCOMING_INSPECTION_DEFINITION } from '../../domain/incoming-inspection.ts';
import { ROLES, supplierScope, actorOf, type Principal } from '../../domain/roles.ts';
import { VDA63_ACTION_DEFINITION } from '../../domain/vda63-action.ts';
import {
  availableTransitions,
  checkDefinition,
  checkTransition,
  dueAt,
  sameDraft,
  stateOf,
  taskAddressee,
  type TransitionDef,
  type WorkflowDefinition,
  type WorkflowDraft,
} from '../../domain/workflow.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';
import { submitCapture } from './capture.service.ts';
import { ensureForms, getForm, getSubmission, storeSubmission, validateFor } from './forms.service.ts';

export const SEED_ACTOR = 'system:workflows';
const SEEDS: WorkflowDraft[] = [INCOMING_INSPECTION_DEFINITION, EIGHTD_DEFINITION, VDA63_ACTION_DEFINITION];

// ---------------------------------------------------------------------------------------------
// Shapes the API answers with

export interface WorkflowInstance {
  id: string;
  workflow: string;
  version: number;
  title: string;
  subject: string | null;
  supplierId: string | null;
  state: string;
  stateLabel: string;
  status: 'open' | 'done';
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  /** the web page of the instance (an 8D case's page for '8d') */
  link: string;
}
export interface HistoryEntry {
  seq: number;
  transition: string | null;
  label: string;
  from: string | null;
  to: string;
  actor: string;
  at: string;
  comment: string | null;
  submissionId: string | null;
  /** the form answers taken with the transition */
  submission: {
    formKey: string;
    version: number;
    title: string;
    data: Record<string, unknown>;
    /** the fields of the form version it was made with */
    fields: FieldDef[];
  } | null;
}
export interface Task {
  id: string;
  instanceId: string;
  workflow: string;
  instanceTitle: string;
  subject: string | null;
  state: string;
  role: string;
  assignee: string | null;
  supplierId: string | null;
  title: string;
  createdAt: string;
  dueAt: string | null;
  status: 'open' | 'done' | 'cancelled';
  escalated: boolean;
  /** past its due time at the moment of the answer */
  overdue: boolean;
  /** assigned to the asking user (not only to their role) */
  mine: boolean;
  link: string;
}
export interface AvailableTransition {
  name: string;
  label: string;
  to: string;
  form: string | null;
  preset: Record<string, unknown>;
  commentRequired: boolean;
}
export interface InstanceView {
  instance: WorkflowInstance;
  definition: WorkflowDefinition;
  history: HistoryEntry[];
  tasks: Task[];
  /** what the asking user may take now */
  transitions: AvailableTransition[];
}
export interface Notification {
  id: string;
  text: string;
  link: string | null;
  taskId: string | null;
  createdAt: string;
  read: boolean;
}

export const linkOf = (workflow: string, instanceId: string) =>
  workflow === EIGHTD_WORKFLOW ? `/8d/${instanceId}` : `/workflow-instances/${instanceId}`;

const parseDef = (text: string) => JSON.parse(text) as WorkflowDefinition;

const toInstance = (r: InstanceRow, def: WorkflowDefinition): WorkflowInstance => ({
  id: r.instance_id,
  workflow: r.workflow_key,
  version: r.version,
  title: r.title,
  subject: r.subject,
  supplierId: r.supplier_id,
  state: r.state,
  stateLabel: stateOf(def, r.state)?.label ?? r.state,
  status: r.status,
  startedBy: r.started_by,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  endedAt: r.ended_at,
  link: linkOf(r.workflow_key, r.instance_id),
});

const toTask = (
  r: InboxRow | (TaskRow & { workflow_key: string; instance_title: string; subject: string | null }),
  now: Date,
): Task => ({
  id: r.task_id,
  instanceId: r.instance_id,
  workflow: r.workflow_key,
  instanceTitle: r.instance_title,
  subject: r.subject,
  state: r.state,
  role: r.role,
  assignee: r.assignee,
  supplierId: r.supplier_id,
  title: r.title,
  createdAt: r.created_at,
  dueAt: r.due_at,
  status: r.status,
  escalated: r.escalated,
  overdue: r.status === 'open' && r.due_at !== null && r.due_at < now.toISOString(),
  mine: 'mine' in r ? r.mine : false,
  link: linkOf(r.workflow_key, r.instance_id),
});

// ---------------------------------------------------------------------------------------------
// Definitions

// The seeded workflows and the 8D step forms, once per store, on first use: no start-up file
// needs to know. A definition or form an admin has changed is never overwritten.
const seeded = new WeakMap<DuckStore, Promise<void>>();

/** Seeds the standard workflows and the 8D step forms that do not exist yet (memoised per store). */
export function ensureWorkflows(db: DuckStore): Promise<void> {
  let p = seeded.get(db);
  if (!p) {
    p = (async () => {
      const missingForms = [];
      for (const f of EIGHTD_FORMS) if (!(await getForm(db, f.key).catch(() => null))) missingForms.push(f);
      if (missingForms.length) await ensureForms(db, missingForms);
      for (const d of SEEDS)
        if (!(await definitionByKey(db, d.key))) await saveVersion(db, d, SEED_ACTOR, 'standard workflow');
    })();
    seeded.set(db, p);
    p.catch(() => seeded.delete(db));
  }
  return p;
}

const notFoundDef = (key: string, version?: number) =>
  new AppError(
    'NOT_FOUND',
    version === undefined
      ? `no workflow is known as "${key}"`
      : `the workflow "${key}" has no version ${version}`,
    { details: { key, ...(version === undefined ? {} : { version }) } },
  );

/** One version of a definition (the latest when omitted); NOT_FOUND when unknown. */
export async function getDefinition(
  db: DuckStore | DuckTx,
  key: string,
  version?: number,
): Promise<WorkflowDefinition> {
  if ('transaction' in db) await ensureWorkflows(db);
  const row = await definitionByKey(db, key, version ?? null);
  if (!row) throw notFoundDef(key, version);
  return parseDef(row.definition);
}

export interface DefinitionSummary {
  key: string;
  version: number;
  title: string;
  createdBy: string;
  createdAt: string;
  versions: number;
  openInstances: number;
}
/** The latest version of every definition. */
export async function listWorkflowDefinitions(db: DuckStore): Promise<DefinitionSummary[]> {
  await ensureWorkflows(db);
  return (await listDefinitions(db)).map((r) => ({
    key: r.workflow_key,
    version: r.version,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    versions: r.versions,
    openInstances: r.open_instances,
  }));
}

/** Every version of a definition, newest first, with how many instances run on each. */
export async function workflowVersions(db: DuckStore, key: string) {
  await getDefinition(db, key);
  return (await definitionVersionsOf(db, key)).map((r) => ({
    version: r.version,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
    instances: r.instances,
    openInstances: r.open_instances,
  }));
}

const roleEnum = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });
const draftBody = z.object({
  key: z.string(),
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(2000).optional(),
  initial: z.string(),
  states: z.array(
    z.object({
      name: z.string(),
      label: z.string().trim().min(1, 'is required').max(200),
      final: z.boolean().optional(),
      tasks: z
        .array(
          z.object({
            title: z.string().trim().min(1, 'is required').max(200),
            role: roleEnum,
            dueHours: z.number().positive('must be above 0').max(100_000).optional(),
            supplier: z.boolean().optional(),
          }),
        )
        .optional(),
    }),
    { message: 'must be a list of states' },
  ),
  transitions: z.array(
    z.object({
      name: z.string(),
      label: z.string().trim().min(1, 'is required').max(200),
      from: z.array(z.string()),
      to: z.string(),
      roles: z.array(roleEnum),
      supplier: z.boolean().optional(),
      form: z.string().optional(),
      preset: z.record(z.string(), z.unknown()).optional(),
      commentRequired: z.boolean().optional(),
    }),
    { message: 'must be a list of transitions' },
  ),
  note: z.string().trim().max(2000).optional(),
});

async function saveVersion(db: DuckStore, draft: WorkflowDraft, actor: string, note: string | null) {
  const problems = checkDefinition(draft);
  // A transition's form must exist (any version; a capture or a record form).
  for (const [i, t] of draft.transitions.entries())
    if (t.form && !(await getForm(db, t.form).catch(() => null)))
      problems.push({
        field: `transitions.${i}.form`,
        pointer: `/transitions/${i}/form`,
        reason: `no form is known as "${t.form}"`,
      });
  if (problems.length)
    throw new AppError('INVALID_INPUT', `the workflow definition "${draft.key}" is invalid`, { problems });
  return db.transaction(async (tx) => {
    const latestRow = await definitionByKey(tx, draft.key);
    const latest = latestRow ? parseDef(latestRow.definition) : null;
    if (latest && sameDraft(latest, draft)) return latest;
    const version = (latest?.version ?? 0) + 1;
    const def: WorkflowDefinition = {
      key: draft.key,
      version,
      title: draft.title,
      ...(draft.description ? { description: draft.description } : {}),
      initial: draft.initial,
      states: draft.states,
      transitions: draft.transitions,
      createdBy: actor,
      createdAt: new Date().toISOString(),
    };
    await insertDefinition(tx, {
      key: def.key,
      version,
      title: def.title,
      definition: def,
      createdBy: actor,
      createdAt: def.createdAt,
      note,
    });
    await appendAudit(tx, {
      actor,
      action: 'workflow.define',
      subject: `workflow:${def.key}`,
      before: latest
        ? {
            version: latest.version,
            states: latest.states.map((s) => s.name),
            transitions: latest.transitions.map((t) => t.name),
          }
        : null,
      after: {
        version,
        title: def.title,
        states: def.states.map((s) => s.name),
        transitions: def.transitions.map((t) => t.name),
      },
      reason: note,
    });
    return def;
  });
}

/**
 * Saves a definition as a new version (version 1 for a new key); an unchanged definition makes no
 * new version. Running instances stay on the version they started with. Audited `workflow.define`.
 */
export async function saveWorkflowDefinition(
  db: DuckStore,
  actor: string,
  body: unknown,
): Promise<WorkflowDefinition> {
  await ensureWorkflows(db);
  const b = parseInput(draftBody, body, 'workflow definition');
  const { note, ...draft } = b;
  const clean: WorkflowDraft = {
    ...draft,
    ...(draft.description ? {} : { description: undefined }),
    states: draft.states.map((s) => ({
      name: s.name,
      label: s.label,
      ...(s.final ? { final: true } : {}),
      ...(s.tasks?.length
        ? {
            tasks: s.tasks.map((t) => ({
              ...t,
              ...(t.supplier ? { supplier: true } : { supplier: undefined }),
            })),
          }
        : {}),
    })),
  };
  if (!clean.description) delete clean.description;
  return saveVersion(db, JSON.parse(JSON.stringify(clean)) as WorkflowDraft, actor, note ?? null);
}

// ---------------------------------------------------------------------------------------------
// Instances

const instanceNotFound = (id: string) =>
  new AppError('NOT_FOUND', `no workflow instance is known as "${id}"`, { details: { instanceId: id } });

/** An instance the principal may see: a supplier user only its own supplier's (others are 404). */
async function visibleInstance(
  db: DuckStore | DuckTx,
  p: Principal | null,
  id: string,
): Promise<InstanceRow> {
  const r = await instanceById(db, id);
  const scope = p ? supplierScope(p) : null;
  if (!r || (scope !== null && r.supplier_id !== scope)) throw instanceNotFound(id);
  return r;
}

/** The tasks entering a state creates. */
function tasksFor(
  def: WorkflowDefinition,
  state: string,
  instanceId: string,
  supplierId: string | null,
  at: Date,
) {
  return (stateOf(def, state)?.tasks ?? []).map((t) => ({
    taskId: `T-${randomUUID()}`,
    instanceId,
    state,
    ...taskAddressee(t, supplierId),
    assignee: null,
    title: t.title,
    createdAt: at.toISOString(),
    dueAt: dueAt(t, at),
  }));
}

export interface StartInput {
  workflow: string;
  title: string;
  subject?: string | null;
  supplierId?: string | null;
  /** a readable id chosen by the caller (8D cases), else one is made */
  instanceId?: string;
  /** the initial state's tasks go to this user (instead of the whole role) */
  assignee?: string | null;
  /** the initial state's tasks are due then (instead of the definition's due hours) */
  dueAt?: string | null;
}

/** Starts an instance inside the caller's transaction, on the latest version; audited `workflow.start`. */
export async function startInTx(
  tx: DuckTx,
  actor: string,
  input: StartInput,
  at = new Date(),
): Promise<string> {
  const row = await definitionByKey(tx, input.workflow);
  if (!row) throw notFoundDef(input.workflow);
  const def = parseDef(row.definition);
  const id = input.instanceId ?? `WI-${randomUUID()}`;
  const startedAt = at.toISOString();
  await insertInstance(tx, {
    instanceId: id,
    workflowKey: def.key,
    version: def.version,
    title: input.title,
    subject: input.subject ?? null,
    supplierId: input.supplierId ?? null,
    state: def.initial,
    startedBy: actor,
    startedAt,
  });
  await insertHistory(tx, {
    instanceId: id,
    seq: 0,
    transition: null,
    from: null,
    to: def.initial,
    actor,
    at: startedAt,
    comment: null,
    submissionId: null,
  });
  const tasks = tasksFor(def, def.initial, id, input.supplierId ?? null, at).map((t) => ({
    ...t,
    assignee: input.assignee ?? t.assignee,
    dueAt: input.dueAt ?? t.dueAt,
  }));
  await insertTasks(tx, tasks);
  await appendAudit(tx, {
    actor,
    action: 'workflow.start',
    subject: id,
    before: null,
    after: {
      workflow: def.key,
      version: def.version,
      title: input.title,
      subject: input.subject ?? null,
      supplierId: input.supplierId ?? null,
      state: def.initial,
      tasks: tasks.map((t) => ({
        title: t.title,
        role: t.role,
        dueAt: t.dueAt,
        ...(t.assignee ? { assignee: t.assignee } : {}),
      })),
    },
    reason: null,
  });
  return id;
}

const startBody = z.object({
  workflow: z.string().trim().min(1, 'is required'),
  title: z.string().trim().min(1, 'is required').max(300),
  subject: z.string().trim().max(1000).nullish(),
  supplierId: z.string().trim().max(1000).nullish(),
});

/**
 * Starts an instance of a workflow (the latest version). The starter must be able to take a
 * transition from the initial state (or be an admin).
 */
export async function startInstance(db: DuckStore, p: Principal, body: unknown): Promise<InstanceView> {
  await ensureWorkflows(db);
  const b = parseInput(startBody, body, 'workflow start');
  const def = await getDefinition(db, b.workflow);
  if (
    p.role !== 'admin' &&
    !def.transitions.some((t) => t.from.includes(def.initial) && t.roles.includes(p.role))
  )
    throw new AppError('FORBIDDEN', `the role "${p.role}" may not start "${def.title}"`, {
      details: { workflow: def.key },
    });
  const id = await db.transaction((tx) =>
    startInTx(tx, actorOf(p), {
      workflow: def.key,
      title: b.title,
      subject: b.subject ?? null,
      supplierId: b.supplierId ?? null,
    }),
  );
  return getInstance(db, p, id);
}

/** Instances, newest first (a supplier user: only its own supplier's). */
export async function listWorkflowInstances(
  db: DuckStore,
  p: Principal,
  f: { workflow?: string | undefined; status?: string | undefined; subject?: string | undefined },
): Promise<WorkflowInstance[]> {
  await ensureWorkflows(db);
  const rows = await listInstances(db, {
    workflowKey: f.workflow ?? null,
    status: f.status ?? null,
    subject: f.subject ?? null,
    supplierId: supplierScope(p),
  });
  const defs = new Map<string, WorkflowDefinition>();
  const out: WorkflowInstance[] = [];
  for (const r of rows) {
    const k = `${r.workflow_key}@${r.version}`;
    if (!defs.has(k)) defs.set(k, await getDefinition(db, r.workflow_key, r.version));
    out.push(toInstance(r, defs.get(k)!));
  }
  return out;
}

async function historyView(db: DuckStore, def: WorkflowDefinition, id: string): Promise<HistoryEntry[]> {
  const rows = await historyOfInstance(db, id);
  return Promise.all(
    rows.map(async (h) => {
      const s = h.submission_id ? await getSubmission(db, h.submission_id).catch(() => null) : null;
      const t = h.transition ? def.transitions.find((x) => x.name === h.transition) : undefined;
      return {
        seq: h.seq,
        transition: h.transition,
        label: h.transition === null ? 'Started' : (t?.label ?? h.transition),
        from: h.from_state,
        to: h.to_state,
        actor: h.actor,
        at: h.taken_at,
        comment: h.comment,
        submissionId: h.submission_id,
        submission: s
          ? {
              formKey: s.formKey,
              version: s.version,
              title: s.form.title,
              data: s.data,
              fields: s.form.fields,
            }
          : null,
      };
    }),
  );
}

const available = (t: TransitionDef): AvailableTransition => ({
  name: t.name,
  label: t.label,
  to: t.to,
  form: t.form ?? null,
  preset: t.preset ?? {},
  commentRequired: t.commentRequired === true,
});

/** An instance with its pinned definition, history, tasks and what the principal may take now. */
export async function getInstance(
  db: DuckStore,
  p: Principal,
  id: string,
  now = new Date(),
): Promise<InstanceView> {
  await ensureWorkflows(db);
  const r = await visibleInstance(db, p, id);
  const def = await getDefinition(db, r.workflow_key, r.version);
  const tasks = (await tasksOf(db, id)).filter(
    (t) => supplierScope(p) === null || t.supplier_id === supplierScope(p),
  );
  return {
    instance: toInstance(r, def),
    definition: def,
    history: await historyView(db, def, id),
    tasks: tasks.map((t) =>
      toTask({ ...t, workflow_key: r.workflow_key, instance_title: r.title, subject: r.subject }, now),
    ),
    transitions:
      r.status === 'open'
        ? availableTransitions(def, r.state, { role: p.role, supplierId: p.supplierId }, r.supplier_id).map(
            available,
          )
        : [],
  };
}

const takeBody = z.object({
  transition: z.string().trim().min(1, 'is required'),
  comment: z.string().trim().max(4000).nullish(),
  /** the form's answers (the transition's preset values win) */
  data: z.record(z.string(), z.unknown()).optional(),
  /** the form version the answers were made with (the latest when omitted) */
  version: z.number().int().positive().optional(),
  /** a capture form's override of interlock warnings */
  override: z.object({ reason: z.string() }).optional(),
});

/** Moves an instance along a transition inside the caller's transaction; audited `workflow.transition`. */
export async function moveInTx(
  tx: DuckTx,
  r: InstanceRow,
  def: WorkflowDefinition,
  t: TransitionDef,
  m: { actor: string; comment: string | null; submissionId: string | null; at?: Date },
): Promise<void> {
  const at = m.at ?? new Date();
  const iso = at.toISOString();
  const to = stateOf(def, t.to)!;
  await closeOpenTasks(tx, { instanceId: r.instance_id, status: 'done', at: iso, by: m.actor });
  const seq = (await historyOfInstance(tx, r.instance_id)).length;
  await insertHistory(tx, {
    instanceId: r.instance_id,
    seq,
    transition: t.name,
    from: r.state,
    to: t.to,
    actor: m.actor,
    at: iso,
    comment: m.comment,
    submissionId: m.submissionId,
  });
  await moveInstance(tx, { instanceId: r.instance_id, state: t.to, done: to.final === true, at: iso });
  const tasks = to.final ? [] : tasksFor(def, t.to, r.instance_id, r.supplier_id, at);
  await insertTasks(tx, tasks);
  if (r.workflow_key === EIGHTD_WORKFLOW) {
    const caseId = await eightDOfInstance(tx, r.instance_id);
    if (caseId)
      await markEightD(tx, {
        caseId,
        containedAt: r.state === CONTAINMENT_STEP ? iso : null,
        closedAt: t.to === EIGHTD_CLOSED ? iso : null,
      });
  }
  await appendAudit(tx, {
    actor: m.actor,
    action: 'workflow.transition',
    subject: r.instance_id,
    before: { state: r.state },
    after: {
      state: t.to,
      transition: t.name,
      workflow: def.key,
      version: def.version,
      submissionId: m.submissionId,
      tasks: tasks.map((x) => ({ title: x.title, role: x.role, supplierId: x.supplierId, dueAt: x.dueAt })),
    },
    reason: m.comment,
  });
}

function refuse(code: string, reason: string, id: string): AppError {
  switch (code) {
    case 'WRONG_STATE':
      return new AppError('CONFLICT', reason, { details: { instanceId: id } });
    case 'NOT_ALLOWED':
      return new AppError('FORBIDDEN', reason, { details: { instanceId: id } });
    case 'COMMENT_REQUIRED':
      return new AppError('INVALID_INPUT', reason, {
        problems: [{ field: 'comment', pointer: '/comment', reason: 'is required' }],
      });
    default:
      return new AppError('INVALID_INPUT', reason, {
        problems: [{ field: 'transition', pointer: '/transition', reason }],
      });
  }
}

/**
 * Takes a transition: checks the role (a supplier user only on its own supplier's instance,
 * others get 404), submits the transition's form (capture forms through capture, record forms
 * in the same transaction as the move) with the preset values merged over the answers, closes
 * the state's tasks and creates the next state's.
 */
export async function takeTransition(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<InstanceView> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const b = parseInput(takeBody, body, 'transition');
  const r = await visibleInstance(db, p, id);
  const def = await getDefinition(db, r.workflow_key, r.version);
  if (r.status !== 'open')
    throw new AppError(
      'CONFLICT',
      `the instance ${id} is finished (${stateOf(def, r.state)?.label ?? r.state})`,
      {
        details: { instanceId: id, state: r.state },
      },
    );
  const who = { role: p.role, supplierId: p.supplierId };
  const check = checkTransition(def, r.state, b.transition, who, r.supplier_id, b.comment);
  if (!check.ok) throw refuse(check.refusal.code, check.refusal.reason, id);
  const t = check.transition;
  const actor = actorOf(p);
  const comment = b.comment ?? null;

  // Re-checked inside the write transaction: someone may have moved it meanwhile.
  const stillThere = async (tx: DuckTx) => {
    const now = await instanceById(tx, id);
    if (!now || now.state !== r.state || now.status !== 'open')
      throw new AppError(
        'CONFLICT',
        `the instance ${id} has moved on meanwhile (now ${now?.state ?? 'gone'})`,
        {
          details: { instanceId: id },
        },
      );
    return now;
  };

  if (!t.form) {
    await db.transaction(async (tx) =>
      moveInTx(tx, await stillThere(tx), def, t, { actor, comment, submissionId: null }),
    );
    return getInstance(db, p, id);
  }
  const form = await getForm(db, t.form, b.version);
  const data: Record<string, unknown> = { ...(b.data ?? {}) };
  // A lot scanned into the form defaults to the instance's subject (the lot under inspection).
  for (const f of form.fields)
    if (
      f.type === 'scan' &&
      f.scanKind === 'lot' &&
      (data[f.name] === undefined || data[f.name] === '') &&
      r.subject
    )
      data[f.name] = r.subject;
  Object.assign(data, t.preset ?? {});
  const input = { version: form.version, data };
  if (form.kind === 'capture') {
    const done = await submitCapture(
      rt,
      p,
      t.form,
      { ...input, ...(b.override ? { override: b.override } : {}) },
      {
        workflowInstance: id,
      },
    );
    await db.transaction(async (tx) =>
      moveInTx(tx, await stillThere(tx), def, t, { actor, comment, submissionId: done.submissionId }),
    );
  } else {
    const { form: version, data: valid } = await validateFor(db, t.form, input);
    await db.transaction(async (tx) => {
      const now = await stillThere(tx);
      const submissionId = await storeSubmission(tx, {
        form: version,
        data: valid,
        actor,
        eventId: null,
        subject: r.subject ?? id,
        workflowInstance: id,
      });
      await moveInTx(tx, now, def, t, { actor, comment, submissionId });
    });
  }
  return getInstance(db, p, id);
}

/**
 * Assigns an instance to a supplier (or takes it back): the open tasks of the current state are
 * cancelled and made again for the new addressee. Audited `workflow.assign`.
 */
export async function assignInTx(
  tx: DuckTx,
  actor: string,
  r: InstanceRow,
  supplierId: string | null,
  reason: string | null,
) {
  const def = parseDef((await definitionByKey(tx, r.workflow_key, r.version))!.definition);
  const at = new Date();
  await setInstanceSupplier(tx, r.instance_id, supplierId, at.toISOString());
  let tasks: ReturnType<typeof tasksFor> = [];
  if (r.status === 'open') {
    await closeOpenTasks(tx, {
      instanceId: r.instance_id,
      status: 'cancelled',
      at: at.toISOString(),
      by: actor,
    });
    tasks = tasksFor(def, r.state, r.instance_id, supplierId, at);
    await insertTasks(tx, tasks);
  }
  await appendAudit(tx, {
    actor,
    action: 'workflow.assign',
    subject: r.instance_id,
    before: { supplierId: r.supplier_id },
    after: {
      supplierId,
      tasks: tasks.map((t) => ({ title: t.title, role: t.role, supplierId: t.supplierId })),
    },
    reason,
  });
  if (supplierId !== null)
    await notifyInTx(tx, [
      {
        recipientUser: null,
        recipientRole: 'supplier',
        supplierId,
        text: `${r.title} was assigned to you`,
        link: linkOf(r.workflow_key, r.instance_id),
        taskId: null,
      },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Inbox and notifications

/** Stores notifications inside the caller's transaction. */
export async function notifyInTx(
  tx: DuckTx,
  ns: Omit<NewNotification, 'notificationId' | 'createdAt'>[],
  at = new Date(),
): Promise<void> {
  await insertNotifications(
    tx,
    ns.map((n) => ({ ...n, notificationId: `N-${randomUUID()}`, createdAt: at.toISOString() })),
  );
}

const who = (p: Principal) => ({ userId: p.userId, role: p.role, supplierId: supplierScope(p) });

export interface Inbox {
  /** open tasks assigned to the user or unassigned for their role, soonest due first */
  tasks: Task[];
  notifications: Notification[];
  unread: number;
}

/** The principal's inbox: their and their role's open tasks, and their notifications. */
export async function inboxFor(db: DuckStore, p: Principal, now = new Date()): Promise<Inbox> {
  await ensureWorkflows(db);
  const tasks = (await inboxOf(db, who(p))).map((t) => toTask(t, now));
  const notifications = (await notificationsOf(db, who(p))).map((n) => ({
    id: n.notification_id,
    text: n.text,
    link: n.link,
    taskId: n.task_id,
    createdAt: n.created_at,
    read: n.read_at !== null,
  }));
  return { tasks, notifications, unread: notifications.filter((n) => !n.read).length };
}

/** How many of the principal's notifications are unread (the top bar's count). */
export async function unreadCount(db: DuckStore, p: Principal): Promise<number> {
  return (await notificationsOf(db, who(p))).filter((n) => n.read_at === null).length;
}

const readBody = z.object({ ids: z.array(z.string()).max(1000).optional(), all: z.boolean().optional() });

/** Marks the principal's notifications read (the given ids, or all); ids they cannot see are ignored. */
export async function markNotificationsRead(
  db: DuckStore,
  p: Principal,
  body: unknown,
): Promise<{ unread: number }> {
  const b = parseInput(readBody, body, 'read marks');
  const mine = await notificationsOf(db, who(p), 10_000);
  const wanted = b.all ? null : new Set(b.ids ?? []);
  const ids = mine
    .filter((n) => n.read_at === null && (wanted === null || wanted.has(n.notification_id)))
    .map((n) => n.notification_id);
  if (ids.length) await db.transaction((tx) => markRead(tx, p.userId, ids, new Date().toISOString()));
  return { unread: mine.filter((n) => n.read_at === null).length - ids.length };
}

const roleQuery = z.object({
  role: roleEnum,
  status: z.enum(['open', 'done', 'cancelled']).optional(),
});

/** One role's task queue (staff); a supplier user sees only its own supplier's supplier tasks. */
export async function tasksForRole(
  db: DuckStore,
  p: Principal,
  query: unknown,
  now = new Date(),
): Promise<Task[]> {
  await ensureWorkflows(db);
  const q = parseInput(roleQuery, query, 'task query');
  const scope = supplierScope(p);
  if (scope !== null && q.role !== 'supplier') return [];
  return (await tasksOfRole(db, { role: q.role, supplierId: scope, status: q.status ?? null })).map((t) =>
    toTask(t, now),
  );
}

export { visibleInstance };
