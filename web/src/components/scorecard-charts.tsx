// The scorecard as charts: a metric's trend per supplier over the periods, and the suppliers of
// one material side by side. A point or bar opens the lots behind it.
import { format } from 'd3';
import type { ScorecardPeriod, ScorecardRow } from '../api/types.ts';
import { formatCount, formatPercent, formatPpm, formatScore, periodLabel } from '../format.ts';
import { supplierLabel, type ShapedScorecard } from '../hooks/use-scorecard.ts';
import { ChartFrame } from './charts/chart-frame.tsx';
import { seriesColor } from './charts/chart-style.ts';
import type { CsvRow } from './charts/csv-link.tsx';
import { GroupedBarChart, type GroupedBar } from './charts/grouped-bar-chart.tsx';
import { Legend } from './charts/legend.tsx';
import { LineChart, type LineSeries } from './charts/line-chart.tsx';
import { DataTable } from './data-table.tsx';

export type ScorecardMetric = 'score' | 'acceptanceRate' | 'ppmDefective';
export const SCORECARD_METRICS: readonly ScorecardMetric[] = ['score', 'acceptanceRate', 'ppmDefective'];

interface MetricSpec {
  label: string;
  /** the axis title, with the unit */
  axis: string;
  value: (r: ScorecardRow) => number | null;
  format: (v: number | null) => string;
  tick: (v: number) => string;
  domain?: [number, number];
}

export const METRICS: Record<ScorecardMetric, MetricSpec> = {
  score: {
    label: 'Score',
    axis: 'Score (points, 0–100)',
    value: (r) => r.score,
    format: formatScore,
    tick: format('d'),
    domain: [0, 100],
  },
  acceptanceRate: {
    label: 'Acceptance rate',
    axis: 'Lots accepted (%)',
    value: (r) => r.acceptanceRate,
    format: formatPercent,
    tick: (v) => format('d')(v * 100),
    domain: [0, 1],
  },
  ppmDefective: {
    label: 'PPM defective',
    axis: 'Defective (parts per million sampled)',
    value: (r) => r.ppmDefective,
    format: formatPpm,
    tick: format('~s'),
  },
};

const PERIOD_NAMES: Record<ScorecardPeriod, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

/** Everything a row says, for its tooltip and accessible name. */
export function rowText(r: ScorecardRow, period: ScorecardPeriod, drillable: boolean): string[] {
  return [
    `${supplierLabel(r)}, ${periodLabel(r.periodStart, period)}`,
    `Score: ${formatScore(r.score)}${r.grade ? ` (grade ${r.grade})` : ''}`,
    `Acceptance: ${formatPercent(r.acceptanceRate)} (${formatCount(r.lotsPassed)} of ${formatCount(r.lotsInspected)} lots inspected)`,
    `PPM defective: ${formatPpm(r.ppmDefective)} (${formatCount(r.ppmBasis.defective)} of ${formatCount(r.ppmBasis.sampleSize)} sampled)`,
    `Lots received: ${formatCount(r.lotsReceived)}`,
    ...(drillable ? ['Select to list the lots'] : []),
  ];
}

interface ChartProps {
  data: ShapedScorecard;
  metric: ScorecardMetric;
  /** the CSV's file name */
  filename: string;
  onDrill: (r: ScorecardRow) => void;
}

const colorOf = (data: ShapedScorecard) => {
  const index = new Map(data.suppliers.map((s, i) => [s.id, i]));
  return (supplier: string) => seriesColor(index.get(supplier) ?? 0);
};

const metricCsv = (data: ShapedScorecard, metric: ScorecardMetric): CsvRow[] =>
  data.rows.map((r) => ({
    supplier: r.supplier,
    supplierName: r.supplierName,
    periodStart: r.periodStart,
    [metric]: METRICS[metric].value(r),
  }));

function SupplierLegend({ data, swatch }: { data: ShapedScorecard; swatch: 'line' | 'bar' }) {
  const color = colorOf(data);
  return (
    <Legend
      label="Suppliers"
      items={data.suppliers.map((s) => ({ label: s.name, color: color(s.id), swatch }))}
    />
  );
}

