// The workflow engine's calls and answer shapes: definitions and their versions, instances with
// their history, transitions, the inbox and notifications. The API owns the shapes; these are the
// web's copy (docs/workflows.md).
import { path, query, request } from './client.ts';
import type { FieldDef } from './forms.ts';

export type Role =
  'admin' | 'quality_engineer' | 'procurement' | 'process_engineer' | 'auditor' | 'operator' | 'supplier';
export const STAFF_ROLES: Role[] = [
  'admin',
  'quality_engineer',
  'procurement',
  'process_engineer',
  'auditor',
  'operator',
];
export const TASK_ROLES: Role[] = [...STAFF_ROLES];

export interface TaskTemplate {
  title: string;
  role: Role;
  dueHours?: number;
  supplier?: boolean;
}
export interface StateDef {
  name: string;
  label: string;
  final?: boolean;
  tasks?: TaskTemplate[];
}
export interface TransitionDef {
  name: string;
  label: string;
  from: string[];
  to: string;
  roles: Role[];
  supplier?: boolean;
  form?: string;
  preset?: Record<string, unknown>;
  commentRequired?: boolean;
}
export interface WorkflowDefinition {
  key: string;
  version: number;
  title: string;
  description?: string;
  initial: string;
  states: StateDef[];
  transitions: TransitionDef[];
  createdBy: string;
  createdAt: string;
}
export type WorkflowDraft = Omit<WorkflowDefinition, 'version' | 'createdBy' | 'createdAt'> & {
  note?: string;
};

export interface DefinitionSummary {
  key: string;
  version: number;
  title: string;
  createdBy: string;
  createdAt: string;
  versions: number;
  openInstances: number;
}
export interface DefinitionVersion {
  version: number;
  title: string;
  createdBy: string;
  createdAt: string;
  note: string | null;
  instances: number;
  openInstances: number;
}

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
  submission: {
    formKey: string;
    version: number;
    title: string;
    data: Record<string, unknown>;
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
  overdue: boolean;
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
export interface Inbox {
  tasks: Task[];
  notifications: Notification[];
  unread: number;
}
/** What a transition sends: its name, the form's answers and a comment. */
export interface TransitionInput {
  transition: string;
  data?: Record<string, unknown>;
  comment?: string;
}

export const listDefinitions = () =>
  request<{ definitions: DefinitionSummary[] }>('GET', '/api/workflows').then((r) => r.definitions);
export const getDefinition = (key: string, version?: number) =>
  request<WorkflowDefinition>('GET', path`/api/workflows/${key}` + query({ version }));
export const definitionVersions = (key: string) =>
  request<{ versions: DefinitionVersion[] }>('GET', path`/api/workflows/${key}/versions`).then(
    (r) => r.versions,
  );
export const saveDefinition = (draft: WorkflowDraft) =>
  request<WorkflowDefinition>('POST', '/api/workflows', draft);

export const listInstances = (f: { workflow?: string; status?: string; subject?: string }) =>
  request<{ instances: WorkflowInstance[] }>('GET', '/api/workflow-instances' + query(f)).then(
    (r) => r.instances,
  );
export const getInstance = (id: string) => request<InstanceView>('GET', path`/api/workflow-instances/${id}`);
export const startInstance = (b: { workflow: string; title: string; subject?: string }) =>
  request<InstanceView>('POST', '/api/workflow-instances', b);
export const takeTransition = (id: string, b: TransitionInput) =>
  request<InstanceView>('POST', path`/api/workflow-instances/${id}/transitions`, b);

export const getInbox = () => request<Inbox>('GET', '/api/inbox');
export const tasksOfRole = (role: string) =>
  request<{ tasks: Task[] }>('GET', '/api/tasks' + query({ role, status: 'open' })).then((r) => r.tasks);
export const unreadNotifications = () =>
  request<{ unread: number }>('GET', '/api/notifications/unread').then((r) => r.unread);
export const markRead = (b: { ids?: string[]; all?: boolean }) =>
  request<{ unread: number }>('POST', '/api/notifications/read', b);
