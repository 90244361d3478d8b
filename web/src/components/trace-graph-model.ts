// What the trace graph shows, worked out from the API's traces without any drawing: the traced
// answer merged with expanded neighbourhoods, edges turned to run upstream -> downstream, large
// scopes folded into one node per kind and material (with counts), and the path between two
// nodes. Pure functions, so the canvas component only draws.
import type { TraceAnswer, TraceEdge, TraceNode } from '../api/types.ts';
import { shortId } from '../format.ts';

/** Above this many objects the graph folds nodes of one kind and material into groups. */
export const GROUP_THRESHOLD = 400;
/**
 * Below it, one kind and material with more than this many objects still folds: 300 boards off
 * one reel in one column are unreadable at any zoom that shows the whole trace.
 */
export const CLASS_THRESHOLD = 40;

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  /** the object's state (quarantine, released, on_hold, …) when the API gives one */
  state: string | null;
  root: boolean;
  /** for a group: how many objects it stands for, and their ids */
  members: string[] | null;
  /** the group key, for a group */
  groupKey: string | null;
  /** the API's node, for a single object */
  node: TraceNode | null;
}
export interface GraphEdge {
  id: string;
  /** upstream end (drawn left) */
  source: string;
  /** downstream end (drawn right) */
  target: string;
  type: string;
  /** how many object edges a group edge stands for */
  count: number;
}
export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** objects in the merged trace (before grouping) */
  total: number;
  grouped: boolean;
}

