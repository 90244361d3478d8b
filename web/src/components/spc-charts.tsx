// The SPC page's charts: the incoming p-chart, the defects u-chart (both with Western Electric
// rules) and first-pass yield over time per step or line.
import { format } from 'd3';
import type { FpyAnswer, FpyBy, PChartAnswer, SpcPeriod, UChartAnswer } from '../api/types.ts';
import { formatCount, formatPercent, periodLabel } from '../format.ts';
import { ChartFrame } from './charts/chart-frame.tsx';
import { COLORS, seriesColor } from './charts/chart-style.ts';
import { ControlChart, type ControlPoint } from './charts/control-chart.tsx';
import { Legend } from './charts/legend.tsx';
import { LineChart } from './charts/line-chart.tsx';
import { DataTable } from './data-table.tsx';

/** The Western Electric rules as the API numbers them. */
export const RULES: Record<number, string> = {
  1: 'one point beyond 3σ',
  2: '2 of 3 points beyond 2σ on one side',
  3: '4 of 5 points beyond 1σ on one side',
  4: '8 points in a row on one side of the centre',
};

const rulesText = (rules: number[]) =>
  rules.length === 0
    ? 'No rule broken'
    : `Breaks rule ${rules.map((r) => `${r} (${RULES[r] ?? 'rule'})`).join(', ')}`;
const rulesCell = (rules: number[]) => (rules.length ? rules.join(', ') : '—');

const PERIOD_TITLE: Record<SpcPeriod, string> = { month: 'Month', week: 'ISO week' };
const BY_NAMES: Record<FpyBy, { one: string; plural: string }> = {
  step: { one: 'Step', plural: 'Steps' },
  line: { one: 'Line', plural: 'Lines' },
  equipment: { one: 'Equipment', plural: 'Equipment' },
};

function ControlLegend({ centre }: { centre: string }) {
  return (
    <Legend
      items={[
        { label: 'In control', color: COLORS.point, swatch: 'dot' },
        {
          label: 'Breaks a Western Electric rule (see the tooltip)',
          color: COLORS.ruleBreak,
          swatch: 'diamond',
        },
        { label: centre, color: COLORS.centre, swatch: 'line' },
        { label: 'Control limits (3σ, per point)', color: COLORS.limit, swatch: 'step' },
      ]}
    />
  );
}

function RulesNote() {
  return (
    <p className="chart-note">
      Rules:{' '}
      {Object.entries(RULES).map(([n, t], i) => (
        <span key={n}>
          {i > 0 && '; '}
          {n}: {t}
        </span>
      ))}
      .
    </p>
  );
}

const pct = (v: number) => format('d')(v * 100);

export function IncomingPChart({ answer, filename }: { answer: PChartAnswer; filename: string }) {
  const { period, centre } = answer;
  const points: ControlPoint[] = answer.points.map((p) => ({
    periodStart: p.periodStart,
    value: p.p,
    lcl: p.lcl,
    ucl: p.ucl,
    rules: p.rules,
    text: [
      periodLabel(p.periodStart, period),
      `Lots passed: ${formatPercent(p.p)} (${formatCount(p.passed)} of ${formatCount(p.n)})`,
      `Limits: ${formatPercent(p.lcl)} to ${formatPercent(p.ucl)}`,
      rulesText(p.rules),
    ],
  }));
  return (
    <ChartFrame
      title="Incoming lots passed (p-chart)"
      description={`Share of lots that passed their first incoming inspection per ${period}; centre p̄ = ${formatPercent(centre)} over all periods.`}
      legend={
        <>
          <ControlLegend centre="Centre line p̄" />
          <RulesNote />
        </>
      }
      csv={{
        filename,
        columns: ['periodStart', 'n', 'passed', 'p', 'lcl', 'ucl', 'z', 'rules', 'centre'],
        rows: answer.points.map((p) => ({
          periodStart: p.periodStart,
          n: p.n,
          passed: p.passed,
          p: p.p,
          lcl: p.lcl,
          ucl: p.ucl,
          z: p.z,
          rules: p.rules.join(' '),
          centre,
        })),
      }}
      table={
        <DataTable
          caption="p-chart points"
          rows={answer.points}
          rowKey={(p) => p.periodStart}
          columns={[
            { label: PERIOD_TITLE[period], value: (p) => periodLabel(p.periodStart, period) },
            { label: 'Lots', num: true, value: (p) => formatCount(p.n) },
            { label: 'Passed', num: true, value: (p) => formatCount(p.passed) },
            { label: 'p', num: true, value: (p) => formatPercent(p.p) },
            { label: 'LCL', num: true, value: (p) => formatPercent(p.lcl) },
            { label: 'UCL', num: true, value: (p) => formatPercent(p.ucl) },
            { label: 'Rules broken', value: (p) => rulesCell(p.rules) },
          ]}
        />
      }
      empty={centre === null || points.length === 0 ? 'No incoming inspections yet.' : null}
    >
      {(ctx) => (
        <ControlChart
          {...ctx}
          points={points}
          centre={centre ?? 0}
          bounds={[0, 1]}
          yFormat={pct}
          valueFormat={formatPercent}
          yTitle="Lots passed (%)"
          xTitle={`${PERIOD_TITLE[period]} of inspection (UTC)`}
          centreLabel="p̄"
          periodLabel={(d) => periodLabel(d.toISOString(), period)}
        />
      )}
    </ChartFrame>
  );
}

