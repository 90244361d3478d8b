// The hatch that marks "no data" in every chart, so a missing figure never looks like zero.
import { COLORS } from './chart-style.ts';

/** A `<pattern>` to place inside an SVG's `<defs>`; fill with `url(#id)`. */
export function NoDataPattern({ id }: { id: string }) {
  return (
    <pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width={6} height={6} fill={COLORS.empty} />
      <line y2={6} stroke={COLORS.emptyHatch} strokeWidth={2} />
    </pattern>
  );
}
