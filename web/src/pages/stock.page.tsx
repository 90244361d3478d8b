// Stock status: the lots in the plant by material status (quarantine, released under a
// deviation, deviation expired, on hold, rejected, expired or expiring soon), filters in the
// address, and hold actions for users with hold:write. The states are the API's
// (docs/material-status.md); the page only groups and shows them.
import { useState, type ReactNode } from 'react';
import { STOCK_VIEWS, type StockLot, type StockView } from '../api/stock.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { DateTime } from '../components/date-time.tsx';
import { SortableTable, type SortColumn } from '../components/recall-table.tsx';
import { StockActions } from '../components/stock-actions.tsx';
import { StockStateBadge, stockViewLabel } from '../components/stock-state.tsx';
import { TraceLink } from '../components/trace-link.tsx';
import { formatCount, formatQty, shortId } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useStock, useStockFilters } from '../hooks/use-stock.ts';
import '../styles/stock.css';

type Lot = StockLot & { views: StockView[] };
type Col = SortColumn<Lot>;

// The tables shown when no view is chosen: what needs someone's attention.
const ATTENTION: StockView[] = [
  'quarantine',
  'deviation_expired',
  'conditional',
  'on_hold',
  'rejected',
  'expired',
  'expiring',
];

const lotCol: Col = {
  label: 'Lot',
  value: (l) => <TraceLink id={l.id} label={l.code} />,
  sort: (l) => l.code,
};
const materialCol: Col = {
  label: 'Material',
  value: (l) => l.materialName ?? (l.material ? shortId(l.material) : ''),
  sort: (l) => l.materialName ?? l.material,
};
const supplierCol: Col = {
  label: 'Supplier',
  value: (l) => l.supplierName ?? (l.supplier ? shortId(l.supplier) : ''),
  sort: (l) => l.supplierName ?? l.supplier,
};
const remainingCol: Col = {
  label: 'In stock',
  num: true,
  value: (l) => formatQty(l.remaining, l.uom),
  sort: (l) => l.remaining,
};
const locationCol: Col = {
  label: 'Location',
  value: (l) => l.locationName ?? (l.location ? shortId(l.location) : ''),
  sort: (l) => l.locationName ?? l.location,
};
const expiryCol: Col = {
  label: 'Expiry',
  value: (l) => l.expiry ?? '',
  sort: (l) => l.expiry,
};
const stateCol: Col = {
  label: 'State',
  value: (l) => <StockStateBadge lot={l} />,
  sort: (l) => l.state,
};
const daysLeft = (l: Lot) =>
  l.expiresInDays === null
    ? ''
    : l.expiresInDays < 0
      ? `${-l.expiresInDays} days ago`
      : `${l.expiresInDays} days`;

const COLUMNS: Record<StockView, Col[]> = {
  quarantine: [
    lotCol,
    materialCol,
    supplierCol,
    {
      label: 'Received',
      value: (l) => <DateTime value={l.receivedAt} empty="" />,
      sort: (l) => l.receivedAt,
    },
    {
      label: 'Days in quarantine',
      num: true,
      value: (l) => formatCount(l.quarantineDays),
      sort: (l) => l.quarantineDays,
    },
    remainingCol,
    locationCol,
  ],
  conditional: [
    lotCol,
    materialCol,
    { label: 'Deviation', value: (l) => l.deviationReason ?? '', sort: (l) => l.deviationReason },
    { label: 'Valid until', value: (l) => l.deviationUntil ?? 'no end date', sort: (l) => l.deviationUntil },
    { label: 'Decided by', value: (l) => l.decisionBy ?? '', sort: (l) => l.decisionBy },
    remainingCol,
    expiryCol,
  ],
  deviation_expired: [
    lotCol,
    materialCol,
    { label: 'Deviation', value: (l) => l.deviationReason ?? '', sort: (l) => l.deviationReason },
    { label: 'Ran out after', value: (l) => l.deviationUntil ?? '', sort: (l) => l.deviationUntil },
    remainingCol,
    locationCol,
  ],
  on_hold: [
    lotCol,
    materialCol,
    {
      label: 'Since',
      value: (l) => <DateTime value={l.hold?.since} empty="" />,
      sort: (l) => l.hold?.since ?? null,
    },
    { label: 'By', value: (l) => l.hold?.by ?? '', sort: (l) => l.hold?.by ?? null },
    { label: 'Reason', value: (l) => l.hold?.reason ?? '', sort: (l) => l.hold?.reason ?? null },
    { label: 'Case', value: (l) => l.hold?.caseId ?? '', sort: (l) => l.hold?.caseId ?? null },
    remainingCol,
  ],
  rejected: [
    lotCol,
    materialCol,
    supplierCol,
    {
      label: 'Decided',
      value: (l) => <DateTime value={l.decisionTime} empty="" />,
      sort: (l) => l.decisionTime,
    },
    remainingCol,
    locationCol,
  ],
  released: [lotCol, materialCol, supplierCol, remainingCol, expiryCol, locationCol],
  active: [lotCol, materialCol, remainingCol, expiryCol, locationCol],
  expired: [
    lotCol,
    materialCol,
    expiryCol,
    { label: 'Expired', value: daysLeft, sort: (l) => l.expiresInDays },
    stateCol,
    remainingCol,
  ],
  expiring: [
    lotCol,
    materialCol,
    expiryCol,
    { label: 'Expires in', value: daysLeft, sort: (l) => l.expiresInDays },
    stateCol,
    remainingCol,
  ],
};

