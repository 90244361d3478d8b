// Sizes shared by the charts, in CSS pixels: each SVG is drawn 1:1 at the width its container has.
export const CHART = {
  height: 300, // whole SVG, margins included
  tallHeight: 360, // charts with rotated labels or many rows
  margin: { top: 24, right: 24, bottom: 52, left: 72 }, // room for axes and their titles
  rightAxisMargin: 72, // right margin when a second (right-hand) axis is drawn
  rotatedLabelMargin: 130, // bottom margin when x labels are turned to fit
  minWidth: 320, // narrower containers scroll sideways instead of squeezing the plot
  xTickSpacing: 80, // wanted room per x tick label before labels are thinned
  yTicks: 5, // wanted number of y ticks
  tickSize: 5, // tick mark length
  axisTitleGap: 40, // distance from an axis line to its title
  pointRadius: 4.5, // dots on lines and control charts
  activeRadius: 7, // a dot under the pointer or keyboard focus
  errorCap: 5, // half-width of an error bar's cap
  bandPadding: 0.25, // gap between bars, as a share of the step
  groupPadding: 0.06, // gap between the bars of one group
  labelRotation: -45, // degrees, for x labels that do not fit
  scatterRadius: 2.5, // one unit in the scatter
  jitter: 0.35, // share of a scatter row's height the dots spread over
  heatRowHeight: 26, // one input lot in the heatmap
  heatLabelWidth: 150, // room for the lot names left of the heatmap
  legendSteps: 10, // colour stops drawn in a gradient legend
} as const;

/** The plot area inside the margins. */
export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotArea(
  width: number,
  height: number,
  m: Partial<{ top: number; right: number; bottom: number; left: number }> = {},
): Plot {
  const margin = { ...CHART.margin, ...m };
  return {
    left: margin.left,
    right: Math.max(margin.left + 10, width - margin.right),
    top: margin.top,
    bottom: Math.max(margin.top + 10, height - margin.bottom),
  };
}
