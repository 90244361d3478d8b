// The one owner of the Cytoscape instance: created on mount, changed as a diff inside cy.batch,
// destroyed on unmount. It draws the model it is given and reports taps; everything else (what
// is shown, grouping, paths) is decided outside.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import elk from 'cytoscape-elk';
import svg from 'cytoscape-svg';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { quickLayers, type GraphModel } from './trace-graph-model.ts';
import {
  BIG_GRAPH,
  BIG_GRAPH_LABELLED_STYLE,
  BIG_GRAPH_STYLE,
  ELK_LAYOUT,
  ELK_LIMIT,
  GRAPH_STYLE,
  LABEL_ZOOM,
  OWN_EDGES_RULE,
  WEBGL_OPTIONS,
} from './trace-graph-style.ts';
import { attachOwnLayer, type OwnLayer } from './trace-own-layer.ts';
import { webglAvailable } from './webgl.ts';

cytoscape.use(elk);
cytoscape.use(svg);

/** How the canvas draws: Cytoscape's 2D canvas, or its WebGL mode of the same renderer. */
export type RendererName = 'canvas' | 'webgl';

export interface TraceGraphHandle {
  fit(): void;
  zoomBy(factor: number): void;
  png(): Promise<Blob>;
  svg(): string;
}

interface Props {
  model: GraphModel;
  /** the node the side panel shows */
  chosen: string | null;
  /** the highlighted path, if any */
  path: { nodes: string[]; edges: string[] } | null;
  onPick: (id: string, shift: boolean) => void;
  /** what the canvas shows, in words (its accessible name) */
  label: string;
  /** the renderer asked for; WebGL falls back to canvas where the browser has none */
  renderer: RendererName;
  /** told which renderer is drawing, once the canvas is up */
  onRenderer?: (active: RendererName) => void;
  ref?: Ref<TraceGraphHandle>;
}

const nodeData = (n: GraphModel['nodes'][number]) => ({
  id: n.id,
  label: n.label,
  kind: n.kind,
  ...(n.state ? { state: n.state } : {}),
});

type Look = 'normal' | 'big' | 'big-labelled';
const LOOKS: Record<Look, cytoscape.StylesheetJson> = {
  normal: GRAPH_STYLE,
  big: BIG_GRAPH_STYLE,
  'big-labelled': BIG_GRAPH_LABELLED_STYLE,
};
const ownEdges = (sheet: cytoscape.StylesheetJson) =>
  [...(sheet as unknown as object[]), OWN_EDGES_RULE] as unknown as cytoscape.StylesheetJson;
/** On the 2D canvas a big graph's links are drawn by our own layer, not by Cytoscape. */
const CANVAS_LOOKS: Record<Look, cytoscape.StylesheetJson> = {
  normal: GRAPH_STYLE,
  big: ownEdges(BIG_GRAPH_STYLE),
  'big-labelled': ownEdges(BIG_GRAPH_LABELLED_STYLE),
};
// Which stylesheet the graph wants now: by its size and, when big, by the zoom (labels).
const lookOf = (zoom: number, elements: number): Look =>
  elements < BIG_GRAPH ? 'normal' : zoom >= LABEL_ZOOM ? 'big-labelled' : 'big';

// A big graph draws only its nodes while the view moves, and its edges again once it stops.
// Cytoscape reads the switch on every frame; it is only an option at start-up.
function hideEdgesWhileMoving(cy: Core, on: boolean) {
  (cy as unknown as { renderer(): Record<string, unknown> }).renderer()['hideEdgesOnViewport'] = on;
}

// Layout and first drawing, as User Timing entries the benchmark and the browser's tools read.
// The WebGL mode emits no 'render' event: the drawing is the frame after the layout, and the
// frame after that starts once it is painted.
function markLayout(layout: cytoscape.Layouts) {
  layout.one('layoutstop', () => {
    performance.measure('lotgraph:layout', 'lotgraph:layout-start');
    requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('lotgraph:drawn')));
  });
}

