// A chart's legend: a swatch drawn like the mark it stands for, and its meaning.
import type { ReactNode } from 'react';

export type Swatch = 'bar' | 'line' | 'dashed' | 'step' | 'dot' | 'diamond' | 'hatch' | 'whisker';

export interface LegendItem {
  label: ReactNode;
  color: string;
  swatch: Swatch;
}

function SwatchIcon({ color, swatch }: { color: string; swatch: Swatch }) {
  switch (swatch) {
    case 'bar':
      return <rect x={2} y={2} width={14} height={10} fill={color} />;
    case 'line':
      return <line x1={1} x2={17} y1={7} y2={7} stroke={color} strokeWidth={2.5} />;
    case 'dashed':
      return <line x1={1} x2={17} y1={7} y2={7} stroke={color} strokeWidth={2} strokeDasharray="4 3" />;
    case 'step':
      return <path d="M1 10H7V4H17" fill="none" stroke={color} strokeWidth={1.5} strokeDasharray="3 2" />;
    case 'dot':
      return <circle cx={9} cy={7} r={4.5} fill={color} />;
    case 'diamond':
      return <path d="M9 1.5L14.5 7L9 12.5L3.5 7Z" fill={color} />;
    case 'whisker':
      return <path d="M9 1V13M6 1H12M6 13H12" stroke={color} strokeWidth={1.5} />;
    case 'hatch':
      return (
        <>
          <rect x={2} y={2} width={14} height={10} fill={color} stroke="#c5ccd9" />
          <path d="M2 12L8 2M8 12L14 2M12 12L16 5" stroke="#c5ccd9" />
        </>
      );
  }
}

export function Legend({ items, label = 'Legend' }: { items: LegendItem[]; label?: string }) {
  return (
    <ul className="legend" aria-label={label}>
      {items.map((item, i) => (
        <li key={i}>
          <svg width={18} height={14} aria-hidden="true" focusable="false">
            <SwatchIcon color={item.color} swatch={item.swatch} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
