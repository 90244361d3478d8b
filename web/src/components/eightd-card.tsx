// The 8D board's parts: a column per discipline (D0 … D8, Closed) and a card per case in it, with
// its title, id, supplier and due time (overdue marked), linking to the case.
import { Link } from 'react-router';
import type { EightDSummary } from '../api/eightd.ts';
import { DateTime } from './date-time.tsx';
import { EightDDue } from './eightd-facts.tsx';

export function EightDColumn({
  label,
  cases,
  supplierOf,
}: {
  label: string;
  cases: EightDSummary[];
  supplierOf: (id: string | null) => string;
}) {
  return (
    <section className="eightd-column" aria-label={label}>
      <h2>
        {label} <span className="muted">({cases.length})</span>
      </h2>
      {cases.length === 0 ? (
        <p className="muted small">No case.</p>
      ) : (
        <ol>
          {cases.map((c) => (
            <li key={c.id}>
              <EightDCard c={c} supplier={supplierOf(c.supplierId)} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function EightDCard({ c, supplier }: { c: EightDSummary; supplier: string }) {
  return (
    <article className={c.overdue ? 'eightd-card overdue' : 'eightd-card'} aria-label={`${c.id} ${c.title}`}>
      <strong>
        <Link to={`/8d/${encodeURIComponent(c.id)}`}>{c.title}</Link>
      </strong>
      <span className="eightd-card-id">{c.id}</span>
      <span className="eightd-card-supplier">{supplier}</span>
      <span className="eightd-card-due">
        {c.status === 'done' ? (
          <>
            closed <DateTime value={c.closedAt} />
          </>
        ) : c.dueAt ? (
          <>
            due <EightDDue c={c} />
          </>
        ) : (
          'no due time'
        )}
      </span>
    </article>
  );
}
