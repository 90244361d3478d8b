// Defect Pareto: bars by count (the API's order), the cumulative share as a line on a right-hand
// axis in %, the 80 % reference and the cut after the vital few. A bar opens its items.
import { line, max, scaleBand, scaleLinear } from 'd3';
import { useId } from 'react';
import type { ParetoBar } from '../../api/types.ts';
import { formatCount, formatPercent } from '../../format.ts';
import { AxisBottom, AxisLeft, AxisRight, bandTicks, linearTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';

export interface ParetoChartProps extends PlotContext {
  bars: ParetoBar[];
  /** the name as shown (a supplier's name for its id, …) */
  labelOf: (name: string) => string;
  canDrill: (bar: ParetoBar) => boolean;
  onDrill: (bar: ParetoBar) => void;
  /** the bar whose items are shown */
  selected: string | null;
  countTitle: string;
  categoryTitle: string;
}

const CUT = 0.8;
const LABEL_CHARS = 18;
// Turned labels are cut to fit under the plot; the tooltip and the data table have them whole.
const clip = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/** What a bar says to a screen reader and in its tooltip. */
export function paretoBarText(b: ParetoBar, label: string, drillable: boolean): string[] {
  return [
    label,
    `Defects: ${formatCount(b.count)}`,
    `Lots and units: ${formatCount(b.objects)}`,
    `Share: ${formatPercent(b.share)}`,
    `Cumulative: ${formatPercent(b.cumulativeShare)}`,
    b.vitalFew ? 'Vital few' : 'Trivial many',
    drillable ? 'Select to list its lots and units' : 'Not attributed: nothing to list',
  ];
}

export function ParetoChart(p: ParetoChartProps) {
  const { bars, width } = p;
  const tipId = useId();
  const labels = bars.map((b) => p.labelOf(b.name));
  const longest = max(labels, (l) => Math.min(l.length, LABEL_CHARS)) ?? 0;
  const rough = plotArea(width, CHART.height, { right: CHART.rightAxisMargin });
  // Labels that would not fit side by side are turned.
  const rotate = longest * 7 > (rough.right - rough.left) / Math.max(1, bars.length);
  const height = rotate ? CHART.tallHeight : CHART.height;
  const plot = plotArea(width, height, {
    right: CHART.rightAxisMargin,
    bottom: rotate ? CHART.rotatedLabelMargin : CHART.margin.bottom,
  });
  const x = scaleBand<string>()
    .domain(bars.map((b) => b.name))
    .range([plot.left, plot.right])
    .padding(CHART.bandPadding);
  const y = scaleLinear()
    .domain([0, max(bars, (b) => b.count) ?? 1])
    .nice()
    .range([plot.bottom, plot.top]);
  const share = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
  const mid = (b: ParetoBar) => (x(b.name) ?? 0) + x.bandwidth() / 2;
  const cumulative = line<ParetoBar>()
    .x(mid)
    .y((b) => share(b.cumulativeShare))(bars);
  const lastVital = bars.reduce((k, b, i) => (b.vitalFew ? i : k), -1);
  const cutX =
    lastVital >= 0 && lastVital < bars.length - 1
      ? (x(bars[lastVital]!.name) ?? 0) + x.bandwidth() + (x.step() - x.bandwidth()) / 2
      : null;
  const marks = useMarks(bars.length, {
    onActivate: (i) => p.onDrill(bars[i]!),
    canActivate: (i) => p.canDrill(bars[i]!),
  });
  const active = marks.active === null ? null : bars[marks.active];
  const labelByName = new Map(bars.map((b, i) => [b.name, labels[i]!]));

  return (
    <>
      <svg
        width={width}
        height={height}
        className="chart-svg"
        role="group"
        aria-labelledby={p.titleId}
        aria-describedby={p.descId}
      >
        <AxisLeft plot={plot} ticks={linearTicks(y, formatCount)} title={p.countTitle} />
        <AxisRight
          plot={plot}
          ticks={linearTicks(share, (v) => `${Math.round(v * 100)}`)}
          title="Cumulative share (%)"
          className="cumulative"
        />
        <AxisBottom
          plot={plot}
          rotate={rotate}
          ticks={bandTicks(x, (name) => {
            const label = labelByName.get(name) ?? name;
            return rotate ? clip(label) : label;
          })}
          title={p.categoryTitle}
        />
        <line
          className="reference"
          x1={plot.left}
          x2={plot.right}
          y1={share(CUT)}
          y2={share(CUT)}
          stroke={COLORS.reference}
        />
        <text className="reference-label" x={plot.right - 4} y={share(CUT) - 4} textAnchor="end">
          80 %
        </text>
        {cutX !== null && (
          <g className="vital-cut">
            <line x1={cutX} x2={cutX} y1={plot.top - 8} y2={plot.bottom} stroke={COLORS.reference} />
            <text x={cutX - 4} y={plot.top - 10} textAnchor="end">
              ← vital few
            </text>
          </g>
        )}
        {bars.map((b, i) => {
          const drillable = p.canDrill(b);
          const text = paretoBarText(b, labels[i]!, drillable);
          const mp = marks.props(i);
          return (
            <g
              key={b.name}
              {...mp}
              className={`mark bar${b.vitalFew ? ' vital' : ''}${p.selected === b.name ? ' selected' : ''}`}
              aria-label={text.join('. ')}
              aria-pressed={drillable ? p.selected === b.name : undefined}
            >
              {/* the whole column answers the pointer, not just the bar */}
              <rect
                className="hit"
                x={x(b.name)}
                y={plot.top}
                width={x.bandwidth()}
                height={plot.bottom - plot.top}
              />
              <rect
                x={x(b.name)}
                y={y(b.count)}
                width={x.bandwidth()}
                height={Math.max(0, plot.bottom - y(b.count))}
                fill={b.vitalFew ? COLORS.barVital : COLORS.bar}
                stroke={p.selected === b.name ? COLORS.selected : 'none'}
                strokeWidth={3}
              />
              <text className="bar-count" x={mid(b)} y={y(b.count) - 5} textAnchor="middle">
                {formatCount(b.count)}
              </text>
            </g>
          );
        })}
        <path
          d={cumulative ?? ''}
          fill="none"
          stroke={COLORS.cumulative}
          strokeWidth={2}
          pointerEvents="none"
        />
        {bars.map((b, i) => (
          <circle
            key={b.name}
            cx={mid(b)}
            cy={share(b.cumulativeShare)}
            r={marks.active === i ? CHART.activeRadius : CHART.pointRadius}
            fill={COLORS.cumulative}
            pointerEvents="none"
          />
        ))}
      </svg>
      <Tooltip
        height={height}
        id={tipId}
        width={width}
        tip={
          active
            ? {
                x: mid(active),
                y: Math.min(y(active.count), share(active.cumulativeShare)),
                lines: paretoBarText(active, labelByName.get(active.name)!, p.canDrill(active)),
              }
            : null
        }
      />
    </>
  );
}
