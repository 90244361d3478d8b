// Recall cases: every case with its status and how many shipment lines are still open.
import { Link } from 'react-router';
import type { RecallCaseSummary } from '../api/recall.ts';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { SortableTable } from '../components/recall-table.tsx';
import { formatCount } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useRecallCases } from '../hooks/use-recall-cases.ts';

export function RecallsPage() {
  usePageTitle('Recall cases');
  const cases = useRecallCases();
  return (
    <section className="page wide">
      <h1>Recall cases</h1>
      <p>
        A case keeps the recall scope as it was when the case opened and accounts for every shipped quantity
        until it is recovered, destroyed or consumed. Open a case from the <Link to="/trace">trace</Link> or a
        recall scope.
      </p>
      {cases.loading && !cases.data && (
        <p role="status" className="loading">
          Loading recall cases…
        </p>
      )}
      <ErrorMessage error={cases.error} />
      {cases.data && (
        <SortableTable<RecallCaseSummary>
          caption={`Recall cases (${cases.data.length})`}
          busy={cases.loading}
          rows={cases.data}
          rowKey={(c) => c.caseId}
          rowClass={(c) => (c.status === 'open' && c.openLines > 0 ? 'open-line' : undefined)}
          empty="No recall case yet."
          columns={[
            {
              label: 'Case',
              value: (c) => <Link to={`/recalls/${encodeURIComponent(c.caseId)}`}>{c.title}</Link>,
              sort: (c) => c.title,
            },
            { label: 'Recalled', value: (c) => c.root.code, sort: (c) => c.root.code },
            { label: 'Status', value: (c) => c.status, sort: (c) => c.status },
            {
              label: 'Open lines',
              num: true,
              value: (c) => formatCount(c.openLines),
              sort: (c) => c.openLines,
            },
            { label: 'Opened by', value: (c) => c.openedBy, sort: (c) => c.openedBy },
            { label: 'Opened', value: (c) => <DateTime value={c.openedAt} />, sort: (c) => c.openedAt },
            {
              label: 'Closed',
              value: (c) => <DateTime value={c.closedAt} empty="" />,
              sort: (c) => c.closedAt,
            },
          ]}
        />
      )}
    </section>
  );
}
