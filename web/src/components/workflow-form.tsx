// A form answered inside a workflow (a transition's form, an 8D step): the fields of its version
// except those the transition presets, an optional comment, and the API's problems beside the
// fields they name (`/data/<field>`).
import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import type { FormDefinition } from '../api/forms.ts';
import { FormFieldInput, toData, type FormValues } from './form-field-input.tsx';
import { ErrorMessage } from './error-message.tsx';

interface Props {
  form: FormDefinition | null;
  /** field values the transition sets itself: not asked for */
  preset?: Record<string, unknown>;
  /** fields filled in from elsewhere (the lot under inspection): not asked for */
  hidden?: string[];
  submitLabel: string;
  /** ask for a comment; required when `commentRequired` */
  comment?: boolean;
  commentRequired?: boolean;
  busy: boolean;
  error: unknown;
  onSubmit: (data: Record<string, unknown>, comment: string) => void;
  label: string;
}

export function WorkflowForm(p: Props) {
  const [values, setValues] = useState<FormValues>({});
  const [comment, setComment] = useState('');
  const skip = new Set([...Object.keys(p.preset ?? {}), ...(p.hidden ?? [])]);
  const fields = (p.form?.fields ?? []).filter((f) => !skip.has(f.name));
  const problems = isApiError(p.error) ? p.error.problems : [];
  const errorOf = (name: string) =>
    problems.find((x) => x.pointer === `/data/${name}` || x.field === name)?.reason;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSubmit(toData(fields, values), comment.trim());
  };
  return (
    <form className="workflow-form" onSubmit={submit} aria-label={p.label} noValidate>
      {p.form && (
        <p className="muted small">
          {p.form.title} (form version {p.form.version})
        </p>
      )}
      {fields.map((f) => (
        <FormFieldInput
          key={f.name}
          field={f}
          value={values[f.name]}
          onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))}
          error={errorOf(f.name)}
          disabled={p.busy}
        />
      ))}
      {p.comment && (
        <label className="form-field">
          <span>
            Comment
            {p.commentRequired ? (
              <span className="form-required"> *</span>
            ) : (
              <span className="muted"> (optional)</span>
            )}
          </span>
          <textarea
            name="comment"
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            required={p.commentRequired}
            disabled={p.busy}
          />
        </label>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={p.busy}>
          {p.busy ? 'Saving…' : p.submitLabel}
        </button>
      </div>
      <ErrorMessage
        error={p.error}
        labels={Object.fromEntries((p.form?.fields ?? []).map((f) => [f.name, f.label]))}
        under="data"
      />
    </form>
  );
}
