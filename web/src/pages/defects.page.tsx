// Defects: the Pareto of defect quantities by code, step, equipment, supplier or material, and the
// lots and units behind a bar (each opening its trace). Filters and the opened bar live in the address.
import { Link } from 'react-router';
import type { ParetoDimension } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { csvName, CsvLink } from '../components/charts/csv-link.tsx';
import { DrillPanel } from '../components/drill-panel.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { DIMENSIONS, ParetoItems, ParetoView } from '../components/pareto-view.tsx';
import { SUPPLIER_ROLE } from '../components/role-fields.tsx';
import { shortId } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { UNATTRIBUTED, usePareto, useParetoItems } from '../hooks/use-pareto.ts';
import { oneOf, useUrlFilters } from '../hooks/use-url-filters.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';

const DIMENSION_KEYS = Object.keys(DIMENSIONS) as ParetoDimension[];
const DEFAULTS = { dimension: 'code', from: '', to: '', material: '', supplier: '', bar: '' };
const CHOICES = { dimension: DIMENSION_KEYS };

export function DefectsPage() {
  usePageTitle('Defects');
  const { user, can } = useUser();
  const isSupplier = user.role === SUPPLIER_ROLE;
  const [f, set] = useUrlFilters(DEFAULTS, CHOICES);
  const dimension = oneOf<ParetoDimension>(f.dimension, DIMENSION_KEYS, 'code');
  const filter = {
    dimension,
    from: f.from || undefined,
    to: f.to || undefined,
    material: f.material || undefined,
    supplier: f.supplier || undefined,
  };
  const pareto = usePareto(filter);
  const items = useParetoItems(filter, f.bar);
  const suppliers = useSuppliers(!isSupplier);
  const supplierNames = new Map((suppliers.data ?? []).map((s) => [s.id, nameOf(s)]));
  // Suppliers by name; other identifiers by their readable end (`urn:lotgraph:equipment:AOI-1` -> AOI-1).
  const labelOf = (name: string) =>
    name === UNATTRIBUTED
      ? name
      : dimension === 'supplier'
        ? (supplierNames.get(name) ?? shortId(name))
        : shortId(name);
  const names = { dimension, from: f.from, to: f.to, material: f.material, supplier: f.supplier };
  const bars = pareto.data?.dimension === dimension ? pareto.data.bars : [];

  return (
    <section className="page wide">
      <h1>Defects</h1>
      <p>
        Which defects, steps, machines, suppliers or materials make most of the defects found in every
        inspection? {isSupplier && 'You see defects on your own lots only.'}
      </p>
      <FilterBar>
        <FilterSelect
          label="By"
          value={dimension}
          choices={DIMENSION_KEYS.map((d) => ({ value: d, label: DIMENSIONS[d] }))}
          onChange={(v) => set({ dimension: v, bar: '' })}
        />
        <FilterText
          label="Inspected from"
          type="date"
          value={f.from}
          onCommit={(v) => set({ from: v, bar: '' })}
        />
        <FilterText
          label="Inspected before"
          type="date"
          value={f.to}
          onCommit={(v) => set({ to: v, bar: '' })}
        />
        <FilterText
          label="Material"
          value={f.material}
          placeholder="all materials"
          onCommit={(v) => set({ material: v, bar: '' })}
        />
        {!isSupplier && (
          <FilterSelect
            label="Supplier"
            value={f.supplier}
            choices={[
              { value: '', label: 'All suppliers' },
              ...(suppliers.data ?? []).map((s) => ({ value: s.id, label: nameOf(s) })),
              ...(f.supplier && !suppliers.data?.some((s) => s.id === f.supplier)
                ? [{ value: f.supplier, label: shortId(f.supplier) }]
                : []),
            ]}
            onChange={(v) => set({ supplier: v, bar: '' })}
          />
        )}
      </FilterBar>
      <ErrorMessage error={pareto.error} />
      {pareto.loading && !pareto.data && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      {pareto.data && (
        <ParetoView
          dimension={dimension}
          bars={bars}
          labelOf={labelOf}
          selected={f.bar || null}
          onDrill={(b) => set({ bar: b.name === f.bar ? '' : b.name })}
          filename={csvName('defects-pareto', names)}
        />
      )}
      {f.bar && f.bar !== UNATTRIBUTED && (
        <DrillPanel
          title={`${DIMENSIONS[dimension]} ${labelOf(f.bar)}: lots and units`}
          onClose={() => set({ bar: '' })}
          actions={
            items.data && (
              <>
                {dimension === 'code' && can('eightd:manage') && (
                  <Link
                    className="button-link small"
                    to={`/8d?${new URLSearchParams({ open: 'pareto', code: f.bar, from: f.from, to: f.to, material: f.material })}`}
                  >
                    Open an 8D
                  </Link>
                )}
                <CsvLink
                  title={`Items of ${labelOf(f.bar)}`}
                  data={{
                    filename: csvName('defects-pareto-items', { ...names, value: f.bar }),
                    rows: items.data.items.map((i) => ({ ...i })),
                  }}
                />
              </>
            )
          }
        >
          <ErrorMessage error={items.error} />
          {items.data && (
            <ParetoItems
              title="Lots and units"
              items={items.data.items}
              total={items.data.total}
              busy={items.loading}
            />
          )}
        </DrillPanel>
      )}
    </section>
  );
}
