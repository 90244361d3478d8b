// VDA 6.3 question catalogues: every version with its questions, and (config:write) a new version
// edited as JSON, checked whole by the API with each problem at its JSON pointer. Audits keep the
// version they were planned on. Lotgraph ships the structure and an example in its own words; an
// organisation enters its own question text.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { saveCatalogue, type CatalogueSummary, type Question } from '../api/vda63.ts';
import { useUser } from '../auth/session.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useCatalogue, useCatalogues } from '../hooks/use-vda63.ts';
import '../styles/audits.css';

export function AuditCataloguesPage() {
  usePageTitle('Audit catalogues');
  const { can } = useUser();
  const list = useCatalogues();
  const [chosen, setChosen] = useState('');
  const first = list.data?.find((c) => c.latest);
  const [key, version] = (chosen || (first ? `${first.key}@${first.version}` : '@')).split('@');
  const shown = useCatalogue(key ?? '', version ? Number(version) : undefined);
  const [draft, setDraft] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const save = useAction(saveCatalogue);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setParseError(null);
    let body: unknown;
    try {
      body = JSON.parse(draft ?? '');
    } catch (err) {
      setParseError(`The catalogue is not valid JSON: ${(err as Error).message}`);
      return;
    }
    const r = await save.run(body, note);
    if (r.ok) {
      const c = r.value.catalogue;
      setNotice(
        r.value.created
          ? `Saved ${c.key} as version ${c.version}.`
          : `Nothing changed: ${c.key} stays at version ${c.version}.`,
      );
      setDraft(null);
      setChosen(`${c.key}@${c.version}`);
      list.reload();
    }
  };
  const questions = shown.data
    ? shown.data.catalogue.elements.flatMap((e) =>
        'subElements' in e
          ? e.subElements.flatMap((s) => s.questions.map((q) => ({ element: `${e.id} ${s.id}`, q })))
          : e.questions.map((q) => ({ element: e.id, q })),
      )
    : [];
  return (
    <section className="page wide">
      <p className="crumbs">
        <Link to="/audits">Process audits</Link>
      </p>
      <h1>Audit catalogues</h1>
      <p>
        A catalogue holds the questions of P2 to P7 (P6 in its sub-elements 6.1 to 6.6); starred questions are
        critical. Editing makes a new version; audits keep the version they were planned on.
      </p>
      <ErrorMessage error={list.error} />
      {list.data && (
        <DataTable<CatalogueSummary>
          caption="Versions"
          rows={list.data}
          rowKey={(c) => `${c.key}@${c.version}`}
          columns={[
            {
              label: 'Catalogue',
              value: (c) => (
                <button type="button" className="link" onClick={() => setChosen(`${c.key}@${c.version}`)}>
                  {c.title}
                </button>
              ),
            },
            { label: 'Key', value: (c) => c.key },
            { label: 'Version', num: true, value: (c) => `${c.version}${c.latest ? ' (latest)' : ''}` },
            { label: 'Questions', num: true, value: (c) => `${c.questions} (${c.starred} starred)` },
            { label: 'Audits', num: true, value: (c) => c.audits },
            { label: 'Saved', value: (c) => `${formatDateTime(c.createdAt)} by ${c.createdBy}` },
            { label: 'Note', value: (c) => c.note ?? '' },
          ]}
        />
      )}
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      <ErrorMessage error={shown.error} />
      {shown.data && (
        <>
          <div className="page-head">
            <h2>
              {shown.data.catalogue.title}{' '}
              <span className="muted">version {shown.data.catalogue.version}</span>
            </h2>
            {can('config:write') && draft === null && (
              <button type="button" onClick={() => setDraft(JSON.stringify(shown.data!.catalogue, null, 2))}>
                Edit as a new version
              </button>
            )}
          </div>
          {draft !== null ? (
            <form onSubmit={submit} aria-label="Edit the catalogue" noValidate>
              <div className="field">
                <label htmlFor="catalogue-json">Catalogue (JSON)</label>
                <textarea
                  id="catalogue-json"
                  className="code"
                  rows={24}
                  value={draft}
                  spellCheck={false}
                  onChange={(e) => setDraft(e.target.value)}
                />
              </div>
              <TextField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
              {parseError && (
                <p role="alert" className="error">
                  {parseError}
                </p>
              )}
              <ErrorMessage error={save.error} />
              <div className="actions">
                <button type="submit" className="primary" disabled={save.busy}>
                  Save as a new version
                </button>
                <button type="button" onClick={() => setDraft(null)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <DataTable<{ element: string; q: Question }>
              caption="Questions"
              rows={questions}
              rowKey={(x) => x.q.id}
              columns={[
                { label: 'Element', nowrap: true, value: (x) => x.element },
                { label: 'Question', nowrap: true, value: (x) => `${x.q.id}${x.q.starred ? ' ★' : ''}` },
                { label: 'Text', value: (x) => x.q.text },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
