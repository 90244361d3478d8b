// A mock-recall drill's mass balance per lot, as the API computed it: received + produced =
// consumed + in stock + shipped + scrapped, with the difference shown (and marked when not 0).
// While the drill runs, a physical count can be entered per lot; the API uses it for "in stock".
import type { BalanceLine } from '../api/recall.ts';
import { formatQty, shortId } from '../format.ts';
import { formatDuration, useElapsed } from '../hooks/use-drill.ts';
import { SortableTable, type SortColumn } from './recall-table.tsx';
import '../styles/recall.css';

const materialOf = (l: BalanceLine) => l.materialName ?? (l.material ? shortId(l.material) : '');

export function BalanceTable({
  lines,
  counts,
  onCount,
}: {
  lines: BalanceLine[];
  /** entered counts by lot id, while the drill runs */
  counts?: Record<string, string>;
  onCount?: (lot: string, value: string) => void;
}) {
  const q = (pick: (l: BalanceLine) => number) => (l: BalanceLine) => formatQty(pick(l), l.uom);
  const columns: SortColumn<BalanceLine>[] = [
    { label: 'Lot', value: (l) => l.code, sort: (l) => l.code },
    { label: 'Material', value: materialOf, sort: materialOf },
    { label: 'Received', num: true, value: q((l) => l.received), sort: (l) => l.received },
    { label: 'Produced', num: true, value: q((l) => l.produced), sort: (l) => l.produced },
    { label: 'Consumed', num: true, value: q((l) => l.consumed), sort: (l) => l.consumed },
    { label: 'In stock', num: true, value: q((l) => l.inStock), sort: (l) => l.inStock },
    { label: 'Shipped', num: true, value: q((l) => l.shipped), sort: (l) => l.shipped },
    { label: 'Scrapped', num: true, value: q((l) => l.scrapped), sort: (l) => l.scrapped },
    {
      label: 'Counted',
      num: true,
      value: (l) =>
        counts && onCount ? (
          <input
            className="count-input"
            inputMode="decimal"
            aria-label={`Counted quantity of ${l.code}${l.uom ? ` (${l.uom})` : ''}`}
            placeholder="not counted"
            value={counts[l.lot] ?? ''}
            onChange={(e) => onCount(l.lot, e.target.value)}
          />
        ) : l.counted === null ? (
          <span className="muted">not counted</span>
        ) : (
          formatQty(l.counted, l.uom)
        ),
      sort: (l) => l.counted,
    },
    {
      label: 'Difference',
      num: true,
      value: (l) =>
        l.difference !== 0 ? (
          <strong className="off-balance">{formatQty(l.difference, l.uom)}</strong>
        ) : (
          formatQty(l.difference, l.uom)
        ),
      sort: (l) => l.difference,
    },
  ];
  return (
    <SortableTable<BalanceLine>
      caption="Mass balance per lot"
      columns={columns}
      rows={lines}
      rowKey={(l) => l.lot}
      rowClass={(l) => (l.difference !== 0 ? 'off-balance' : undefined)}
      empty="No lots in this scope."
    />
  );
}

/** The running drill's clock: time since it started, ticking each second. */
export function DrillClock({ startedAt }: { startedAt: string }) {
  const seconds = useElapsed(startedAt, true);
  return (
    <p className="drill-clock" role="timer" aria-label="Time since the drill started">
      {formatDuration(seconds)}
    </p>
  );
}

/** Balanced or not, as the API judged it. */
export function BalancedBadge({ balanced }: { balanced: boolean }) {
  return <span className={`badge ${balanced ? 'ok' : 'bad'}`}>{balanced ? 'balanced' : 'not balanced'}</span>;
}
