// A form being filled in at the point of work: every field of its version, Enter in a scan field
// moves on to the next required field still empty (or submits when none is), the API's problems
// shown at their fields, an interlock's refusal or warnings (with an override reason), and what
// was captured with links to the submission and the trace.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/client.ts';
import { submitForm, type CaptureResult, type FormDefinition, type InterlockReason } from '../api/forms.ts';
import { shortId } from '../format.ts';
import { ErrorMessage } from './error-message.tsx';
import { FormFieldInput, toData, type FormValues } from './form-field-input.tsx';

interface Props {
  form: FormDefinition;
  /** values set before the person starts (a workflow transition's presets) */
  presets?: FormValues;
  /** whether the person may see submissions (links to them) */
  canReadSubmissions?: boolean;
  /** whether the person may open the trace */
  canTrace?: boolean;
  onCaptured?: (r: CaptureResult) => void;
}

type Inputs = (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null)[];

/** The field a problem names: `field`, or the pointer's last part under /data. */
const fieldOfProblem = (p: { field?: string; pointer?: string }) =>
  p.pointer?.startsWith('/data/') ? p.pointer.slice('/data/'.length) : p.field;

export function CaptureForm({
  form,
  presets = {},
  canReadSubmissions = false,
  canTrace = false,
  onCaptured,
}: Props) {
  const [values, setValues] = useState<FormValues>(presets);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CaptureResult | null>(null);
  const [warnings, setWarnings] = useState<InterlockReason[] | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const inputs = useRef<Inputs>([]);
  const formRef = useRef<HTMLFormElement>(null);

  const problems = new Map<string, string>();
  if (isApiError(error))
    for (const p of error.problems) {
      const f = fieldOfProblem(p);
      if (f && !problems.has(f)) problems.set(f, p.reason);
    }
  const refusals =
    isApiError(error) && error.code === 'INTERLOCK'
      ? ((error.details['refusals'] as InterlockReason[] | undefined) ?? [])
      : [];
  const fieldNames = new Set(form.fields.map((f) => f.name));
  // Problems no field shows (the form as a whole, the version) stay in the summary.
  const unplaced = isApiError(error)
    ? error.problems.filter((p) => !fieldNames.has(fieldOfProblem(p) ?? ''))
    : [];

  const submit = async (override?: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await submitForm(form.key, {
        version: form.version,
        data: toData(form.fields, values),
        ...(override ? { override: { reason: override } } : {}),
      });
      setDone(r);
      setWarnings(null);
      setOverrideReason('');
      setValues(presets);
      onCaptured?.(r);
      inputs.current.find((i) => i && !i.disabled)?.focus();
    } catch (e) {
      setError(e);
      if (isApiError(e) && e.code === 'INTERLOCK' && e.details['overridable'] === true)
        setWarnings((e.details['warnings'] as InterlockReason[] | undefined) ?? []);
      else setWarnings(null);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) void submit();
  };

  // A scanner ends with Enter: go to the next required field still empty, or submit.
  const onEnter = (i: number) => {
    const next = form.fields.findIndex((f, j) => j > i && f.required && isEmpty(values[f.name]));
    const first = next >= 0 ? next : form.fields.findIndex((f) => f.required && isEmpty(values[f.name]));
    const target = first >= 0 && first !== i ? inputs.current[first] : null;
    if (target) target.focus();
    else formRef.current?.requestSubmit();
  };

  return (
    <form ref={formRef} className="capture-form" onSubmit={onSubmit} aria-label={form.title} noValidate>
      {done && <CaptureDone result={done} canReadSubmissions={canReadSubmissions} canTrace={canTrace} />}
      {form.fields.map((f, i) => (
        <FormFieldInput
          key={f.name}
          field={f}
          value={values[f.name]}
          onChange={(v) => {
            setValues((s) => ({ ...s, [f.name]: v }));
            setDone(null);
          }}
          error={problems.get(f.name)}
          onEnter={() => onEnter(i)}
          inputRef={(el) => {
            inputs.current[i] = el;
          }}
          disabled={busy}
        />
      ))}
      {refusals.length > 0 && (
        <div className="error capture-interlock" role="alert">
          <p>
            <strong>This lot may not be issued.</strong>
          </p>
          <ul>
            {refusals.map((r, i) => (
              <li key={i}>{r.message}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings && warnings.length > 0 && (
        <div className="capture-warning" role="alert">
          <p>
            <strong>Check before issuing:</strong>
          </p>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>
                {w.message}
                {w.better?.length ? (
                  <span className="muted"> (use first: {w.better.map((b) => b.code).join(', ')})</span>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="form-field">
            <label htmlFor="capture-override">Reason to issue this lot anyway</label>
            <input
              id="capture-override"
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
              maxLength={2000}
            />
            <small className="hint">Kept with the event and in the audit trail.</small>
          </div>
          <button
            type="button"
            className="primary capture-big"
            disabled={busy || overrideReason.trim() === ''}
            onClick={() => void submit(overrideReason.trim())}
          >
            Issue anyway
          </button>
        </div>
      )}
      {error !== null && refusals.length === 0 && !(warnings && warnings.length) && (
        <ErrorSummary error={error} unplaced={unplaced} />
      )}
      <div className="actions">
        <button type="submit" className="primary capture-big" disabled={busy}>
          {busy ? 'Saving…' : form.kind === 'capture' ? 'Capture' : 'Save'}
        </button>
      </div>
    </form>
  );
}

const isEmpty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function ErrorSummary({
  error,
  unplaced,
}: {
  error: unknown;
  unplaced: { field?: string; reason: string }[];
}) {
  if (!isApiError(error)) return <ErrorMessage error={error} />;
  return (
    <div className="error" role="alert">
      <p>{error.message.charAt(0).toUpperCase() + error.message.slice(1)}</p>
      {error.problems.length > unplaced.length && <p>See the fields marked above.</p>}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((p, i) => (
            <li key={i}>
              {p.field && <strong>{p.field}:</strong>} {p.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CaptureDone({
  result,
  canReadSubmissions,
  canTrace,
}: {
  result: CaptureResult;
  canReadSubmissions: boolean;
  canTrace: boolean;
}) {
  return (
    <div className="notice capture-done" role="status">
      <p>
        <strong>Saved</strong> as {result.submissionId} (form version {result.version})
        {result.subject ? <> for {shortId(result.subject)}</> : null}.
      </p>
      <p className="capture-links">
        {canReadSubmissions && (
          <Link to={`/submissions/${encodeURIComponent(result.submissionId)}`}>Open the record</Link>
        )}
        {result.subject && result.eventId && canTrace && (
          <Link to={`/trace?id=${encodeURIComponent(result.subject)}`}>Trace {shortId(result.subject)}</Link>
        )}
      </p>
      {result.warnings && result.warnings.length > 0 && (
        <p className="muted">
          Issued despite: {result.warnings.map((w) => w.code).join(', ')} (reason recorded).
        </p>
      )}
      {result.graph === 'pending' && (
        <p className="muted">The trace will show it once the graph has caught up.</p>
      )}
      {result.followUpError && <p className="muted">Saved, but a follow-up failed: {result.followUpError}</p>}
    </div>
  );
}
