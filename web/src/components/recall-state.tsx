// How an object stands now (on hold, released, shipped…), as the API says, with who held it why.
import type { HoldState, ObjectState } from '../api/recall.ts';
import type { QuantityLine } from '../api/types.ts';
import { formatDateTime, formatQty, shortId } from '../format.ts';
import '../styles/recall.css';

const STATE_LABEL: Record<ObjectState, string> = {
  quarantine: 'quarantine',
  released: 'released',
  on_hold: 'on hold',
  rejected: 'rejected',
  shipped: 'shipped',
  consumed: 'consumed',
  destroyed: 'destroyed',
  active: 'active',
};

export const stateLabel = (s: HoldState): string =>
  s.state ? (STATE_LABEL[s.state] ?? s.state) : s.held ? 'on hold' : '';

/** The state as a badge; a held object says since when, by whom and why. */
export function StateBadge({ item }: { item: HoldState }) {
  const label = stateLabel(item);
  if (!label) return null;
  const held = item.held || item.state === 'on_hold';
  const title = held
    ? [
        item.holdSince && `since ${formatDateTime(item.holdSince)}`,
        item.holdBy && `by ${item.holdBy}`,
        item.holdReason && `: ${item.holdReason}`,
      ]
        .filter(Boolean)
        .join(' ')
    : undefined;
  return (
    <span className={`state state-${item.state ?? (held ? 'on_hold' : 'active')}`} title={title || undefined}>
      {label}
    </span>
  );
}

const WHERE: Record<string, string> = {
  in_stock: 'in stock',
  wip: 'in WIP',
  none: 'nothing left',
  shipped: 'shipped',
  consumed: 'consumed',
  destroyed: 'destroyed',
};
export const whereLabel = (w: string) => WHERE[w] ?? w;

/** Quantities by material and unit, one a line; `none` when there are none. */
export function Quantities({ lines }: { lines: QuantityLine[] }) {
  if (lines.length === 0) return <>none</>;
  return (
    <ul className="plain">
      {lines.map((q) => (
        <li key={`${q.material}|${q.uom}`}>
          {formatQty(q.qty, q.uom)} {q.materialName ?? (q.material ? shortId(q.material) : '')}
        </li>
      ))}
    </ul>
  );
}

/** A shipment's readable end: `urn:lotgraph:shipment:SHIP-1` -> `SHIP-1`. */
export const shipmentLabel = (id: string) => id.replace(/^.*:/, '');
