// The evidence snapshotted when a case was opened: each affected lot or unit with a link to its
// trace, its suppliers, inspections and the process parameters of the operations that made it,
// where it came from (its backward trace), the objects beyond the detail limit, and the recall
// scope of a case opened from a recall. A supplier's user gets its own objects only (the API's cut).
import { Link } from 'react-router';
import type { Evidence, EvidenceObject } from '../api/eightd.ts';
import type { DetailInspection, DetailOperation } from '../api/explorer.ts';
import type { Scope } from '../api/recall.ts';
import { formatQty, shortId } from '../format.ts';
import { DataTable } from './data-table.tsx';
import { DateTime } from './date-time.tsx';
import { ScopeCountList } from './recall-view.tsx';
import { TraceLink } from './trace-link.tsx';

const TRACED = new Set(['lot', 'unit', 'container']);

export const defectsText = (i: DetailInspection) =>
  i.defects.map((d) => `${d.code} × ${d.qty ?? 1}`).join(', ') || 'none';

export const parameterValue = (p: DetailOperation['parameters'][number]) =>
  p.value !== null ? formatQty(p.value, p.uom) : (p.stringValue ?? '');

// The API keeps inspections and operations as it found them; these are their shapes.
export const inspectionsOf = (o: EvidenceObject) => o.inspections as unknown as DetailInspection[];
export const operationsOf = (o: EvidenceObject) => o.operations as unknown as DetailOperation[];

/** Every parameter of the operations that made the object, one row each. */
export const parametersOf = (o: EvidenceObject) =>
  operationsOf(o).flatMap((op) => op.parameters.map((p, i) => ({ op, p, key: `${op.id}-${i}` })));

export function EightDEvidence({ evidence: e }: { evidence: Evidence }) {
  return (
    <div className="eightd-evidence">
      <p className="muted">
        Taken when the case was opened, <DateTime value={e.takenAt} />.
      </p>
      {e.objects.length === 0 && <p className="muted">No affected object is yours to see.</p>}
      {e.objects.map((o) => (
        <EvidenceItem key={o.id} o={o} />
      ))}
      {e.more.length > 0 && (
        <section aria-label="More affected objects">
          <h3>{e.more.length} more affected objects</h3>
          <ul className="plain">
            {e.more.map((id) => (
              <li key={id}>
                <TraceLink id={id} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {e.recall && (
        <section aria-label="Recall scope">
          <h3>
            Recall scope of{' '}
            <Link to={`/recalls/${encodeURIComponent(e.recall.caseId)}`}>{e.recall.title}</Link>
          </h3>
          <ScopeCountList scope={e.recall.scope as Scope} />
        </section>
      )}
    </div>
  );
}

function EvidenceItem({ o }: { o: EvidenceObject }) {
  const params = parametersOf(o);
  const cameFrom = o.trace.nodes.filter((n) => n.id !== o.id);
  return (
    <section className="eightd-evidence-object" aria-label={`Evidence ${o.code}`}>
      <h3>
        <TraceLink id={o.id} label={o.code} /> <span className="muted">({o.kind})</span>
      </h3>
      <dl className="facts eightd-facts">
        <div>
          <dt>Material</dt>
          <dd>{o.materialName ?? (o.material ? shortId(o.material) : '—')}</dd>
        </div>
        <div>
          <dt>Supplier</dt>
          <dd>
            {o.suppliers.length
              ? o.suppliers.map((s) => s.name ?? shortId(s.id)).join(', ')
              : 'none recorded (made in the plant)'}
          </dd>
        </div>
        {o.state && (
          <div>
            <dt>State then</dt>
            <dd>{o.state}</dd>
          </div>
        )}
      </dl>
      <DataTable<DetailInspection>
        caption={`Inspections of ${o.code}`}
        rows={inspectionsOf(o)}
        rowKey={(i) => i.id}
        empty="No inspection recorded."
        columns={[
          { label: 'Kind', value: (i) => i.kind ?? '' },
          { label: 'Result', value: (i) => i.result ?? '' },
          { label: 'Time', nowrap: true, value: (i) => <DateTime value={i.time} empty="" /> },
          { label: 'Sample', num: true, value: (i) => (i.sampleSize ?? '').toString() },
          { label: 'Defective', num: true, value: (i) => (i.defectiveQty ?? '').toString() },
          { label: 'Defects', value: defectsText },
        ]}
      />
      <DataTable<(typeof params)[number]>
        caption={`Process parameters of ${o.code}`}
        rows={params}
        rowKey={(r) => r.key}
        empty="No operation in the plant made it, or none recorded a parameter."
        columns={[
          { label: 'Operation', value: (r) => r.op.step ?? shortId(r.op.id) },
          { label: 'Equipment', value: (r) => (r.op.equipment ? shortId(r.op.equipment) : '') },
          { label: 'Parameter', value: (r) => r.p.name },
          { label: 'Value', num: true, value: (r) => parameterValue(r.p) },
        ]}
      />
      {cameFrom.length > 0 && (
        <details className="eightd-trace">
          <summary>Where it came from ({cameFrom.length})</summary>
          <ul className="plain">
            {cameFrom.map((n) => (
              <li key={n.id}>
                {TRACED.has(n.kind) ? <TraceLink id={n.id} label={n.label} /> : n.label}{' '}
                <span className="muted">({n.kind})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
