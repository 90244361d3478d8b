// A recall scope as the API computed it: counts by kind, where the quantities are now (in stock,
// in WIP, shipped), and sortable tables of lots, units, containers, shipments and customers with
// each object's state. The recall workspace and its cases show it.
import type { ReactNode } from 'react';
import type {
  LocationQuantities,
  Scope,
  ScopeContainer,
  ScopeCounts,
  ScopeCustomer,
  ScopeLot,
  ScopeShipment,
  ScopeTable,
  ScopeUnit,
  WorkOrderQuantities,
} from '../api/recall.ts';
import { formatCount, formatQty, shortId } from '../format.ts';
import { DateTime } from './date-time.tsx';
import { Quantities, shipmentLabel, StateBadge, stateLabel, whereLabel } from './recall-state.tsx';
import { SortableTable, type SortColumn } from './recall-table.tsx';
import { TraceLink } from './trace-link.tsx';
import '../styles/recall.css';

const materialOf = (r: { material: string | null; materialName?: string | null }) =>
  r.materialName ?? (r.material ? shortId(r.material) : '');
const heldClass = (r: { held?: boolean; state?: string }) =>
  r.held || r.state === 'on_hold' ? 'held' : undefined;
// Quantity columns sort by their first line (one material, one unit in most scopes).
const firstQty = (q: { qty: number }[]) => q[0]?.qty ?? null;

const placeOf = (r: { location?: string | null; locationName?: string | null }) =>
  r.locationName ?? (r.location ? shortId(r.location) : '');
const orderOf = (r: { workOrder?: string | null }) => (r.workOrder ? shortId(r.workOrder) : '');
const linesText = (q: { qty: number; uom: string }[]) => q.map((l) => `${l.qty} ${l.uom}`).join(', ');

const LOCATION_COLUMNS: SortColumn<LocationQuantities>[] = [
  {
    label: 'Location',
    value: (l) => placeOf(l) || 'not recorded',
    sort: (l) => placeOf(l) || '~',
  },
  {
    label: 'In stock',
    value: (l) => <Quantities lines={l.quantities} />,
    sort: (l) => linesText(l.quantities),
  },
];

const WORK_ORDER_COLUMNS: SortColumn<WorkOrderQuantities>[] = [
  { label: 'Work order', value: (w) => orderOf(w) || 'not recorded', sort: (w) => orderOf(w) || '~' },
  {
    label: 'In WIP',
    value: (w) => <Quantities lines={w.quantities} />,
    sort: (w) => linesText(w.quantities),
  },
];

const LOT_COLUMNS: SortColumn<ScopeLot>[] = [
  { label: 'Lot', value: (l) => <TraceLink id={l.id} label={l.code} />, sort: (l) => l.code },
  { label: 'Material', value: materialOf, sort: materialOf },
  { label: 'State', value: (l) => <StateBadge item={l} />, sort: stateLabel },
  { label: 'Quantity', num: true, value: (l) => formatQty(l.quantity, l.uom), sort: (l) => l.quantity },
  { label: 'Consumed', num: true, value: (l) => formatQty(l.consumed, l.uom), sort: (l) => l.consumed },
  { label: 'Shipped', num: true, value: (l) => formatQty(l.shipped, l.uom), sort: (l) => l.shipped },
  { label: 'Remaining', num: true, value: (l) => formatQty(l.remaining, l.uom), sort: (l) => l.remaining },
  { label: 'Where', value: (l) => whereLabel(l.where), sort: (l) => whereLabel(l.where) },
  { label: 'Location', value: placeOf, sort: placeOf },
  { label: 'Work order', value: orderOf, sort: orderOf },
];

const UNIT_COLUMNS: SortColumn<ScopeUnit>[] = [
  { label: 'Serial number', value: (u) => <TraceLink id={u.id} label={u.code} />, sort: (u) => u.code },
  { label: 'Material', value: materialOf, sort: materialOf },
  { label: 'State', value: (u) => <StateBadge item={u} />, sort: stateLabel },
  { label: 'Where', value: (u) => whereLabel(u.where), sort: (u) => whereLabel(u.where) },
];

const CONTAINER_COLUMNS: SortColumn<ScopeContainer>[] = [
  { label: 'Container', value: (c) => c.code, sort: (c) => c.code },
  { label: 'State', value: (c) => <StateBadge item={c} />, sort: stateLabel },
  { label: 'Holds some now', value: (c) => (c.holdsNow ? 'yes' : 'no'), sort: (c) => (c.holdsNow ? 1 : 0) },
  {
    label: 'Shipments',
    value: (c) => c.shipments.map(shipmentLabel).join(', '),
    sort: (c) => c.shipments.map(shipmentLabel).join(', '),
  },
];

const SHIPMENT_COLUMNS: SortColumn<ScopeShipment>[] = [
  { label: 'Shipment', value: (s) => shipmentLabel(s.id), sort: (s) => shipmentLabel(s.id) },
  { label: 'Time', value: (s) => <DateTime value={s.time} empty="" />, sort: (s) => s.time },
  {
    label: 'Customer',
    value: (s) => s.customerName ?? s.customer ?? '',
    sort: (s) => s.customerName ?? s.customer ?? '',
  },
  { label: 'Lots', num: true, value: (s) => s.lots, sort: (s) => s.lots },
  { label: 'Units', num: true, value: (s) => s.units, sort: (s) => s.units },
  {
    label: 'Quantities',
    value: (s) => <Quantities lines={s.quantities} />,
    sort: (s) => firstQty(s.quantities),
  },
];

