// Lines over periods, one per series (a supplier's score, a step's first-pass yield), with an
// optional interval per point drawn as a whisker. Gaps (no data) break a line; a point can drill.
import { line, scaleLinear } from 'd3';
import { useId } from 'react';
import { AxisBottom, AxisLeft, linearTicks, timeTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { dayOf, periodScale, periodsOf } from './time-scale.ts';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';

export interface LinePoint {
  /** the period's first day */
  periodStart: string;
  /** null: no data in this period (the line breaks) */
  value: number | null;
  /** an interval around the value (e.g. 95 %), drawn as a whisker */
  low?: number | null;
  high?: number | null;
  /** tooltip and accessible text, first line a heading */
  text: string[];
}

export interface LineSeries {
  key: string;
  label: string;
  color: string;
  points: LinePoint[];
}

export interface LineChartProps extends PlotContext {
  series: LineSeries[];
  /** y domain; by default from 0 to the largest value */
  yDomain?: [number, number];
  yFormat: (v: number) => string;
  yTitle: string;
  xTitle: string;
  periodLabel: (d: Date) => string;
  onActivate?: (series: LineSeries, point: LinePoint) => void;
}

export function LineChart(p: LineChartProps) {
  const tipId = useId();
  const plot = plotArea(p.width, CHART.height);
  const periods = periodsOf(p.series.flatMap((s) => s.points.map((pt) => pt.periodStart)));
  const x = periodScale(periods, plot);
  const values = p.series.flatMap((s) =>
    s.points.flatMap((pt) => [pt.value, pt.high ?? null].filter((v): v is number => v !== null)),
  );
  const y = scaleLinear()
    .domain(p.yDomain ?? [0, Math.max(1e-9, ...values)])
    .nice()
    .range([plot.bottom, plot.top]);
  // Every point with a value is a mark, series after series.
  const marksList = p.series.flatMap((s) =>
    s.points.filter((pt) => pt.value !== null).map((pt) => ({ series: s, point: pt })),
  );
  const marks = useMarks(marksList.length, {
    onActivate: p.onActivate ? (i) => p.onActivate!(marksList[i]!.series, marksList[i]!.point) : undefined,
  });
  const px = (pt: LinePoint) => x(dayOf(pt.periodStart));
  const path = line<LinePoint>()
    .defined((pt) => pt.value !== null)
    .x(px)
    .y((pt) => y(pt.value ?? 0));
  const active = marks.active === null ? null : marksList[marks.active];

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
        <AxisLeft plot={plot} ticks={linearTicks(y, p.yFormat)} title={p.yTitle} />
        <AxisBottom plot={plot} ticks={timeTicks(x, periods, p.periodLabel)} title={p.xTitle} />
        {p.series.map((s) => (
          <path
            key={s.key}
            className="series-line"
            d={path(s.points) ?? ''}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
          />
        ))}
        {marksList.map(({ series, point }, i) => {
          const cx = px(point);
          const cy = y(point.value!);
          const hasInterval = point.low != null && point.high != null;
          return (
            <g
              key={`${series.key}|${point.periodStart}`}
              {...marks.props(i)}
              className="mark dot"
              aria-label={point.text.join('. ')}
            >
              {hasInterval && (
                <path
                  d={`M${cx},${y(point.low!)}V${y(point.high!)}M${cx - CHART.errorCap / 2},${y(point.low!)}h${CHART.errorCap}M${cx - CHART.errorCap / 2},${y(point.high!)}h${CHART.errorCap}`}
                  stroke={series.color}
                  strokeOpacity={0.6}
                  fill="none"
                />
              )}
              <circle className="hit" cx={cx} cy={cy} r={CHART.activeRadius + 4} />
              <circle
                cx={cx}
                cy={cy}
                r={marks.active === i ? CHART.activeRadius : CHART.pointRadius}
                fill={series.color}
                stroke={marks.active === i ? COLORS.centre : '#fff'}
                strokeWidth={1.5}
              />
            </g>
          );
        })}
      </svg>
      <Tooltip
        height={CHART.height}
        id={tipId}
        width={p.width}
        tip={active ? { x: px(active.point), y: y(active.point.value!), lines: active.point.text } : null}
      />
    </>
  );
}
