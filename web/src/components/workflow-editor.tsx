// Editing a workflow definition as data: states (label, final, tasks with role, due hours and
// whether the assigned supplier gets them), transitions (from, to, roles, supplier, form, preset
// values, comment required). The page saves the draft as a new version; the API checks it.
import { useState } from 'react';
import {
  STAFF_ROLES,
  type Role,
  type StateDef,
  type TransitionDef,
  type WorkflowDraft,
} from '../api/workflows.ts';

const ROLE_NAMES: Record<string, string> = {
  admin: 'Admin',
  quality_engineer: 'Quality',
  procurement: 'Procurement',
  process_engineer: 'Process',
  auditor: 'Auditor',
  operator: 'Operator',
};

type Set = (d: WorkflowDraft) => void;

export function WorkflowEditor({ draft, set }: { draft: WorkflowDraft; set: Set }) {
  const setState = (i: number, s: StateDef) =>
    set({ ...draft, states: draft.states.map((x, j) => (j === i ? s : x)) });
  const setTransition = (i: number, t: TransitionDef) =>
    set({ ...draft, transitions: draft.transitions.map((x, j) => (j === i ? t : x)) });
  return (
    <div className="workflow-editor">
      <div className="workflow-editor-head">
        <label className="form-field">
          <span>Title</span>
          <input value={draft.title} onChange={(e) => set({ ...draft, title: e.target.value })} />
        </label>
        <label className="form-field">
          <span>Description</span>
          <input
            value={draft.description ?? ''}
            onChange={(e) => set({ ...draft, description: e.target.value })}
          />
        </label>
        <label className="form-field">
          <span>Initial state</span>
          <select value={draft.initial} onChange={(e) => set({ ...draft, initial: e.target.value })}>
            {draft.states.map((s) => (
              <option key={s.name} value={s.name}>
                {s.label || s.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      <h2>States</h2>
      <ol className="workflow-edit-list">
        {draft.states.map((s, i) => (
          <li key={i} className="workflow-edit-card" aria-label={`State ${s.name}`}>
            <div className="workflow-edit-row">
              <label>
                Name <input value={s.name} onChange={(e) => setState(i, { ...s, name: e.target.value })} />
              </label>
              <label>
                Label <input value={s.label} onChange={(e) => setState(i, { ...s, label: e.target.value })} />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={s.final === true}
                  onChange={(e) => setState(i, { ...s, final: e.target.checked || undefined })}
                />
                final
              </label>
              <button
                type="button"
                className="link small"
                onClick={() => set({ ...draft, states: draft.states.filter((_, j) => j !== i) })}
              >
                remove state
              </button>
            </div>
            <ul className="workflow-edit-tasks">
              {(s.tasks ?? []).map((t, k) => {
                const setTask = (nt: typeof t) =>
                  setState(i, { ...s, tasks: (s.tasks ?? []).map((x, m) => (m === k ? nt : x)) });
                return (
                  <li key={k} className="workflow-edit-row">
                    <label>
                      Task{' '}
                      <input value={t.title} onChange={(e) => setTask({ ...t, title: e.target.value })} />
                    </label>
                    <label>
                      Role{' '}
                      <select
                        value={t.role}
                        onChange={(e) => setTask({ ...t, role: e.target.value as Role })}
                      >
                        {STAFF_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_NAMES[r]}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Due in hours{' '}
                      <input
                        type="number"
                        min={0}
                        step="any"
                        className="narrow"
                        value={t.dueHours ?? ''}
                        onChange={(e) =>
                          setTask({
                            ...t,
                            dueHours: e.target.value === '' ? undefined : Number(e.target.value),
                          })
                        }
                      />
                    </label>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={t.supplier === true}
                        onChange={(e) => setTask({ ...t, supplier: e.target.checked || undefined })}
                      />
                      to the supplier when assigned
                    </label>
                    <button
                      type="button"
                      className="link small"
                      onClick={() => setState(i, { ...s, tasks: (s.tasks ?? []).filter((_, m) => m !== k) })}
                    >
                      remove task
                    </button>
                  </li>
                );
              })}
            </ul>
            <button
              type="button"
              className="small"
              onClick={() =>
                setState(i, {
                  ...s,
                  tasks: [...(s.tasks ?? []), { title: '', role: 'quality_engineer', dueHours: 24 }],
                })
              }
            >
              Add a task
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          set({
            ...draft,
            states: [...draft.states, { name: `state_${draft.states.length + 1}`, label: '' }],
          })
        }
      >
        Add a state
      </button>

      <h2>Transitions</h2>
      <ol className="workflow-edit-list">
        {draft.transitions.map((t, i) => (
          <TransitionCard
            key={i}
            t={t}
            states={draft.states}
            set={(nt) => setTransition(i, nt)}
            remove={() => set({ ...draft, transitions: draft.transitions.filter((_, j) => j !== i) })}
          />
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          set({
            ...draft,
            transitions: [
              ...draft.transitions,
              {
                name: `transition_${draft.transitions.length + 1}`,
                label: '',
                from: [],
                to: draft.states[0]?.name ?? '',
                roles: ['quality_engineer'],
              },
            ],
          })
        }
      >
        Add a transition
      </button>
    </div>
  );
}

function TransitionCard(p: {
  t: TransitionDef;
  states: StateDef[];
  set: (t: TransitionDef) => void;
  remove: () => void;
}) {
  const { t, set } = p;
  const [preset, setPreset] = useState(t.preset ? JSON.stringify(t.preset) : '');
  const [presetError, setPresetError] = useState<string | null>(null);
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  return (
    <li className="workflow-edit-card" aria-label={`Transition ${t.name}`}>
      <div className="workflow-edit-row">
        <label>
          Name <input value={t.name} onChange={(e) => set({ ...t, name: e.target.value })} />
        </label>
        <label>
          Label <input value={t.label} onChange={(e) => set({ ...t, label: e.target.value })} />
        </label>
        <label>
          To{' '}
          <select value={t.to} onChange={(e) => set({ ...t, to: e.target.value })}>
            {p.states.map((s) => (
              <option key={s.name} value={s.name}>
                {s.label || s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link small" onClick={p.remove}>
          remove transition
        </button>
      </div>
      <fieldset className="workflow-edit-row">
        <legend>From</legend>
        {p.states
          .filter((s) => !s.final)
          .map((s) => (
            <label key={s.name} className="check">
              <input
                type="checkbox"
                checked={t.from.includes(s.name)}
                onChange={(e) => set({ ...t, from: toggle(t.from, s.name, e.target.checked) })}
              />
              {s.label || s.name}
            </label>
          ))}
      </fieldset>
      <fieldset className="workflow-edit-row">
        <legend>Who may take it</legend>
        {STAFF_ROLES.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              checked={t.roles.includes(r)}
              onChange={(e) => set({ ...t, roles: toggle(t.roles, r, e.target.checked) })}
            />
            {ROLE_NAMES[r]}
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            checked={t.supplier === true}
            onChange={(e) => set({ ...t, supplier: e.target.checked || undefined })}
          />
          the assigned supplier
        </label>
      </fieldset>
      <div className="workflow-edit-row">
        <label>
          Form{' '}
          <input
            value={t.form ?? ''}
            placeholder="form key, e.g. incoming-inspection"
            onChange={(e) => set({ ...t, form: e.target.value || undefined })}
          />
        </label>
        <label>
          Preset values (JSON){' '}
          <input
            value={preset}
            placeholder='{"decision": "release"}'
            onChange={(e) => {
              setPreset(e.target.value);
              if (e.target.value.trim() === '') {
                setPresetError(null);
                set({ ...t, preset: undefined });
                return;
              }
              try {
                const v = JSON.parse(e.target.value) as Record<string, unknown>;
                setPresetError(null);
                set({ ...t, preset: v });
              } catch {
                setPresetError('not JSON yet');
              }
            }}
            aria-invalid={presetError ? true : undefined}
          />
          {presetError && <small className="field-error">{presetError}</small>}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={t.commentRequired === true}
            onChange={(e) => set({ ...t, commentRequired: e.target.checked || undefined })}
          />
          comment required
        </label>
      </div>
    </li>
  );
}
