// A trace as tables: the objects by kind, then every link between them.
import type { ShapedTrace } from '../hooks/use-trace.ts';

export function TraceTables({ trace }: { trace: ShapedTrace }) {
  const title = trace.view === 'backward' ? 'Where it came from' : 'Where it went';
  return (
    <div className="results">
      <h2>
        {title}: {trace.root.label} <span className="muted">({trace.root.kind})</span>
      </h2>
      <p className="muted">
        <code>{trace.root.id}</code>
      </p>
      {trace.groups.map((g) => (
        <div className="table-wrap" key={g.kind}>
          <table>
            <caption>
              {g.title} ({g.rows.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Details</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.label}</td>
                  <td className="details">{r.details}</td>
                  <td>
                    <code>{r.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {trace.links.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Links ({trace.links.length})</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Link</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Quantity
                </th>
              </tr>
            </thead>
            <tbody>
              {trace.links.map((l) => (
                <tr key={l.key}>
                  <td>{l.from}</td>
                  <td>{l.relation}</td>
                  <td>{l.to}</td>
                  <td className="num">{l.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
