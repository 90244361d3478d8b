// Quality notices: every notice to customers and suppliers (a supplier's user: those sent to its
// supplier), filtered in the address, as CSV; with notices:manage, "Raise notices" from a lot or a
// recall case. Other pages link here with the source prefilled: /notices?raise=lot&lot=…
// (&criteria=… from a narrowed recall workspace), ?raise=recall&caseId=….
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { noticesCsvUrl, type NoticeSummary } from '../api/notices.ts';
import type { NarrowingCriteria } from '../api/recall.ts';
import { useUser } from '../auth/session.tsx';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { NoticeStatus, partyName } from '../components/notice-actions.tsx';
import { EMPTY_RAISE, NoticeRaiseDialog, type RaisePrefill } from '../components/notice-raise-dialog.tsx';
import { useNotices } from '../hooks/use-notices.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useUrlFilters, type Filters } from '../hooks/use-url-filters.ts';
import '../styles/recall.css';

type FilterKey = 'status' | 'kind' | 'q';
const DEFAULTS: Filters<FilterKey> = { status: '', kind: '', q: '' };
const CHOICES = {
  status: ['', 'draft', 'sent', 'acknowledged', 'closed'],
  kind: ['', 'customer', 'supplier'],
};
const RAISE_KEYS = ['raise', 'lot', 'caseId', 'criteria'] as const;

function prefillOf(params: URLSearchParams): RaisePrefill | null {
  const kind = params.get('raise');
  if (kind !== 'lot' && kind !== 'recall') return null;
  let criteria: NarrowingCriteria | null = null;
  try {
    criteria = params.get('criteria') ? (JSON.parse(params.get('criteria')!) as NarrowingCriteria) : null;
  } catch {
    criteria = null;
  }
  return { kind, lot: params.get('lot') ?? '', caseId: params.get('caseId') ?? '', criteria };
}

export function NoticesPage() {
  usePageTitle('Notices');
  const { user, can } = useUser();
  const manage = can('notices:manage');
  const supplier = user.role === 'supplier';
  const [f, setF] = useUrlFilters<FilterKey>(DEFAULTS, CHOICES);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const notices = useNotices(f);
  const [asked, setAsked] = useState(false);
  const linked = prefillOf(params);
  const close = () => {
    setAsked(false);
    if (linked)
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const k of RAISE_KEYS) next.delete(k);
          return next;
        },
        { replace: true },
      );
  };

  return (
    <section className="page wide">
      <div className="page-head">
        <h1>Notices</h1>
        {manage && (
          <button type="button" className="primary" onClick={() => setAsked(true)}>
            Raise notices
          </button>
        )}
      </div>
      <p>
        {supplier
          ? 'Quality notices sent to you about a lot you delivered. Acknowledge each one; the 8D case tells what happens next.'
          : 'When a lot is found bad, each customer that got something of it receives a notice naming its shipments and objects, and the supplier a notice asking for an 8D. Customers acknowledge through a single-use link; suppliers in the portal.'}
      </p>
      <FilterBar>
        <FilterSelect
          label="Status"
          value={f.status}
          onChange={(v) => setF({ status: v })}
          choices={[
            { value: '', label: 'Any status' },
            { value: 'draft', label: 'Drafts' },
            { value: 'sent', label: 'Waiting for the answer' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
        {!supplier && (
          <FilterSelect
            label="To"
            value={f.kind}
            onChange={(v) => setF({ kind: v })}
            choices={[
              { value: '', label: 'Customers and suppliers' },
              { value: 'customer', label: 'Customers' },
              { value: 'supplier', label: 'Suppliers' },
            ]}
          />
        )}
        <FilterText
          label="Search"
          value={f.q}
          onCommit={(v) => setF({ q: v })}
          placeholder="Notice, title, party or lot"
        />
      </FilterBar>
      <ErrorMessage error={notices.error} />
      {notices.loading && !notices.data && (
        <p role="status" className="loading">
          Loading the notices…
        </p>
      )}
      {notices.data && (
        <>
          <p className="table-head">
            <a className="button-link small" href={noticesCsvUrl(f)} download>
              Download CSV
            </a>
          </p>
          <DataTable<NoticeSummary>
            caption="Notices"
            rows={notices.data}
            rowKey={(n) => n.id}
            busy={notices.loading}
            empty="No notice matches."
            columns={[
              {
                label: 'Notice',
                nowrap: true,
                value: (n) => <Link to={`/notices/${encodeURIComponent(n.id)}`}>{n.id}</Link>,
              },
              { label: 'To', value: (n) => `${partyName(n)} (${n.kind})` },
              { label: 'Title', value: (n) => n.title },
              { label: 'Lot', value: (n) => n.root.code, nowrap: true },
              { label: 'Status', value: (n) => <NoticeStatus n={n} /> },
              { label: 'Due', nowrap: true, value: (n) => <DateTime value={n.dueAt} empty="—" /> },
            ]}
          />
        </>
      )}
      {manage && (
        <NoticeRaiseDialog
          open={asked || linked !== null}
          prefill={linked ?? EMPTY_RAISE}
          onClose={close}
          onRaised={(batch) => navigate(`/notices/batches/${encodeURIComponent(batch)}`)}
        />
      )}
    </section>
  );
}
