// How the trace graph looks and is laid out: one option a line. Kinds differ by shape and
// colour, states by the border (colour and dash), so both read without colour too.
import type { StylesheetJson } from 'cytoscape';

export interface KindLook {
  label: string;
  shape: string;
  fill: string;
  border: string;
}
/** Node kinds: shape and colours (the legend draws the same). */
export const KIND_LOOKS: Record<string, KindLook> = {
  lot: { label: 'Lot', shape: 'round-rectangle', fill: '#dbe6fb', border: '#2457c5' },
  unit: { label: 'Unit (serial)', shape: 'ellipse', fill: '#d8f1ef', border: '#17766f' },
  container: { label: 'Container', shape: 'rectangle', fill: '#f3e6d6', border: '#8a5a22' },
  operation: { label: 'Operation', shape: 'diamond', fill: '#e9e2f7', border: '#5b3fa6' },
  supplier: { label: 'Supplier', shape: 'hexagon', fill: '#e3f1dc', border: '#3d7a24' },
  shipment: { label: 'Shipment', shape: 'tag', fill: '#fde7d3', border: '#b05a0c' },
  customer: { label: 'Customer', shape: 'round-pentagon', fill: '#fbdde6', border: '#a3274f' },
  inspection: { label: 'Inspection', shape: 'round-triangle', fill: '#fff3c4', border: '#8a6d00' },
};

export interface StateLook {
  label: string;
  color: string;
  style: 'solid' | 'dashed' | 'dotted' | 'double';
  width: number;
}
/** Object states: the border says it (a missing state keeps the kind's border). */
export const STATE_LOOKS: Record<string, StateLook> = {
  quarantine: { label: 'Quarantine', color: '#c77700', style: 'dashed', width: 4 },
  released: { label: 'Released', color: '#1e7a3c', style: 'solid', width: 4 },
  conditional: { label: 'Released under deviation', color: '#0f7b8a', style: 'dashed', width: 4 },
  deviation_expired: { label: 'Deviation expired', color: '#c2410c', style: 'dotted', width: 5 },
  on_hold: { label: 'On hold', color: '#b42318', style: 'double', width: 7 },
  rejected: { label: 'Rejected', color: '#b42318', style: 'dashed', width: 4 },
  shipped: { label: 'Shipped', color: '#2457c5', style: 'dotted', width: 4 },
  consumed: { label: 'Consumed', color: '#6b7280', style: 'dotted', width: 3 },
  destroyed: { label: 'Destroyed', color: '#111827', style: 'solid', width: 5 },
  active: { label: 'Active', color: '#5a6478', style: 'solid', width: 2 },
};

const kindRules = Object.entries(KIND_LOOKS).map(([kind, k]) => ({
  selector: `node[kind = "${kind}"]`,
  style: { shape: k.shape, 'background-color': k.fill, 'border-color': k.border },
}));
const stateRules = Object.entries(STATE_LOOKS).map(([state, s]) => ({
  selector: `node[state = "${state}"]`,
  style: { 'border-color': s.color, 'border-style': s.style, 'border-width': s.width },
}));

export const GRAPH_STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)', // the code, or a group's title and count
      'font-size': 11, // readable at zoom 1
      'font-family': 'system-ui, sans-serif', // the app's own fonts
      color: '#1d2433', // --ink
      'text-valign': 'bottom', // label under the shape
      'text-margin-y': 4, // a little air
      'text-wrap': 'ellipsis', // long identifiers stay on one line
      'text-max-width': '150px', // as wide as a layer
      'min-zoomed-font-size': 7, // no labels when zoomed far out: fast and legible
      width: 34, // node size
      height: 26,
      'border-width': 2,
    },
  },
  ...kindRules,
  ...stateRules,
  { selector: 'node.root', style: { width: 46, height: 34, 'font-weight': 'bold' } }, // what was traced
  {
    selector: 'node.group',
    style: { width: 58, height: 40, 'border-width': 3, 'border-style': 'double', 'font-weight': 'bold' },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5, // thin links
      'line-color': '#9aa3b5', // muted
      'target-arrow-color': '#9aa3b5',
      'target-arrow-shape': 'triangle', // downstream end
      'curve-style': 'bezier', // parallel links stay apart
      'arrow-scale': 0.8,
    },
  },
  { selector: 'edge[type = "PACKED_IN"]', style: { 'line-style': 'dashed' } }, // packing, not material flow
  { selector: 'edge[type = "INSPECTED"]', style: { 'line-style': 'dotted' } },
  { selector: 'edge[count > 1]', style: { width: 3 } }, // a group's links
  { selector: '.dimmed', style: { opacity: 0.25 } }, // off the highlighted path
  {
    selector: 'node.on-path',
    style: { 'overlay-color': '#f2b01e', 'overlay-opacity': 0.35, 'overlay-padding': 6 },
  },
  { selector: 'edge.on-path', style: { width: 4, 'line-color': '#d38b00', 'target-arrow-color': '#d38b00' } },
  {
    selector: 'node.chosen',
    style: { 'overlay-color': '#2457c5', 'overlay-opacity': 0.25, 'overlay-padding': 8 },
  },
] as unknown as StylesheetJson;

