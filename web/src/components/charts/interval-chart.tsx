// A value per category with its interval: first-pass yield per parameter bin with the 95 %
// Wilson interval as an error bar.
import { scaleBand, scaleLinear } from 'd3';
import { useId } from 'react';
import { AxisBottom, AxisLeft, bandTicks, linearTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';

export interface IntervalPoint {
  key: string;
  label: string;
  value: number;
  low: number;
  high: number;
  text: string[];
}

export interface IntervalChartProps extends PlotContext {
  points: IntervalPoint[];
  yDomain: [number, number];
  yFormat: (v: number) => string;
  yTitle: string;
  xTitle: string;
}

export function IntervalChart(p: IntervalChartProps) {
  const tipId = useId();
  const rotate = p.points.length * CHART.xTickSpacing > p.width;
  const height = rotate ? CHART.tallHeight : CHART.height;
  const plot = plotArea(p.width, height, { bottom: rotate ? CHART.rotatedLabelMargin : CHART.margin.bottom });
  const x = scaleBand<string>()
    .domain(p.points.map((pt) => pt.key))
    .range([plot.left, plot.right])
    .padding(CHART.bandPadding);
  const y = scaleLinear().domain(p.yDomain).nice().range([plot.bottom, plot.top]);
  const labels = new Map(p.points.map((pt) => [pt.key, pt.label]));
  const marks = useMarks(p.points.length);
  const cx = (pt: IntervalPoint) => (x(pt.key) ?? 0) + x.bandwidth() / 2;
  const active = marks.active === null ? null : p.points[marks.active];

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
        <AxisLeft plot={plot} ticks={linearTicks(y, p.yFormat)} title={p.yTitle} />
        <AxisBottom
          plot={plot}
          rotate={rotate}
          ticks={bandTicks(x, (k) => labels.get(k) ?? k)}
          title={p.xTitle}
        />
        {p.points.map((pt, i) => {
          const c = cx(pt);
          const cap = CHART.errorCap;
          return (
            <g key={pt.key} {...marks.props(i)} className="mark dot" aria-label={pt.text.join('. ')}>
              <rect
                className="hit"
                x={x(pt.key)}
                y={plot.top}
                width={x.bandwidth()}
                height={plot.bottom - plot.top}
              />
              <path
                d={`M${c},${y(pt.low)}V${y(pt.high)}M${c - cap},${y(pt.low)}h${2 * cap}M${c - cap},${y(pt.high)}h${2 * cap}`}
                stroke={COLORS.interval}
                strokeWidth={1.5}
                fill="none"
              />
              <circle
                cx={c}
                cy={y(pt.value)}
                r={marks.active === i ? CHART.activeRadius : CHART.pointRadius}
                fill={COLORS.point}
              />
            </g>
          );
        })}
      </svg>
      <Tooltip
        height={height}
        id={tipId}
        width={p.width}
        tip={active ? { x: cx(active), y: y(active.value), lines: active.text } : null}
      />
    </>
  );
}
