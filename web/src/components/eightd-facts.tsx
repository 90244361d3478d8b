// What every 8D view says about a case: its step or Closed, the supplier by name, where it was
// opened from, and the header facts (opened, contained, closed, due, overdue).
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { EightDCase, EightDSource, EightDSummary } from '../api/eightd.ts';
import type { FormDefinition } from '../api/forms.ts';
import type { Supplier } from '../api/types.ts';
import { shortId } from '../format.ts';
import { DateTime } from './date-time.tsx';
import { TraceLink } from './trace-link.tsx';

/** A column's or state's name: the step form's title ("D3 Containment"), Closed, or the state itself. */
export function stateTitle(state: string, forms: FormDefinition[] | undefined): string {
  if (state === 'closed') return 'Closed';
  return forms?.find((f) => f.key === `8d-${state}`)?.title ?? state.toUpperCase();
}

/** A supplier by its name where the data gives one; "not assigned" for none. */
export function supplierName(suppliers: Supplier[] | undefined, id: string | null): string {
  if (id === null) return 'not assigned';
  return suppliers?.find((s) => s.id === id)?.name ?? shortId(id);
}

/** Where the case was opened from, with links to the lot's trace or the recall case. */
export function EightDSourceText({ source }: { source: EightDSource }) {
  if (source.kind === 'lot')
    return (
      <>
        lot <TraceLink id={source.lot} />
      </>
    );
  if (source.kind === 'recall')
    return (
      <>
        recall case <Link to={`/recalls/${encodeURIComponent(source.caseId)}`}>{source.caseId}</Link>
      </>
    );
  const period = [
    source.from ? `from ${source.from.slice(0, 10)}` : '',
    source.to ? `to ${source.to.slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      defect code <code>{source.code}</code>
      {period && ` ${period}`}
      {source.material && `, material ${shortId(source.material)}`}
    </>
  );
}

/** The case's state as a badge: the step it is at, or Closed. */
export function EightDStateBadge({ c, forms }: { c: EightDSummary; forms: FormDefinition[] | undefined }) {
  return (
    <span className={`workflow-state ${c.status === 'done' ? 'closed' : 'open'}`}>
      {stateTitle(c.state, forms)}
    </span>
  );
}

/** The due time of the open step, with "overdue" when it has passed. */
export function EightDDue({ c }: { c: EightDSummary }) {
  if (c.status === 'done') return <>—</>;
  if (!c.dueAt) return <>no due time</>;
  return (
    <>
      <DateTime value={c.dueAt} />
      {c.overdue && (
        <>
          {' '}
          <strong className="badge bad">overdue</strong>
        </>
      )}
    </>
  );
}

/** The header facts of a case. */
export function EightDFacts({
  c,
  forms,
  supplier,
}: {
  c: EightDCase;
  forms: FormDefinition[] | undefined;
  supplier: string;
}) {
  const rows: [string, ReactNode][] = [
    ['State', <EightDStateBadge c={c} forms={forms} />],
    ['Supplier', supplier],
    ['Opened from', <EightDSourceText source={c.source} />],
    [
      'Opened',
      <>
        <DateTime value={c.openedAt} /> by {c.openedBy}
      </>,
    ],
    ['Contained', <DateTime value={c.containedAt} empty="not yet" />],
    ['Closed', <DateTime value={c.closedAt} empty="not yet" />],
    ['Due', <EightDDue c={c} />],
  ];
  return (
    <dl className="facts eightd-facts" aria-label="Case">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {c.source.description && (
        <div>
          <dt>Description</dt>
          <dd className="eightd-description">{c.source.description}</dd>
        </div>
      )}
    </dl>
  );
}
