// SPC: the incoming p-chart for everyone with analytics (a supplier sees its own lots), and for
// roles with yield:read the defects u-chart and first-pass yield over time. Filters live in the address.
import type { FpyBy, SpcPeriod } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { csvName } from '../components/charts/csv-link.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterSelect, FilterText } from '../components/filter-fields.tsx';
import { SUPPLIER_ROLE } from '../components/role-fields.tsx';
import { DefectsUChart, FirstPassYield, IncomingPChart } from '../components/spc-charts.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useDefectsUChart, useFirstPassYield, useIncomingPChart } from '../hooks/use-spc.ts';
import { oneOf, useUrlFilters } from '../hooks/use-url-filters.ts';

const PERIODS: readonly SpcPeriod[] = ['month', 'week'];
const BY: readonly FpyBy[] = ['step', 'line', 'equipment'];
const DEFAULTS = { period: 'month', inspection: 'fct', step: '', by: 'step' };
const CHOICES = { period: PERIODS, by: BY };

function Loading({ when }: { when: boolean }) {
  return when ? (
    <p role="status" className="loading">
      Loading…
    </p>
  ) : null;
}

export function SpcPage() {
  usePageTitle('SPC');
  const { user, can } = useUser();
  const isSupplier = user.role === SUPPLIER_ROLE;
  const withYield = can('yield:read');
  const [f, set] = useUrlFilters(DEFAULTS, CHOICES);
  const period = oneOf(f.period, PERIODS, 'month');
  const by = oneOf(f.by, BY, 'step');
  const pChart = useIncomingPChart(period);
  const uChart = useDefectsUChart(withYield, period, f.inspection, f.step);
  const fpy = useFirstPassYield(withYield, period, by, f.inspection);

  return (
    <section className="page wide">
      <h1>Statistical process control</h1>
      <p>
        Is incoming quality {withYield ? 'and the line ' : ''}stable over time? Points beyond the limits or in
        a suspicious run break a Western Electric rule.{isSupplier && ' You see your own lots only.'}
      </p>
      <FilterBar>
        <FilterSelect
          label="Period"
          value={period}
          choices={[
            { value: 'month', label: 'Month' },
            { value: 'week', label: 'ISO week' },
          ]}
          onChange={(v) => set({ period: v })}
        />
        {withYield && (
          <>
            <FilterText
              label="Inspection"
              value={f.inspection}
              onCommit={(v) => set({ inspection: v })}
              hint="For the u-chart and first-pass yield, e.g. fct."
            />
            <FilterText
              label="Process step (u-chart)"
              value={f.step}
              placeholder="all steps"
              onCommit={(v) => set({ step: v })}
            />
            <FilterSelect
              label="First-pass yield per"
              value={by}
              choices={[
                { value: 'step', label: 'Step' },
                { value: 'line', label: 'Line' },
                { value: 'equipment', label: 'Equipment' },
              ]}
              onChange={(v) => set({ by: v })}
            />
          </>
        )}
      </FilterBar>
      <div className="charts">
        <ErrorMessage error={pChart.error} />
        <Loading when={pChart.loading && !pChart.data} />
        {pChart.data && (
          <IncomingPChart answer={pChart.data} filename={csvName('spc-incoming-p-chart', { period })} />
        )}
        {withYield && (
          <>
            <ErrorMessage error={uChart.error} />
            <Loading when={uChart.loading && !uChart.data} />
            {uChart.data && (
              <DefectsUChart
                answer={uChart.data}
                filename={csvName('spc-defects-u-chart', { period, inspection: f.inspection, step: f.step })}
              />
            )}
            <ErrorMessage error={fpy.error} />
            <Loading when={fpy.loading && !fpy.data} />
            {fpy.data && (
              <FirstPassYield
                answer={fpy.data}
                filename={csvName('first-pass-yield', { period, by, inspection: f.inspection })}
              />
            )}
          </>
        )}
      </div>
    </section>
  );
}
