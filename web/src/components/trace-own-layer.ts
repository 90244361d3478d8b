// What a big graph draws on the 2D canvas without Cytoscape's element-by-element drawing, on a
// canvas of our own under Cytoscape's node layer (decisions 036 and 041):
// - at rest, the links, as one path per look (colour, width, opacity), under Cytoscape's nodes;
// - while the view moves, the nodes instead, as one filled and stroked path per look (shape,
//   size, fill, border, opacity) with the path's and the chosen node's overlays; Cytoscape's
//   frames are skipped and its node and drag canvases hidden until the view has been still for
//   OWN_LAYER_REST_MS, then it draws everything again (labels, dashes, exact shapes).
// Cytoscape keeps every element (classes, hit tests, export); the looks are read from its
// stylesheet, so the path highlight and the dimming stay the stylesheet's.
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';

interface EdgeBucket {
  /** CSS colour with the edge's opacity */
  color: string;
  /** line width in model units (scales with the zoom, as Cytoscape's own edges) */
  width: number;
  opacity: number;
  /** x1, y1, x2, y2 of each link, centre to centre (the big graph's haystack edges) */
  lines: number[];
}

interface NodeBucket {
  fill: string;
  /** border colour and width in model units; width 0: no border */
  border: string;
  borderWidth: number;
  opacity: number;
  /** every node of this look, as one path in model coordinates */
  path: Path2D;
}

export interface OwnLayer {
  /** Draw here (true: a big graph on the 2D canvas) or leave everything to Cytoscape (false). */
  setActive(on: boolean): void;
  destroy(): void;
}

/** How long the view must be still before Cytoscape draws again (and the links come back). */
export const OWN_LAYER_REST_MS = 120;

// Dim looks first and the path's wide links last, as Cytoscape orders them by z-index.
const byWeight = <T extends { opacity: number; width?: number }>(a: T, b: T) =>
  a.opacity - b.opacity || (a.width ?? 0) - (b.width ?? 0);

const rgba = (rgb: string, opacity: number) =>
  opacity === 1 ? rgb : rgb.replace(/^rgb\((.*)\)$/, `rgba($1,${opacity})`);