/** Merges traces: the first answer's root is the root; later answers add what is new. */
export function mergeAnswers(answers: TraceAnswer[]): { nodes: TraceNode[]; edges: TraceEdge[] } {
  const nodes = new Map<string, TraceNode>();
  const edges = new Map<string, TraceEdge>();
  for (const a of answers) {
    for (const n of a.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of a.edges) {
      const k = edgeKey(e);
      if (!edges.has(k)) edges.set(k, e);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const edgeKey = (e: TraceEdge) => `${e.type}|${e.from}|${e.to}|${String(e['operation'] ?? '')}`;

// Supplier -> lot and lot -> shipment run with the material; the API names them the other way.
const REVERSED = new Set(['SUPPLIED_BY', 'CARRIES']);

const KIND_TITLES: Record<string, string> = {
  lot: 'Lots',
  unit: 'Units',
  container: 'Containers',
  operation: 'Operations',
  supplier: 'Suppliers',
  shipment: 'Shipments',
  customer: 'Customers',
  inspection: 'Inspections',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Which group an object falls in: kind and material (operations by step, inspections by result). */
export function groupKeyOf(n: TraceNode): string {
  switch (n.kind) {
    case 'lot':
    case 'unit':
      return `${n.kind}|${str(n['material']) ?? ''}`;
    case 'operation':
      return `operation|${str(n['step']) ?? ''}`;
    case 'inspection':
      return `inspection|${str(n['kind']) ?? ''}|${str(n['result']) ?? ''}`;
    default:
      return n.kind;
  }
}

function groupTitle(key: string, sample: TraceNode): string {
  const [kind = '', a = '', b = ''] = key.split('|');
  const kinds = KIND_TITLES[kind] ?? kind;
  if (kind === 'lot' || kind === 'unit') {
    const material = str(sample['materialName']) ?? (a ? shortId(a) : '');
    return material ? `${kinds}: ${material}` : kinds;
  }
  if (kind === 'operation') return a ? `Operations: ${a}` : kinds;
  if (kind === 'inspection') return `Inspections: ${[a, b].filter(Boolean).join(' ')}`;
  return kinds;
}

/** A group's count: "1,000", or "1,000 of 80,000" while only some of its objects are fetched. */
const countOf = (n: number, total: number | undefined) =>
  total !== undefined && total > n
    ? `${n.toLocaleString('en')} of ${total.toLocaleString('en')}`
    : n.toLocaleString('en');

/** Above this many objects the explorer opens a scope folded by layer (decision 031). */
export const LAYER_THRESHOLD = 1000;

/**
 * How a scope is folded: by kind and material (the default below LAYER_THRESHOLD), by layer
 * (lots and units by their distance from the traced object, every other kind in one group), or
 * not at all (every object its own node).
 */
export type FoldMode = 'kinds' | 'layers' | 'none';

/**
 * Each object's distance in links from the root, along the trace's direction (downstream for a
 * forward trace, upstream for a backward one); an object reached only against that direction
 * (a supplier, an inspection) gets one more than its nearest neighbour.
 */
export function depthsOf(
  merged: { nodes: TraceNode[]; edges: TraceEdge[] },
  rootId: string,
  direction: 'forward' | 'backward',
): Map<string, number> {
  const along = new Map<string, string[]>();
  const against = new Map<string, string[]>();
  const link = (m: Map<string, string[]>, a: string, b: string) => {
    const l = m.get(a);
    if (l) l.push(b);
    else m.set(a, [b]);
  };
  for (const e of merged.edges) {
    const [up, down] = REVERSED.has(e.type) ? [e.to, e.from] : [e.from, e.to];
    const [a, b] = direction === 'forward' ? [up, down] : [down, up];
    link(along, a, b);
    link(against, b, a);
  }
  const depth = new Map<string, number>([[rootId, 0]]);
  const walk = (queue: string[], next: Map<string, string[]>) => {
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      for (const n of next.get(at) ?? [])
        if (!depth.has(n)) {
          depth.set(n, depth.get(at)! + 1);
          queue.push(n);
        }
    }
  };
  walk([rootId], along);
  // What the direction did not reach: from the nearest reached object, either way.
  const both = new Map<string, string[]>();
  for (const [k, v] of along) both.set(k, [...v]);
  for (const [k, v] of against) both.set(k, [...(both.get(k) ?? []), ...v]);
  if (depth.size < merged.nodes.length)
    walk(
      [...depth.keys()].sort((a, b) => depth.get(a)! - depth.get(b)!),
      both,
    );
  return depth;
}

// Kinds that fold by layer; every other kind folds into one group per kind.
const BY_DEPTH = new Set(['lot', 'unit']);

/** The layer group of an object: lots and units by kind and depth, the rest by kind. */
export const layerKeyOf = (n: Pick<TraceNode, 'kind'>, depth: number): string =>
  BY_DEPTH.has(n.kind) ? `layer|${n.kind}|${depth}` : `layer|${n.kind}`;

function layerTitle(key: string, direction: 'forward' | 'backward'): string {
  const [, kind = '', d] = key.split('|');
  const kinds = KIND_TITLES[kind] ?? kind;
  if (d === undefined) return kinds;
  const steps = Number(d);
  const way = direction === 'forward' ? 'downstream' : 'upstream';
  return steps === 0 ? `${kinds} at the start` : `${kinds}, ${steps} step${steps === 1 ? '' : 's'} ${way}`;
}

/**
 * The graph to draw. Folded by layer, every layer of two or more objects that is not opened
 * becomes one node with a count. Otherwise, above GROUP_THRESHOLD objects, every group of two or more objects that is
 * not opened (and holds neither the root nor a kept node) becomes one node with a count; below
 * it, only groups of more than CLASS_THRESHOLD objects do.
 */
export function buildModel(
  merged: { nodes: TraceNode[]; edges: TraceEdge[] },
  rootId: string,
  opened: ReadonlySet<string>,
  keep: ReadonlySet<string> = new Set(),
  threshold = GROUP_THRESHOLD,
  how: {
    fold?: FoldMode;
    direction?: 'forward' | 'backward';
    /** layers the API named (a trace fetched in pages, decision 046); they win over depthsOf's */
    depths?: ReadonlyMap<string, number>;
    /** objects in each layer group of the whole trace (by group key), where only some are fetched */
    totals?: ReadonlyMap<string, number>;
  } = {},
): GraphModel {
  const total = merged.nodes.length;
  const fold = how.fold ?? 'kinds';
  // 'none' draws every object; by layer, every layer of two or more objects folds.
  const minMembers =
    fold === 'none' ? Infinity : fold === 'layers' || total > threshold ? 2 : CLASS_THRESHOLD + 1;
  const depth =
    fold === 'layers'
      ? new Map([...depthsOf(merged, rootId, how.direction ?? 'forward'), ...(how.depths ?? [])])
      : null;
  const keyOf = (n: TraceNode) => (depth ? layerKeyOf(n, depth.get(n.id) ?? 0) : groupKeyOf(n));
  const titleOf = (key: string, sample: TraceNode) =>
    depth ? layerTitle(key, how.direction ?? 'forward') : groupTitle(key, sample);
  const byKey = new Map<string, TraceNode[]>();
  for (const n of merged.nodes) {
    const k = keyOf(n);
    const members = byKey.get(k);
    if (members) members.push(n);
    else byKey.set(k, [n]);
  }
  const repOf = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const [key, members] of byKey) {
    if (members.length < minMembers || opened.has(key)) continue;
    // The root and kept nodes (selected, on a path) stay themselves, outside their group.
    const folded = members.filter((m) => m.id !== rootId && !keep.has(m.id));
    if (folded.length < 2) continue;
    const id = `group:${key}`;
    for (const m of folded) repOf.set(m.id, id);
    nodes.push({
      id,
      kind: members[0]!.kind,
      label: `${titleOf(key, members[0]!)} (${countOf(folded.length, how.totals?.get(key))})`,
      state: null,
      root: false,
      members: folded.map((m) => m.id),
      groupKey: key,
      node: null,
    });
  }
  for (const n of merged.nodes)
    if (!repOf.has(n.id))
      nodes.push({
        id: n.id,
        kind: n.kind,
        label: n.label,
        state: str(n['state']),
        root: n.id === rootId,
        members: null,
        groupKey: null,
        node: n,
      });
  const edges = new Map<string, GraphEdge>();
  // A page of a layer links to objects of the next one that may not be fetched yet.
  const known = new Set(merged.nodes.map((n) => n.id));
  for (const e of merged.edges) {
    if (!known.has(e.from) || !known.has(e.to)) continue;
    const [from, to] = REVERSED.has(e.type) ? [e.to, e.from] : [e.from, e.to];
    const source = repOf.get(from) ?? from;
    const target = repOf.get(to) ?? to;
    if (source === target && (repOf.has(from) || from === to)) continue; // inside a group, or rework in place
    const id = `${e.type}|${source}|${target}`;
    const seen = edges.get(id);
    if (seen) seen.count += 1;
    else edges.set(id, { id, source, target, type: e.type, count: 1 });
  }
  return { nodes, edges: [...edges.values()], total, grouped: repOf.size > 0 };
}

/**
 * The shortest chain of links between two nodes, whichever way the links run (a lot and the
 * customer it reached, two boards sharing a reel): node ids and edge ids, or null if none.
 */
export function shortestPath(
  model: Pick<GraphModel, 'edges'>,
  from: string,
  to: string,
): { nodes: string[]; edges: string[] } | null {
  const next = new Map<string, { node: string; edge: string }[]>();
  const link = (a: string, b: string, edge: string) =>
    next.set(a, [...(next.get(a) ?? []), { node: b, edge }]);
  for (const e of model.edges) {
    link(e.source, e.target, e.id);
    link(e.target, e.source, e.id);
  }
  const back = new Map<string, { node: string; edge: string } | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length && !back.has(to); i++) {
    const at = queue[i]!;
    for (const step of next.get(at) ?? [])
      if (!back.has(step.node)) {
        back.set(step.node, { node: at, edge: step.edge });
        queue.push(step.node);
      }
  }
  if (!back.has(to)) return null;
  const nodes = [to];
  const edges: string[] = [];
  for (let at = back.get(to); at; at = back.get(at.node)) {
    nodes.unshift(at.node);
    edges.unshift(at.edge);
  }
  return { nodes, edges };
}

/** The group a node id stands in, if it is folded into one. */
export const groupOf = (model: GraphModel, id: string): GraphNode | undefined =>
  model.nodes.find((n) => n.members?.includes(id));

/** Column width and row height of the quick layered layout, in model units. */
const COLUMN = 200;
const ROW = 56;
const PER_COLUMN = 40;

/**
 * A layered layout that stays fast on thousands of nodes (ELK is used below that): each node's
 * layer is its longest chain of upstream links (cycles broken where found), layers run left to
 * right, a tall layer wraps into several columns, and a node sits near its upstream neighbours.
 */
export function quickLayers(
  model: Pick<GraphModel, 'nodes' | 'edges'>,
): Map<string, { x: number; y: number }> {
  const ids = model.nodes.map((n) => n.id);
  const known = new Set(ids);
  const ups = new Map<string, string[]>(ids.map((id) => [id, []]));
  const downs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of model.edges)
    if (e.source !== e.target && known.has(e.source) && known.has(e.target)) {
      ups.get(e.target)!.push(e.source);
      downs.get(e.source)!.push(e.target);
    }
  // Kahn's order; when only cycles are left, the node with the fewest open inputs goes next.
  const open = new Map(ids.map((id) => [id, ups.get(id)!.length]));
  const layer = new Map<string, number>();
  const ready = ids.filter((id) => open.get(id) === 0);
  while (layer.size < ids.length) {
    if (ready.length === 0) {
      let pick = '';
      let least = Infinity;
      for (const id of ids) if (!layer.has(id) && open.get(id)! < least) [pick, least] = [id, open.get(id)!];
      ready.push(pick);
    }
    const id = ready.pop()!;
    if (layer.has(id)) continue;
    layer.set(
      id,
      Math.max(
        0,
        ...ups
          .get(id)!
          .filter((u) => layer.has(u))
          .map((u) => layer.get(u)! + 1),
      ),
    );
    for (const d of downs.get(id)!) {
      open.set(d, open.get(d)! - 1);
      if (open.get(d) === 0) ready.push(d);
    }
  }
  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  const pos = new Map<string, { x: number; y: number }>();
  const order = new Map<string, number>();
  let x = 0;
  for (const col of layers) {
    if (!col) continue;
    // Near the upstream neighbours: sort by the mean of their rows.
    const key = (id: string) => {
      const rows = ups
        .get(id)!
        .filter((u) => order.has(u))
        .map((u) => order.get(u)!);
      return rows.length ? rows.reduce((s, r) => s + r, 0) / rows.length : 0;
    };
    col.sort((a, b) => key(a) - key(b) || a.localeCompare(b));
    const columns = Math.ceil(col.length / PER_COLUMN);
    const height = Math.min(col.length, PER_COLUMN);
    col.forEach((id, i) => {
      order.set(id, i / Math.max(1, col.length - 1));
      const c = Math.floor(i / PER_COLUMN);
      const r = i % PER_COLUMN;
      pos.set(id, { x: x + c * (COLUMN * 0.6), y: (r - (height - 1) / 2) * ROW });
    });
    x += COLUMN + (columns - 1) * COLUMN * 0.6;
  }
  return pos;
}
