// What a notice names: for a customer its shipments (with quantities), lots, units and containers;
// for a supplier its lot. Shown to staff, to the supplier's users, and on the customer's link page
// (which has no trace links: the customer has no account).
import type { ReactNode } from 'react';
import type { CustomerContent, NoticeObject, QuantityLine, SupplierContent } from '../api/notices.ts';
import { formatDateTime, formatQty, shortId } from '../format.ts';
import { DataTable } from './data-table.tsx';
import { TraceLink } from './trace-link.tsx';

const quantities = (qs: QuantityLine[]) =>
  qs
    .map((q) =>
      `${formatQty(q.qty, q.uom)} ${q.materialName ?? (q.material ? shortId(q.material) : '')}`.trim(),
    )
    .join('; ');

const material = (o: { material: string | null; materialName: string | null }) =>
  o.materialName ?? (o.material ? shortId(o.material) : '');

/** The tables of a customer notice; `traceLinks` for staff, who may open an object's trace. */
export function CustomerNoticeTables({
  content,
  traceLinks = false,
}: {
  content: CustomerContent;
  traceLinks?: boolean;
}) {
  const name = (o: NoticeObject): ReactNode => (traceLinks ? <TraceLink id={o.id} label={o.code} /> : o.code);
  const shipments = (o: NoticeObject) => o.shipments.map(shortId).join(', ');
  return (
    <>
      <p>
        <strong>In total:</strong> {quantities(content.quantities) || 'no quantities recorded'}
      </p>
      <DataTable
        caption="Shipments"
        rows={content.shipments}
        rowKey={(s) => s.id}
        columns={[
          { label: 'Shipment', value: (s) => shortId(s.id), nowrap: true },
          { label: 'Shipped', value: (s) => formatDateTime(s.time, ''), nowrap: true },
          { label: 'Quantities', value: (s) => quantities(s.quantities) },
        ]}
      />
      {content.lots.length > 0 && (
        <DataTable
          caption="Lots"
          rows={content.lots}
          rowKey={(o) => o.id}
          columns={[
            { label: 'Lot', value: name, nowrap: true },
            { label: 'Material', value: material },
            { label: 'Shipments', value: shipments },
          ]}
        />
      )}
      {content.units.length > 0 && (
        <DataTable
          caption="Units"
          rows={content.units}
          rowKey={(o) => o.id}
          columns={[
            { label: 'Serial number', value: name, nowrap: true },
            { label: 'Material', value: material },
            { label: 'Shipments', value: shipments },
          ]}
        />
      )}
      {content.containers.length > 0 && (
        <DataTable
          caption="Containers"
          rows={content.containers}
          rowKey={(o) => o.id}
          columns={[
            { label: 'Container', value: name, nowrap: true },
            { label: 'Shipments', value: shipments },
          ]}
        />
      )}
    </>
  );
}

/** The supplier's lot a supplier notice names. */
export function SupplierNoticeFacts({
  content,
  traceLinks = false,
}: {
  content: SupplierContent;
  traceLinks?: boolean;
}) {
  const l = content.lot;
  return (
    <dl className="facts" aria-label="The lot">
      <div>
        <dt>Lot</dt>
        <dd>{traceLinks ? <TraceLink id={l.id} label={l.code} /> : l.code}</dd>
      </div>
      <div>
        <dt>Material</dt>
        <dd>{material(l) || 'not recorded'}</dd>
      </div>
      <div>
        <dt>Supplier lot</dt>
        <dd>{l.supplierLot ?? 'not recorded'}</dd>
      </div>
      <div>
        <dt>Received</dt>
        <dd>{formatQty(l.receivedQty, l.uom) || 'not recorded'}</dd>
      </div>
    </dl>
  );
}
