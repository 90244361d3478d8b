// The form editor: add, remove and reorder custom fields of each type without code, edit their
// settings, preview the form as it will be filled in, and save it as a new version with a note.
// The standard fields of a capture step stay (name and type fixed). Older versions are listed
// and can be looked at; submissions keep the version they were made with.
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { FIELD_TYPES, saveForm, type FieldDef, type FieldType, type FormDefinition } from '../api/forms.ts';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FormFieldEditor, TYPE_LABELS, retype } from '../components/form-field-editor.tsx';
import { FormFieldInput, fieldSummary, type FormValues } from '../components/form-field-input.tsx';
import { useAction } from '../hooks/use-action.ts';
import { stepLabel, useForm, useFormVersions } from '../hooks/use-forms.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/forms.css';

interface Draft {
  title: string;
  description: string;
  kind: 'capture' | 'record';
  step?: string;
  fields: FieldDef[];
}

const draftOf = (f: FormDefinition): Draft => ({
  title: f.title,
  description: f.description ?? '',
  kind: f.kind,
  ...(f.step ? { step: f.step } : {}),
  fields: f.fields,
});

export function FormEditorPage() {
  const key = useParams()['key'] ?? '';
  const [params] = useSearchParams();
  const viewVersion = params.get('version') ? Number(params.get('version')) : undefined;
  usePageTitle(`Form ${key}`);
  const latest = useForm(key);
  const viewed = useForm(viewVersion ? key : null, viewVersion);
  const versions = useFormVersions(key);
  // Kept here: the editor starts afresh on the version it saved (its key changes), and the
  // confirmation must outlive that.
  const [saved, setSaved] = useState<FormDefinition | null>(null);
  const isNew = isApiError(latest.error) && latest.error.status === 404;

  return (
    <section className="page wide form-editor">
      <p className="crumbs">
        <Link to="/forms">Forms</Link>
      </p>
      {latest.loading && !latest.data && (
        <p role="status" className="loading">
          Loading the form…
        </p>
      )}
      {!isNew && <ErrorMessage error={latest.error} />}
      {viewVersion && viewed.data ? (
        <OldVersion form={viewed.data} />
      ) : (
        (latest.data || isNew) && (
          <Editor
            key={latest.data ? `${latest.data.key}:${latest.data.version}` : 'new'}
            formKey={key}
            latest={latest.data ?? null}
            saved={saved}
            onSaved={(form) => {
              setSaved(form);
              latest.reload();
              versions.reload();
            }}
          />
        )
      )}
      {versions.data && versions.data.length > 0 && (
        <section aria-labelledby="form-history">
          <h2 id="form-history">Version history</h2>
          <ol className="form-versions" reversed>
            {versions.data.map((v) => (
              <li key={v.version}>
                <Link to={`/forms/${encodeURIComponent(key)}?version=${v.version}`}>Version {v.version}</Link>{' '}
                <span className="muted">
                  {v.fields} fields, <DateTime value={v.createdAt} />, {v.createdBy}
                </span>
                {v.note && <> — {v.note}</>}
              </li>
            ))}
          </ol>
          {viewVersion && <Link to={`/forms/${encodeURIComponent(key)}`}>Back to the latest version</Link>}
        </section>
      )}
    </section>
  );
}