function MetricTable({ data, metric }: { data: ShapedScorecard; metric: ScorecardMetric }) {
  const m = METRICS[metric];
  return (
    <DataTable
      caption={`${m.label} per supplier and ${data.period}`}
      rows={data.rows}
      rowKey={(r) => `${r.supplier}|${r.periodStart}`}
      columns={[
        { label: 'Supplier', value: (r) => supplierLabel(r) },
        { label: PERIOD_NAMES[data.period], value: (r) => periodLabel(r.periodStart, data.period) },
        { label: m.label, num: true, value: (r) => m.format(m.value(r)) },
      ]}
    />
  );
}

export function ScorecardTrend({ data, metric, filename, onDrill }: ChartProps) {
  const m = METRICS[metric];
  const color = colorOf(data);
  const byKey = new Map(data.rows.map((r) => [`${r.supplier}|${r.periodStart}`, r]));
  const series: LineSeries[] = data.suppliers.map((s) => ({
    key: s.id,
    label: s.name,
    color: color(s.id),
    points: data.rows
      .filter((r) => r.supplier === s.id)
      .map((r) => ({ periodStart: r.periodStart, value: m.value(r), text: rowText(r, data.period, true) })),
  }));
  return (
    <ChartFrame
      title={`${m.label} over time`}
      description={`${m.axis} per supplier and ${data.period} of receipt. A period without data breaks the line.`}
      legend={<SupplierLegend data={data} swatch="line" />}
      csv={{ filename, rows: metricCsv(data, metric) }}
      table={<MetricTable data={data} metric={metric} />}
      empty={data.rows.length === 0 ? 'No lots were received with these filters.' : null}
    >
      {(ctx) => (
        <LineChart
          {...ctx}
          series={series}
          yDomain={m.domain}
          yFormat={m.tick}
          yTitle={m.axis}
          xTitle={`${PERIOD_NAMES[data.period]} of receipt (UTC)`}
          periodLabel={(d) => periodLabel(d.toISOString(), data.period)}
          onActivate={(s, pt) => {
            const r = byKey.get(`${s.key}|${pt.periodStart}`);
            if (r) onDrill(r);
          }}
        />
      )}
    </ChartFrame>
  );
}

export function SupplierComparison({
  data,
  metric,
  material,
  filename,
  onDrill,
}: ChartProps & { material: string }) {
  const m = METRICS[metric];
  const color = colorOf(data);
  const byKey = new Map(data.rows.map((r) => [`${r.supplier}|${r.periodStart}`, r]));
  // One bar per supplier in every period; a supplier without a row there has no data.
  const bars: GroupedBar[] = data.periods.flatMap((p) =>
    data.suppliers.map((s) => {
      const r = byKey.get(`${s.id}|${p}`);
      return {
        group: p,
        series: s.id,
        color: color(s.id),
        value: r ? m.value(r) : null,
        text: r
          ? rowText(r, data.period, true)
          : [`${s.name}, ${periodLabel(p, data.period)}`, 'No lots of this material received'],
      };
    }),
  );
  return (
    <ChartFrame
      title={`Suppliers of ${material} side by side`}
      description={`${m.axis} of every supplier of this material, counting only its lots. A hatched stub: no data.`}
      legend={<SupplierLegend data={data} swatch="bar" />}
      csv={{
        filename,
        rows: data.rows.map((r) => ({
          material,
          supplier: r.supplier,
          supplierName: r.supplierName,
          periodStart: r.periodStart,
          [metric]: m.value(r),
        })),
      }}
      table={<MetricTable data={data} metric={metric} />}
      empty={data.rows.length === 0 ? 'No lots of this material were received with these filters.' : null}
    >
      {(ctx) => (
        <GroupedBarChart
          {...ctx}
          groups={data.periods}
          series={data.suppliers.map((s) => s.id)}
          bars={bars}
          groupLabel={(p) => periodLabel(p, data.period)}
          yDomain={m.domain}
          yFormat={m.tick}
          yTitle={m.axis}
          xTitle={`${PERIOD_NAMES[data.period]} of receipt (UTC)`}
          onActivate={(b) => {
            const r = byKey.get(`${b.series}|${b.group}`);
            if (r) onDrill(r);
          }}
          canActivate={(b) => byKey.has(`${b.series}|${b.group}`)}
        />
      )}
    </ChartFrame>
  );
}
