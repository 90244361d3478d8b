// A parameter's value for every unit, in two rows (passed, failed), each dot jittered up or down
// so that dense values stay visible. Thousands of dots: the pointer finds the nearest through a
// Delaunay triangulation; with the keyboard, the arrows step through the dots by value.
import { Delaunay, extent, scaleBand, scaleLinear } from 'd3';
import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { AxisBottom, AxisLeft, bandTicks, linearTicks } from './axes.tsx';
import type { PlotContext } from './chart-frame.tsx';
import { CHART, plotArea } from './chart-layout.ts';
import { COLORS } from './chart-style.ts';
import { Tooltip } from './tooltip.tsx';

export interface StripPoint {
  key: string;
  value: number;
  failed: boolean;
}

export interface StripChartProps extends PlotContext {
  /** in the order to step through with the keyboard */
  points: StripPoint[];
  summary: string;
  xFormat: (v: number) => string;
  xTitle: string;
  text: (pt: StripPoint) => string[];
}

const ROWS = ['Passed', 'Failed'];
// A fixed pseudo-random offset per dot (display only), so the picture does not move on re-render.
const jitterOf = (i: number) => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s) - 0.5;
};

export function StripChart(p: StripChartProps) {
  const tipId = useId();
  const height = Math.round(CHART.height * 0.75);
  const plot = plotArea(p.width, height);
  // Scales, dot positions and the triangulation change with the data and the width only.
  const { x, y, xy, delaunay } = useMemo(() => {
    const [lo, hi] = extent(p.points, (pt) => pt.value) as [number | undefined, number | undefined];
    const x = scaleLinear()
      .domain([lo ?? 0, hi === lo ? (hi ?? 0) + 1 : (hi ?? 1)])
      .nice()
      .range([plot.left, plot.right]);
    const y = scaleBand<string>().domain(ROWS).range([plot.top, plot.bottom]).padding(0.15);
    const xy = p.points.map((pt, i): [number, number] => {
      const row = pt.failed ? ROWS[1]! : ROWS[0]!;
      return [x(pt.value), (y(row) ?? 0) + y.bandwidth() * (0.5 + CHART.jitter * 2 * jitterOf(i))];
    });
    return { x, y, xy, delaunay: Delaunay.from(xy) };
    // plot follows from width and height
  }, [p.points, p.width, height]);
  const [active, setActive] = useState<number | null>(null);
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const i = delaunay.find(e.clientX - box.left, e.clientY - box.top);
    setActive(i >= 0 && i < p.points.length ? i : null);
  };
  const onKey = (e: KeyboardEvent) => {
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : p.points.length - 1);
    } else if (step[e.key] !== undefined) {
      e.preventDefault();
      setActive((a) => Math.min(p.points.length - 1, Math.max(0, (a ?? -step[e.key]!) + step[e.key]!)));
    }
  };
  const pt = active === null ? null : p.points[active];
  const lines = pt ? p.text(pt) : [];

  return (
    <>
      <svg
        width={p.width}
        height={height}
        className="chart-svg strip"
        role="img"
        aria-label={p.summary}
        tabIndex={0}
        onPointerMove={onMove}
        onPointerLeave={() => setActive(null)}
        onFocus={() => setActive((a) => a ?? 0)}
        onBlur={() => setActive(null)}
        onKeyDown={onKey}
      >
        <AxisLeft plot={plot} ticks={bandTicks(y, (r) => r)} title="First test" grid={false} />
        <AxisBottom plot={plot} ticks={linearTicks(x, p.xFormat, 8)} title={p.xTitle} />
        {p.points.map((d, i) => (
          <circle
            key={d.key}
            cx={xy[i]![0]}
            cy={xy[i]![1]}
            r={CHART.scatterRadius}
            fill={d.failed ? COLORS.fail : COLORS.pass}
            fillOpacity={0.55}
          />
        ))}
        {pt && (
          <circle
            cx={xy[active!]![0]}
            cy={xy[active!]![1]}
            r={CHART.activeRadius}
            fill="none"
            stroke={COLORS.centre}
            strokeWidth={2}
          />
        )}
      </svg>
      <p className="visually-hidden" aria-live="polite">
        {lines.join('. ')}
      </p>
      <Tooltip
        height={height}
        id={tipId}
        width={p.width}
        tip={pt ? { x: xy[active!]![0], y: xy[active!]![1], lines } : null}
      />
    </>
  );
}
