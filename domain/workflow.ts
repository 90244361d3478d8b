// Declarative workflows: a definition is data (states, transitions, who may take each, which form
// a transition needs, tasks created on entry with due times). This module checks a definition and
// decides, without I/O, whether someone may take a transition from an instance's state.
import type { Problem } from './errors.ts';
import { ROLES, type Role } from './roles.ts';

export const WORKFLOW_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const STATE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A task created when an instance enters a state. */
export interface TaskTemplate {
  title: string;
  /** the role whose inbox shows the task */
  role: Role;
  /** hours after entry the task is due; absent: no due time */
  dueHours?: number;
  /** when the instance is assigned to a supplier, the task goes to that supplier's users instead */
  supplier?: boolean;
}

export interface StateDef {
  name: string;
  label: string;
  /** an instance in a final state is finished: no transition leaves it */
  final?: boolean;
  tasks?: TaskTemplate[];
}

export interface TransitionDef {
  name: string;
  label: string;
  from: string[];
  to: string;
  /** staff roles that may take it */
  roles: Role[];
  /** the users of the instance's supplier may take it too (when it is assigned to a supplier) */
  supplier?: boolean;
  /** a form submitted with the transition (capture or record form) */
  form?: string;
  /** field values merged over what the user enters (e.g. { decision: 'release' }) */
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

/** What an editor sends: a definition without its version and authorship. */
export type WorkflowDraft = Omit<WorkflowDefinition, 'version' | 'createdBy' | 'createdAt'>;

/** Who wants to take a transition. */
export interface Taker {
  role: Role;
  /** a supplier user's supplier; null for staff */
  supplierId: string | null;
}

const problem = (pointer: string, reason: string): Problem => ({
  field: pointer.split('/').filter(Boolean).join('.') || 'definition',
  pointer,
  reason,
});

/**
 * Everything wrong with a definition, each named by its JSON pointer: bad names, duplicate
 * states or transitions, unknown states or roles, a missing or final initial state, states no
 * transition reaches, non-final states without a way out, final states with one, bad due times.
 */
export function checkDefinition(d: WorkflowDraft): Problem[] {
  const p: Problem[] = [];
  if (!WORKFLOW_KEY.test(d.key ?? ''))
    p.push(problem('/key', 'must be lower-case letters, digits and dashes'));
  if (!d.title?.trim()) p.push(problem('/title', 'is required'));
  const states = new Map<string, StateDef>();
  if (!Array.isArray(d.states) || d.states.length === 0)
    p.push(problem('/states', 'at least one state is needed'));
  (d.states ?? []).forEach((s, i) => {
    if (!STATE_NAME.test(s.name ?? ''))
      p.push(problem(`/states/${i}/name`, 'must be lower-case letters, digits and underscores'));
    else if (states.has(s.name))
      p.push(problem(`/states/${i}/name`, `the state "${s.name}" is defined twice`));
    else states.set(s.name, s);
    if (!s.label?.trim()) p.push(problem(`/states/${i}/label`, 'is required'));
    (s.tasks ?? []).forEach((t, j) => {
      const at = `/states/${i}/tasks/${j}`;
      if (!t.title?.trim()) p.push(problem(`${at}/title`, 'is required'));
      if (!ROLES.includes(t.role)) p.push(problem(`${at}/role`, `unknown role "${String(t.role)}"`));
      if (t.dueHours !== undefined && !(Number.isFinite(t.dueHours) && t.dueHours > 0))
        p.push(problem(`${at}/dueHours`, 'must be a number of hours above 0'));
    });
  });
  if (!states.has(d.initial)) p.push(problem('/initial', `unknown state "${String(d.initial)}"`));
  else if (states.get(d.initial)!.final) p.push(problem('/initial', 'the initial state must not be final'));
  if (![...states.values()].some((s) => s.final))
    p.push(problem('/states', 'at least one state must be final'));

  const names = new Set<string>();
  (d.transitions ?? []).forEach((t, i) => {
    const at = `/transitions/${i}`;
    if (!STATE_NAME.test(t.name ?? ''))
      p.push(problem(`${at}/name`, 'must be lower-case letters, digits and underscores'));
    else if (names.has(t.name)) p.push(problem(`${at}/name`, `the transition "${t.name}" is defined twice`));
    else names.add(t.name);
    if (!t.label?.trim()) p.push(problem(`${at}/label`, 'is required'));
    if (!Array.isArray(t.from) || t.from.length === 0)
      p.push(problem(`${at}/from`, 'at least one state is needed'));
    (t.from ?? []).forEach((f, j) => {
      if (!states.has(f)) p.push(problem(`${at}/from/${j}`, `unknown state "${f}"`));
      else if (states.get(f)!.final) p.push(problem(`${at}/from/${j}`, `"${f}" is final: nothing leaves it`));
    });
    if (!states.has(t.to)) p.push(problem(`${at}/to`, `unknown state "${String(t.to)}"`));
    if (!Array.isArray(t.roles)) p.push(problem(`${at}/roles`, 'is required'));
    (t.roles ?? []).forEach((r, j) => {
      if (!ROLES.includes(r)) p.push(problem(`${at}/roles/${j}`, `unknown role "${String(r)}"`));
      else if (r === 'supplier')
        p.push(problem(`${at}/roles/${j}`, 'use "supplier": true for supplier users'));
    });
    if ((t.roles ?? []).length === 0 && !t.supplier)
      p.push(problem(`${at}/roles`, 'at least one role (or the supplier) must be able to take it'));
    if (t.form !== undefined && !FORM_KEY.test(t.form)) p.push(problem(`${at}/form`, 'is not a form key'));
    if (
      t.preset !== undefined &&
      (t.preset === null || typeof t.preset !== 'object' || Array.isArray(t.preset))
    )
      p.push(problem(`${at}/preset`, 'must be an object of field values'));
    if (t.preset !== undefined && t.form === undefined) p.push(problem(`${at}/preset`, 'needs a form'));
  });

  if (states.has(d.initial)) {
    const reached = reachable(d);
    (d.states ?? []).forEach((s, i) => {
      if (states.get(s.name) === s && !reached.has(s.name))
        p.push(problem(`/states/${i}`, `no transition reaches "${s.name}" from "${d.initial}"`));
    });
  }
  (d.states ?? []).forEach((s, i) => {
    if (
      !s.final &&
      states.get(s.name) === s &&
      !(d.transitions ?? []).some((t) => (t.from ?? []).includes(s.name))
    )
      p.push(problem(`/states/${i}`, `"${s.name}" is not final but no transition leaves it`));
  });
  return p;
}

/** The states reachable from the initial one. */
export function reachable(d: Pick<WorkflowDraft, 'initial' | 'transitions'>): Set<string> {
  const seen = new Set([d.initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of d.transitions ?? [])
      if ((t.from ?? []).some((f) => seen.has(f)) && !seen.has(t.to)) {
        seen.add(t.to);
        grew = true;
      }
  }
  return seen;
}

export const stateOf = (d: Pick<WorkflowDefinition, 'states'>, name: string): StateDef | undefined =>
  d.states.find((s) => s.name === name);

/** Whether a taker may take a transition on an instance (assigned to `instanceSupplier` or none). */
export function mayTake(t: TransitionDef, who: Taker, instanceSupplier: string | null): boolean {
  if (who.role === 'supplier')
    return t.supplier === true && instanceSupplier !== null && who.supplierId === instanceSupplier;
  return t.roles.includes(who.role);
}

/** The transitions leaving a state that a taker may take. */
export const availableTransitions = (
  d: Pick<WorkflowDefinition, 'transitions'>,
  state: string,
  who: Taker,
  instanceSupplier: string | null,
): TransitionDef[] =>
  d.transitions.filter((t) => t.from.includes(state) && mayTake(t, who, instanceSupplier));

export type TransitionRefusal =
  | { code: 'UNKNOWN_TRANSITION'; reason: string }
  | { code: 'WRONG_STATE'; reason: string }
  | { code: 'NOT_ALLOWED'; reason: string }
  | { code: 'COMMENT_REQUIRED'; reason: string };

/** The transition to take, or why it may not be taken now. */
export function checkTransition(
  d: Pick<WorkflowDefinition, 'transitions' | 'states'>,
  state: string,
  name: string,
  who: Taker,
  instanceSupplier: string | null,
  comment: string | null | undefined,
): { ok: true; transition: TransitionDef } | { ok: false; refusal: TransitionRefusal } {
  const t = d.transitions.find((x) => x.name === name);
  if (!t)
    return {
      ok: false,
      refusal: { code: 'UNKNOWN_TRANSITION', reason: `the workflow has no transition "${name}"` },
    };
  if (!t.from.includes(state))
    return {
      ok: false,
      refusal: {
        code: 'WRONG_STATE',
        reason: `"${t.label}" is taken from ${t.from.join(', ')}; the instance is in ${state}`,
      },
    };
  if (!mayTake(t, who, instanceSupplier))
    return {
      ok: false,
      refusal: {
        code: 'NOT_ALLOWED',
        reason:
          who.role === 'supplier'
            ? `"${t.label}" is not the supplier's to take`
            : `"${t.label}" may be taken by ${[...t.roles, ...(t.supplier ? ['the supplier'] : [])].join(', ')}`,
      },
    };
  if (t.commentRequired && !comment?.trim())
    return { ok: false, refusal: { code: 'COMMENT_REQUIRED', reason: `"${t.label}" needs a comment` } };
  return { ok: true, transition: t };
}

/** A new task's addressee: the instance's supplier for supplier tasks when assigned, else the role. */
export function taskAddressee(
  t: TaskTemplate,
  instanceSupplier: string | null,
): { role: Role; supplierId: string | null } {
  return t.supplier && instanceSupplier !== null
    ? { role: 'supplier', supplierId: instanceSupplier }
    : { role: t.role, supplierId: null };
}

/** When a task made at `entered` is due, or null. */
export const dueAt = (t: TaskTemplate, entered: Date): string | null =>
  t.dueHours === undefined ? null : new Date(entered.getTime() + t.dueHours * 3_600_000).toISOString();

/** Whether two drafts say the same (a save of an unchanged definition makes no new version). */
export function sameDraft(a: WorkflowDraft, b: WorkflowDraft): boolean {
  const strip = (d: WorkflowDraft) =>
    JSON.stringify({
      key: d.key,
      title: d.title,
      description: d.description ?? null,
      initial: d.initial,
      states: d.states,
      transitions: d.transitions,
    });
  return strip(a) === strip(b);
}
