// One mock-recall drill. While it runs: the clock, the scope, the mass balance per lot with a
// physical count per lot, and "Confirm scope". Once confirmed: the saved report (who, when, how
// long, scope, balance), ready to print for an auditor.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { confirmDrill, type Drill } from '../api/recall.ts';
import { useUser } from '../auth/session.tsx';
import { DateTime } from '../components/date-time.tsx';
import { BalancedBadge, BalanceTable, DrillClock } from '../components/drill-balance.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { RecallView, ScopeCountList } from '../components/recall-view.tsx';
import { useAction } from '../hooks/use-action.ts';
import { formatDuration, useDrill } from '../hooks/use-drill.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/recall.css';

export function DrillPage() {
  const { drillId = '' } = useParams();
  usePageTitle(`Mock-recall drill ${drillId}`);
  const drill = useDrill(drillId);
  return (
    <section className="page wide">
      <p className="crumbs no-print">
        <Link to="/drills">Mock-recall drills</Link>
      </p>
      {drill.loading && !drill.data && (
        <p role="status" className="loading">
          Loading the drill and its mass balance…
        </p>
      )}
      <ErrorMessage error={drill.error} />
      {drill.data &&
        (drill.data.status === 'running' ? (
          <RunningDrill d={drill.data} onConfirmed={drill.reload} />
        ) : (
          <DrillReport d={drill.data} />
        ))}
    </section>
  );
}

function DrillHead({ d }: { d: Drill }) {
  return (
    <>
      <h1>
        Mock-recall drill {d.drillId}: {d.root.code}
      </h1>
      <dl className="facts">
        <dt>Lot</dt>
        <dd>
          {d.root.code} <span className="muted">({d.root.kind})</span> <code>{d.root.id}</code>
        </dd>
        <dt>Started</dt>
        <dd>
          <DateTime value={d.startedAt} /> by {d.startedBy}
        </dd>
        {d.status === 'confirmed' && (
          <>
            <dt>Scope confirmed</dt>
            <dd>
              <DateTime value={d.confirmedAt} /> by {d.confirmedBy ?? ''}
            </dd>
            <dt>Duration</dt>
            <dd>{formatDuration(d.durationSeconds)}</dd>
            <dt>Note</dt>
            <dd>{d.note ?? ''}</dd>
          </>
        )}
        <dt>Mass balance</dt>
        <dd>
          <BalancedBadge balanced={d.balanced} />
        </dd>
      </dl>
    </>
  );
}

function RunningDrill({ d, onConfirmed }: { d: Drill; onConfirmed: () => void }) {
  const { can } = useUser();
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(confirmDrill);
  const manage = can('recall:manage');

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const entered = Object.entries(counts).filter(([, v]) => v.trim() !== '');
    const bad = entered.find(([, v]) => !Number.isFinite(Number(v)) || Number(v) < 0);
    if (bad) {
      const code = d.balance.find((l) => l.lot === bad[0])?.code ?? bad[0];
      setProblem(`Counted quantity of ${code}: give a number of 0 or more.`);
      return;
    }
    const r = await action.run(d.drillId, {
      counts: entered.map(([lot, v]) => ({ lot, qty: Number(v) })),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (r.ok) onConfirmed();
  };

  return (
    <>
      <DrillHead d={d} />
      <p className="muted">The clock runs until the scope is confirmed.</p>
      <DrillClock startedAt={d.startedAt} />
      <h2>Scope</h2>
      <ScopeCountList scope={d.scope} />
      <details className="scope-snapshot">
        <summary>The scope in full</summary>
        <RecallView scope={d.scope} compact />
      </details>
      <h2>Mass balance</h2>
      <p className="muted">
        Received + produced = consumed + in stock + shipped + scrapped. A count entered here replaces the book
        stock of that lot.
      </p>
      <form onSubmit={confirm} aria-label="Confirm scope">
        <BalanceTable
          lines={d.balance}
          counts={manage ? counts : undefined}
          onCount={manage ? (lot, v) => setCounts((c) => ({ ...c, [lot]: v })) : undefined}
        />
        {manage && (
          <>
            <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
            {problem && (
              <div className="error" role="alert">
                {problem}
              </div>
            )}
            <ErrorMessage error={action.error} labels={{ note: 'Note' }} />
            <div className="actions">
              <button type="submit" className="primary" disabled={action.busy}>
                {action.busy ? 'Saving the report…' : 'Confirm scope'}
              </button>
            </div>
          </>
        )}
      </form>
    </>
  );
}

function DrillReport({ d }: { d: Drill }) {
  return (
    <article aria-label="Drill report">
      <div className="page-head">
        <p className="muted">Drill report</p>
        <button type="button" className="no-print" onClick={() => window.print()}>
          Print report
        </button>
      </div>
      <DrillHead d={d} />
      <h2>Scope</h2>
      <ScopeCountList scope={d.scope} />
      <h2>Mass balance</h2>
      <BalanceTable lines={d.balance} />
      <RecallView scope={d.scope} compact />
    </article>
  );
}
