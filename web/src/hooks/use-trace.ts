// Fetches a trace or a recall scope and shapes it for tables: nodes grouped by kind, links
// named by their ends' labels. The figures are the API's; nothing is recomputed here.
import { recall, traceBackward, traceForward } from '../api/endpoints.ts';
import type { RecallScope, TraceAnswer, TraceNode } from '../api/types.ts';
import { formatDateTime, formatQty } from '../format.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export type TraceView = 'backward' | 'forward' | 'recall';

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
export type TraceResult = ShapedTrace | { view: 'recall'; scope: RecallScope };

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

async function load(view: TraceView, id: string): Promise<TraceResult> {
  if (view === 'recall') return { view, scope: await recall(id) };
  return shapeTrace(await (view === 'backward' ? traceBackward(id) : traceForward(id)));
}

/** The answer for `id` in `view`; nothing is fetched while `id` is empty. */
export function useTrace(view: TraceView, id: string): ApiData<TraceResult | null> {
  return useApiData(() => (id ? load(view, id) : Promise.resolve(null)), [view, id]);
}
