// The recall workspace: the scope of one object (counts, where it is now, who got it), narrowed
// with evidence, and the actions a recall needs: hold all in-house stock, open a recall case,
// start a mock-recall drill, export. What is recalled and how it is narrowed is in the address.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError, query } from '../api/client.ts';
import { criteriaParam, openCase, startDrill, type HoldAnswer } from '../api/recall.ts';
import type { Candidate } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import {
  FormDialog,
  HoldAllDialog,
  HoldOutcome,
  HoldsTable,
  RequiredReason,
  ScopeExports,
  TableExport,
} from '../components/recall-actions.tsx';
import { NarrowingPanel, NarrowingResult } from '../components/recall-narrowing.tsx';
import { RecallView } from '../components/recall-view.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useRecallAddress, useRecallHolds, useRecallScope } from '../hooks/use-recall.ts';

export function RecallPage() {
  const { id, criteria, badCriteria, setCriteria } = useRecallAddress();
  usePageTitle(id ? `Recall ${id}` : 'Recall');
  const { can } = useUser();
  const result = useRecallScope(id, criteria);
  const holds = useRecallHolds(id, true);
  const [holdOpen, setHoldOpen] = useState(false);
  const [caseOpen, setCaseOpen] = useState(false);
  const [held, setHeld] = useState<HoldAnswer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  const drill = useAction(startDrill);

  // Another recall, another outcome.
  useEffect(() => {
    setHeld(null);
    setNotice(null);
  }, [id]);

  const data = result.data;
  const refresh = () => {
    result.reload();
    holds.reload();
  };

  return (
    <section className="page wide">
      <h1>Recall</h1>
      <RecallSearch id={id} />
      {!id && (
        <p>
          Type what you have in hand (a lot code, a serial number, an EPC URI) or start a recall from a node
          on the <Link to="/trace">trace page</Link>.
        </p>
      )}
      {badCriteria !== null && (
        <div className="error" role="alert">
          The narrowing in this address cannot be read, so the whole scope is shown. Narrow again below.
        </div>
      )}
      {result.loading && (
        <p role="status" className="loading">
          {criteria ? 'Narrowing the recall scope…' : 'Working out the recall scope…'}
        </p>
      )}
      <ErrorMessage error={result.error} />
      {isApiError(result.error) && result.error.status === 409 && (
        <Candidates candidates={(result.error.details['candidates'] as Candidate[] | undefined) ?? []} />
      )}

      {id && data && (
        <RecallView
          scope={data.scope}
          full={data.narrowed?.full}
          busy={result.loading}
          exportLink={(table) => <TableExport id={id} table={table} criteria={criteria} />}
        >
          <div className="recall-actions" role="group" aria-label="Recall actions">
            {can('hold:write') && (
              <button type="button" className="danger" onClick={() => setHoldOpen(true)}>
                Hold all in-house stock
              </button>
            )}
            {can('recall:manage') && (
              <button type="button" className="primary" onClick={() => setCaseOpen(true)}>
                Open recall case
              </button>
            )}
            {can('notices:manage') && (
              <Link
                className="button-link"
                to={`/notices${query({ raise: 'lot', lot: id, criteria: criteriaParam(criteria) })}`}
              >
                Raise notices
              </Link>
            )}
            {can('recall:manage') && (
              <button
                type="button"
                disabled={drill.busy}
                onClick={async () => {
                  const r = await drill.run(id);
                  if (r.ok) navigate(`/drills/${encodeURIComponent(r.value.drillId)}`);
                }}
              >
                {drill.busy ? 'Starting drill…' : 'Start mock-recall drill'}
              </button>
            )}
          </div>
          <ErrorMessage error={drill.error} />
          <ScopeExports id={id} criteria={criteria} />

          <NarrowingPanel key={JSON.stringify(criteria)} criteria={criteria} onApply={setCriteria} />
          {data.narrowed && <NarrowingResult narrowed={data.narrowed} />}

          {held && <HoldOutcome answer={held} />}
          <p role="status" className="notice" hidden={!notice}>
            {notice}
          </p>
          {holds.data && (holds.data.length > 0 || held) && (
            <HoldsTable
              holds={holds.data}
              busy={holds.loading}
              canRelease={can('hold:write')}
              onReleased={(m) => {
                setHeld(null);
                setNotice(m);
                refresh();
              }}
            />
          )}
          <ErrorMessage error={holds.error} />

          <HoldAllDialog
            open={holdOpen}
            id={id}
            criteria={criteria}
            onClose={() => setHoldOpen(false)}
            onHeld={(a) => {
              setHoldOpen(false);
              setNotice(null);
              setHeld(a);
              refresh();
            }}
          />
          <OpenCaseDialog
            open={caseOpen}
            id={id}
            code={data.scope.root.code}
            criteria={criteria}
            onClose={() => setCaseOpen(false)}
          />
        </RecallView>
      )}
    </section>
  );
}

/** The identifier being recalled; a new one starts a fresh, unnarrowed recall. */
function RecallSearch({ id }: { id: string }) {
  const [, setParams] = useSearchParams();
  const [text, setText] = useState(id);
  useEffect(() => setText(id), [id]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) setParams({ id: text.trim() });
  };
  return (
    <form className="search" onSubmit={submit} role="search">
      <label htmlFor="recall-id">Recall what</label>
      <div className="search-row">
        <input
          id="recall-id"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="a lot code, serial number or EPC URI"
          spellCheck={false}
          required
        />
        <button type="submit">Show scope</button>
      </div>
    </form>
  );
}

function Candidates({ candidates }: { candidates: Candidate[] }) {
  const [, setParams] = useSearchParams();
  if (candidates.length === 0) return null;
  return (
    <div className="candidates">
      <h2>Which one?</h2>
      <ul>
        {candidates.map((c) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => setParams({ id: c.id })}>
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

function OpenCaseDialog({
  open,
  id,
  code,
  criteria,
  onClose,
}: {
  open: boolean;
  id: string;
  code: string;
  criteria: ReturnType<typeof useRecallAddress>['criteria'];
  onClose: () => void;
}) {
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(openCase);
  const navigate = useNavigate();
  return (
    <FormDialog
      open={open}
      title="Open recall case"
      submitLabel="Open case"
      busy={action.busy}
      error={action.error}
      labels={{ title: 'Title' }}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run({
          id,
          title: title.trim(),
          reason: reason.trim(),
          ...(criteria ? { criteria } : {}),
        });
        if (r.ok) navigate(`/recalls/${encodeURIComponent(r.value.caseId)}`);
      }}
    >
      <p className="dialog-text">
        The case keeps this {criteria ? 'narrowed ' : ''}scope of {code} as it is now, and accounts for every
        shipped quantity until it is recovered, destroyed or consumed.
      </p>
      <TextField
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
      />
      <RequiredReason value={reason} onChange={setReason} />
    </FormDialog>
  );
}
