// Fetches a trace for the explorer (graph and tables), an object's detail for the side panel, and
// shapes a trace for tables: nodes grouped by kind, links named by their ends' labels. The
// figures are the API's; nothing is recomputed here.
import { objectDetail, type ObjectDetail } from '../api/explorer.ts';
import { traceBackward, traceForward, traceForwardLayer, traceForwardLayers } from '../api/endpoints.ts';
import type { TraceAnswer, TraceLayerPage, TraceLayers, TraceNode } from '../api/types.ts';
import { formatDateTime, formatQty } from '../format.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export type Direction = 'backward' | 'forward';

export interface NodeRow {
  id: string;
  label: string;
  details: string;
}
export interface NodeGroup {
  kind: string;
  title: string;
  rows: NodeRow[];
}
export interface LinkRow {
  key: string;
  from: string;
  relation: string;
  to: string;
  amount: string;
}
export interface ShapedTrace {
  view: 'backward' | 'forward';
  root: TraceNode;
  groups: NodeGroup[];
  links: LinkRow[];
}

const KINDS: [kind: string, title: string][] = [
  ['lot', 'Lots'],
  ['unit', 'Units'],
  ['container', 'Containers'],
  ['operation', 'Operations'],
  ['supplier', 'Suppliers'],
  ['inspection', 'Inspections'],
  ['shipment', 'Shipments'],
  ['customer', 'Customers'],
];

const RELATIONS: Record<string, string> = {
  FEEDS: 'went into',
  PRODUCED: 'produced',
  SUPPLIED_BY: 'supplied by',
  INSPECTED: 'inspected',
  PACKED_IN: 'packed in',
  CARRIES: 'carries',
  TO: 'went to',
};

// Properties every row shows in its own column, or that only the graph needs.
const HIDDEN = new Set(['id', 'kind', 'label', 'key']);
const TIME = /(time|since|until|start|end|At)$/;

const valueText = (k: string, v: unknown): string =>
  typeof v === 'string' && TIME.test(k)
    ? formatDateTime(v, '')
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);

function detailsOf(n: TraceNode): string {
  return Object.entries(n)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${valueText(k, v)}`)
    .join(' · ');
}

export function shapeTrace(a: TraceAnswer): ShapedTrace {
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const known = new Set(KINDS.map(([k]) => k));
  const kinds: [string, string][] = [
    ...KINDS,
    // A kind the API adds later still shows, under its own name.
    ...[...new Set(a.nodes.map((n) => n.kind))]
      .filter((k) => !known.has(k))
      .map((k): [string, string] => [k, k]),
  ];
  const groups = kinds
    .map(([kind, title]) => ({
      kind,
      title,
      rows: a.nodes
        .filter((n) => n.kind === kind)
        .map((n) => ({ id: n.id, label: n.label, details: detailsOf(n) })),
    }))
    .filter((g) => g.rows.length > 0);
  const labelOf = (id: string) => byId.get(id)?.label ?? id;
  const links = a.edges.map((e, i) => ({
    key: `${i}`,
    from: labelOf(e.from),
    relation: RELATIONS[e.type] ?? e.type,
    to: labelOf(e.to),
    amount: formatQty(e['qty'] as number | undefined, e['uom'] as string | undefined),
  }));
  return { view: a.direction, root: a.root, groups, links };
}

/** The trace of `id` in `dir`, whole. */
export const loadTrace = (dir: Direction, id: string): Promise<TraceAnswer> =>
  dir === 'backward' ? traceBackward(id) : traceForward(id);

/** Objects per page when a layer of a forward trace is fetched in pages (decision 046). */
export const LAYER_PAGE = 1000;

/**
 * A trace as the explorer holds it: whole, or, for a forward trace above the server's
 * `wholeUpTo`, its layers with the first page of the first two layers (`answer` is then the
 * root's page; more pages come on request).
 */
export interface ExplorerTrace {
  answer: TraceAnswer;
  layers: TraceLayers | null;
  pages: TraceLayerPage[];
  /** what was asked for: direction, id and whether every object */
  asked: `${Direction}|${string}|${boolean}`;
}

/**
 * Loads a trace for the explorer: a backward trace whole; a forward one by its layers first,
 * then whole when it is small enough (or `all` asks for every object), else in pages.
 */
export async function loadExplorerTrace(dir: Direction, id: string, all: boolean): Promise<ExplorerTrace> {
  const asked = `${dir}|${id}|${all}` as const;
  if (dir === 'backward' || all) return { answer: await loadTrace(dir, id), layers: null, pages: [], asked };
  const layers = await traceForwardLayers(id);
  if (layers.objects <= layers.wholeUpTo)
    return { answer: await traceForward(id), layers: null, pages: [], asked };
  const pages = await Promise.all(
    layers.layers.slice(0, 2).map((l) => traceForwardLayer(id, l.depth, 0, LAYER_PAGE)),
  );
  return { answer: pages[0]!, layers, pages, asked };
}

/** The explorer's trace of `id` in `dir`; nothing is fetched while `id` is empty. */
export function useTrace(dir: Direction, id: string, all: boolean): ApiData<ExplorerTrace | null> {
  return useApiData(() => (id ? loadExplorerTrace(dir, id, all) : Promise.resolve(null)), [dir, id, all]);
}

/** The detail of a lot, unit or container; nothing for other nodes (null id). */
export function useObjectDetail(id: string | null): ApiData<ObjectDetail | null> {
  return useApiData(() => (id ? objectDetail(id) : Promise.resolve(null)), [id]);
}
