// Suppliers: the scorecard per supplier and period, a metric's trend, the suppliers of one
// material side by side, and the lots behind any figure (each opening its trace). Filters and the
// opened figure live in the address. A supplier's user sees its own rows only (the API confines it).
import type { ScorecardPeriod, ScorecardRow } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { csvName, CsvLink } from '../components/charts/csv-link.tsx';
import { DrillPanel } from '../components/drill-panel.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { SUPPLIER_ROLE } from '../components/role-fields.tsx';
import {
  METRICS,
  SCORECARD_METRICS,
  ScorecardTrend,
  SupplierComparison,
  type ScorecardMetric,
} from '../components/scorecard-charts.tsx';
import { ScorecardLots } from '../components/scorecard-lots.tsx';
import { ScorecardSettings } from '../components/scorecard-settings.tsx';
import { scorecardCsv, ScorecardTable } from '../components/scorecard-table.tsx';
import { periodLabel, shortId } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { supplierLabel, useScorecard, useScorecardConfig, useScorecardLots } from '../hooks/use-scorecard.ts';
import { oneOf, useUrlFilters } from '../hooks/use-url-filters.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';

const PERIODS: readonly ScorecardPeriod[] = ['month', 'quarter', 'year'];
const DEFAULTS = {
  period: 'month',
  from: '',
  to: '',
  supplier: '',
  material: '',
  metric: 'score',
  // the opened figure: the lots of this supplier in the period starting on this day
  lots: '',
  start: '',
};
const CHOICES = { period: PERIODS, metric: SCORECARD_METRICS };

export function SuppliersPage() {
  usePageTitle('Suppliers');
  const { user, can } = useUser();
  const isSupplier = user.role === SUPPLIER_ROLE;
  const [f, set] = useUrlFilters(DEFAULTS, CHOICES);
  const period = oneOf(f.period, PERIODS, 'month');
  const metric = oneOf<ScorecardMetric>(f.metric, SCORECARD_METRICS, 'score');
  const filter = {
    period,
    from: f.from || undefined,
    to: f.to || undefined,
    supplier: f.supplier || undefined,
    material: f.material || undefined,
  };
  const card = useScorecard(filter);
  const config = useScorecardConfig();
  const suppliers = useSuppliers(!isSupplier);
  const cell = f.lots && f.start ? { supplier: f.lots, period, start: f.start } : null;
  const lots = useScorecardLots(cell);
  // A figure opens its lots; the open one closes them again.
  const drill = (r: ScorecardRow) =>
    r.supplier === f.lots && r.periodStart === f.start
      ? set({ lots: '', start: '' })
      : set({ lots: r.supplier, start: r.periodStart });
  const filterNames = { period, from: f.from, to: f.to, supplier: f.supplier, material: f.material };
  const drilled = card.data?.rows.find((r) => r.supplier === f.lots && r.periodStart === f.start);
  const lotsTitle = cell
    ? `Lots received from ${drilled ? supplierLabel(drilled) : shortId(cell.supplier)}, ${periodLabel(cell.start, period)}`
    : '';

  return (
    <section className="page wide">
      <h1>Suppliers</h1>
      <p>
        Incoming quality per supplier and period of receipt: lots received and accepted at their first
        incoming inspection, defective parts per million sampled, and the weighted score and grade.
        {isSupplier && ' You see your own figures only.'}
      </p>
      <FilterBar>
        <FilterSelect
          label="Period"
          value={period}
          choices={PERIODS.map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }))}
          onChange={(v) => set({ period: v, lots: '', start: '' })}
        />
        <FilterText label="Received from" type="date" value={f.from} onCommit={(v) => set({ from: v })} />
        <FilterText label="Received before" type="date" value={f.to} onCommit={(v) => set({ to: v })} />
        {!isSupplier && (
          <FilterSelect
            label="Supplier"
            value={f.supplier}
            choices={[
              { value: '', label: 'All suppliers' },
              ...(suppliers.data ?? []).map((s) => ({ value: s.id, label: nameOf(s) })),
              // a supplier named in the address but not (yet) in the list still shows
              ...(f.supplier && !suppliers.data?.some((s) => s.id === f.supplier)
                ? [{ value: f.supplier, label: shortId(f.supplier) }]
                : []),
            ]}
            onChange={(v) => set({ supplier: v })}
          />
        )}
        <FilterText
          label="Material"
          value={f.material}
          onCommit={(v) => set({ material: v })}
          placeholder="all materials"
          hint="A material id compares its suppliers; or use “compare suppliers” on a lot below."
        />
        <FilterSelect
          label="Chart"
          value={metric}
          choices={SCORECARD_METRICS.map((m) => ({ value: m, label: METRICS[m].label }))}
          onChange={(v) => set({ metric: v })}
        />
      </FilterBar>

      <ErrorMessage error={card.error} />
      {card.loading && !card.data && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      {card.data && (
        <>
          <div className="charts">
            <ScorecardTrend
              data={card.data}
              metric={metric}
              filename={csvName(`supplier-${metric}-trend`, filterNames)}
              onDrill={drill}
            />
            {f.material ? (
              <SupplierComparison
                data={card.data}
                metric={metric}
                material={shortId(f.material)}
                filename={csvName(`supplier-${metric}-comparison`, filterNames)}
                onDrill={drill}
              />
            ) : (
              <p className="chart-hint">Set a material above to compare all its suppliers side by side.</p>
            )}
          </div>
          {cell && (
            <DrillPanel title={lotsTitle} onClose={() => set({ lots: '', start: '' })}>
              <ErrorMessage error={lots.error} />
              {lots.data && (
                <ScorecardLots
                  title="Lots"
                  lots={lots.data.lots}
                  busy={lots.loading}
                  onCompare={(material) => set({ material, lots: '', start: '' })}
                />
              )}
            </DrillPanel>
          )}
          <div className="table-head">
            <h2>Scorecard</h2>
            <CsvLink
              title="Scorecard"
              data={{
                filename: csvName('supplier-scorecard', filterNames),
                rows: scorecardCsv(card.data.rows),
              }}
            />
          </div>
          <ScorecardTable
            period={card.data.period}
            rows={card.data.rows}
            busy={card.loading}
            selected={cell ? { supplier: cell.supplier, start: cell.start } : null}
            onDrill={drill}
          />
        </>
      )}
      <ErrorMessage error={config.error} />
      {config.data && (
        <ScorecardSettings
          config={config.data}
          canEdit={can('config:write')}
          onSaved={() => {
            config.reload();
            card.reload();
          }}
        />
      )}
    </section>
  );
}
