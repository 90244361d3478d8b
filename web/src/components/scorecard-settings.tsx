// The scorecard's weights and grade thresholds as the API holds them; with config:write they can
// be changed in a dialog, with a required reason for the audit trail.
import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { setScorecardConfig } from '../api/endpoints.ts';
import type { ScorecardConfig } from '../api/types.ts';
import { formatPpm } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage, problemKey } from './error-message.tsx';
import { TextField } from './fields.tsx';

type Key =
  'weights.acceptance' | 'weights.ppm' | 'weights.onTime' | 'ppmZero' | 'gradeA' | 'gradeB' | 'reason';

const LABELS: Record<Key, string> = {
  'weights.acceptance': 'Weight of acceptance',
  'weights.ppm': 'Weight of PPM',
  'weights.onTime': 'Weight of on-time delivery',
  ppmZero: 'PPM that scores 0',
  gradeA: 'Grade A from score',
  gradeB: 'Grade B from score',
  reason: 'Reason',
};
// Problems about the weights as a whole belong to the first weight field.
const PROBLEM_LABELS: Record<string, string> = { ...LABELS, weights: 'Weights' };

export function ScorecardSettings({
  config,
  canEdit,
  onSaved,
}: {
  config: ScorecardConfig;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="card settings" aria-labelledby="scorecard-settings">
      <div className="page-head">
        <h2 id="scorecard-settings">Scorecard weights</h2>
        {canEdit && (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setEditing(true);
            }}
          >
            Change weights
          </button>
        )}
      </div>
      <dl className="facts">
        <dt>Acceptance rate</dt>
        <dd>weight {config.weights.acceptance}</dd>
        <dt>PPM defective</dt>
        <dd>
          weight {config.weights.ppm}; scores 100 at 0 PPM, 0 at {formatPpm(config.ppmZero)} PPM and above
        </dd>
        <dt>On-time delivery</dt>
        <dd>weight {config.weights.onTime} (not used while there is no on-time data)</dd>
        <dt>Grades</dt>
        <dd>
          A from a score of {config.gradeA}, B from {config.gradeB}, C below
        </dd>
      </dl>
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      <Dialog open={editing} title="Change scorecard weights" onClose={() => setEditing(false)}>
        <SettingsForm
          config={config}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setNotice('The scorecard weights are changed; scores and grades below use them.');
            onSaved();
          }}
        />
      </Dialog>
    </section>
  );
}

const initial = (c: ScorecardConfig): Record<Key, string> => ({
  'weights.acceptance': String(c.weights.acceptance),
  'weights.ppm': String(c.weights.ppm),
  'weights.onTime': String(c.weights.onTime),
  ppmZero: String(c.ppmZero),
  gradeA: String(c.gradeA),
  gradeB: String(c.gradeB),
  reason: '',
});

// An empty or non-numeric field goes to the API as null, which names it.
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));

function SettingsForm({
  config,
  onCancel,
  onSaved,
}: {
  config: ScorecardConfig;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [values, setValues] = useState(() => initial(config));
  const action = useAction(setScorecardConfig);
  const problems = isApiError(action.error) ? action.error.problems : [];
  const problemOf = (k: Key) =>
    problems
      .filter((p) => {
        const key = problemKey(p, 'config');
        return key === k || (key === 'weights' && k === 'weights.acceptance');
      })
      .map((p) => p.reason)
      .join('; ');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: ScorecardConfig = {
      weights: {
        acceptance: num(values['weights.acceptance']),
        ppm: num(values['weights.ppm']),
        onTime: num(values['weights.onTime']),
      },
      ppmZero: num(values.ppmZero),
      gradeA: num(values.gradeA),
      gradeB: num(values.gradeB),
    };
    if ((await action.run(next, values.reason.trim())).ok) onSaved();
  };

  const field = (k: Key, hint?: string) => {
    const problem = problemOf(k);
    return (
      <TextField
        key={k}
        label={LABELS[k]}
        type={k === 'reason' ? 'text' : 'number'}
        step={k === 'reason' ? undefined : 'any'}
        inputMode={k === 'reason' ? undefined : 'decimal'}
        required
        maxLength={k === 'reason' ? 2000 : undefined}
        value={values[k]}
        onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
        aria-invalid={problem ? true : undefined}
        hint={problem ? <span className="field-error">{problem}</span> : hint}
      />
    );
  };

  return (
    <form onSubmit={submit}>
      <fieldset className="plain-fieldset">
        <legend>Weights (any non-negative numbers; only components with data count)</legend>
        {field('weights.acceptance')}
        {field('weights.ppm')}
        {field('weights.onTime')}
      </fieldset>
      {field('ppmZero', 'The PPM score falls linearly from 100 at 0 PPM to 0 here.')}
      {field('gradeA')}
      {field('gradeB')}
      {field('reason', 'Required: kept in the audit trail with the change.')}
      <ErrorMessage error={action.error} labels={PROBLEM_LABELS} under="config" />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save weights
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
