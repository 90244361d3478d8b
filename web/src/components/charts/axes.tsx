// Axes drawn by React from d3 scales: the tick positions and labels are computed with the scale
// (`scale.ticks()`, a band's domain) and rendered as SVG elements here.
import type { ScaleBand, ScaleLinear, ScaleTime } from 'd3';
import { CHART, type Plot } from './chart-layout.ts';

export interface Tick {
  pos: number;
  label: string;
}

/** Ticks of a linear scale, labelled by `format`. */
export const linearTicks = (
  scale: ScaleLinear<number, number>,
  format: (v: number) => string,
  count: number = CHART.yTicks,
): Tick[] => scale.ticks(count).map((v) => ({ pos: scale(v), label: format(v) }));

/** One tick in the middle of each band. */
export const bandTicks = (scale: ScaleBand<string>, label: (v: string) => string): Tick[] =>
  scale.domain().map((v) => ({ pos: (scale(v) ?? 0) + scale.bandwidth() / 2, label: label(v) }));

/**
 * Ticks at given times (the periods of the data), thinned to every k-th so labels keep
 * `CHART.xTickSpacing` apart.
 */
export function timeTicks(
  scale: ScaleTime<number, number>,
  times: Date[],
  label: (d: Date) => string,
): Tick[] {
  const [a, b] = scale.range() as [number, number];
  const room = Math.max(1, Math.floor(Math.abs(b - a) / CHART.xTickSpacing));
  const step = Math.max(1, Math.ceil(times.length / room));
  return times.filter((_, i) => i % step === 0).map((t) => ({ pos: scale(t), label: label(t) }));
}

interface AxisProps {
  ticks: Tick[];
  plot: Plot;
  /** the axis title, with its unit */
  title: string;
}

export function AxisBottom({ ticks, plot, title, rotate = false }: AxisProps & { rotate?: boolean }) {
  return (
    <g className="axis x-axis" transform={`translate(0,${plot.bottom})`}>
      <line className="axis-line" x1={plot.left} x2={plot.right} />
      {ticks.map((t, i) => (
        <g key={i} className="tick" transform={`translate(${t.pos},0)`}>
          <line y2={CHART.tickSize} />
          {rotate ? (
            <text
              transform={`translate(0,${CHART.tickSize + 4}) rotate(${CHART.labelRotation})`}
              textAnchor="end"
              dy="0.71em"
            >
              {t.label}
            </text>
          ) : (
            <text y={CHART.tickSize + 4} dy="0.71em" textAnchor="middle">
              {t.label}
            </text>
          )}
        </g>
      ))}
      <text
        className="axis-title"
        x={(plot.left + plot.right) / 2}
        y={rotate ? CHART.rotatedLabelMargin - 4 : CHART.axisTitleGap}
        textAnchor="middle"
      >
        {title}
      </text>
    </g>
  );
}

export function AxisLeft({ ticks, plot, title, grid = true }: AxisProps & { grid?: boolean }) {
  return (
    <g className="axis y-axis" transform={`translate(${plot.left},0)`}>
      <line className="axis-line" y1={plot.top} y2={plot.bottom} />
      {ticks.map((t, i) => (
        <g key={i} className="tick" transform={`translate(0,${t.pos})`}>
          {grid && <line className="grid" x2={plot.right - plot.left} />}
          <line x2={-CHART.tickSize} />
          <text x={-CHART.tickSize - 3} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      <text
        className="axis-title"
        transform={`translate(${-CHART.margin.left + 14},${(plot.top + plot.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {title}
      </text>
    </g>
  );
}

export function AxisRight({ ticks, plot, title, className }: AxisProps & { className?: string }) {
  return (
    <g className={`axis y-axis-right ${className ?? ''}`} transform={`translate(${plot.right},0)`}>
      <line className="axis-line" y1={plot.top} y2={plot.bottom} />
      {ticks.map((t, i) => (
        <g key={i} className="tick" transform={`translate(0,${t.pos})`}>
          <line x2={CHART.tickSize} />
          <text x={CHART.tickSize + 3} dy="0.32em" textAnchor="start">
            {t.label}
          </text>
        </g>
      ))}
      <text
        className="axis-title"
        transform={`translate(${CHART.rightAxisMargin - 12},${(plot.top + plot.bottom) / 2}) rotate(90)`}
        textAnchor="middle"
      >
        {title}
      </text>
    </g>
  );
}
