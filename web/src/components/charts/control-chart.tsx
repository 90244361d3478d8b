// A Shewhart control chart (p-chart, u-chart): the points over periods, the centre line, each
// point's own limits as a step line, and the points that break a Western Electric rule drawn as
// red diamonds (the rule numbers are in the tooltip).
import { curveStep, line, max, min, scaleLinear } from 'd3';
import { useId } from 'react';
import { AxisBottom, AxisLeft, linearTicks, timeTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { dayOf, periodScale, periodsOf } from './time-scale.ts';
import { Tooltip } from './tooltip.tsx';
import { useMarks } from './use-marks.ts';

export interface ControlPoint {
  periodStart: string;
  value: number;
  lcl: number;
  ucl: number;
  rules: number[];
  text: string[];
}

export interface ControlChartProps extends PlotContext {
  points: ControlPoint[];
  centre: number;
  /** bounds the y axis may not pass (a proportion stays in [0, 1]) */
  bounds?: [number, number];
  /** axis ticks */
  yFormat: (v: number) => string;
  /** the centre line's label */
  valueFormat: (v: number) => string;
  yTitle: string;
  xTitle: string;
  centreLabel: string;
  periodLabel: (d: Date) => string;
}

const diamond = (cx: number, cy: number, r: number) =>
  `M${cx},${cy - r * 1.3}L${cx + r * 1.3},${cy}L${cx},${cy + r * 1.3}L${cx - r * 1.3},${cy}Z`;

export function ControlChart(p: ControlChartProps) {
  const tipId = useId();
  const plot = plotArea(p.width, CHART.height);
  const periods = periodsOf(p.points.map((pt) => pt.periodStart));
  const x = periodScale(periods, plot);
  let lo = Math.min(p.centre, min(p.points, (pt) => Math.min(pt.value, pt.lcl)) ?? p.centre);
  let hi = Math.max(p.centre, max(p.points, (pt) => Math.max(pt.value, pt.ucl)) ?? p.centre);
  const pad = (hi - lo) * 0.08 || 0.05;
  lo -= pad;
  hi += pad;
  if (p.bounds) {
    lo = Math.max(p.bounds[0], lo);
    hi = Math.min(p.bounds[1], hi);
  }
  const y = scaleLinear().domain([lo, hi]).nice().range([plot.bottom, plot.top]);
  const px = (pt: ControlPoint) => x(dayOf(pt.periodStart));
  const limit = (f: (pt: ControlPoint) => number) =>
    line<ControlPoint>()
      .x(px)
      .y((pt) => y(f(pt)))
      .curve(curveStep)(p.points) ?? '';
  const trend = line<ControlPoint>()
    .x(px)
    .y((pt) => y(pt.value))(p.points);
  const marks = useMarks(p.points.length);
  const active = marks.active === null ? null : p.points[marks.active];

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
        <line
          className="centre-line"
          x1={plot.left}
          x2={plot.right}
          y1={y(p.centre)}
          y2={y(p.centre)}
          stroke={COLORS.centre}
        />
        <text className="reference-label" x={plot.right - 4} y={y(p.centre) - 4} textAnchor="end">
          {p.centreLabel} = {p.valueFormat(p.centre)}
        </text>
        <path
          className="limit ucl"
          d={limit((pt) => pt.ucl)}
          fill="none"
          stroke={COLORS.limit}
          strokeDasharray="5 3"
        />
        <path
          className="limit lcl"
          d={limit((pt) => pt.lcl)}
          fill="none"
          stroke={COLORS.limit}
          strokeDasharray="5 3"
        />
        <path d={trend ?? ''} fill="none" stroke={COLORS.point} strokeOpacity={0.5} strokeWidth={1.5} />
        {p.points.map((pt, i) => {
          const cx = px(pt);
          const cy = y(pt.value);
          const r = marks.active === i ? CHART.activeRadius : CHART.pointRadius;
          const broken = pt.rules.length > 0;
          return (
            <g
              key={pt.periodStart}
              {...marks.props(i)}
              className={`mark dot${broken ? ' rule-break' : ''}`}
              aria-label={pt.text.join('. ')}
            >
              <circle className="hit" cx={cx} cy={cy} r={CHART.activeRadius + 4} />
              {broken ? (
                <path d={diamond(cx, cy, r)} fill={COLORS.ruleBreak} stroke="#fff" />
              ) : (
                <circle cx={cx} cy={cy} r={r} fill={COLORS.point} stroke="#fff" strokeWidth={1.5} />
              )}
            </g>
          );
        })}
      </svg>
      <Tooltip
        height={CHART.height}
        id={tipId}
        width={p.width}
        tip={active ? { x: px(active), y: y(active.value), lines: active.text } : null}
      />
    </>
  );
}
