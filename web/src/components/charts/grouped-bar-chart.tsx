// Bars side by side: one group per period, one bar per series (the suppliers of one material).
// A missing figure is a short hatched stub, so "no data" never looks like zero.
import { scaleBand, scaleLinear } from 'd3';
import { useId } from 'react';
import { AxisBottom, AxisLeft, bandTicks, linearTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { NoDataPattern } from './no-data-pattern.tsx';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';
import { useSvgId } from './use-svg-id.ts';

export interface GroupedBar {
  group: string;
  series: string;
  color: string;
  /** null: no data */
  value: number | null;
  text: string[];
}

export interface GroupedBarChartProps extends PlotContext {
  groups: string[];
  series: string[];
  bars: GroupedBar[];
  groupLabel: (group: string) => string;
  yDomain?: [number, number];
  yFormat: (v: number) => string;
  yTitle: string;
  xTitle: string;
  onActivate?: (bar: GroupedBar) => void;
  canActivate?: (bar: GroupedBar) => boolean;
}

const STUB = 6; // px height of a "no data" stub

export function GroupedBarChart(p: GroupedBarChartProps) {
  const tipId = useId();
  const patternId = useSvgId('nodata');
  const plot = plotArea(p.width, CHART.height);
  const outer = scaleBand<string>()
    .domain(p.groups)
    .range([plot.left, plot.right])
    .padding(CHART.bandPadding);
  const inner = scaleBand<string>()
    .domain(p.series)
    .range([0, outer.bandwidth()])
    .padding(CHART.groupPadding);
  const values = p.bars.map((b) => b.value).filter((v): v is number => v !== null);
  const y = scaleLinear()
    .domain(p.yDomain ?? [0, Math.max(1e-9, ...values)])
    .nice()
    .range([plot.bottom, plot.top]);
  const marks = useMarks(p.bars.length, {
    onActivate: p.onActivate ? (i) => p.onActivate!(p.bars[i]!) : undefined,
    canActivate: p.canActivate ? (i) => p.canActivate!(p.bars[i]!) : undefined,
  });
  const bx = (b: GroupedBar) => (outer(b.group) ?? 0) + (inner(b.series) ?? 0);
  const top = (b: GroupedBar) => (b.value === null ? plot.bottom - STUB : y(b.value));
  const active = marks.active === null ? null : p.bars[marks.active];

  return (
    <>
      <svg
        width={p.width}
        height={CHART.height}
        className="chart-svg"
        role="group"
        aria-labelledby={p.titleId}
        aria-describedby={p.descId}
      >
        <defs>
          <NoDataPattern id={patternId} />
        </defs>
        <AxisLeft plot={plot} ticks={linearTicks(y, p.yFormat)} title={p.yTitle} />
        <AxisBottom plot={plot} ticks={bandTicks(outer, p.groupLabel)} title={p.xTitle} />
        {p.bars.map((b, i) => (
          <g
            key={`${b.group}|${b.series}`}
            {...marks.props(i)}
            className="mark bar"
            aria-label={b.text.join('. ')}
          >
            <rect
              className="hit"
              x={bx(b)}
              y={plot.top}
              width={inner.bandwidth()}
              height={plot.bottom - plot.top}
            />
            <rect
              x={bx(b)}
              y={top(b)}
              width={inner.bandwidth()}
              height={Math.max(0, plot.bottom - top(b))}
              fill={b.value === null ? `url(#${patternId})` : b.color}
              stroke={marks.active === i ? COLORS.centre : 'none'}
              strokeWidth={2}
            />
          </g>
        ))}
      </svg>
      <Tooltip
        height={CHART.height}
        id={tipId}
        width={p.width}
        tip={active ? { x: bx(active) + inner.bandwidth() / 2, y: top(active), lines: active.text } : null}
      />
    </>
  );
}
