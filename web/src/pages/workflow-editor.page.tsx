// One workflow definition (admin): edit its states, transitions, roles, forms and due hours and
// save them as a new version (running instances keep theirs); the version history, any version
// loaded back into the editor (?version=N).
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { saveDefinition, type WorkflowDefinition, type WorkflowDraft } from '../api/workflows.ts';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { WorkflowEditor } from '../components/workflow-editor.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useDefinition, useDefinitionVersions } from '../hooks/use-workflows.ts';
import '../styles/workflows.css';

const draftOf = (d: WorkflowDefinition): WorkflowDraft => ({
  key: d.key,
  title: d.title,
  ...(d.description ? { description: d.description } : {}),
  initial: d.initial,
  states: d.states,
  transitions: d.transitions,
});

const blank = (key: string): WorkflowDraft => ({
  key,
  title: '',
  initial: 'open',
  states: [
    { name: 'open', label: 'Open', tasks: [{ title: 'Handle it', role: 'quality_engineer', dueHours: 24 }] },
    { name: 'done', label: 'Done', final: true },
  ],
  transitions: [
    { name: 'finish', label: 'Finish', from: ['open'], to: 'done', roles: ['quality_engineer', 'admin'] },
  ],
});

export function WorkflowEditorPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('version')) || undefined;
  const def = useDefinition(key, asked);
  const versions = useDefinitionVersions(key);
  const isNew = search.get('new') === '1' && isApiError(def.error) && def.error.status === 404;
  usePageTitle(def.data ? `Workflow: ${def.data.title}` : 'Workflow editor');
  const [draft, setDraft] = useState<WorkflowDraft | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (def.data) setDraft(draftOf(def.data));
    else if (isNew) setDraft(blank(key));
  }, [def.data, isNew, key]);
  const save = useAction(saveDefinition);
  const [saved, setSaved] = useState<number | null>(null);
  const submit = async () => {
    if (!draft) return;
    const r = await save.run({ ...draft, ...(note.trim() ? { note: note.trim() } : {}) });
    if (r.ok) {
      setSaved(r.value.version);
      setNote('');
      setSearch({});
      def.reload();
      versions.reload();
    }
  };
  return (
    <section className="page wide">
      <p className="breadcrumb">
        <Link to="/workflows">Workflows</Link>
      </p>
      <h1>
        {def.data?.title || key} {def.data && <span className="muted">version {def.data.version}</span>}
      </h1>
      {!isNew && <ErrorMessage error={def.error} />}
      {asked && def.data && (
        <p className="notice">
          Showing version {asked}. Saving it makes it the newest version again.{' '}
          <button type="button" className="link" onClick={() => setSearch({})}>
            Back to the latest
          </button>
        </p>
      )}
      {draft && (
        <>
          <WorkflowEditor draft={draft} set={setDraft} />
          <div className="workflow-save">
            <label className="form-field">
              <span>What changed (saved with the version)</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="button" className="primary" onClick={submit} disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save as a new version'}
            </button>
            {saved !== null && !save.error && (
              <p role="status" className="ok">
                Saved as version {saved}.
              </p>
            )}
            <ErrorMessage error={save.error} />
          </div>
        </>
      )}
      <h2>Version history</h2>
      {versions.data && (
        <DataTable
          caption={`Versions (${versions.data.length})`}
          rows={versions.data}
          rowKey={(v) => String(v.version)}
          empty="Not saved yet."
          columns={[
            {
              label: 'Version',
              num: true,
              value: (v) => (
                <Link to={`/workflows/${encodeURIComponent(key)}?version=${v.version}`}>{v.version}</Link>
              ),
            },
            { label: 'Saved', value: (v) => <DateTime value={v.createdAt} /> },
            { label: 'By', value: (v) => v.createdBy },
            { label: 'Note', value: (v) => v.note ?? '' },
            { label: 'Instances', num: true, value: (v) => v.instances },
            { label: 'Running', num: true, value: (v) => v.openInstances },
          ]}
        />
      )}
    </section>
  );
}
