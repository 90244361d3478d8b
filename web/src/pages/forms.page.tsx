// Forms: every form's latest version (the standard form of each capture step, record forms such as
// 8D steps), with a way into the editor, and a new record form by key.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { FormSummary } from '../api/forms.ts';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { SortableTable } from '../components/recall-table.tsx';
import { stepLabel, useForms } from '../hooks/use-forms.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/forms.css';

const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function FormsPage() {
  usePageTitle('Forms');
  const forms = useForms();
  return (
    <section className="page wide">
      <h1>Forms</h1>
      <p>
        Each capture step has a form: its standard fields build the trace event, and custom fields added here
        travel with it. A save makes a new version; submissions keep the version they were made with.
      </p>
      {forms.loading && !forms.data && (
        <p role="status" className="loading">
          Loading the forms…
        </p>
      )}
      <ErrorMessage error={forms.error} />
      {forms.data && (
        <SortableTable<FormSummary>
          caption={`Forms (${forms.data.length})`}
          busy={forms.loading}
          rows={forms.data}
          rowKey={(f) => f.key}
          empty="No form yet."
          columns={[
            {
              label: 'Form',
              value: (f) => <Link to={`/forms/${encodeURIComponent(f.key)}`}>{f.title}</Link>,
              sort: (f) => f.title,
            },
            { label: 'Key', value: (f) => <code>{f.key}</code>, sort: (f) => f.key },
            {
              label: 'Kind',
              value: (f) => (f.kind === 'capture' ? stepLabel(f.step) : 'record'),
              sort: (f) => f.kind,
            },
            { label: 'Fields', num: true, value: (f) => f.fields, sort: (f) => f.fields },
            { label: 'Version', num: true, value: (f) => f.version, sort: (f) => f.version },
            { label: 'Saved', value: (f) => <DateTime value={f.createdAt} />, sort: (f) => f.createdAt },
            { label: 'By', value: (f) => f.createdBy, sort: (f) => f.createdBy },
          ]}
        />
      )}
      <NewRecordForm taken={new Set((forms.data ?? []).map((f) => f.key))} />
    </section>
  );
}

function NewRecordForm({ taken }: { taken: Set<string> }) {
  const [key, setKey] = useState('');
  const navigate = useNavigate();
  const k = key.trim();
  const problem =
    k === ''
      ? null
      : !FORM_KEY.test(k)
        ? 'lower-case letters, digits and dashes'
        : taken.has(k)
          ? 'is taken'
          : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (k && !problem) navigate(`/forms/${encodeURIComponent(k)}`);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New record form">
      <TextField
        label="New record form (key)"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        placeholder="e.g. esd-audit"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        hint={problem ?? 'Stored and audited submissions, for checks and workflow steps.'}
      />
      <div className="actions">
        <button type="submit" disabled={!k || !!problem}>
          Create
        </button>
      </div>
    </form>
  );
}
