// Pointer and keyboard for a chart's marks (bars, dots, cells): one tab stop per chart (a roving
// tabindex), arrow keys move between marks, the mark under the pointer or focus is "active" (its
// tooltip shows), Enter, Space or a click drills down where the chart allows it.
import { useRef, useState, type KeyboardEvent } from 'react';

export interface MarkOptions {
  /** marks per row, for up/down in a grid (heatmap); 1 for a row of marks */
  columns?: number;
  /** what a click, Enter or Space on mark i does; marks it returns false for do nothing */
  onActivate?: (i: number) => void;
  canActivate?: (i: number) => boolean;
}

export interface MarkProps {
  ref: (el: SVGGElement | null) => void;
  tabIndex: number;
  role: 'button' | 'img';
  onFocus: () => void;
  onBlur: () => void;
  onMouseEnter: () => void;
  onMouseLeave: () => void;
  onClick?: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
}

export function useMarks(count: number, opts: MarkOptions = {}) {
  const [active, setActive] = useState<number | null>(null);
  const [stop, setStop] = useState(0);
  const refs = useRef<(SVGGElement | null)[]>([]);
  const columns = opts.columns ?? 1;
  const tabStop = Math.min(stop, Math.max(0, count - 1));
  const leave = (i: number) => setActive((a) => (a === i ? null : a));
  const activatable = (i: number) => !!opts.onActivate && (opts.canActivate?.(i) ?? true);

  const props = (i: number): MarkProps => ({
    ref: (el) => {
      refs.current[i] = el;
    },
    tabIndex: i === tabStop ? 0 : -1,
    role: activatable(i) ? 'button' : 'img',
    onFocus: () => {
      setStop(i);
      setActive(i);
    },
    onBlur: () => leave(i),
    onMouseEnter: () => setActive(i),
    onMouseLeave: () => leave(i),
    onClick: activatable(i) ? () => opts.onActivate?.(i) : undefined,
    onKeyDown: (e) => {
      const moves: Record<string, number> = {
        ArrowRight: 1,
        ArrowLeft: -1,
        ArrowDown: columns > 1 ? columns : 1,
        ArrowUp: columns > 1 ? -columns : -1,
        Home: -i,
        End: count - 1 - i,
      };
      const move = moves[e.key];
      if (move !== undefined) {
        e.preventDefault();
        const j = Math.min(count - 1, Math.max(0, i + move));
        refs.current[j]?.focus();
      } else if ((e.key === 'Enter' || e.key === ' ') && activatable(i)) {
        e.preventDefault();
        opts.onActivate?.(i);
      }
    },
  });
  return { active, props };
}