export function DefectsUChart({ answer, filename }: { answer: UChartAnswer; filename: string }) {
  const { period, ubar } = answer;
  const dpu = format('.3~f');
  const points: ControlPoint[] = answer.points.map((p) => ({
    periodStart: p.periodStart,
    value: p.u,
    lcl: p.lcl,
    ucl: p.ucl,
    rules: p.rules,
    text: [
      periodLabel(p.periodStart, period),
      `Defects per unit: ${dpu(p.u)} (${formatCount(p.defects)} in ${formatCount(p.units)} units)`,
      `Limits: ${dpu(p.lcl)} to ${dpu(p.ucl)}`,
      rulesText(p.rules),
    ],
  }));
  return (
    <ChartFrame
      title="Defects per unit (u-chart)"
      description={`Defects found per unit inspected, per ${period}; centre ū = ${ubar === null ? 'no data' : dpu(ubar)}.`}
      legend={
        <>
          <ControlLegend centre="Centre line ū" />
          <RulesNote />
        </>
      }
      csv={{
        filename,
        columns: ['periodStart', 'units', 'defects', 'u', 'lcl', 'ucl', 'z', 'rules', 'ubar'],
        rows: answer.points.map((p) => ({
          periodStart: p.periodStart,
          units: p.units,
          defects: p.defects,
          u: p.u,
          lcl: p.lcl,
          ucl: p.ucl,
          z: p.z,
          rules: p.rules.join(' '),
          ubar,
        })),
      }}
      table={
        <DataTable
          caption="u-chart points"
          rows={answer.points}
          rowKey={(p) => p.periodStart}
          columns={[
            { label: PERIOD_TITLE[period], value: (p) => periodLabel(p.periodStart, period) },
            { label: 'Units', num: true, value: (p) => formatCount(p.units) },
            { label: 'Defects', num: true, value: (p) => formatCount(p.defects) },
            { label: 'u', num: true, value: (p) => dpu(p.u) },
            { label: 'LCL', num: true, value: (p) => dpu(p.lcl) },
            { label: 'UCL', num: true, value: (p) => dpu(p.ucl) },
            { label: 'Rules broken', value: (p) => rulesCell(p.rules) },
          ]}
        />
      }
      empty={ubar === null || points.length === 0 ? 'No units were inspected.' : null}
    >
      {(ctx) => (
        <ControlChart
          {...ctx}
          points={points}
          centre={ubar ?? 0}
          bounds={[0, Infinity]}
          yFormat={dpu}
          valueFormat={dpu}
          yTitle="Defects per unit"
          xTitle={`${PERIOD_TITLE[period]} of inspection (UTC)`}
          centreLabel="ū"
          periodLabel={(d) => periodLabel(d.toISOString(), period)}
        />
      )}
    </ChartFrame>
  );
}

export function FirstPassYield({ answer, filename }: { answer: FpyAnswer; filename: string }) {
  const { period, by } = answer;
  const series = answer.series.map((s, i) => ({
    key: s.key,
    label: s.key,
    color: seriesColor(i),
    points: s.points.map((p) => ({
      periodStart: p.periodStart,
      value: p.fpy,
      low: p.low,
      high: p.high,
      text: [
        `${s.key}, ${periodLabel(p.periodStart, period)}`,
        `First-pass yield: ${formatPercent(p.fpy)} (${formatCount(p.passed)} of ${formatCount(p.units)} units)`,
        `95 % interval: ${formatPercent(p.low)} to ${formatPercent(p.high)}`,
      ],
    })),
  }));
  const lowest = Math.min(1, ...answer.series.flatMap((s) => s.points.map((p) => p.low)));
  return (
    <ChartFrame
      title={`First-pass yield per ${by}`}
      description={`Share of units that passed their first test, per ${period} and ${by}, with 95 % intervals.`}
      legend={
        <Legend
          label={BY_NAMES[by].plural}
          items={series.map((s) => ({ label: s.label, color: s.color, swatch: 'line' }))}
        />
      }
      csv={{
        filename,
        columns: [by, 'periodStart', 'units', 'passed', 'fpy', 'low', 'high'],
        rows: answer.series.flatMap((s) => s.points.map((p) => ({ [by]: s.key, ...p }))),
      }}
      table={
        <DataTable
          caption="First-pass yield"
          rows={answer.series.flatMap((s) => s.points.map((p) => ({ key: s.key, ...p })))}
          rowKey={(r) => `${r.key}|${r.periodStart}`}
          columns={[
            { label: BY_NAMES[by].one, value: (r) => r.key },
            { label: PERIOD_TITLE[period], value: (r) => periodLabel(r.periodStart, period) },
            { label: 'Units', num: true, value: (r) => formatCount(r.units) },
            { label: 'Passed', num: true, value: (r) => formatCount(r.passed) },
            { label: 'First-pass yield', num: true, value: (r) => formatPercent(r.fpy) },
            {
              label: '95 % interval',
              num: true,
              value: (r) => `${formatPercent(r.low)} – ${formatPercent(r.high)}`,
            },
          ]}
        />
      }
      empty={series.length === 0 ? 'No units were tested.' : null}
    >
      {(ctx) => (
        <LineChart
          {...ctx}
          series={series}
          yDomain={[lowest, 1]}
          yFormat={pct}
          yTitle="First-pass yield (%)"
          xTitle={`${PERIOD_TITLE[period]} of the first test (UTC)`}
          periodLabel={(d) => periodLabel(d.toISOString(), period)}
        />
      )}
    </ChartFrame>
  );
}
