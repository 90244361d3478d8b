// One parameter of a step: first-pass yield per bin with 95 % intervals, every unit's value by
// pass or fail, and yield per parameter band × input lot.
import { format } from 'd3';
import type { ParameterYieldAnswer, YieldHeatmapAnswer, YieldPointsAnswer } from '../api/types.ts';
import { formatCount, formatDecimal, formatPercent, formatValue, NO_DATA, shortId } from '../format.ts';
import { ChartFrame } from './charts/chart-frame.tsx';
import { COLORS } from './charts/chart-style.ts';
import { HeatLegend, HeatmapChart, type HeatCell } from './charts/heatmap-chart.tsx';
import { IntervalChart } from './charts/interval-chart.tsx';
import { Legend } from './charts/legend.tsx';
import { StripChart } from './charts/strip-chart.tsx';
import { DataTable } from './data-table.tsx';
import { TraceLink } from './trace-link.tsx';

const pct = (v: number) => format('d')(v * 100);
const range = (b: { lo: number; hi: number; uom: string | null }) =>
  b.lo === b.hi ? formatValue(b.lo, b.uom) : `${formatValue(b.lo)}–${formatValue(b.hi, b.uom)}`;

export function YieldByBin({ answer, filename }: { answer: ParameterYieldAnswer; filename: string }) {
  const bins = answer.bins;
  const uom = bins[0]?.uom ?? null;
  const lowest = Math.min(1, ...bins.map((b) => b.yieldLo));
  const points = bins.map((b) => ({
    key: String(b.bin),
    label: range(b),
    value: b.yield,
    low: b.yieldLo,
    high: b.yieldHi,
    text: [
      `${answer.parameter} ${range(b)}`,
      `First-pass yield: ${formatPercent(b.yield)}`,
      `95 % interval: ${formatPercent(b.yieldLo)} to ${formatPercent(b.yieldHi)}`,
      `Units: ${formatCount(b.units)}, failed: ${formatCount(b.fails)}`,
    ],
  }));
  return (
    <ChartFrame
      title={`First-pass yield per ${answer.parameter} bin`}
      description={
        <>
          Yield of the units in each bin of the parameter, with its 95 % (Wilson) interval. Correlation of{' '}
          {answer.parameter} with failure: r = {formatDecimal(answer.correlationWithFailure)}.
        </>
      }
      legend={
        <Legend
          items={[
            { label: 'First-pass yield', color: COLORS.point, swatch: 'dot' },
            { label: '95 % interval', color: COLORS.interval, swatch: 'whisker' },
          ]}
        />
      }
      csv={{
        filename,
        rows: bins.map((b) => ({ parameter: answer.parameter, ...b })),
      }}
      table={
        <DataTable
          caption={`Yield per ${answer.parameter} bin`}
          rows={bins}
          rowKey={(b) => String(b.bin)}
          columns={[
            { label: answer.parameter, value: range },
            { label: 'Units', num: true, value: (b) => formatCount(b.units) },
            { label: 'Failed', num: true, value: (b) => formatCount(b.fails) },
            { label: 'Yield', num: true, value: (b) => formatPercent(b.yield) },
            {
              label: '95 % interval',
              num: true,
              value: (b) => `${formatPercent(b.yieldLo)} – ${formatPercent(b.yieldHi)}`,
            },
          ]}
        />
      }
      empty={bins.length === 0 ? `No unit of this step has a value of ${answer.parameter}.` : null}
    >
      {(ctx) => (
        <IntervalChart
          {...ctx}
          points={points}
          yDomain={[lowest, 1]}
          yFormat={pct}
          yTitle="First-pass yield (%)"
          xTitle={`${answer.parameter}${uom ? ` (${uom})` : ''}`}
        />
      )}
    </ChartFrame>
  );
}

export function ParameterScatter({ answer, filename }: { answer: YieldPointsAnswer; filename: string }) {
  const fails = answer.points.filter((p) => p.failed).length;
  const shown = answer.points.length;
  const unit = answer.uom ? ` ${answer.uom}` : '';
  return (
    <ChartFrame
      title={`${answer.parameter} of every unit, passed or failed`}
      description={`Each dot is a unit at its value of ${answer.parameter}${unit ? ` (${answer.uom})` : ''}, in the row of its first test result; dots are spread up and down to stay visible.${shown < answer.total ? ` ${formatCount(shown)} of ${formatCount(answer.total)} units shown.` : ''}`}
      legend={
        <Legend
          items={[
            { label: 'Passed', color: COLORS.pass, swatch: 'dot' },
            { label: 'Failed', color: COLORS.fail, swatch: 'dot' },
          ]}
        />
      }
      csv={{
        filename,
        columns: ['unit', 'value', 'failed'],
        rows: answer.points.map((p) => ({ ...p })),
      }}
      empty={shown === 0 ? `No unit of this step has a value of ${answer.parameter}.` : null}
    >
      {(ctx) => (
        <StripChart
          {...ctx}
          points={answer.points.map((p) => ({ key: p.unit, value: p.value, failed: p.failed }))}
          summary={`${formatCount(shown)} units: ${formatCount(shown - fails)} passed, ${formatCount(fails)} failed. Arrow keys step through them by value.`}
          xFormat={(v) => formatValue(v)}
          xTitle={`${answer.parameter}${answer.uom ? ` (${answer.uom})` : ''}`}
          text={(p) => [
            shortId(p.key),
            `${answer.parameter}: ${formatValue(p.value, answer.uom)}`,
            p.failed ? 'Failed' : 'Passed',
          ]}
        />
      )}
    </ChartFrame>
  );
}