function OldVersion({ form }: { form: FormDefinition }) {
  return (
    <>
      <h1>
        {form.title} <span className="muted form-version">version {form.version}</span>
      </h1>
      <p className="muted">
        Saved <DateTime value={form.createdAt} /> by {form.createdBy}. Submissions made with it are read with
        it.
      </p>
      <ol className="form-field-list">
        {form.fields.map((f) => (
          <li key={f.name} className="form-field-item">
            <strong>{f.label}</strong> <code>{f.name}</code> {TYPE_LABELS[f.type]} {fieldSummary(f)}
            {f.required ? ' · required' : ''}
            {f.standard ? ' · standard' : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

/** Problems of a save by field index and setting (`/fields/3/max` -> 3, `max`). */
function problemsByField(error: unknown): { perField: Map<number, Map<string, string>>; general: string[] } {
  const perField = new Map<number, Map<string, string>>();
  const general: string[] = [];
  if (!isApiError(error)) return { perField, general };
  for (const p of error.problems) {
    const m = /^\/fields\/(\d+)\/(.+)$/.exec(p.pointer ?? '');
    if (m) {
      const i = Number(m[1]);
      const setting = m[2]!.replace(/\//g, '.');
      if (!perField.has(i)) perField.set(i, new Map());
      perField.get(i)!.set(setting, p.reason);
    } else general.push(p.reason);
  }
  return { perField, general };
}

function Editor({
  formKey,
  latest,
  saved,
  onSaved,
}: {
  formKey: string;
  latest: FormDefinition | null;
  saved: FormDefinition | null;
  onSaved: (form: FormDefinition) => void;
}) {
  const [draft, setDraft] = useState<Draft>(
    latest ? draftOf(latest) : { title: '', description: '', kind: 'record', fields: [] },
  );
  const [open, setOpen] = useState<number | null>(null);
  // New fields take their name from the label until the name is typed.
  const [fresh, setFresh] = useState<Set<FieldDef>>(new Set());
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<FormValues>({});
  const save = useAction(saveForm);
  const { perField, general } = problemsByField(save.error);
  useEffect(() => {
    // Open the first field the API found something wrong with.
    const first = [...perField.keys()].sort((a, b) => a - b)[0];
    if (first !== undefined) setOpen(first);
  }, [save.error]);

  const setField = (i: number, f: FieldDef) => {
    const old = draft.fields[i]!;
    setDraft((d) => ({ ...d, fields: d.fields.map((x, j) => (j === i ? f : x)) }));
    if (fresh.has(old)) {
      const next = new Set(fresh);
      next.delete(old);
      // Typing the name by hand stops it following the label.
      if (f.name === old.name || f.label !== old.label) next.add(f);
      setFresh(next);
    }
  };
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= draft.fields.length) return;
    const fields = [...draft.fields];
    [fields[i], fields[j]] = [fields[j]!, fields[i]!];
    setDraft({ ...draft, fields });
    setOpen(open === i ? j : open === j ? i : open);
  };
  const add = (type: FieldType) => {
    let n = draft.fields.length + 1;
    while (draft.fields.some((f) => f.name === `field${n}`)) n++;
    const f = retype({ name: `field${n}`, label: '', type }, type);
    setDraft({ ...draft, fields: [...draft.fields, f] });
    setFresh(new Set([...fresh, f]));
    setOpen(draft.fields.length);
  };
  const remove = (i: number) => {
    setDraft({ ...draft, fields: draft.fields.filter((_, j) => j !== i) });
    setOpen(null);
  };
  const submit = async () => {
    const r = await save.run({
      key: formKey,
      title: draft.title,
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      kind: draft.kind,
      ...(draft.step ? { step: draft.step } : {}),
      fields: draft.fields,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (r.ok) {
      setNote('');
      onSaved(r.value);
    }
  };

  return (
    <>
      <h1>
        {latest ? latest.title : `New form ${formKey}`}{' '}
        {latest && <span className="muted form-version">version {latest.version}</span>}
      </h1>
      <p className="muted">
        {draft.kind === 'capture'
          ? `Capture form of the step “${stepLabel(draft.step)}”: each submission becomes a trace event; custom fields travel with it.`
          : 'Record form: submissions are stored and audited (8D steps, checks, workflow records).'}
      </p>
      {saved && (
        <p className="notice" role="status">
          Saved as version {saved.version}. New submissions use it; earlier ones keep their version.
        </p>
      )}
      <div className="form-editor-grid">
        <div>
          <div className="field">
            <label htmlFor="form-title">Title</label>
            <input
              id="form-title"
              value={draft.title}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="form-description">Description</label>
            <input
              id="form-description"
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
            />
          </div>
          <h2>Fields</h2>
          <ol className="form-field-list">
            {draft.fields.map((f, i) => {
              const problems = perField.get(i) ?? new Map<string, string>();
              return (
                <li key={i} className={`form-field-item${problems.size ? ' has-error' : ''}`}>
                  <div className="form-field-head">
                    <button
                      type="button"
                      className="link form-field-toggle"
                      aria-expanded={open === i}
                      onClick={() => setOpen(open === i ? null : i)}
                    >
                      {f.label || '(no label yet)'}
                    </button>
                    <span className="muted">
                      {TYPE_LABELS[f.type]} {fieldSummary(f)}
                      {f.required ? ' · required' : ''}
                    </span>
                    {f.standard && <span className="form-badge">standard</span>}
                    <span className="form-field-buttons">
                      <button
                        type="button"
                        className="small"
                        aria-label={`Move ${f.label || f.name} up`}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="small"
                        aria-label={`Move ${f.label || f.name} down`}
                        disabled={i === draft.fields.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="small"
                        aria-label={`Remove ${f.label || f.name}`}
                        disabled={f.standard}
                        title={f.standard ? 'a standard field of the step cannot be removed' : undefined}
                        onClick={() => remove(i)}
                      >
                        Remove
                      </button>
                    </span>
                  </div>
                  {open === i && (
                    <FormFieldEditor
                      field={f}
                      onChange={(nf) => setField(i, nf)}
                      problems={problems}
                      nameFollowsLabel={fresh.has(f)}
                    />
                  )}
                </li>
              );
            })}
          </ol>
          <div className="form-add" role="group" aria-label="Add a field">
            <span>Add a field:</span>
            {FIELD_TYPES.map((t) => (
              <button key={t} type="button" className="small" onClick={() => add(t)}>
                {TYPE_LABELS[t]}
              </button>
            ))}
          </div>
          <div className="field">
            <label htmlFor="form-note">What changed (note for the version)</label>
            <input id="form-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </div>
          {general.length > 0 && (
            <div className="error" role="alert">
              <p>{isApiError(save.error) ? save.error.message : 'The form could not be saved'}</p>
              <ul>
                {general.map((g, i) => (
                  <li key={i}>{g}</li>
                ))}
              </ul>
            </div>
          )}
          {save.error !== null && general.length === 0 && perField.size === 0 && (
            <ErrorMessage error={save.error} />
          )}
          {perField.size > 0 && general.length === 0 && (
            <p className="field-error" role="alert">
              Some fields need a change: see the marked fields.
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" disabled={save.busy} onClick={() => void submit()}>
              {save.busy ? 'Saving…' : `Save as version ${(latest?.version ?? 0) + 1}`}
            </button>
          </div>
        </div>
        <aside className="form-preview" aria-label="Preview">
          <h2>Preview</h2>
          <p className="muted">As it will be filled in (nothing is saved here).</p>
          {draft.fields.map((f, i) => (
            <FormFieldInput
              key={`${i}:${f.name}:${f.type}`}
              field={f}
              value={preview[f.name]}
              onChange={(v) => setPreview((p) => ({ ...p, [f.name]: v }))}
            />
          ))}
        </aside>
      </div>
    </>
  );
}
