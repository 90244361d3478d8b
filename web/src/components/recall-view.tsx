// A recall scope as the API computed it: quantities, lots, units, containers, shipments, customers.
import type { QuantityLine, RecallScope } from '../api/types.ts';
import { formatQty } from '../format.ts';
import { DateTime } from './date-time.tsx';

const WHERE: Record<string, string> = {
  in_stock: 'in stock',
  wip: 'in WIP',
  none: 'nothing left',
  shipped: 'shipped',
  consumed: 'consumed',
  destroyed: 'destroyed',
};
const where = (w: string) => WHERE[w] ?? w;

function Quantities({ lines }: { lines: QuantityLine[] }) {
  if (lines.length === 0) return <>none</>;
  return (
    <ul className="plain">
      {lines.map((q) => (
        <li key={`${q.material}|${q.uom}`}>
          {formatQty(q.qty, q.uom)} {q.materialName ?? q.material ?? ''}
        </li>
      ))}
    </ul>
  );
}

export function RecallView({ scope }: { scope: RecallScope }) {
  return (
    <div className="results">
      <h2>
        Recall scope: {scope.root.code} <span className="muted">({scope.root.kind})</span>
      </h2>
      <p className="muted">
        <code>{scope.root.id}</code>
      </p>

      <div className="table-wrap">
        <table>
          <caption>Quantities</caption>
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

      <div className="table-wrap">
        <table>
          <caption>Lots ({scope.lots.length})</caption>
          <thead>
            <tr>
              <th scope="col">Lot</th>
              <th scope="col">Material</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Consumed
              </th>
              <th scope="col" className="num">
                Shipped
              </th>
              <th scope="col" className="num">
                Remaining
              </th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {scope.lots.map((l) => (
              <tr key={l.id}>
                <td>{l.code}</td>
                <td>{l.material ?? ''}</td>
                <td>{l.status ?? ''}</td>
                <td className="num">{formatQty(l.quantity, l.uom)}</td>
                <td className="num">{formatQty(l.consumed, l.uom)}</td>
                <td className="num">{formatQty(l.shipped, l.uom)}</td>
                <td className="num">{formatQty(l.remaining, l.uom)}</td>
                <td>{where(l.where)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {scope.units.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Units ({scope.units.length})</caption>
            <thead>
              <tr>
                <th scope="col">Serial number</th>
                <th scope="col">Material</th>
                <th scope="col">Status</th>
                <th scope="col">Where</th>
              </tr>
            </thead>
            <tbody>
              {scope.units.map((u) => (
                <tr key={u.id}>
                  <td>{u.code}</td>
                  <td>{u.material ?? ''}</td>
                  <td>{u.status ?? ''}</td>
                  <td>{where(u.where)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {scope.containers.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Containers ({scope.containers.length})</caption>
            <thead>
              <tr>
                <th scope="col">Container</th>
                <th scope="col">Holds some now</th>
                <th scope="col">Shipments</th>
              </tr>
            </thead>
            <tbody>
              {scope.containers.map((c) => (
                <tr key={c.id}>
                  <td>{c.code}</td>
                  <td>{c.holdsNow ? 'yes' : 'no'}</td>
                  <td>{c.shipments.map((s) => s.replace(/^.*:/, '')).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {scope.shipments.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Shipments ({scope.shipments.length})</caption>
            <thead>
              <tr>
                <th scope="col">Shipment</th>
                <th scope="col">Time</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Lots
                </th>
                <th scope="col" className="num">
                  Units
                </th>
                <th scope="col">Quantities</th>
              </tr>
            </thead>
            <tbody>
              {scope.shipments.map((s) => (
                <tr key={s.id}>
                  <td>{s.id.replace(/^.*:/, '')}</td>
                  <td>
                    <DateTime value={s.time} empty="" />
                  </td>
                  <td>{s.customerName ?? s.customer ?? ''}</td>
                  <td className="num">{s.lots}</td>
                  <td className="num">{s.units}</td>
                  <td>
                    <Quantities lines={s.quantities} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {scope.customers.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Customers ({scope.customers.length})</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Shipments
                </th>
                <th scope="col">Quantities</th>
              </tr>
            </thead>
            <tbody>
              {scope.customers.map((c) => (
                <tr key={c.id}>
                  <td>{c.name ?? c.id}</td>
                  <td className="num">{c.shipments.length}</td>
                  <td>
                    <Quantities lines={c.quantities} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