/**
 * From BIG_GRAPH elements on: what costs most per frame goes (bench/README.md, "Graph view").
 * Straight two-point edges without arrows (the layout already reads left to right), solid
 * lines, and labels only when zoomed in far enough to read them (BIG_GRAPH_LABELLED_STYLE).
 */
const BIG_RULES = [
  {
    selector: 'edge',
    style: {
      'curve-style': 'haystack', // one straight segment, no control points to work out
      'haystack-radius': 0, // from centre to centre
      'target-arrow-shape': 'none', // direction reads from the layout: upstream left
      'line-style': 'solid', // dashes are drawn piece by piece
      width: 1, // thinner on a dense canvas
      events: 'no', // nothing listens to links; hit-testing 20,000 on every press and hover was slow
    },
  },
  { selector: 'node', style: { 'min-zoomed-font-size': 10 } }, // labels only where they read
];
/** A big graph zoomed out: no labels but the traced object's, the chosen one's and a path's. */
export const BIG_GRAPH_STYLE = [
  ...(GRAPH_STYLE as unknown as object[]),
  ...BIG_RULES,
  { selector: 'node', style: { label: '' } }, // unreadable at this zoom, and each costs a texture
  { selector: 'node.root, node.chosen, node.on-path', style: { label: 'data(label)' } },
] as unknown as StylesheetJson;
/** A big graph zoomed in from LABEL_ZOOM on: labels back. */
export const BIG_GRAPH_LABELLED_STYLE = [
  ...(GRAPH_STYLE as unknown as object[]),
  ...BIG_RULES,
] as unknown as StylesheetJson;
/**
 * A big graph on the 2D canvas: Cytoscape leaves the links to our own layer
 * (trace-own-layer.ts), which draws them as one path per look; they stay elements, styled
 * by the rules above, for the path, the dimming and the export.
 */
export const OWN_EDGES_RULE = { selector: 'edge', style: { visibility: 'hidden' } };

/** The zoom from which a big graph shows labels (11 px text is 10 px on screen at 0.9). */
export const LABEL_ZOOM = 0.9;

/** The renderer's WebGL options: larger texture atlases and batches than its mobile defaults. */
export const WEBGL_OPTIONS = {
  webglTexSize: 4096, // fewer atlases for thousands of node textures
  webglTexRows: 24, // rows per atlas for edge labels
  webglTexRowsNodes: 24, // rows per atlas for nodes
  webglBatchSize: 4096, // elements per draw call
  webglTexPerBatch: 16, // atlases bound per draw call (capped by the GPU)
};

/**
 * From this many elements on the explorer picks the WebGL renderer when the browser has WebGL
 * ("auto"); the user can always choose either (decision 031).
 */
export const WEBGL_FROM = 3000;

/** Up to this many nodes ELK lays the graph out; above it the quick layered layout does. */
export const ELK_LIMIT = 600;
/** From this many elements on the graph takes the big-graph style. */
export const BIG_GRAPH = 1500;

/** ELK layered layout, upstream left, downstream right. */
export const ELK_LAYOUT = {
  name: 'elk',
  animate: false, // no animation: instant and testable
  fit: true, // the whole graph in view
  padding: 24,
  nodeDimensionsIncludeLabels: true, // room for labels under the shapes
  elk: {
    algorithm: 'layered', // layers of material flow
    'elk.direction': 'RIGHT', // upstream left, downstream right
    'elk.layered.spacing.nodeNodeBetweenLayers': 60, // room between layers
    'elk.spacing.nodeNode': 24, // room inside a layer
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', // straight long edges
  },
};