const EMPTY: Record<StockView, string> = {
  quarantine: 'No lot waits for incoming inspection.',
  conditional: 'No lot is released under a deviation.',
  deviation_expired: 'No deviation has run out.',
  on_hold: 'No lot is on hold.',
  rejected: 'No rejected lot is in stock.',
  released: 'No released lot is in stock.',
  active: 'No other lot is in stock.',
  expired: 'No expired lot is in stock.',
  expiring: 'No lot expires soon.',
};

export function StockPage() {
  usePageTitle('Stock status');
  const [f, setF] = useStockFilters();
  const stock = useStock(f);
  const data = stock.data;
  const views: StockView[] = f.state ? [f.state as StockView] : ATTENTION;
  const lots = (data?.lots ?? []).filter((l) => !f.material || l.material === f.material);
  const days = data?.expiringWithinDays ?? 30;
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (said: string) => {
    setNotice(said);
    stock.reload();
  };
  return (
    <section className="page wide stock-page">
      <h1>Stock status</h1>
      <p>
        Lots in the plant by material status. A lot in quarantine, rejected, on hold, expired or past its
        deviation cannot be issued to production; see the rules in the documentation (material status).
      </p>
      <FilterBar>
        <FilterSelect
          label="Show"
          value={f.state}
          onChange={(v) => setF({ state: v })}
          choices={[
            { value: '', label: 'Everything needing attention' },
            ...STOCK_VIEWS.map((v) => ({ value: v, label: stockViewLabel(v, days) })),
          ]}
        />
        <FilterSelect
          label="Material"
          value={f.material}
          onChange={(v) => setF({ material: v })}
          choices={[
            { value: '', label: 'All materials' },
            ...(data?.materials ?? []).map((m) => ({ value: m.id, label: m.name ?? shortId(m.id) })),
            ...(f.material && data && !data.materials.some((m) => m.id === f.material)
              ? [{ value: f.material, label: shortId(f.material) }]
              : []),
          ]}
        />
        <FilterText
          label="Expiring within (days)"
          value={f.days}
          onCommit={(v) => setF({ days: v })}
          placeholder="30"
        />
      </FilterBar>
      {data && (
        <ul className="plain stock-counts" aria-label="Lots by status">
          {STOCK_VIEWS.map((v) => (
            <li key={v}>
              <button
                type="button"
                className={`stock-count stock-count-${v}${f.state === v ? ' current' : ''}`}
                aria-pressed={f.state === v}
                onClick={() => setF({ state: f.state === v ? '' : v })}
              >
                <strong>{formatCount(data.counts[v])}</strong> {stockViewLabel(v, days)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {stock.loading && !data && (
        <p role="status" className="loading">
          Loading the stock…
        </p>
      )}
      <ErrorMessage
        error={stock.error}
        labels={{ state: 'Show', material: 'Material', days: 'Expiring within' }}
      />
      {data &&
        views.map((v) => (
          <StockTable
            key={v}
            view={v}
            caption={`${sentenceCase(stockViewLabel(v, days))} (${lots.filter((l) => l.views.includes(v)).length})`}
            lots={lots.filter((l) => l.views.includes(v))}
            busy={stock.loading}
            onChange={changed}
          />
        ))}
      {data && (
        <p className="muted">
          As of <DateTime value={data.asOf} />.
        </p>
      )}
    </section>
  );
}

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function StockTable({
  view,
  caption,
  lots,
  busy,
  onChange,
}: {
  view: StockView;
  caption: ReactNode;
  lots: Lot[];
  busy: boolean;
  onChange: (said: string) => void;
}) {
  return (
    <div className={`stock-table stock-table-${view}`} data-view={view}>
      <SortableTable<Lot>
        caption={caption}
        busy={busy}
        rows={lots}
        rowKey={(l) => l.id}
        empty={EMPTY[view]}
        columns={[
          ...COLUMNS[view],
          {
            label: 'Actions',
            value: (l) => (
              <StockActions id={l.id} kind="lot" code={l.code} state={l.state} onChange={onChange} />
            ),
          },
        ]}
      />
    </div>
  );
}
