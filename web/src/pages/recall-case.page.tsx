// One recall case: the scope as it was snapshotted at opening, the accounting per shipment and
// material with what is still open, the form that records quantities, the records, and closing.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { closeCase, type RecallCase } from '../api/recall.ts';
import { useUser } from '../auth/session.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { AccountingTable, RecordForm, RecordsTable } from '../components/recall-accounting.tsx';
import { FormDialog, RequiredReason } from '../components/recall-actions.tsx';
import { RecallView, ScopeCountList } from '../components/recall-view.tsx';
import { formatCount } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useRecallCase } from '../hooks/use-recall-cases.ts';
import '../styles/recall.css';

export function RecallCasePage() {
  const { caseId = '' } = useParams();
  const c = useRecallCase(caseId);
  usePageTitle(c.data ? `Recall case: ${c.data.title}` : 'Recall case');
  return (
    <section className="page wide">
      <p className="crumbs">
        <Link to="/recalls">Recall cases</Link>
      </p>
      {c.loading && !c.data && (
        <p role="status" className="loading">
          Loading the recall case…
        </p>
      )}
      <ErrorMessage error={c.error} />
      {c.data && <CaseView c={c.data} busy={c.loading} onChanged={c.reload} />}
    </section>
  );
}

function CaseView({ c, busy, onChanged }: { c: RecallCase; busy: boolean; onChanged: () => void }) {
  const { can } = useUser();
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const close = useAction(closeCase);
  const manage = can('recall:manage') && c.status === 'open';
  const stillOpen = c.accounting.filter((l) => l.open > 0).length;

  return (
    <>
      <div className="page-head">
        <h1>{c.title}</h1>
        <span className={`badge ${c.status === 'open' ? 'running' : 'ok'}`}>{c.status}</span>
        {can('eightd:manage') && (
          <Link
            className="button-link no-print"
            to={`/8d?open=recall&caseId=${encodeURIComponent(c.caseId)}`}
          >
            Open an 8D
          </Link>
        )}
        {can('notices:manage') && (
          <Link
            className="button-link no-print"
            to={`/notices?raise=recall&caseId=${encodeURIComponent(c.caseId)}`}
          >
            Raise notices
          </Link>
        )}
      </div>
      <dl className="facts">
        <dt>Recalled</dt>
        <dd>
          <Link to={`/recall?id=${encodeURIComponent(c.root.id)}`}>{c.root.code}</Link>{' '}
          <span className="muted">({c.root.kind})</span>
        </dd>
        <dt>Opened</dt>
        <dd>
          <DateTime value={c.openedAt} /> by {c.openedBy}
        </dd>
        <dt>Reason</dt>
        <dd>{c.reason}</dd>
        <dt>Narrowed by</dt>
        <dd>{c.criteria ? <code>{JSON.stringify(c.criteria)}</code> : 'not narrowed: the whole scope'}</dd>
        <dt>Open lines</dt>
        <dd>{formatCount(c.openLines)}</dd>
        {c.status === 'closed' && (
          <>
            <dt>Closed</dt>
            <dd>
              <DateTime value={c.closedAt} /> by {c.closedBy ?? ''}
            </dd>
            <dt>Closing reason</dt>
            <dd>{c.closeReason ?? ''}</dd>
          </>
        )}
      </dl>

      <h2>Scope when the case opened</h2>
      <ScopeCountList scope={c.scope} />

      <h2>What is still out there</h2>
      {c.status === 'open' && (
        <p className={stillOpen > 0 ? 'notice warn' : 'notice'} role="status">
          {stillOpen > 0
            ? `${formatCount(stillOpen)} of ${formatCount(c.accounting.length)} shipment lines are still open.`
            : 'Every shipped quantity is accounted for; the case can be closed.'}
        </p>
      )}
      <AccountingTable lines={c.accounting} busy={busy} />
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      {manage && (
        <RecordForm
          c={c}
          onStart={() => setNotice(null)}
          onRecorded={() => {
            setNotice('Recorded.');
            onChanged();
          }}
        />
      )}

      <RecordsTable records={c.records} lines={c.accounting} />

      {manage && (
        <div className="actions no-print">
          <button
            type="button"
            className="danger"
            disabled={stillOpen > 0}
            aria-describedby="close-why"
            onClick={() => {
              close.clear();
              setClosing(true);
            }}
          >
            Close case
          </button>
          <span id="close-why" className="muted">
            {stillOpen > 0
              ? 'The case closes once every shipped quantity is recovered, destroyed or consumed.'
              : 'Everything shipped is accounted for.'}
          </span>
        </div>
      )}
      <FormDialog
        open={closing}
        title="Close recall case"
        submitLabel="Close case"
        danger
        busy={close.busy}
        error={close.error}
        onClose={() => setClosing(false)}
        onSubmit={async () => {
          const r = await close.run(c.caseId, reason.trim());
          if (r.ok) {
            setClosing(false);
            setNotice('The case is closed.');
            onChanged();
          }
        }}
      >
        <RequiredReason value={reason} onChange={setReason} />
      </FormDialog>

      <details className="scope-snapshot">
        <summary>The snapshotted scope in full</summary>
        <RecallView scope={c.scope} compact />
      </details>
    </>
  );
}
