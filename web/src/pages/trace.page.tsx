// Trace: where an object came from (backward), where it went (forward), its recall scope.
// The query lives in the address (?view=…&id=…), so a trace can be bookmarked and shared.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import type { Candidate } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { RecallView } from '../components/recall-view.tsx';
import { TraceTables } from '../components/trace-tables.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useTrace, type TraceView } from '../hooks/use-trace.ts';

const VIEWS: Record<TraceView, string> = {
  backward: 'Backward',
  forward: 'Forward',
  recall: 'Recall scope',
};
const isView = (v: string | null): v is TraceView => v !== null && v in VIEWS;

export function TracePage() {
  usePageTitle('Trace');
  const { can } = useUser();
  const [params, setParams] = useSearchParams();
  const id = params.get('id')?.trim() ?? '';
  const asked = params.get('view');
  const mayRecall = can('recall:read');
  const view: TraceView = isView(asked) && (asked !== 'recall' || mayRecall) ? asked : 'backward';
  const [text, setText] = useState(id);
  const result = useTrace(view, id);
  // Back and forward in the browser change the address; the box follows.
  useEffect(() => setText(id), [id]);

  const go = (nextView: TraceView, nextId: string) => {
    setText(nextId);
    setParams({ view: nextView, id: nextId });
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const v = submitter?.value ?? 'backward';
    if (text.trim()) go(isView(v) ? v : 'backward', text.trim());
  };

  return (
    <section className="page">
      <h1>Trace</h1>
      <p>
        Where did this lot come from, where did it go? Type a lot code, a serial number, a supplier lot, an
        EPC URI or a GS1 Digital Link.
      </p>
      <form className="search" onSubmit={submit} role="search">
        <label htmlFor="trace-id">Identifier</label>
        <div className="search-row">
          <input
            id="trace-id"
            name="id"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. a lot code or serial number"
            spellCheck={false}
            required
          />
          <button type="submit" name="view" value="backward" aria-pressed={id !== '' && view === 'backward'}>
            Backward
          </button>
          <button type="submit" name="view" value="forward" aria-pressed={id !== '' && view === 'forward'}>
            Forward
          </button>
          {mayRecall && (
            <button type="submit" name="view" value="recall" aria-pressed={id !== '' && view === 'recall'}>
              Recall scope
            </button>
          )}
        </div>
      </form>

      {asked === 'recall' && !mayRecall && (
        <p className="notice">Your role may not see recall scopes; showing the backward trace.</p>
      )}
      {result.loading && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      <ErrorMessage error={result.error} />
      {isApiError(result.error) && result.error.status === 409 && (
        <Candidates
          candidates={(result.error.details['candidates'] as Candidate[] | undefined) ?? []}
          onPick={(c) => go(view, c.id)}
        />
      )}
      {!result.loading && result.data && result.data.view === 'recall' && (
        <RecallView scope={result.data.scope} />
      )}
      {!result.loading && result.data && result.data.view !== 'recall' && <TraceTables trace={result.data} />}
    </section>
  );
}

/** The objects an ambiguous identifier names; pick one to trace it by its id. */
function Candidates({ candidates, onPick }: { candidates: Candidate[]; onPick: (c: Candidate) => void }) {
  if (candidates.length === 0) return null;
  return (
    <div className="candidates">
      <h2>Which one?</h2>
      <ul>
        {candidates.map((c) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => onPick(c)}>
              {c.code}
            </button>{' '}
            <span className="muted">
              {c.kind}
              {c.material ? `, ${c.material}` : ''} — <code>{c.id}</code>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
