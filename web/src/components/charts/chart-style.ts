// Colours of the charts. Series colours come from one categorical scheme, so a supplier or a line
// keeps its colour across the charts of a page; state colours are never the only cue (shapes,
// labels and the tooltip say the same).
import { interpolateViridis, schemeDark2, schemeTableau10 } from 'd3';

export const COLORS = {
  series: [...schemeTableau10, ...schemeDark2], // one per supplier, step or line, in the page's order
  bar: '#8fa6dc', // a Pareto bar of the trivial many
  barVital: '#2457c5', // a Pareto bar of the vital few
  cumulative: '#c2410c', // the cumulative-share line and its axis
  point: '#2457c5', // an in-control point
  ruleBreak: '#b42318', // a point that breaks a Western Electric rule
  centre: '#1d2433', // a control chart's centre line
  limit: '#b42318', // control limits
  pass: '#2f7d4a', // a unit that passed
  fail: '#b42318', // a unit that failed
  interval: '#5a6478', // error bars and interval whiskers
  reference: '#5a6478', // reference lines (80 %, the vital-few cut)
  selected: '#f2b01e', // the bar or cell whose details are shown
  empty: '#eef1f6', // a heatmap cell without units
  emptyHatch: '#c5ccd9', // its hatching
} as const;

/** Sequential colours for a yield from low (dark) to high (light). */
export const yieldColor = interpolateViridis;

/** The colour of the i-th series. */
export const seriesColor = (i: number): string => COLORS.series[i % COLORS.series.length]!;
