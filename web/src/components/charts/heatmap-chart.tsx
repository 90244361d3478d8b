// Yield for each parameter band (columns) and input lot (rows) on a sequential colour scale with
// its legend; a cell without units is hatched and says so.
import { extent, scaleBand, scaleSequential } from 'd3';
import { useId } from 'react';
import { AxisBottom, bandTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS, yieldColor } from './chart-style.ts';
import { NoDataPattern } from './no-data-pattern.tsx';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';
import { useSvgId } from './use-svg-id.ts';

export interface HeatCell {
  column: string;
  row: string;
  /** null: no units in this cell */
  value: number | null;
  /** shown in the cell when it is wide enough */
  label: string;
  text: string[];
}

export interface HeatmapChartProps extends PlotContext {
  columns: { key: string; label: string }[];
  rows: { key: string; label: string }[];
  /** one per column × row, row after row */
  cells: HeatCell[];
  xTitle: string;
}

const MIN_LABEL_WIDTH = 44; // px a cell needs to carry its figure

/** The colour scale of the map, from the lowest value shown to the highest. */
export function heatScale(values: number[]) {
  const [lo, hi] = extent(values) as [number | undefined, number | undefined];
  const a = lo ?? 0;
  const b = hi ?? 1;
  return scaleSequential(yieldColor).domain(a === b ? [a - 0.05, b] : [a, b]);
}

export function HeatmapChart(p: HeatmapChartProps) {
  const tipId = useId();
  const hatchId = useSvgId('hatch');
  const height = CHART.margin.top + p.rows.length * CHART.heatRowHeight + CHART.margin.bottom;
  const plot = plotArea(p.width, height, { left: CHART.heatLabelWidth });
  const x = scaleBand<string>()
    .domain(p.columns.map((c) => c.key))
    .range([plot.left, plot.right])
    .padding(0.04);
  const y = scaleBand<string>()
    .domain(p.rows.map((r) => r.key))
    .range([plot.top, plot.bottom])
    .padding(0.06);
  const color = heatScale(p.cells.flatMap((c) => (c.value === null ? [] : [c.value])));
  const columnLabels = new Map(p.columns.map((c) => [c.key, c.label]));
  const marks = useMarks(p.cells.length, { columns: p.columns.length });
  const active = marks.active === null ? null : p.cells[marks.active];
  const showLabels = x.bandwidth() >= MIN_LABEL_WIDTH;

  return (
    <>
      <svg
        width={p.width}
        height={height}
        className="chart-svg"
        role="group"
        aria-labelledby={p.titleId}
        aria-describedby={p.descId}
      >
        <defs>
          <NoDataPattern id={hatchId} />
        </defs>
        <g className="axis y-axis">
          {p.rows.map((r) => (
            <text
              key={r.key}
              x={plot.left - 6}
              y={(y(r.key) ?? 0) + y.bandwidth() / 2}
              dy="0.32em"
              textAnchor="end"
            >
              {r.label}
            </text>
          ))}
        </g>
        <AxisBottom plot={plot} ticks={bandTicks(x, (k) => columnLabels.get(k) ?? k)} title={p.xTitle} />
        {p.cells.map((c, i) => {
          const cx = x(c.column) ?? 0;
          const cy = y(c.row) ?? 0;
          const dark =
            c.value !== null &&
            (c.value - color.domain()[0]!) / (color.domain()[1]! - color.domain()[0]!) < 0.55;
          return (
            <g
              key={`${c.row}|${c.column}`}
              {...marks.props(i)}
              className="mark cell"
              aria-label={c.text.join('. ')}
            >
              <rect
                x={cx}
                y={cy}
                width={x.bandwidth()}
                height={y.bandwidth()}
                fill={c.value === null ? `url(#${hatchId})` : color(c.value)}
                stroke={marks.active === i ? COLORS.centre : 'none'}
                strokeWidth={2}
              />
              {showLabels && (
                <text
                  className={`cell-label${dark ? ' on-dark' : ''}`}
                  x={cx + x.bandwidth() / 2}
                  y={cy + y.bandwidth() / 2}
                  dy="0.32em"
                  textAnchor="middle"
                >
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Tooltip
        height={height}
        id={tipId}
        width={p.width}
        tip={
          active
            ? {
                x: (x(active.column) ?? 0) + x.bandwidth() / 2,
                y: (y(active.row) ?? 0) + y.bandwidth() / 2,
                lines: active.text,
              }
            : null
        }
      />
    </>
  );
}

/** The colour legend of a heatmap: a gradient from the lowest to the highest value, and "no units". */
export function HeatLegend({ values, format }: { values: number[]; format: (v: number) => string }) {
  const gradientId = useSvgId('heat');
  const hatchId = useSvgId('hatch');
  const color = heatScale(values);
  const [a, b] = color.domain() as [number, number];
  const stops = Array.from({ length: CHART.legendSteps + 1 }, (_, i) => i / CHART.legendSteps);
  const width = 180;
  return (
    <div className="legend heat-legend" aria-label="Colour legend">
      <span>
        {format(a)}
        <svg width={width} height={14} aria-hidden="true" focusable="false">
          <defs>
            <linearGradient id={gradientId}>
              {stops.map((t) => (
                <stop key={t} offset={`${t * 100}%`} stopColor={color(a + t * (b - a))} />
              ))}
            </linearGradient>
          </defs>
          <rect width={width} height={14} fill={`url(#${gradientId})`} />
        </svg>
        {format(b)} first-pass yield
      </span>
      <span>
        <svg width={18} height={14} aria-hidden="true" focusable="false">
          <defs>
            <NoDataPattern id={hatchId} />
          </defs>
          <rect x={1} y={1} width={16} height={12} fill={`url(#${hatchId})`} />
        </svg>
        no units
      </span>
    </div>
  );
}
