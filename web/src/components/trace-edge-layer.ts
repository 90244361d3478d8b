// A big graph's links drawn by us, not by Cytoscape's canvas renderer: on a canvas of our own
// under Cytoscape's node layer, as one path per look (colour, width, opacity), so 20,000 links
// cost a few strokes instead of 20,000 (decision 036). Cytoscape keeps the edges as elements
// (classes, paths, export) with `visibility: hidden` in the big-graph style; their look is still
// read from the stylesheet (`pstyle`), so the path highlight and dimming stay the stylesheet's.
import type { Core, EdgeSingular } from 'cytoscape';

interface Bucket {
  /** CSS colour with the edge's opacity */
  color: string;
  /** line width in model units (scales with the zoom, as Cytoscape's own edges) */
  width: number;
  /** x1, y1, x2, y2 of each link, centre to centre (the big graph's haystack edges) */
  lines: number[];
}

export interface EdgeLayer {
  /** Draw the links here (true) or leave them to Cytoscape (false). */
  setActive(on: boolean): void;
  destroy(): void;
}

/** How long the view must be still before the links come back after a pan or zoom. */
export const EDGES_BACK_AFTER_MS = 120;

// Dim links first and the path's wide ones last, as Cytoscape orders them by z-index.
const byWeight = (a: Bucket & { opacity: number }, b: Bucket & { opacity: number }) =>
  a.opacity - b.opacity || a.width - b.width;

function bucketsOf(cy: Core): Bucket[] {
  const buckets = new Map<string, Bucket & { opacity: number }>();
  cy.edges().forEach((e: EdgeSingular) => {
    const line = e.style('line-color') as string; // 'rgb(r,g,b)'
    const opacity = e.effectiveOpacity() * e.numericStyle('line-opacity');
    const width = e.numericStyle('width');
    if (opacity === 0 || width === 0) return;
    const key = `${line} ${opacity} ${width}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      const color = opacity === 1 ? line : line.replace(/^rgb\((.*)\)$/, `rgba($1,${opacity})`);
      bucket = { color, width, opacity, lines: [] };
      buckets.set(key, bucket);
    }
    const s = e.source().position();
    const t = e.target().position();
    bucket.lines.push(s.x, s.y, t.x, t.y);
  });
  return [...buckets.values()].sort(byWeight);
}

/**
 * Links on a canvas under Cytoscape's nodes, redrawn with Cytoscape's frames: hidden while the
 * view moves (as `hideEdgesOnViewport` did) and back once it has been still for
 * EDGES_BACK_AFTER_MS, so a pause between two gestures does not draw them for one frame.
 */
export function attachEdgeLayer(cy: Core): EdgeLayer {
  const container = cy.container()!;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('data-id', 'edge-layer');
  // how many links the last frame drew (0 while the view moves): the browser test reads it
  Object.assign(canvas.style, {
    position: 'absolute',
    left: '0',
    top: '0',
    zIndex: '0',
    pointerEvents: 'none',
  });
  // Beside Cytoscape's layers, under its node layer (z-index 1 and up); last, so the first
  // canvas in the container is still Cytoscape's top layer (which takes the pointer).
  const layers = container.querySelector('canvas[data-id="layer0"]')?.parentElement ?? container;
  layers.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;

  let active = false;
  let buckets: Bucket[] | null = null; // null: to be read again from the graph
  let movedAt = -Infinity;
  let drawn = 0;
  let shown = ''; // the view last drawn: "zoom pan size active"
  let blank = true; // nothing on the canvas
  let backTimer: ReturnType<typeof setTimeout> | undefined;

  const stale = () => {
    buckets = null;
    shown = '';
  };
  const draw = () => {
    const px = window.devicePixelRatio || 1;
    const w = Math.round(container.clientWidth * px);
    const h = Math.round(container.clientHeight * px);
    const moving = performance.now() - movedAt < EDGES_BACK_AFTER_MS;
    const zoom = cy.zoom();
    const pan = cy.pan();
    const view = `${zoom} ${pan.x} ${pan.y} ${w}x${h} ${active && !moving}`;
    if (view === shown) return;
    shown = view;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${container.clientWidth}px`;
      canvas.style.height = `${container.clientHeight}px`;
    }
    if (!blank) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      blank = true;
    }
    drawn = 0;
    if (active && !moving) paint(zoom, pan, px);
    canvas.setAttribute('data-edges-drawn', String(drawn));
  };
  const paint = (zoom: number, pan: { x: number; y: number }, px: number) => {
    buckets ??= bucketsOf(cy);
    ctx.setTransform(zoom * px, 0, 0, zoom * px, pan.x * px, pan.y * px);
    ctx.lineCap = 'butt';
    for (const b of buckets) {
      ctx.strokeStyle = b.color;
      ctx.lineWidth = b.width;
      ctx.beginPath();
      const l = b.lines;
      for (let i = 0; i < l.length; i += 4) {
        ctx.moveTo(l[i]!, l[i + 1]!);
        ctx.lineTo(l[i + 2]!, l[i + 3]!);
      }
      ctx.stroke();
      drawn += l.length / 4;
    }
    blank = drawn === 0;
  };
  const moved = () => {
    if (!active) return;
    movedAt = performance.now();
    clearTimeout(backTimer);
    // Cytoscape draws nothing new once the view is still: come back on our own.
    backTimer = setTimeout(draw, EDGES_BACK_AFTER_MS + 10);
  };

  cy.on('render', draw);
  cy.on('viewport', moved);
  cy.on('add remove position style data', stale);
  return {
    setActive(on: boolean) {
      if (on === active) return;
      active = on;
      stale();
      draw();
    },
    destroy() {
      clearTimeout(backTimer);
      cy.off('render', draw);
      cy.off('viewport', moved);
      cy.off('add remove position style data', stale);
      canvas.remove();
    },
  };
}
