// Yield: which input lot or process setting hurts first-pass yield of a step, and for one
// parameter its yield per bin, every unit's value by pass or fail, and a band × input lot heatmap.
// Step, inspection and parameter live in the address.
import { csvName } from '../components/charts/csv-link.tsx';
import { DrillPanel } from '../components/drill-panel.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FilterBar, FilterText } from '../components/filter-fields.tsx';
import { ParameterScatter, YieldByBin, YieldHeatmap } from '../components/parameter-charts.tsx';
import { YieldFactors } from '../components/yield-factors.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useUrlFilters } from '../hooks/use-url-filters.ts';
import { useParameterYield, useYieldFactors, useYieldHeatmap, useYieldPoints } from '../hooks/use-yield.ts';

// The demo plant's reflow step and its functional test.
const DEFAULTS = { step: 'smt_reflow', inspection: 'fct', parameter: '' };

export function YieldPage() {
  usePageTitle('Yield');
  const [f, set] = useUrlFilters(DEFAULTS);
  const scope = { step: f.step, inspection: f.inspection };
  const factors = useYieldFactors(scope);
  const byBin = useParameterYield(scope, f.parameter);
  const points = useYieldPoints(scope, f.parameter);
  const heatmap = useYieldHeatmap(scope, f.parameter);
  const names = { step: f.step, inspection: f.inspection, parameter: f.parameter };

  return (
    <section className="page wide">
      <h1>Yield</h1>
      <p>
        What drives first-pass yield of a process step: the input lots its units used and the process
        parameters they ran at, judged by the first result of an inspection.
      </p>
      <FilterBar>
        <FilterText
          label="Process step"
          value={f.step}
          onCommit={(v) => set({ step: v, parameter: '' })}
          hint="The step that made the units, e.g. smt_reflow."
        />
        <FilterText
          label="Inspection"
          value={f.inspection}
          onCommit={(v) => set({ inspection: v, parameter: '' })}
          hint="The inspection kind that judges them, e.g. fct."
        />
      </FilterBar>
      <ErrorMessage error={factors.error} />
      {factors.loading && !factors.data && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      {factors.data && (
        <>
          <h2>Factors</h2>
          <YieldFactors
            answer={factors.data}
            parameter={f.parameter}
            onParameter={(name) => set({ parameter: name === f.parameter ? '' : name })}
          />
        </>
      )}
      {f.parameter && (
        <DrillPanel title={`Parameter ${f.parameter}`} onClose={() => set({ parameter: '' })}>
          <div className="charts">
            <ErrorMessage error={byBin.error} />
            {byBin.data && <YieldByBin answer={byBin.data} filename={csvName('yield-per-bin', names)} />}
            <ErrorMessage error={points.error} />
            {points.data && (
              <ParameterScatter answer={points.data} filename={csvName('yield-points', names)} />
            )}
            <ErrorMessage error={heatmap.error} />
            {heatmap.data && (
              <YieldHeatmap answer={heatmap.data} filename={csvName('yield-heatmap', names)} />
            )}
          </div>
        </DrillPanel>
      )}
    </section>
  );
}
