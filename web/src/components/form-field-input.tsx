// One field of a form as a person fills it in: a large, labelled control per type (touch targets
// that work on a tablet), its help, unit and range, and the API's problem with it right below.
// A scan field takes a barcode scanner's text and its Enter (onEnter moves on or submits).
import { useId, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { fileUrl, uploadFile, type FieldDef, type FileRef } from '../api/forms.ts';
import { isApiError } from '../api/client.ts';

/** What a field holds while the form is being filled in (numbers as typed). */
export type FieldValue = string | boolean | string[] | FileRef | undefined;
export type FormValues = Record<string, FieldValue>;

/** The data sent to the API: numbers as numbers (or as typed when they are not), empty left out. */
export function toData(fields: FieldDef[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (f.type === 'number' && typeof v === 'string') {
      const n = Number(v.trim().replace(',', '.'));
      out[f.name] = v.trim() !== '' && Number.isFinite(n) ? n : v;
    } else out[f.name] = v;
  }
  return out;
}

/** A field's settings in a short line: unit and range, length, choices. */
export function fieldSummary(f: FieldDef): string {
  const parts: string[] = [];
  if (f.type === 'number') {
    if (f.min !== undefined && f.max !== undefined) parts.push(`${f.min}–${f.max}`);
    else if (f.min !== undefined) parts.push(`≥ ${f.min}`);
    else if (f.max !== undefined) parts.push(`≤ ${f.max}`);
    if (f.unit) parts.push(f.unit);
    if (f.integer) parts.push('whole number');
  }
  if (f.type === 'scan') parts.push(`scan: ${f.scanKind ?? 'text'}`);
  if (f.type === 'choice') parts.push(`${f.options?.length ?? 0} options${f.multiple ? ', several' : ''}`);
  if (f.type === 'file') parts.push((f.accept ?? ['image', 'pdf']).join(' or '));
  return parts.join(' ');
}

interface Props {
  field: FieldDef;
  value: FieldValue;
  onChange: (v: FieldValue) => void;
  /** the API's reason this field is wrong */
  error?: string;
  /** Enter in a scan field (or a single-line field): move on or submit */
  onEnter?: () => void;
  inputRef?: Ref<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
  disabled?: boolean;
}

export function FormFieldInput({ field: f, value, onChange, error, onEnter, inputRef, disabled }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [f.help || fieldSummary(f) ? hintId : '', error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: f.name,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': f.required ? true : undefined,
  };
  const enter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && onEnter) {
      e.preventDefault();
      onEnter();
    }
  };
  const label = (
    <>
      {f.label}
      {f.unit && f.type === 'number' ? <span className="muted"> ({f.unit})</span> : null}
      {f.required ? (
        <span className="form-required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </>
  );
  const hint = (f.help || fieldSummary(f)) && (
    <small id={hintId} className="hint">
      {[f.help, f.type === 'number' || f.type === 'scan' ? fieldSummary(f) : ''].filter(Boolean).join(' · ')}
    </small>
  );
  const problem = error && (
    <p id={errorId} className="field-error form-field-error">
      {error}
    </p>
  );
  const text = typeof value === 'string' ? value : '';

  if (f.type === 'boolean' || (f.type === 'choice' && !f.multiple && (f.options?.length ?? 0) <= 4)) {
    const options =
      f.type === 'boolean'
        ? [
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]
        : (f.options ?? []);
    const current = f.type === 'boolean' ? (value === undefined ? '' : String(value)) : text;
    return (
      <fieldset
        className={`form-field form-choices${error ? ' has-error' : ''}`}
        aria-describedby={describedBy || undefined}
      >
        <legend>{label}</legend>
        <div className="form-segments">
          {options.map((o) => (
            <label key={o.value} className={current === o.value ? 'form-segment chosen' : 'form-segment'}>
              <input
                type="radio"
                name={`${id}-${f.name}`}
                value={o.value}
                checked={current === o.value}
                disabled={disabled}
                onChange={() => onChange(f.type === 'boolean' ? o.value === 'true' : o.value)}
              />
              {o.label}
            </label>
          ))}
          {!f.required && current !== '' && (
            <button
              type="button"
              className="link small"
              onClick={() => onChange(undefined)}
              disabled={disabled}
            >
              clear
            </button>
          )}
        </div>
        {hint}
        {problem}
      </fieldset>
    );
  }
  if (f.type === 'choice' && f.multiple) {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset
        className={`form-field form-choices${error ? ' has-error' : ''}`}
        aria-describedby={describedBy || undefined}
      >
        <legend>{label}</legend>
        <div className="form-segments">
          {(f.options ?? []).map((o) => (
            <label
              key={o.value}
              className={chosen.includes(o.value) ? 'form-segment chosen' : 'form-segment'}
            >
              <input
                type="checkbox"
                value={o.value}
                checked={chosen.includes(o.value)}
                disabled={disabled}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))
                }
              />
              {o.label}
            </label>
          ))}
        </div>
        {hint}
        {problem}
      </fieldset>
    );
  }
  if (f.type === 'file')
    return <FileInput {...{ f, value, onChange, error, hint, problem, label, id, disabled }} />;
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {f.type === 'choice' ? (
        <select
          {...common}
          ref={inputRef as Ref<HTMLSelectElement>}
          value={text}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">—</option>
          {(f.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : f.type === 'text' && f.multiline ? (
        <textarea
          {...common}
          ref={inputRef as Ref<HTMLTextAreaElement>}
          rows={3}
          maxLength={f.maxLength}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...common}
          ref={inputRef as Ref<HTMLInputElement>}
          className={f.type === 'scan' ? 'form-scan' : undefined}
          type={f.type === 'date' ? 'date' : 'text'}
          inputMode={f.type === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={f.type === 'text' ? f.maxLength : undefined}
          placeholder={f.type === 'scan' ? 'Scan or type' : undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={f.type === 'date' ? undefined : enter}
        />
      )}
      {hint}
      {problem}
    </div>
  );
}

function FileInput(p: {
  f: FieldDef;
  value: FieldValue;
  onChange: (v: FieldValue) => void;
  error?: string;
  hint: ReactNode;
  problem: ReactNode;
  label: ReactNode;
  id: string;
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const ref = p.value && typeof p.value === 'object' && !Array.isArray(p.value) ? p.value : null;
  const accept = (p.f.accept ?? ['image', 'pdf'])
    .map((a) => (a === 'pdf' ? 'application/pdf' : 'image/*'))
    .join(',');
  return (
    <div className={`form-field${p.error || uploadError ? ' has-error' : ''}`}>
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        type="file"
        accept={accept}
        capture={p.f.accept?.length === 1 && p.f.accept[0] === 'image' ? 'environment' : undefined}
        disabled={p.disabled || busy}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setBusy(true);
          setUploadError(null);
          try {
            p.onChange(await uploadFile(file));
          } catch (err) {
            setUploadError(isApiError(err) ? (err.problems[0]?.reason ?? err.message) : String(err));
          } finally {
            setBusy(false);
          }
        }}
      />
      {busy && <small className="hint">Uploading…</small>}
      {ref && (
        <small className="hint">
          Uploaded:{' '}
          <a href={fileUrl(ref.sha256)} target="_blank" rel="noreferrer">
            {ref.name}
          </a>{' '}
          <button type="button" className="link small" onClick={() => p.onChange(undefined)}>
            remove
          </button>
        </small>
      )}
      {p.hint}
      {uploadError && <p className="field-error form-field-error">{uploadError}</p>}
      {p.problem}
    </div>
  );
}
