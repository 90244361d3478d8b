// The x scale of the charts over periods: UTC time from the first period to the last, with a
// little room on both sides; a single period gets a week either way.
import { extent, scaleUtc, type ScaleTime } from 'd3';
import type { Plot } from './chart-layout.ts';

const DAY = 86_400_000;

/** A period's first day (YYYY-MM-DD) as a UTC date. */
export const dayOf = (s: string): Date => new Date(`${s.slice(0, 10)}T00:00:00Z`);

/** The distinct periods, in order, as dates. */
export function periodsOf(starts: string[]): Date[] {
  return [...new Set(starts.map((s) => s.slice(0, 10)))].sort().map(dayOf);
}

export function periodScale(periods: Date[], plot: Plot): ScaleTime<number, number> {
  const [a, b] = extent(periods) as [Date | undefined, Date | undefined];
  const lo = a ?? new Date(0);
  const hi = b ?? lo;
  const span = hi.getTime() - lo.getTime();
  const pad = span === 0 ? 7 * DAY : span * 0.04;
  return scaleUtc()
    .domain([new Date(lo.getTime() - pad), new Date(hi.getTime() + pad)])
    .range([plot.left, plot.right]);
}