export function YieldHeatmap({ answer, filename }: { answer: YieldHeatmapAnswer; filename: string }) {
  const byKey = new Map(answer.cells.map((c) => [`${c.lot}|${c.bin}`, c]));
  const lotByKey = new Map(answer.lots.map((l) => [l.lot, l]));
  const binByKey = new Map(answer.bins.map((b) => [b.bin, b]));
  const lotInfo = (l: YieldHeatmapAnswer['lots'][number]) =>
    [l.material && `material ${shortId(l.material)}`, l.supplier && `supplier ${shortId(l.supplier)}`]
      .filter(Boolean)
      .join(', ');
  const cells: HeatCell[] = answer.lots.flatMap((l) =>
    answer.bins.map((b) => {
      const c = byKey.get(`${l.lot}|${b.bin}`);
      const has = c !== undefined && c.units > 0 && c.yield !== null;
      return {
        row: l.lot,
        column: String(b.bin),
        value: has ? c.yield : null,
        label: has ? formatPercent(c.yield) : '',
        text: [
          `${shortId(l.lot)}, ${answer.parameter} ${range(b)}`,
          ...(has
            ? [
                `First-pass yield: ${formatPercent(c.yield)}`,
                ...(c.low !== null && c.high !== null
                  ? [`95 % interval: ${formatPercent(c.low)} to ${formatPercent(c.high)}`]
                  : []),
                `Units: ${formatCount(c.units)}, failed: ${formatCount(c.fails)}`,
              ]
            : ['No units']),
          ...(lotInfo(l) ? [lotInfo(l)] : []),
        ],
      };
    }),
  );
  const values = cells.flatMap((c) => (c.value === null ? [] : [c.value]));
  return (
    <ChartFrame
      title={`First-pass yield by ${answer.parameter} band and input lot`}
      description={`Each cell: the yield of the units that used the input lot (row) and ran in the ${answer.parameter} band (column). Hatched: no units.${answer.lotsOmitted ? ` ${formatCount(answer.lotsOmitted)} more input lots are left out.` : ''}`}
      legend={<HeatLegend values={values} format={formatPercent} />}
      csv={{
        filename,
        columns: [
          'lot',
          'material',
          'supplier',
          'bin',
          'lo',
          'hi',
          'uom',
          'units',
          'fails',
          'yield',
          'low',
          'high',
        ],
        rows: answer.cells.map((c) => {
          const l = lotByKey.get(c.lot);
          const b = binByKey.get(c.bin);
          return {
            lot: c.lot,
            material: l?.material ?? null,
            supplier: l?.supplier ?? null,
            bin: c.bin,
            lo: b?.lo ?? null,
            hi: b?.hi ?? null,
            uom: b?.uom ?? null,
            units: c.units,
            fails: c.fails,
            yield: c.yield,
            low: c.low,
            high: c.high,
          };
        }),
      }}
      table={
        <DataTable
          caption="First-pass yield by input lot (rows) and band (columns)"
          rows={answer.lots}
          rowKey={(l) => l.lot}
          columns={[
            { label: 'Input lot', value: (l) => <TraceLink id={l.lot} /> },
            ...answer.bins.map((b) => ({
              label: range(b),
              num: true,
              value: (l: YieldHeatmapAnswer['lots'][number]) => {
                const c = byKey.get(`${l.lot}|${b.bin}`);
                return c && c.units > 0 && c.yield !== null
                  ? `${formatPercent(c.yield)} (${c.fails} of ${c.units} failed)`
                  : NO_DATA;
              },
            })),
          ]}
        />
      }
      empty={answer.lots.length === 0 || answer.bins.length === 0 ? 'No units to map.' : null}
    >
      {(ctx) => (
        <HeatmapChart
          {...ctx}
          columns={answer.bins.map((b) => ({ key: String(b.bin), label: range(b) }))}
          rows={answer.lots.map((l) => ({ key: l.lot, label: shortId(l.lot) }))}
          cells={cells}
          xTitle={`${answer.parameter}${answer.bins[0]?.uom ? ` (${answer.bins[0].uom})` : ''}`}
        />
      )}
    </ChartFrame>
  );
}
