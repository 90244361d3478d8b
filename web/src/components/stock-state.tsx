// A lot's material status as a badge, with what matters for it in the tooltip (deviation, hold).
import type { StockLot, StockView } from '../api/stock.ts';
import '../styles/stock.css';

const STATE_LABEL: Record<string, string> = {
  quarantine: 'quarantine',
  released: 'released',
  conditional: 'released under deviation',
  deviation_expired: 'deviation expired',
  on_hold: 'on hold',
  rejected: 'rejected',
  shipped: 'shipped',
  consumed: 'consumed',
  destroyed: 'destroyed',
  active: 'in stock',
};

/** The label of a view of the stock list. */
export function stockViewLabel(v: StockView, days: number): string {
  if (v === 'expired') return 'expired';
  if (v === 'expiring') return `expiring within ${days} days`;
  if (v === 'active') return 'made here, no decision';
  return STATE_LABEL[v] ?? v;
}

export function StockStateBadge({ lot }: { lot: StockLot }) {
  const title =
    lot.state === 'conditional' || lot.state === 'deviation_expired'
      ? `${lot.deviationReason ?? 'deviation'}, valid until ${lot.deviationUntil ?? 'no end date'}`
      : lot.state === 'on_hold'
        ? (lot.hold?.reason ?? undefined)
        : undefined;
  return (
    <span className={`state state-${lot.state}`} title={title}>
      {STATE_LABEL[lot.state] ?? lot.state}
    </span>
  );
}
