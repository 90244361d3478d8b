import { describe, expect, it } from 'vitest';
import {
  availableTransitions,
  checkDefinition,
  checkTransition,
  dueAt,
  reachable,
  taskAddressee,
  type Taker,
  type WorkflowDraft,
} from './workflow.ts';

const review: WorkflowDraft = {
  key: 'review',
  title: 'Review',
  initial: 'draft',
  states: [
    { name: 'draft', label: 'Draft', tasks: [{ title: 'Write it', role: 'quality_engineer', dueHours: 8 }] },
    {
      name: 'answer',
      label: 'Supplier answers',
      tasks: [{ title: 'Answer', role: 'quality_engineer', supplier: true }],
    },
    { name: 'done', label: 'Done', final: true },
  ],
  transitions: [
    { name: 'send', label: 'Send', from: ['draft'], to: 'answer', roles: ['quality_engineer', 'admin'] },
    {
      name: 'answer',
      label: 'Answer',
      from: ['answer'],
      to: 'done',
      roles: ['admin'],
      supplier: true,
      form: 'x',
    },
    {
      name: 'drop',
      label: 'Drop',
      from: ['draft', 'answer'],
      to: 'done',
      roles: ['admin'],
      commentRequired: true,
    },
  ],
};

const pointers = (d: WorkflowDraft) => checkDefinition(d).map((p) => `${p.pointer} ${p.reason}`);

describe('checkDefinition', () => {
  it('accepts a sound definition', () => {
    expect(checkDefinition(review)).toEqual([]);
  });

  it('names unknown states in transitions and the initial state', () => {
    const d = {
      ...review,
      initial: 'nowhere',
      transitions: [{ ...review.transitions[0]!, from: ['nope'], to: 'gone' }],
    };
    expect(pointers(d)).toEqual(
      expect.arrayContaining([
        '/initial unknown state "nowhere"',
        '/transitions/0/from/0 unknown state "nope"',
        '/transitions/0/to unknown state "gone"',
      ]),
    );
  });

  it('finds unreachable states and dead ends', () => {
    const d: WorkflowDraft = {
      ...review,
      states: [...review.states, { name: 'limbo', label: 'Limbo' }],
    };
    expect(pointers(d)).toEqual([
      '/states/3 no transition reaches "limbo" from "draft"',
      '/states/3 "limbo" is not final but no transition leaves it',
    ]);
  });

  it('refuses duplicate states and transitions, unknown roles, bad due hours', () => {
    const d: WorkflowDraft = {
      ...review,
      states: [
        ...review.states,
        { name: 'draft', label: 'Again' },
        { name: 'x', label: 'X', final: true, tasks: [{ title: 't', role: 'wizard' as never, dueHours: 0 }] },
      ],
      transitions: [
        ...review.transitions,
        { name: 'send', label: 'Again', from: ['draft'], to: 'x', roles: ['admin'] },
      ],
    };
    expect(pointers(d)).toEqual([
      '/states/3/name the state "draft" is defined twice',
      '/states/4/tasks/0/role unknown role "wizard"',
      '/states/4/tasks/0/dueHours must be a number of hours above 0',
      '/transitions/3/name the transition "send" is defined twice',
    ]);
  });

  it('needs a final state, a non-final initial state and nothing leaving a final state', () => {
    const d: WorkflowDraft = {
      ...review,
      initial: 'done',
      transitions: [
        ...review.transitions,
        { name: 'back', label: 'Back', from: ['done'], to: 'draft', roles: ['admin'] },
      ],
    };
    expect(pointers(d)).toEqual(
      expect.arrayContaining([
        '/initial the initial state must not be final',
        '/transitions/3/from/0 "done" is final: nothing leaves it',
      ]),
    );
    const noFinal = { ...review, states: review.states.map((s) => ({ ...s, final: false })) };
    expect(pointers(noFinal)).toContain('/states at least one state must be final');
  });

  it('refuses a preset without a form and a transition no one may take', () => {
    const d: WorkflowDraft = {
      ...review,
      transitions: [
        { ...review.transitions[0]!, roles: [], preset: { a: 1 } },
        ...review.transitions.slice(1),
      ],
    };
    expect(pointers(d)).toEqual([
      '/transitions/0/roles at least one role (or the supplier) must be able to take it',
      '/transitions/0/preset needs a form',
    ]);
  });

  it('follows transitions to find reachable states', () => {
    expect([...reachable(review)].sort()).toEqual(['answer', 'done', 'draft']);
  });
});

describe('transition rules', () => {
  const def = { ...review, states: review.states };
  const qe: Taker = { role: 'quality_engineer', supplierId: null };
  const sup: Taker = { role: 'supplier', supplierId: 'urn:s:A' };

  it('lets a listed role take a transition from its state', () => {
    expect(checkTransition(def, 'draft', 'send', qe, null, null)).toEqual({
      ok: true,
      transition: review.transitions[0],
    });
  });

  it('refuses an unknown transition, the wrong state, a role not listed, a missing comment', () => {
    const refusal = (
      state: string,
      name: string,
      who = qe,
      s: string | null = null,
      c: string | null = null,
    ) => {
      const r = checkTransition(def, state, name, who, s, c);
      return r.ok ? null : r.refusal.code;
    };
    expect(refusal('draft', 'fly')).toBe('UNKNOWN_TRANSITION');
    expect(refusal('answer', 'send')).toBe('WRONG_STATE');
    expect(refusal('answer', 'answer')).toBe('NOT_ALLOWED');
    expect(refusal('draft', 'drop', { role: 'admin', supplierId: null })).toBe('COMMENT_REQUIRED');
    expect(refusal('draft', 'drop', { role: 'admin', supplierId: null }, null, ' ')).toBe('COMMENT_REQUIRED');
    expect(refusal('draft', 'drop', { role: 'admin', supplierId: null }, null, 'duplicate')).toBeNull();
  });

  it('lets a supplier take supplier transitions only on its own supplier’s instance', () => {
    expect(availableTransitions(def, 'answer', sup, 'urn:s:A').map((t) => t.name)).toEqual(['answer']);
    expect(availableTransitions(def, 'answer', sup, 'urn:s:B')).toEqual([]);
    expect(availableTransitions(def, 'answer', sup, null)).toEqual([]);
    expect(availableTransitions(def, 'draft', sup, 'urn:s:A')).toEqual([]);
    expect(
      availableTransitions(def, 'answer', { role: 'admin', supplierId: null }, 'urn:s:A').map((t) => t.name),
    ).toEqual(['answer', 'drop']);
  });

  it('sends supplier tasks to the supplier once assigned, else to the role', () => {
    const t = review.states[1]!.tasks![0]!;
    expect(taskAddressee(t, 'urn:s:A')).toEqual({ role: 'supplier', supplierId: 'urn:s:A' });
    expect(taskAddressee(t, null)).toEqual({ role: 'quality_engineer', supplierId: null });
    expect(taskAddressee(review.states[0]!.tasks![0]!, 'urn:s:A')).toEqual({
      role: 'quality_engineer',
      supplierId: null,
    });
  });

  it('computes due times from the entry time', () => {
    expect(dueAt({ title: 't', role: 'admin', dueHours: 24 }, new Date('2026-03-01T10:00:00Z'))).toBe(
      '2026-03-02T10:00:00.000Z',
    );
    expect(dueAt({ title: 't', role: 'admin' }, new Date())).toBeNull();
  });
});
