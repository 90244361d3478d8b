// What the shapes, colours and borders of the trace graph mean.
import { KIND_LOOKS, STATE_LOOKS } from './trace-graph-style.ts';

// Small SVG outlines that match Cytoscape's shapes closely enough to recognise.
const SHAPES: Record<string, string> = {
  'round-rectangle': 'M4 4h16a3 3 0 0 1 3 3v6a3 3 0 0 1-3 3H4a3 3 0 0 1-3-3V7a3 3 0 0 1 3-3z',
  ellipse: 'M12 3a11 7 0 1 0 0.01 0z',
  rectangle: 'M1 3h22v14H1z',
  diamond: 'M12 1l11 9-11 9L1 10z',
  hexagon: 'M6 2h12l5 8-5 8H6l-5-8z',
  tag: 'M1 3h15l7 7-7 7H1z',
  'round-pentagon': 'M12 1l11 7-4 11H5L1 8z',
  'round-triangle': 'M12 2l11 16H1z',
};
const DASH: Record<string, string | undefined> = { dashed: '5 3', dotted: '1.5 2.5' };

export function TraceLegend({ kinds }: { kinds: Set<string> }) {
  const shown = Object.entries(KIND_LOOKS).filter(([k]) => kinds.has(k));
  return (
    <div className="trace-legend" aria-label="Legend">
      <h3 className="legend-title">Legend</h3>
      <ul className="plain legend-list">
        {shown.map(([kind, k]) => (
          <li key={kind}>
            <svg width="24" height="20" viewBox="0 0 24 20" aria-hidden="true">
              <path d={SHAPES[k.shape]} fill={k.fill} stroke={k.border} strokeWidth="1.5" />
            </svg>{' '}
            {k.label}
          </li>
        ))}
      </ul>
      <ul className="plain legend-list">
        {Object.entries(STATE_LOOKS).map(([state, s]) => (
          <li key={state}>
            <svg width="24" height="20" viewBox="0 0 24 20" aria-hidden="true">
              <rect
                x="2"
                y="3"
                width="20"
                height="14"
                rx="3"
                fill="#ffffff"
                stroke={s.color}
                strokeWidth={s.style === 'double' ? 3.5 : 2.2}
                strokeDasharray={DASH[s.style]}
              />
            </svg>{' '}
            {s.label}
          </li>
        ))}
      </ul>
      <p className="muted legend-note">
        Shift-click two nodes for the path between them. A bold double border is a group: click it to show its
        objects.
      </p>
    </div>
  );
}
