// Workflow definitions (admin): each with its version and running instances, a link to edit it
// as a new version, and a form to start a new definition.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { formatCount } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useDefinitions, useInstances } from '../hooks/use-workflows.ts';
import '../styles/workflows.css';

export function WorkflowsPage() {
  usePageTitle('Workflows');
  const defs = useDefinitions();
  const open = useInstances({ status: 'open' });
  return (
    <section className="page wide">
      <h1>Workflows</h1>
      <p>
        Each workflow is data: states, the transitions between them, which role may take each, the form a
        transition needs and the tasks (with due times) a state creates. Saving makes a new version; running
        instances stay on the version they started with.
      </p>
      <ErrorMessage error={defs.error} />
      {defs.data && (
        <DataTable
          caption={`Definitions (${defs.data.length})`}
          rows={defs.data}
          rowKey={(d) => d.key}
          empty="No workflow yet."
          columns={[
            {
              label: 'Workflow',
              value: (d) => <Link to={`/workflows/${encodeURIComponent(d.key)}`}>{d.title}</Link>,
            },
            { label: 'Key', value: (d) => <code>{d.key}</code> },
            { label: 'Version', num: true, value: (d) => d.version },
            { label: 'Versions', num: true, value: (d) => formatCount(d.versions) },
            { label: 'Running instances', num: true, value: (d) => formatCount(d.openInstances) },
            { label: 'Saved', value: (d) => <DateTime value={d.createdAt} /> },
            { label: 'By', value: (d) => d.createdBy },
          ]}
        />
      )}
      <NewWorkflow />
      <h2>Running instances</h2>
      <ErrorMessage error={open.error} />
      {open.data && (
        <DataTable
          caption={`Open instances (${open.data.length})`}
          rows={open.data.slice(0, 200)}
          rowKey={(i) => i.id}
          empty="No instance is running."
          columns={[
            { label: 'Instance', value: (i) => <Link to={i.link}>{i.title}</Link> },
            { label: 'Workflow', value: (i) => `${i.workflow} v${i.version}` },
            { label: 'State', value: (i) => i.stateLabel },
            { label: 'Started', value: (i) => <DateTime value={i.startedAt} /> },
          ]}
        />
      )}
    </section>
  );
}

function NewWorkflow() {
  const [key, setKey] = useState('');
  const navigate = useNavigate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) navigate(`/workflows/${encodeURIComponent(key.trim())}?new=1`);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New workflow">
      <TextField
        label="New workflow key"
        value={key}
        onChange={(e) => setKey(e.target.value.toLowerCase())}
        placeholder="e.g. deviation-review"
        pattern="[a-z0-9][a-z0-9-]{0,62}"
        required
      />
      <div className="actions">
        <button type="submit">Create</button>
      </div>
    </form>
  );
}
