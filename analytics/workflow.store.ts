// Typed access to workflow definitions, instances, history, tasks and notifications in DuckDB.
// No rules live here (who may take what, which tasks a state makes): api/services decide, and
// audit each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const none = z.object({});

const definitionRow = z.object({
  workflow_key: text,
  version: sqlNumber,
  title: text,
  definition: text,
  created_by: text,
  created_at: text,
  note: optText,
});
export type DefinitionRow = z.output<typeof definitionRow>;
const instanceRow = z.object({
  instance_id: text,
  workflow_key: text,
  version: sqlNumber,
  title: text,
  subject: optText,
  supplier_id: optText,
  state: text,
  status: z.enum(['open', 'done']),
  started_by: text,
  started_at: text,
  updated_at: text,
  ended_at: optText,
});
export type InstanceRow = z.output<typeof instanceRow>;
const historyRow = z.object({
  seq: sqlNumber,
  transition: optText,
  from_state: optText,
  to_state: text,
  actor: text,
  taken_at: text,
  comment: optText,
  submission_id: optText,
});
export type HistoryRow = z.output<typeof historyRow>;
const taskRow = z.object({
  task_id: text,
  instance_id: text,
  state: text,
  role: text,
  assignee: optText,
  supplier_id: optText,
  title: text,
  created_at: text,
  due_at: optText,
  status: z.enum(['open', 'done', 'cancelled']),
  closed_at: optText,
  closed_by: optText,
  escalated: z.boolean(),
  escalated_at: optText,
});
export type TaskRow = z.output<typeof taskRow>;
const inboxRow = taskRow
  .omit({ closed_at: true, closed_by: true, escalated_at: true })
  .extend({ workflow_key: text, instance_title: text, subject: optText, mine: z.boolean() });
export type InboxRow = z.output<typeof inboxRow>;
const notificationRow = z.object({
  notification_id: text,
  text,
  link: optText,
  task_id: optText,
  created_at: text,
  read_at: optText,
});
export type NotificationRow = z.output<typeof notificationRow>;