export function TraceGraph({ model, chosen, path, onPick, label, renderer, onRenderer, ref }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const look = useRef<Look>('normal');
  const ownLayer = useRef<OwnLayer | null>(null);
  const looks = () => (ownLayer.current ? CANVAS_LOOKS : LOOKS);
  const restyle = (cy: Core, elements = cy.elements().length, zoom = cy.zoom()) => {
    const next = lookOf(zoom, elements);
    if (next === look.current) return;
    look.current = next;
    cy.style(looks()[next]);
    // With our own layer Cytoscape draws only nodes at rest, and nothing while the view moves.
    hideEdgesWhileMoving(cy, next !== 'normal' && !ownLayer.current);
    ownLayer.current?.setActive(next !== 'normal');
  };
  // PNG and SVG are drawn by Cytoscape: it draws the links itself for the moment.
  const withCytoscapeEdges = <T,>(cy: Core, draw: () => T): T => {
    if (looks()[look.current] === LOOKS[look.current]) return draw();
    cy.style(LOOKS[look.current]);
    try {
      return draw();
    } finally {
      cy.style(looks()[look.current]);
    }
  };
  const pick = useRef(onPick);
  pick.current = onPick;
  const told = useRef(onRenderer);
  told.current = onRenderer;

  // The renderer is chosen when Cytoscape starts: the page mounts a new canvas to switch.
  useEffect(() => {
    const webgl = renderer === 'webgl' && webglAvailable();
    const cy = cytoscape({
      container: box.current,
      style: GRAPH_STYLE,
      elements: [],
      minZoom: 0.02, // thousands of nodes fit
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      pixelRatio: 'auto',
      renderer: { name: 'canvas', webgl, ...(webgl ? WEBGL_OPTIONS : {}) },
    } as cytoscape.CytoscapeOptions);
    const active: RendererName = webgl ? 'webgl' : 'canvas';
    box.current?.setAttribute('data-renderer', active);
    told.current?.(active);
    look.current = 'normal';
    // The WebGL mode batches its own drawing; the 2D canvas gets our own layer.
    ownLayer.current = webgl ? null : attachOwnLayer(cy);
    // A big graph changes stylesheet only when the zoom crosses LABEL_ZOOM.
    cy.on('zoom', () => restyle(cy));
    cy.on('tap', 'node', (e) => {
      const ev = e.originalEvent as MouseEvent | undefined;
      pick.current(e.target.id() as string, ev?.shiftKey === true);
    });
    cyRef.current = cy;
    return () => {
      ownLayer.current?.destroy();
      ownLayer.current = null;
      cy.destroy();
      cyRef.current = null;
    };
  }, [renderer]);

  // Apply the model as a diff; lay out again when nodes came or went.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const wanted = new Set([...model.nodes.map((n) => n.id), ...model.edges.map((e) => e.id)]);
    // The stylesheet first, so new elements are styled once (a big graph is fitted zoomed out).
    restyle(cy, model.nodes.length + model.edges.length, 0);
    let changed = false;
    cy.batch(() => {
      const gone = cy.elements().filter((el) => !wanted.has(el.id()));
      if (gone.nonempty()) {
        changed ||= gone.nodes().nonempty();
        cy.remove(gone);
      }
      const add: ElementDefinition[] = [];
      for (const n of model.nodes) {
        const el = cy.getElementById(n.id);
        const classes = [n.root ? 'root' : '', n.members ? 'group' : ''].filter(Boolean).join(' ');
        if (el.empty()) add.push({ group: 'nodes', data: nodeData(n), classes });
        else {
          el.data(nodeData(n));
          if (!n.state) el.removeData('state');
          el.classes(classes);
        }
      }
      for (const e of model.edges)
        if (cy.getElementById(e.id).empty())
          add.push({
            group: 'edges',
            data: { id: e.id, source: e.source, target: e.target, type: e.type, count: e.count },
          });
      if (add.some((a) => a.group === 'nodes')) changed = true;
      if (add.length) cy.add(add);
    });
    if (!changed) return;
    performance.clearMarks('lotgraph:layout-start');
    performance.mark('lotgraph:layout-start');
    let layout: cytoscape.Layouts;
    if (model.nodes.length <= ELK_LIMIT) layout = cy.layout(ELK_LAYOUT as cytoscape.LayoutOptions);
    else {
      const pos = quickLayers(model);
      layout = cy.layout({
        name: 'preset',
        positions: (n: cytoscape.NodeSingular) => pos.get(n.id()) ?? { x: 0, y: 0 },
        fit: true,
        padding: 24,
        animate: false,
      } as cytoscape.LayoutOptions);
    }
    markLayout(layout);
    layout.run();
  }, [model, renderer]);

  // The chosen node and the path, as classes.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('chosen on-path dimmed');
      if (chosen) cy.getElementById(chosen).addClass('chosen');
      if (path) {
        const on = new Set([...path.nodes, ...path.edges]);
        cy.elements().forEach((el) => {
          el.addClass(on.has(el.id()) ? 'on-path' : 'dimmed');
        });
      }
    });
  }, [chosen, path, model, renderer]);

  useImperativeHandle(
    ref,
    () => ({
      // the nodes' box holds every link (straight in a big graph) and costs a fifth to work out
      fit: () => {
        const cy = cyRef.current;
        cy?.fit(look.current === 'normal' ? undefined : cy.nodes(), 24);
      },
      zoomBy: (factor: number) => {
        const cy = cyRef.current;
        if (!cy) return;
        cy.zoom({
          level: cy.zoom() * factor,
          renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
        });
      },
      png: () =>
        withCytoscapeEdges(cyRef.current!, () =>
          cyRef.current!.png({
            output: 'blob-promise',
            full: true,
            bg: '#ffffff',
            scale: 2,
            maxWidth: 6000,
            maxHeight: 6000,
          }),
        ),
      svg: () =>
        withCytoscapeEdges(cyRef.current!, () =>
          (cyRef.current as unknown as { svg(o: object): string }).svg({
            full: true,
            bg: '#ffffff',
            scale: 1,
          }),
        ),
    }),
    [],
  );

  return <div ref={box} className="trace-canvas" role="img" aria-label={label} />;
}
