// The side panel of a node in the trace graph: for a lot, unit or container its detail from the
// API (properties, supplier, inspections, the operations that made it with their process
// parameters and inputs, where it went) and what to do from here; for other nodes what the trace
// says about them; for a group its count and a way to open it.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ObjectDetail } from '../api/explorer.ts';
import { formatDateTime, formatQty, shortId } from '../format.ts';
import { useObjectDetail, type Direction } from '../hooks/use-trace.ts';
import { ErrorMessage } from './error-message.tsx';
import type { GraphNode } from './trace-graph-model.ts';
import { KIND_LOOKS, STATE_LOOKS } from './trace-graph-style.ts';
import { TraceLink } from './trace-link.tsx';

const ITEM_KINDS = new Set(['lot', 'unit', 'container']);
const HIDDEN = new Set(['id', 'kind', 'label', 'key', 'state']);
const TIME = /(time|since|until|start|end|At|Since)$/;

const show = (k: string, v: unknown): string =>
  typeof v === 'string' && TIME.test(k)
    ? formatDateTime(v, '')
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);

interface Props {
  node: GraphNode;
  direction: Direction;
  mayRecall: boolean;
  /** may open an 8D case (eightd:manage) */
  mayOpen8D: boolean;
  /** may raise quality notices (notices:manage) */
  mayRaiseNotices: boolean;
  expanded: boolean;
  expanding: boolean;
  pathPicking: boolean;
  onTrace: (dir: Direction) => void;
  onExpand: () => void;
  onPathFrom: () => void;
  onOpenGroup: (key: string) => void;
  onClose: () => void;
}