function edgeBucketsOf(cy: Core): EdgeBucket[] {
  const buckets = new Map<string, EdgeBucket>();
  cy.edges().forEach((e: EdgeSingular) => {
    const line = e.style('line-color') as string; // 'rgb(r,g,b)'
    const opacity = e.effectiveOpacity() * e.numericStyle('line-opacity');
    const width = e.numericStyle('width');
    if (opacity === 0 || width === 0) return;
    const key = `${line} ${opacity} ${width}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { color: rgba(line, opacity), width, opacity, lines: [] };
      buckets.set(key, bucket);
    }
    const s = e.source().position();
    const t = e.target().position();
    bucket.lines.push(s.x, s.y, t.x, t.y);
  });
  return [...buckets.values()].sort(byWeight);
}

// The stylesheet's node shapes as polygons in a unit box (-1..1), near enough while the view
// moves; ellipses and rectangles are drawn as such. A shape not listed is drawn as a rectangle.
const ngon = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / n;
    return [Math.cos(a), Math.sin(a)];
  }).flat();
const POLYGONS: Record<string, number[]> = {
  diamond: [0, -1, 1, 0, 0, 1, -1, 0],
  hexagon: [-1, 0, -0.5, -1, 0.5, -1, 1, 0, 0.5, 1, -0.5, 1],
  tag: [-1, -1, 0.5, -1, 1, 0, 0.5, 1, -1, 1],
  pentagon: ngon(5),
  'round-pentagon': ngon(5),
  triangle: [0, -1, 1, 1, -1, 1],
  'round-triangle': [0, -1, 1, 1, -1, 1],
};

function addShape(path: Path2D, shape: string, x: number, y: number, w: number, h: number) {
  const rx = w / 2;
  const ry = h / 2;
  if (shape === 'ellipse') {
    path.moveTo(x + rx, y);
    path.ellipse(x, y, rx, ry, 0, 0, 2 * Math.PI);
    return;
  }
  if (shape === 'round-rectangle') {
    path.roundRect(x - rx, y - ry, w, h, Math.min(w / 4, h / 4, 8));
    return;
  }
  const points = POLYGONS[shape];
  if (!points) {
    path.rect(x - rx, y - ry, w, h);
    return;
  }
  path.moveTo(x + points[0]! * rx, y + points[1]! * ry);
  for (let i = 2; i < points.length; i += 2) path.lineTo(x + points[i]! * rx, y + points[i + 1]! * ry);
  path.closePath();
}

/** Nodes grouped by look, the overlays (path, chosen) drawn over them, and how many are drawn. */
function nodeBucketsOf(cy: Core): { nodes: NodeBucket[]; overlays: NodeBucket[]; count: number } {
  const nodes = new Map<string, NodeBucket>();
  const overlays = new Map<string, NodeBucket>();
  let count = 0;
  cy.nodes().forEach((n: NodeSingular) => {
    if (!n.visible()) return;
    const opacity = n.effectiveOpacity();
    if (opacity === 0) return;
    count++;
    const { x, y } = n.position();
    const w = n.numericStyle('width');
    const h = n.numericStyle('height');
    const fill = rgba(n.style('background-color') as string, n.numericStyle('background-opacity'));
    const borderWidth = n.numericStyle('border-width');
    const border = rgba(n.style('border-color') as string, n.numericStyle('border-opacity'));
    const key = `${fill} ${border} ${borderWidth} ${opacity}`;
    let bucket = nodes.get(key);
    if (!bucket) {
      bucket = { fill, border, borderWidth, opacity, path: new Path2D() };
      nodes.set(key, bucket);
    }
    addShape(bucket.path, n.style('shape') as string, x, y, w, h);
    const overlay = n.numericStyle('overlay-opacity');
    if (overlay > 0) {
      const colour = rgba(n.style('overlay-color') as string, overlay);
      let o = overlays.get(colour);
      if (!o) {
        o = { fill: colour, border: '', borderWidth: 0, opacity: 1, path: new Path2D() };
        overlays.set(colour, o);
      }
      const pad = n.numericStyle('overlay-padding');
      o.path.roundRect(x - w / 2 - pad, y - h / 2 - pad, w + 2 * pad, h + 2 * pad, 4);
    }
  });
  return { nodes: [...nodes.values()].sort(byWeight), overlays: [...overlays.values()], count };
}

// The part of Cytoscape's renderer this layer takes over while the view moves: its frame.
interface Renderer {
  render(options?: { forcedContext?: unknown }): void;
  redraw(): void;
  redrawHint(group: 'eles' | 'drag' | 'select', on: boolean): void;
}

/**
 * The own layer, redrawn with Cytoscape's frames. At rest Cytoscape draws (nodes, labels) and
 * this layer adds the links once the view has been still for OWN_LAYER_REST_MS; while the view
 * moves, Cytoscape's frame is replaced by this layer's nodes (its node and drag canvases hidden,
 * so its last frame does not show through). The canvas records what it drew last in `data-edges-drawn` and
 * `data-nodes-drawn` (the browser test reads them).
 */
export function attachOwnLayer(cy: Core): OwnLayer {
  const container = cy.container()!;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('data-id', 'own-layer');
  Object.assign(canvas.style, {
    position: 'absolute',
    left: '0',
    top: '0',
    zIndex: '0',
    pointerEvents: 'none',
  });
  // Beside Cytoscape's layers, under its node layer (z-index 1 and up); last, so the first
  // canvas in the container is still Cytoscape's top layer (which takes the pointer).
  const layers = container.querySelector('canvas[data-id^="layer"]')?.parentElement ?? container;
  layers.appendChild(canvas);
  // Cytoscape's node and drag layers, hidden while our frame shows; its top layer stays, empty,
  // so the pointer lands where it always does.
  const theirs = [
    ...layers.querySelectorAll<HTMLCanvasElement>('canvas[data-id$="-node"], canvas[data-id$="-drag"]'),
  ];
  const ctx = canvas.getContext('2d')!;
  const renderer = (cy as unknown as { renderer(): Renderer }).renderer();
  const cytoscapeFrame = renderer.render;

  let active = false;
  let edges: EdgeBucket[] | null = null; // null: to be read again from the graph
  let nodes: ReturnType<typeof nodeBucketsOf> | null = null;
  // The view moved and has not been still for OWN_LAYER_REST_MS since: a flag, not a clock
  // compared at each frame, since a slow frame would otherwise count as stillness.
  let moving = false;
  let shown = ''; // the view last drawn: "zoom pan size what"
  let blank = true; // nothing on the canvas
  let hidden = false; // Cytoscape's node and drag canvases hidden
  let restTimer: ReturnType<typeof setTimeout> | undefined;

  const stale = () => {
    edges = null;
    nodes = null;
    shown = '';
  };
  const hideTheirs = (hide: boolean) => {
    if (hide === hidden) return;
    hidden = hide;
    for (const c of theirs) c.style.visibility = hide ? 'hidden' : '';
  };
  // Clear and size the canvas for the view; false when the view is the one already drawn.
  const prepare = (what: string) => {
    const px = window.devicePixelRatio || 1;
    const w = Math.round(container.clientWidth * px);
    const h = Math.round(container.clientHeight * px);
    const zoom = cy.zoom();
    const pan = cy.pan();
    const view = `${zoom} ${pan.x} ${pan.y} ${w}x${h} ${what}`;
    if (view === shown) return false;
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
    ctx.setTransform(zoom * px, 0, 0, zoom * px, pan.x * px, pan.y * px);
    return true;
  };
  const record = (edgesDrawn: number, nodesDrawn: number) => {
    canvas.setAttribute('data-edges-drawn', String(edgesDrawn));
    canvas.setAttribute('data-nodes-drawn', String(nodesDrawn));
    blank = edgesDrawn + nodesDrawn === 0;
  };

  const drawEdges = () => {
    edges ??= edgeBucketsOf(cy);
    let drawn = 0;
    ctx.lineCap = 'butt';
    for (const b of edges) {
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
    return drawn;
  };
  // At rest, after Cytoscape's frame: its nodes over our links.
  const drawRest = () => {
    hideTheirs(false);
    const still = active && !moving;
    if (!prepare(still ? 'edges' : 'none')) return;
    record(still ? drawEdges() : 0, 0);
  };
  // While moving, instead of Cytoscape's frame: the nodes, one path per look. Not the links:
  // 20,000 of them cost ~35 ms a frame even as one path (measured, decision 041).
  const drawMoving = () => {
    hideTheirs(true);
    if (!prepare('nodes')) return;
    nodes ??= nodeBucketsOf(cy);
    for (const b of nodes.nodes) {
      ctx.globalAlpha = b.opacity;
      ctx.fillStyle = b.fill;
      ctx.fill(b.path);
      if (b.borderWidth > 0) {
        ctx.strokeStyle = b.border;
        ctx.lineWidth = b.borderWidth;
        ctx.stroke(b.path);
      }
    }
    ctx.globalAlpha = 1;
    for (const o of nodes.overlays) {
      ctx.fillStyle = o.fill;
      ctx.fill(o.path);
    }
    record(0, nodes.count);
  };

  // Cytoscape's frame, or ours while the view moves (exports pass a context of their own).
  renderer.render = (options) => {
    if (active && moving && !options?.forcedContext) drawMoving();
    else cytoscapeFrame.call(renderer, options);
  };
  const moved = () => {
    if (!active) return;
    moving = true;
    clearTimeout(restTimer);
    // Still again: Cytoscape draws the whole frame, and its 'render' brings the links back.
    restTimer = setTimeout(() => {
      moving = false;
      renderer.redrawHint('eles', true);
      renderer.redrawHint('drag', true);
      renderer.redraw();
    }, OWN_LAYER_REST_MS);
  };

  cy.on('render', drawRest);
  cy.on('viewport', moved);
  cy.on('add remove position style data', stale);
  return {
    setActive(on: boolean) {
      if (on === active) return;
      active = on;
      moving = false;
      stale();
      drawRest();
    },
    destroy() {
      clearTimeout(restTimer);
      renderer.render = cytoscapeFrame;
      cy.off('render', drawRest);
      cy.off('viewport', moved);
      cy.off('add remove position style data', stale);
      hideTheirs(false);
      canvas.remove();
    },
  };
}