const definitionGet = defineQuery('workflow/definition_get', {
  params: z.object({ workflow_key: text, version: z.number().int().nullable() }),
  row: definitionRow,
});
const definitionList = defineQuery('workflow/definition_list', {
  params: none,
  row: z.object({
    workflow_key: text,
    version: sqlNumber,
    title: text,
    created_by: text,
    created_at: text,
    versions: sqlNumber,
    open_instances: sqlNumber,
  }),
});
const definitionVersions = defineQuery('workflow/definition_versions', {
  params: z.object({ workflow_key: text }),
  row: z.object({
    version: sqlNumber,
    title: text,
    created_by: text,
    created_at: text,
    note: optText,
    instances: sqlNumber,
    open_instances: sqlNumber,
  }),
});
const instanceGet = defineQuery('workflow/instance_get', {
  params: z.object({ instance_id: text }),
  row: instanceRow,
});
const instanceList = defineQuery('workflow/instance_list', {
  params: z.object({ workflow_key: optText, status: optText, subject: optText, supplier_id: optText }),
  row: instanceRow,
});
const instanceMove = defineQuery('workflow/instance_move', {
  params: z.object({ instance_id: text, state: text, status: text, updated_at: text, ended_at: optText }),
  row: none,
});
const instanceSetSupplier = defineQuery('workflow/instance_set_supplier', {
  params: z.object({ instance_id: text, supplier_id: optText, updated_at: text }),
  row: none,
});
const instanceSubjects = defineQuery('workflow/instance_subjects', {
  params: z.object({ workflow_key: text, subjects: text }),
  row: z.object({ subject: text }),
});
const historyOf = defineQuery('workflow/history_of', {
  params: z.object({ instance_id: text }),
  row: historyRow,
});
const tasksOfInstance = defineQuery('workflow/tasks_of_instance', {
  params: z.object({ instance_id: text }),
  row: taskRow,
});
const taskInbox = defineQuery('workflow/task_inbox', {
  params: z.object({ user_id: text, role: text, supplier_id: optText }),
  row: inboxRow,
});
const taskList = defineQuery('workflow/task_list', {
  params: z.object({ role: text, supplier_id: optText, status: optText }),
  row: inboxRow,
});
const taskCloseOpen = defineQuery('workflow/task_close_open', {
  params: z.object({
    instance_id: text,
    status: z.enum(['done', 'cancelled']),
    closed_at: text,
    closed_by: text,
  }),
  row: none,
});
const taskOverdue = defineQuery('workflow/task_overdue', { params: z.object({ now: text }), row: inboxRow });
const taskMarkEscalated = defineQuery('workflow/task_mark_escalated', {
  params: z.object({ task_id: text, escalated_at: text }),
  row: none,
});
const notificationList = defineQuery('workflow/notification_list', {
  params: z.object({ user_id: text, role: text, supplier_id: optText, limit: z.number().int().positive() }),
  row: notificationRow,
});
const notificationMarkRead = defineQuery('workflow/notification_mark_read', {
  params: z.object({ user_id: text, ids: text, read_at: text }),
  row: none,
});
const usersForNotice = defineQuery('workflow/users_for_notice', {
  params: z.object({ user_id: optText, role: optText, supplier_id: optText }),
  row: z.object({ id: text, username: text, role: text }),
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** One version of a definition (the latest when version is null), or null. */
export const definitionByKey = async (db: Db, key: string, version: number | null = null) =>
  (await run(definitionGet, db, { workflow_key: key, version }))[0] ?? null;
/** The latest version of every definition. */
export const listDefinitions = (db: Db) => run(definitionList, db, {});
/** Every version of a definition, newest first. */
export const definitionVersionsOf = (db: Db, key: string) =>
  run(definitionVersions, db, { workflow_key: key });
/** Stores a new definition version. */
export async function insertDefinition(
  tx: DuckTx,
  d: {
    key: string;
    version: number;
    title: string;
    definition: unknown;
    createdBy: string;
    createdAt: string;
    note: string | null;
  },
): Promise<void> {
  await tx.append('workflow_definitions', [
    [d.key, d.version, d.title, JSON.stringify(d.definition), d.createdBy, d.createdAt, d.note],
  ]);
}

/** One instance, or null. */
export const instanceById = async (db: Db, id: string) =>
  (await run(instanceGet, db, { instance_id: id }))[0] ?? null;
/** Instances, newest first. */
export const listInstances = (
  db: Db,
  f: {
    workflowKey?: string | null;
    status?: string | null;
    subject?: string | null;
    supplierId?: string | null;
  },
) =>
  run(instanceList, db, {
    workflow_key: f.workflowKey ?? null,
    status: f.status ?? null,
    subject: f.subject ?? null,
    supplier_id: f.supplierId ?? null,
  });
/** The subjects among `subjects` that already have an instance of the workflow. */
export const subjectsWithInstances = async (db: Db, key: string, subjects: string[]) =>
  new Set(
    (await run(instanceSubjects, db, { workflow_key: key, subjects: JSON.stringify(subjects) })).map(
      (r) => r.subject,
    ),
  );

export interface NewInstance {
  instanceId: string;
  workflowKey: string;
  version: number;
  title: string;
  subject: string | null;
  supplierId: string | null;
  state: string;
  startedBy: string;
  startedAt: string;
}
/** Stores a new open instance. */
export async function insertInstance(tx: DuckTx, i: NewInstance): Promise<void> {
  await tx.append('workflow_instances', [
    [
      i.instanceId,
      i.workflowKey,
      i.version,
      i.title,
      i.subject,
      i.supplierId,
      i.state,
      'open',
      i.startedBy,
      i.startedAt,
      i.startedAt,
      null,
    ],
  ]);
}
/** Moves an instance to a state. */
export const moveInstance = async (
  tx: DuckTx,
  m: { instanceId: string; state: string; done: boolean; at: string },
) =>
  void (await instanceMove.inTx(tx, {
    instance_id: m.instanceId,
    state: m.state,
    status: m.done ? 'done' : 'open',
    updated_at: m.at,
    ended_at: m.done ? m.at : null,
  }));
/** Assigns an instance to a supplier (or none). */
export const setInstanceSupplier = async (
  tx: DuckTx,
  instanceId: string,
  supplierId: string | null,
  at: string,
) =>
  void (await instanceSetSupplier.inTx(tx, {
    instance_id: instanceId,
    supplier_id: supplierId,
    updated_at: at,
  }));

/** An instance's history, oldest first. */
export const historyOfInstance = (db: Db, id: string) => run(historyOf, db, { instance_id: id });
/** Appends one history entry. */
export async function insertHistory(
  tx: DuckTx,
  h: {
    instanceId: string;
    seq: number;
    transition: string | null;
    from: string | null;
    to: string;
    actor: string;
    at: string;
    comment: string | null;
    submissionId: string | null;
  },
): Promise<void> {
  await tx.append('workflow_history', [
    [h.instanceId, h.seq, h.transition, h.from, h.to, h.actor, h.at, h.comment, h.submissionId],
  ]);
}

/** An instance's tasks, oldest first. */
export const tasksOf = (db: Db, id: string) => run(tasksOfInstance, db, { instance_id: id });
/** The open tasks a user sees (assigned to them or unassigned for their role). */
export const inboxOf = (db: Db, u: { userId: string; role: string; supplierId: string | null }) =>
  run(taskInbox, db, { user_id: u.userId, role: u.role, supplier_id: u.supplierId });
/** One role's tasks. */
export const tasksOfRole = (db: Db, f: { role: string; supplierId: string | null; status: string | null }) =>
  run(taskList, db, { role: f.role, supplier_id: f.supplierId, status: f.status });
/** Open tasks past due and not yet escalated. */
export const overdueTasks = (db: Db, now: string) => run(taskOverdue, db, { now });

export interface NewTask {
  taskId: string;
  instanceId: string;
  state: string;
  role: string;
  assignee: string | null;
  supplierId: string | null;
  title: string;
  createdAt: string;
  dueAt: string | null;
}
/** Stores open tasks. */
export async function insertTasks(tx: DuckTx, tasks: NewTask[]): Promise<void> {
  await tx.append(
    'workflow_tasks',
    tasks.map((t) => [
      t.taskId,
      t.instanceId,
      t.state,
      t.role,
      t.assignee,
      t.supplierId,
      t.title,
      t.createdAt,
      t.dueAt,
      'open',
      null,
      null,
      false,
      null,
    ]),
  );
}
/** Closes an instance's open tasks. */
export const closeOpenTasks = async (
  tx: DuckTx,
  c: { instanceId: string; status: 'done' | 'cancelled'; at: string; by: string },
) =>
  void (await taskCloseOpen.inTx(tx, {
    instance_id: c.instanceId,
    status: c.status,
    closed_at: c.at,
    closed_by: c.by,
  }));
/** Marks a task escalated. */
export const markEscalated = async (tx: DuckTx, taskId: string, at: string) =>
  void (await taskMarkEscalated.inTx(tx, { task_id: taskId, escalated_at: at }));

export interface NewNotification {
  notificationId: string;
  recipientUser: string | null;
  recipientRole: string | null;
  supplierId: string | null;
  text: string;
  link: string | null;
  taskId: string | null;
  createdAt: string;
}
/** Stores notifications. */
export async function insertNotifications(tx: DuckTx, ns: NewNotification[]): Promise<void> {
  await tx.append(
    'notifications',
    ns.map((n) => [
      n.notificationId,
      n.recipientUser,
      n.recipientRole,
      n.supplierId,
      n.text,
      n.link,
      n.taskId,
      n.createdAt,
    ]),
  );
}
/** A user's notifications, newest first, with their read mark. */
export const notificationsOf = (
  db: Db,
  u: { userId: string; role: string; supplierId: string | null },
  limit = 200,
) => run(notificationList, db, { user_id: u.userId, role: u.role, supplier_id: u.supplierId, limit });
/** Marks notifications read for a user. */
export const markRead = async (tx: DuckTx, userId: string, ids: string[], at: string) =>
  void (await notificationMarkRead.inTx(tx, { user_id: userId, ids: JSON.stringify(ids), read_at: at }));
/** The enabled users a notice reaches (one user, or a role's users of one supplier or of none). */
export const usersForNoticeOf = (
  db: Db,
  r: { userId: string | null; role: string | null; supplierId: string | null },
) => run(usersForNotice, db, { user_id: r.userId, role: r.role, supplier_id: r.supplierId });