const CUSTOMER_COLUMNS: SortColumn<ScopeCustomer>[] = [
  { label: 'Customer', value: (c) => c.name ?? c.id, sort: (c) => c.name ?? c.id },
  { label: 'Shipments', num: true, value: (c) => c.shipments.length, sort: (c) => c.shipments.length },
  {
    label: 'Shipment list',
    value: (c) => c.shipments.map(shipmentLabel).join(', '),
    sort: (c) => c.shipments.map(shipmentLabel).join(', '),
  },
  {
    label: 'Quantities',
    value: (c) => <Quantities lines={c.quantities} />,
    sort: (c) => firstQty(c.quantities),
  },
];

const KINDS: [ScopeTable, string][] = [
  ['lots', 'Lots'],
  ['units', 'Units'],
  ['containers', 'Containers'],
  ['shipments', 'Shipments'],
  ['customers', 'Customers'],
];

export interface RecallViewProps {
  scope: Scope;
  /** counts of the whole scope, when `scope` is a narrowed one */
  full?: ScopeCounts;
  /** a download link beside each table's caption */
  exportLink?: (table: ScopeTable) => ReactNode;
  /** the heading's level: 2 on its own page, 3 inside a section */
  compact?: boolean;
  busy?: boolean;
  /** shown between the summary and the tables (the workspace's actions) */
  children?: ReactNode;
}

/** Counts by kind, with the whole scope's count beside a narrowed one. */
export function ScopeCountList({ scope, full }: { scope: Scope; full?: ScopeCounts }) {
  return (
    <dl className="recall-counts" aria-label="Counts by kind">
      {KINDS.map(([k, label]) => (
        <div key={k}>
          <dt>{label}</dt>
          <dd>
            {formatCount(scope[k].length)}
            {full && full[k] !== scope[k].length && <span className="muted"> of {formatCount(full[k])}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function RecallView({ scope, full, exportLink, compact, busy, children }: RecallViewProps) {
  const Heading = compact ? 'h3' : 'h2';
  return (
    <div className="results recall-view">
      <Heading>
        Recall scope: {scope.root.code} <span className="muted">({scope.root.kind})</span>
        {full && <span className="badge running">narrowed</span>}
      </Heading>
      <p className="muted">
        <code>{scope.root.id}</code>
      </p>
      <ScopeCountList scope={scope} full={full} />

      <div className="table-wrap">
        <table aria-busy={busy}>
          <caption>Where it is now</caption>
          <thead>
            <tr>
              <th scope="col">In stock</th>
              <th scope="col">In WIP</th>
              <th scope="col">Shipped</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <Quantities lines={scope.quantities.inStock} />
              </td>
              <td>
                <Quantities lines={scope.quantities.wip} />
              </td>
              <td>
                <Quantities lines={scope.quantities.shipped} />
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      {(scope.quantities.inStockByLocation?.length ?? 0) + (scope.quantities.wipByWorkOrder?.length ?? 0) >
        0 && (
        <div className="recall-tables">
          {scope.quantities.inStockByLocation && scope.quantities.inStockByLocation.length > 0 && (
            <SortableTable
              caption="In stock by location"
              columns={LOCATION_COLUMNS}
              rows={scope.quantities.inStockByLocation}
              rowKey={(l) => l.location ?? ''}
              busy={busy}
            />
          )}
          {scope.quantities.wipByWorkOrder && scope.quantities.wipByWorkOrder.length > 0 && (
            <SortableTable
              caption="WIP by work order"
              columns={WORK_ORDER_COLUMNS}
              rows={scope.quantities.wipByWorkOrder}
              rowKey={(w) => w.workOrder ?? ''}
              busy={busy}
            />
          )}
        </div>
      )}
      {children}

      <div className="recall-tables">
        <SortableTable
          caption={`Customers (${scope.customers.length})`}
          extra={exportLink?.('customers')}
          columns={CUSTOMER_COLUMNS}
          rows={scope.customers}
          rowKey={(c) => c.id}
          empty="No shipment reached a customer."
          busy={busy}
        />
        <SortableTable
          caption={`Shipments (${scope.shipments.length})`}
          extra={exportLink?.('shipments')}
          columns={SHIPMENT_COLUMNS}
          rows={scope.shipments}
          rowKey={(s) => s.id}
          empty="Nothing in the scope has shipped."
          busy={busy}
        />
        <SortableTable
          caption={`Lots (${scope.lots.length})`}
          extra={exportLink?.('lots')}
          columns={LOT_COLUMNS}
          rows={scope.lots}
          rowKey={(l) => l.id}
          rowClass={heldClass}
          empty="No lots."
          busy={busy}
        />
        <SortableTable
          caption={`Units (${scope.units.length})`}
          extra={exportLink?.('units')}
          columns={UNIT_COLUMNS}
          rows={scope.units}
          rowKey={(u) => u.id}
          rowClass={heldClass}
          empty="No serialized units."
          busy={busy}
        />
        <SortableTable
          caption={`Containers (${scope.containers.length})`}
          extra={exportLink?.('containers')}
          columns={CONTAINER_COLUMNS}
          rows={scope.containers}
          rowKey={(c) => c.id}
          rowClass={heldClass}
          empty="No containers."
          busy={busy}
        />
      </div>
    </div>
  );
}
