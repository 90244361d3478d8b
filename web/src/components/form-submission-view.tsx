// A submission shown with the labels, units and choices of the form version it was made with,
// so an old record reads as it was filled in even after the form has changed.
import { fileUrl, type FieldDef, type FileRef, type Submission } from '../api/forms.ts';

const GS = String.fromCharCode(0x1d);

/** A stored value as people read it. */
export function formatFieldValue(f: FieldDef | undefined, v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.map((x) => formatFieldValue(f && { ...f, multiple: false }, x)).join(', ');
  if (f?.type === 'choice') return f.options?.find((o) => o.value === v)?.label ?? String(v);
  if (typeof v === 'number') return f?.unit ? `${v} ${f.unit}` : String(v);
  if (typeof v === 'object') return (v as FileRef).name ?? JSON.stringify(v);
  // A scanner's group separators shown, not swallowed.
  return String(v).split(GS).join('<GS>');
}

export function FormSubmissionView({ submission: s }: { submission: Submission }) {
  const known = new Set(s.form.fields.map((f) => f.name));
  const extra = Object.keys(s.data).filter((k) => !known.has(k));
  return (
    <dl className="facts form-submission">
      {s.form.fields.map((f) => {
        const v = s.data[f.name];
        const file = f.type === 'file' && v && typeof v === 'object' ? (v as FileRef) : null;
        return (
          <div key={f.name} className={f.standard ? undefined : 'form-custom'}>
            <dt>
              {f.label}
              {!f.standard && s.form.kind === 'capture' ? <span className="muted"> (custom)</span> : null}
            </dt>
            <dd>
              {file ? (
                <a href={fileUrl(file.sha256)} target="_blank" rel="noreferrer">
                  {file.name}
                </a>
              ) : (
                formatFieldValue(f, v)
              )}
            </dd>
          </div>
        );
      })}
      {extra.map((k) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{formatFieldValue(undefined, s.data[k])}</dd>
        </div>
      ))}
    </dl>
  );
}