export function TraceNodePanel(p: Props) {
  const { node } = p;
  const isItem = ITEM_KINDS.has(node.kind) && !node.members;
  const detail = useObjectDetail(isItem ? node.id : null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The opened panel takes the focus, so keyboard and screen-reader users land in it.
  useEffect(() => heading.current?.focus(), [node.id]);
  const kind = KIND_LOOKS[node.kind]?.label ?? node.kind;
  const state = node.state ?? (detail.data?.item['state'] as string | undefined) ?? null;

  return (
    <aside className="trace-panel" aria-labelledby="trace-panel-title">
      <div className="trace-panel-head">
        <h2 id="trace-panel-title" ref={heading} tabIndex={-1}>
          {node.label}
        </h2>
        <button type="button" className="small" onClick={p.onClose} aria-label="Close the panel">
          Close
        </button>
      </div>
      <p className="muted">
        {kind}
        {state && <> · {STATE_LOOKS[state]?.label ?? state}</>}
        {node.root && <> · traced</>}
      </p>

      {node.members && node.groupKey && (
        <>
          <p>
            {node.members.length} objects of this kind
            {node.kind === 'lot' || node.kind === 'unit' ? ' and material' : ''} are shown as one node.
          </p>
          <button type="button" className="primary" onClick={() => p.onOpenGroup(node.groupKey!)}>
            Show the {node.members.length} objects
          </button>
        </>
      )}

      {!node.members && (
        <div className="actions trace-panel-actions">
          {isItem && (
            <>
              <button type="button" onClick={() => p.onTrace('backward')}>
                Trace backward from here
              </button>
              <button type="button" onClick={() => p.onTrace('forward')}>
                Trace forward from here
              </button>
              <button type="button" onClick={p.onExpand} disabled={p.expanding} aria-pressed={p.expanded}>
                {p.expanded ? 'Collapse neighbours' : p.expanding ? 'Expanding…' : 'Expand neighbours'}
              </button>
            </>
          )}
          <button type="button" onClick={p.onPathFrom} aria-pressed={p.pathPicking}>
            {p.pathPicking ? 'Now pick the other node…' : 'Path from here'}
          </button>
          {isItem && p.mayRecall && (
            <Link className="button-link" to={`/recall?id=${encodeURIComponent(node.id)}`}>
              Start recall
            </Link>
          )}
          {isItem && p.mayOpen8D && (
            <Link className="button-link" to={`/8d?open=lot&lot=${encodeURIComponent(node.id)}`}>
              Open an 8D
            </Link>
          )}
          {isItem && p.mayRaiseNotices && (
            <Link className="button-link" to={`/notices?raise=lot&lot=${encodeURIComponent(node.id)}`}>
              Raise notices
            </Link>
          )}
        </div>
      )}

      {!isItem && node.node && <Facts entries={Object.entries(node.node)} />}
      {isItem && (
        <>
          {detail.loading && (
            <p role="status" className="loading">
              Loading details…
            </p>
          )}
          <ErrorMessage error={detail.error} />
          {detail.data && <Detail d={detail.data} />}
        </>
      )}
    </aside>
  );
}

function Facts({ entries }: { entries: [string, unknown][] }) {
  const shown = entries.filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="facts trace-facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{show(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Detail({ d }: { d: ObjectDetail }) {
  const it = d.item;
  const facts: [string, unknown][] = [
    ['code', it.code],
    ['material', it['materialName'] ?? (it['material'] ? shortId(String(it['material'])) : null)],
    ['status', it['status']],
    ['supplier lot', it['supplierLot']],
    ['received', formatQty(it['receivedQty'] as number | undefined, it['uom'] as string | undefined)],
    ['receivedAt', it['receivedAt']],
    ['expiry', it['expiry']],
    ['id', it.id],
  ];
  return (
    <>
      <Facts entries={facts.map(([k, v]) => [k === 'id' ? 'identifier' : k, v])} />
      {d.hold && (
        <p className="notice">
          On hold since {formatDateTime(d.hold.since, 'unknown')}
          {d.hold.by && <> by {d.hold.by}</>}
          {d.hold.reason && <>: {d.hold.reason}</>}
          {d.hold.caseId && <> (case {d.hold.caseId})</>}
        </p>
      )}
      <h3>Supplier</h3>
      {d.suppliers.length ? (
        <ul className="plain">
          {d.suppliers.map((s) => (
            <li key={s.id}>
              {s.name ?? shortId(s.id)} <span className="muted">({shortId(s.id)})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None recorded (made in the plant).</p>
      )}
      <h3>Inspections</h3>
      {d.inspections.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Inspections</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Result</th>
                <th scope="col">Time</th>
                <th scope="col">Defects</th>
              </tr>
            </thead>
            <tbody>
              {d.inspections.map((i) => (
                <tr key={i.id}>
                  <td>{i.kind ?? ''}</td>
                  <td>{i.result ?? ''}</td>
                  <td className="nowrap">{formatDateTime(i.time, '')}</td>
                  <td>{i.defects.map((x) => `${x.code} × ${x.qty ?? 1}`).join(', ') || 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No inspection recorded.</p>
      )}
      <h3>Made by</h3>
      {d.operations.length === 0 && <p className="muted">No operation in the plant made it.</p>}
      {d.operations.map((o) => (
        <section key={o.id} className="trace-operation" aria-label={`Operation ${o.step ?? shortId(o.id)}`}>
          <h4>
            {o.step ?? 'operation'} <span className="muted">{shortId(o.id)}</span>
          </h4>
          <Facts
            entries={[
              ['start', o.start],
              ['line', o.line],
              ['equipment', o.equipment],
              ['operator', o.operator],
              ['work order', o.workOrder],
              ['made', formatQty(o.qty, o.uom)],
            ]}
          />
          {o.parameters.length > 0 ? (
            <table>
              <caption>Process parameters</caption>
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.parameters.map((x, i) => (
                  <tr key={`${x.name}-${i}`}>
                    <td>{x.name}</td>
                    <td className="num">
                      {x.value !== null ? formatQty(x.value, x.uom) : (x.stringValue ?? '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No process parameters recorded.</p>
          )}
          {o.inputs.length > 0 && (
            <>
              <h5>Inputs</h5>
              <ul className="plain">
                {o.inputs.map((x, i) => (
                  <li key={`${x.id}-${i}`}>
                    <TraceLink id={x.id} label={x.code} /> {formatQty(x.qty, x.uom)}{' '}
                    <span className="muted">{x.materialName ?? ''}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
      <h3>Reached</h3>
      {d.shipments.length ? (
        <ul className="plain">
          {d.shipments.map((s) => (
            <li key={s.id}>
              {shortId(s.id)} to {s.customerName ?? (s.customer ? shortId(s.customer) : 'unknown customer')}{' '}
              <span className="muted">
                {formatDateTime(s.time, '')} ·{' '}
                {s.reached === 'itself' ? 'shipped itself' : 'made into what shipped'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No shipment reached a customer with it.</p>
      )}
    </>
  );
}
