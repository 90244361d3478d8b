// The tooltip of the mark under the pointer or keyboard focus, placed beside it in the plot.
export interface Tip {
  /** the mark's position in the plot, in pixels */
  x: number;
  y: number;
  lines: string[];
}

// Rough height of one tooltip line and of its padding, to keep it inside the plot.
const LINE_HEIGHT = 18;
const PADDING = 12;

export function Tooltip({
  tip,
  id,
  width,
  height,
}: {
  tip: Tip | null;
  id: string;
  width: number;
  height: number;
}) {
  if (!tip) return <div id={id} role="tooltip" className="chart-tooltip" hidden />;
  // Beyond 60 % of the width the tooltip opens to the left; vertically it stays within the plot.
  const side = tip.x > width * 0.6 ? 'left' : 'right';
  const half = (tip.lines.length * LINE_HEIGHT + PADDING) / 2;
  const top = Math.max(half, Math.min(height - half, tip.y));
  return (
    <div id={id} role="tooltip" className={`chart-tooltip ${side}`} style={{ left: tip.x, top }}>
      {tip.lines.map((l, i) => (
        <div key={i} className={i === 0 ? 'chart-tooltip-head' : undefined}>
          {l}
        </div>
      ))}
    </div>
  );
}
