// The 8D board: one column per discipline D0 … D8 and Closed, a card per case (title, id,
// supplier, due time, overdue marked). Filters live in the address (supplier, status, search).
// With eightd:manage, "Open an 8D" from a lot, a defect Pareto bar or a recall case; other pages
// link here with the source prefilled: /8d?open=lot&lot=…, ?open=pareto&code=…&from=…&to=…&material=…,
// ?open=recall&caseId=…. A supplier's user sees only its own supplier's cases (the API's cut).
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { COLUMNS, type EightDSummary } from '../api/eightd.ts';
import { useUser } from '../auth/session.tsx';
import { EightDColumn } from '../components/eightd-card.tsx';
import { stateTitle, supplierName } from '../components/eightd-facts.tsx';
import {
  EightDOpenDialog,
  EMPTY_PREFILL,
  type OpenPrefill,
  type SourceKind,
} from '../components/eightd-open-dialog.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { useEightDCases, useStepForms } from '../hooks/use-eightd.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useUrlFilters, type Filters } from '../hooks/use-url-filters.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';
import '../styles/workflows.css';

type FilterKey = 'supplier' | 'status' | 'q';
const DEFAULTS: Filters<FilterKey> = { supplier: '', status: '', q: '' };
const STATUSES = ['', 'open', 'done'] as const;
const CHOICES = { status: STATUSES };

// The address parameters that open the form with a source, and are dropped once it closes.
const OPEN_KEYS = ['open', 'lot', 'code', 'from', 'to', 'material', 'caseId'] as const;
const SOURCE_KINDS: SourceKind[] = ['lot', 'pareto', 'recall'];

function prefillOf(params: URLSearchParams): OpenPrefill | null {
  const kind = params.get('open') as SourceKind | null;
  if (!kind || !SOURCE_KINDS.includes(kind)) return null;
  const get = (k: string) => params.get(k) ?? '';
  return {
    kind,
    lot: get('lot'),
    code: get('code'),
    from: get('from'),
    to: get('to'),
    material: get('material'),
    caseId: get('caseId'),
  };
}

export function EightDBoardPage() {
  usePageTitle('8D board');
  const { user, can } = useUser();
  const manage = can('eightd:manage');
  const staff = user.supplierId === null && user.role !== 'supplier';
  const [f, setF] = useUrlFilters<FilterKey>(DEFAULTS, CHOICES);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const cases = useEightDCases({ supplier: staff ? f.supplier : '', q: f.q });
  const forms = useStepForms();
  const suppliers = useSuppliers(true);
  const [asked, setAsked] = useState(false);
  const linked = prefillOf(params);
  const dialogOpen = manage && (asked || linked !== null);

  const close = () => {
    setAsked(false);
    if (linked)
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const k of OPEN_KEYS) next.delete(k);
          return next;
        },
        { replace: true },
      );
  };
  const shown = (cases.data ?? []).filter((c) => !f.status || c.status === f.status);
  // Columns in the workflow's order; a state an admin added gets a column of its own at the end.
  const states: string[] = [
    ...COLUMNS,
    ...new Set(shown.map((c) => c.state).filter((s) => !(COLUMNS as readonly string[]).includes(s))),
  ];
  const byState = (s: string): EightDSummary[] => shown.filter((c) => c.state === s);
  const supplierOf = (id: string | null) => supplierName(suppliers.data, id);

  return (
    <section className="page wide eightd-board-page">
      <div className="page-head">
        <h1>8D board</h1>
        {manage && (
          <button type="button" className="primary" onClick={() => setAsked(true)}>
            Open an 8D
          </button>
        )}
      </div>
      <p>
        8D problem solving, one column per discipline. A case assigned to a supplier is answered by its users
        in the portal for D3 to D7; quality answers the other steps.
      </p>
      <FilterBar>
        {staff && (
          <FilterSelect
            label="Supplier"
            value={f.supplier}
            onChange={(v) => setF({ supplier: v })}
            choices={[
              { value: '', label: 'All suppliers' },
              ...(suppliers.data ?? []).map((s) => ({ value: s.id, label: nameOf(s) })),
              ...(f.supplier && !suppliers.data?.some((s) => s.id === f.supplier)
                ? [{ value: f.supplier, label: supplierOf(f.supplier) }]
                : []),
            ]}
          />
        )}
        <FilterSelect
          label="Status"
          value={f.status}
          onChange={(v) => setF({ status: v })}
          choices={[
            { value: '', label: 'Open and closed' },
            { value: 'open', label: 'Open' },
            { value: 'done', label: 'Closed' },
          ]}
        />
        <FilterText
          label="Search"
          value={f.q}
          onCommit={(v) => setF({ q: v })}
          placeholder="Case id or title"
        />
      </FilterBar>
      <ErrorMessage error={cases.error} labels={{ supplier: 'Supplier', status: 'Status', q: 'Search' }} />
      <ErrorMessage error={forms.error} />
      {cases.loading && !cases.data && (
        <p role="status" className="loading">
          Loading the cases…
        </p>
      )}
      {cases.data && (
        <>
          <p className="muted" role="status">
            {shown.length === 0
              ? 'No case matches.'
              : `${shown.length} case${shown.length === 1 ? '' : 's'}.`}
          </p>
          <div className="eightd-board" aria-busy={cases.loading}>
            {states.map((s) => (
              <EightDColumn
                key={s}
                label={stateTitle(s, forms.data)}
                cases={byState(s)}
                supplierOf={supplierOf}
              />
            ))}
          </div>
        </>
      )}
      {manage && (
        <EightDOpenDialog
          open={dialogOpen}
          prefill={linked ?? EMPTY_PREFILL}
          suppliers={suppliers.data ?? []}
          onClose={close}
          onOpened={(c) => navigate(`/8d/${encodeURIComponent(c.id)}`)}
        />
      )}
    </section>
  );
}
