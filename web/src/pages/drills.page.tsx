// Mock-recall drills: the history a plant shows an auditor (who, when, how long, how big, whether
// the mass balance closed), and a form to start a drill on an identifier.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { startDrill, type DrillSummary } from '../api/recall.ts';
import { useUser } from '../auth/session.tsx';
import { BalancedBadge } from '../components/drill-balance.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { SortableTable } from '../components/recall-table.tsx';
import { formatCount } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { formatDuration, useDrills } from '../hooks/use-drill.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';

export function DrillsPage() {
  usePageTitle('Mock-recall drills');
  const { can } = useUser();
  const drills = useDrills();
  return (
    <section className="page wide">
      <h1>Mock-recall drills</h1>
      <p>
        A drill times how long the plant takes to find and confirm the full scope of a lot, and checks its
        mass balance. Confirmed drills are kept as reports.
      </p>
      {can('recall:manage') && <StartDrillForm />}
      {drills.loading && !drills.data && (
        <p role="status" className="loading">
          Loading the drill history…
        </p>
      )}
      <ErrorMessage error={drills.error} />
      {drills.data && (
        <SortableTable<DrillSummary>
          caption={`Drill history (${drills.data.length})`}
          busy={drills.loading}
          rows={drills.data}
          rowKey={(d) => d.drillId}
          empty="No drill yet."
          columns={[
            {
              label: 'Drill',
              value: (d) => <Link to={`/drills/${encodeURIComponent(d.drillId)}`}>{d.drillId}</Link>,
              sort: (d) => d.drillId,
            },
            { label: 'Lot', value: (d) => d.root.code, sort: (d) => d.root.code },
            { label: 'Status', value: (d) => d.status, sort: (d) => d.status },
            { label: 'Started by', value: (d) => d.startedBy, sort: (d) => d.startedBy },
            { label: 'Started', value: (d) => <DateTime value={d.startedAt} />, sort: (d) => d.startedAt },
            {
              label: 'Duration',
              num: true,
              value: (d) => (d.durationSeconds === null ? 'running' : formatDuration(d.durationSeconds)),
              sort: (d) => d.durationSeconds,
            },
            { label: 'Lots', num: true, value: (d) => formatCount(d.lots), sort: (d) => d.lots },
            {
              label: 'Customers',
              num: true,
              value: (d) => formatCount(d.customers),
              sort: (d) => d.customers,
            },
            {
              label: 'Balance',
              value: (d) => <BalancedBadge balanced={d.balanced} />,
              sort: (d) => (d.balanced ? 1 : 0),
            },
          ]}
        />
      )}
    </section>
  );
}

function StartDrillForm() {
  const [id, setId] = useState('');
  const action = useAction(startDrill);
  const navigate = useNavigate();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(id.trim());
    if (r.ok) navigate(`/drills/${encodeURIComponent(r.value.drillId)}`);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Start a drill">
      <TextField
        label="Lot, unit or container"
        value={id}
        onChange={(e) => setId(e.target.value)}
        placeholder="e.g. a lot code"
        spellCheck={false}
        required
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Starting…' : 'Start drill'}
        </button>
      </div>
      <ErrorMessage error={action.error} labels={{ id: 'Lot, unit or container' }} />
    </form>
  );
}
