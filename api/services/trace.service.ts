// Shapes trace rows into answers: nodes and edges for a trace, the recall scope with its
// quantities. The rules of what counts as in stock, in WIP or shipped live here, once.
import { AppError } from '../../domain/errors.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { lotUsage, objectState, type ObjectState } from '../../domain/object-state.ts';
import { itemStateRows, type ItemStateRow } from '../../cypher/holds.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { graphCheckpoint } from '../../cypher/projection.ts';
import {
  carriedByRows,
  packedInRows,
  resolveItem,
  traceBackwardRows,
  traceForwardLayers as traceForwardLayerKeys,
  traceForwardRows,
  traceForwardRowsOf,
  type BackwardRow,
  type CarriedByRow,
  type ForwardRow,
  type PackedInRow,
  type ResolvedItem,
} from '../../cypher/trace.ts';

export type NodeKind =
  'lot' | 'unit' | 'container' | 'operation' | 'supplier' | 'customer' | 'shipment' | 'inspection';

export interface TraceNode {
  id: string;
  kind: NodeKind;
  label: string;
  [prop: string]: unknown;
}
export interface TraceEdge {
  from: string;
  to: string;
  type: 'FEEDS' | 'PRODUCED' | 'SUPPLIED_BY' | 'INSPECTED' | 'PACKED_IN' | 'CARRIES' | 'TO';
  [prop: string]: unknown;
}
export interface TraceAnswer {
  root: TraceNode;
  direction: 'backward' | 'forward';
  nodes: TraceNode[];
  edges: TraceEdge[];
}

/**
 * What a request may see of the genealogy: everything, or one supplier's own objects only.
 * A supplier's search finds only its own objects, so another supplier's lot is a plain 404.
 */
export interface TraceScope {
  supplierId: string | null;
}
export const EVERYTHING: TraceScope = { supplierId: null };

/** Finds the one object an identifier names, or says why not (404 unknown, 409 ambiguous). */
export async function resolve(graph: GraphStore, id: string, scope = EVERYTHING): Promise<ResolvedItem> {
  const found = await resolveItem(graph, id, toCanonicalKey(id), scope.supplierId);
  if (found.length === 0)
    throw new AppError('NOT_FOUND', `no lot, unit or container is known as "${id}"`, { details: { id } });
  if (found.length > 1)
    throw new AppError('CONFLICT', `"${id}" names ${found.length} objects; trace one of them by its id`, {
      details: {
        id,
        candidates: found.map((f) => ({
          id: f.id,
          kind: f.kind,
          code: f.code,
          material: f.material ?? null,
        })),
      },
    });
  return found[0]!;
}

/** Collects nodes and edges once each. */
class GraphBuilder {
  private readonly nodes = new Map<string, TraceNode>();
  private readonly edges = new Map<string, TraceEdge>();
  node(n: TraceNode) {
    const seen = this.nodes.get(n.id);
    if (seen) Object.assign(seen, n);
    else this.nodes.set(n.id, n);
  }
  edge(e: TraceEdge) {
    const k = `${e.type}|${e.from}|${e.to}|${String(e['operation'] ?? '')}`;
    if (!this.edges.has(k)) this.edges.set(k, e);
  }
  done(rootId: string, direction: TraceAnswer['direction']): TraceAnswer {
    return {
      root: this.nodes.get(rootId)!,
      direction,
      nodes: [...this.nodes.values()],
      edges: [...this.edges.values()],
    };
  }
}

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

type ItemKind = 'lot' | 'unit' | 'container';
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** An object's hold as answers show it: `held`, and the hold's facts while it is held. */
interface HoldFields {
  held: boolean;
  holdSince?: string;
  holdBy?: string;
  holdReason?: string;
  holdCase?: string;
}
function holdOf(o: Record<string, unknown>): HoldFields {
  if (o['held'] !== true) return { held: false };
  const facts = {
    holdSince: text(o['holdSince']),
    holdBy: text(o['holdBy']),
    holdReason: text(o['holdReason']),
    holdCase: text(o['holdCase']),
  };
  return { held: true, ...(clean(facts) as Omit<HoldFields, 'held'>) };
}

/**
 * What a supplier's user sees of a hold on its own object: that it is held and since when; who
 * placed it, why and under which recall case stay inside the plant.
 */
export function withoutHoldDetails<T extends Record<string, unknown>>(o: T): T {
  const { holdBy: _by, holdReason: _reason, holdCase: _case, ...rest } = o;
  return rest as T;
}

/** The state of an object from the facts a trace row or a state row carries (domain/object-state.ts). */
function stateOf(
  o: { kind: ItemKind } & Record<string, unknown>,
  usage: { shipped: boolean; consumed: boolean },
): ObjectState {
  return objectState({
    kind: o.kind,
    status: text(o['status']),
    held: o['held'] === true,
    received: o['received'] === true,
    inspected: o['inspected'] === true,
    ...usage,
  });
}

/** Whether a trace row's object is used up or gone out, from the quantities and flags it carries. */
function usageOf(o: { kind: ItemKind } & Record<string, unknown>) {
  if (o.kind === 'lot')
    return lotUsage({
      received: num(o['receivedQty']),
      produced: num(o['producedQty']),
      consumed: num(o['consumedQty']),
      shipped: num(o['shippedQty']),
    });
  const consumed = o.kind === 'unit' && o['consumed'] === true;
  return { consumed, shipped: !consumed && o['reachedShipment'] === true };
}

/** A container's status, hold and state, for containers reached through packing. */
function containerFields(row: ItemStateRow | undefined) {
  if (!row) return { held: false, state: 'active' as ObjectState };
  return {
    ...clean({ status: row.status }),
    ...holdOf(row),
    state: stateOf(row, { shipped: row.reachedShipment, consumed: false }),
  };
}

async function containerStates(graph: GraphStore, reach: Map<string, ReachRow>) {
  const keys = new Set<string>();
  for (const rr of reach.values()) for (const p of rr.packed) keys.add(p.container);
  return new Map((await itemStateRows(graph, [...keys])).map((r) => [r.key, r]));
}

function itemNode(
  item: { key: string; id: string; code: string; kind: ItemKind } & Record<string, unknown>,
): TraceNode {
  // The facts the state is derived from stay out of the node; the state and the hold go in.
  const { received: _received, inspected: _inspected, reachedShipment: _reached, ...props } = item;
  return {
    ...clean(props),
    ...holdOf(item),
    id: item.id,
    kind: item.kind,
    label: item.code,
    state: stateOf(item, usageOf(item)),
  };
}

/**
 * Backward genealogy: ancestors, the operations that made each object, suppliers, inspections.
 * For a supplier the answer stops at its own objects: nothing made in the plant, nothing of
 * other suppliers.
 */
export async function traceBackward(graph: GraphStore, id: string, scope = EVERYTHING): Promise<TraceAnswer> {
  const root = await resolve(graph, id, scope);
  let rows = await traceBackwardRows(graph, root.key);
  if (scope.supplierId !== null) rows = ownRows(rows, scope.supplierId);
  const idOf = new Map(rows.map((r) => [r.item.key, r.item.id]));
  const g = new GraphBuilder();
  for (const r of rows) {
    g.node(itemNode(r.item));
    for (const f of r.feeds)
      g.edge({ ...clean(f), from: idOf.get(f.from) ?? f.from, to: r.item.id, type: 'FEEDS' });
    for (const o of r.ops) {
      const { qty, uom, ...op } = o;
      g.node({ ...clean(op), id: o.id, kind: 'operation', label: o.step ?? o.id });
      g.edge({ ...clean({ qty, uom }), from: o.id, to: r.item.id, type: 'PRODUCED' });
    }
    for (const s of r.suppliers) {
      g.node({ ...clean(s), id: s.id, kind: 'supplier', label: s.name ?? s.id });
      g.edge({ from: r.item.id, to: s.id, type: 'SUPPLIED_BY' });
    }
    for (const i of r.inspections) {
      g.node({
        ...clean(i),
        id: i.id,
        kind: 'inspection',
        label: `${i.kind ?? 'inspection'}: ${i.result ?? '?'}`,
      });
      g.edge({ from: i.id, to: r.item.id, type: 'INSPECTED' });
    }
  }
  const answer = g.done(root.id, 'backward');
  if (scope.supplierId === null) return answer;
  return { ...answer, root: withoutHoldDetails(answer.root), nodes: answer.nodes.map(withoutHoldDetails) };
}

/** A supplier's view of birth-record rows: its own objects, their inspections, no operations. */
function ownRows(rows: BackwardRow[], supplierId: string): BackwardRow[] {
  const own = rows.filter((r) => r.suppliers.some((s) => s.id === supplierId));
  const keys = new Set(own.map((r) => r.item.key));
  return own.map((r) => ({
    ...r,
    feeds: r.feeds.filter((f) => keys.has(f.from)),
    ops: [],
    suppliers: r.suppliers.filter((s) => s.id === supplierId),
  }));
}

interface Packed {
  container: string;
  containerId: string;
  containerCode: string;
  /** container keys from the innermost outwards */
  chain: string[];
  /** every link of the chain is still open */
  current: boolean;
  since: string;
  until?: string | null;
  shipment?: string | null;
  time?: string | null;
  customer?: string | null;
  customerName?: string | null;
  qty?: number | null;
  uom?: string | null;
}
interface ReachRow {
  key: string;
  direct: CarriedByRow[];
  packed: Packed[];
}

const MAX_NESTING = 8;
const covers = (links: PackedInRow[], time: string) =>
  links.every((l) => l.since <= time && (l.until == null || l.until > time));

/**
 * Where objects went physically: the containers holding them now or when a shipment carried
 * them (nested, packing time respected, see docs/decisions/004), and the shipments and customers.
 */
async function reachOf(graph: GraphStore, keys: string[]): Promise<Map<string, ReachRow>> {
  const up = new Map<string, PackedInRow[]>();
  const seen = new Set(keys);
  let frontier = keys;
  for (let depth = 0; depth < MAX_NESTING && frontier.length; depth++) {
    const next: string[] = [];
    for (const r of await packedInRows(graph, frontier)) {
      up.set(r.child, [...(up.get(r.child) ?? []), r]);
      if (!seen.has(r.parent)) {
        seen.add(r.parent);
        next.push(r.parent);
      }
    }
    frontier = next;
  }
  const carried = new Map<string, CarriedByRow[]>();
  for (const r of await carriedByRows(graph, [...seen]))
    carried.set(r.key, [...(carried.get(r.key) ?? []), r]);

  const out = new Map<string, ReachRow>();
  for (const key of keys) {
    const packed: Packed[] = [];
    const walk = (from: string, chain: string[], links: PackedInRow[]) => {
      for (const link of up.get(from) ?? []) {
        if (chain.includes(link.parent) || chain.length >= MAX_NESTING) continue;
        const c = [...chain, link.parent];
        const l = [...links, link];
        const first = l[0]!;
        const base: Packed = {
          container: link.parent,
          containerId: link.parentId,
          containerCode: link.parentCode,
          chain: c,
          current: l.every((x) => x.until == null),
          since: first.since,
          until: first.until,
          qty: first.qty,
          uom: first.uom,
        };
        const shipped = (carried.get(link.parent) ?? []).filter((s) => covers(l, s.time));
        if (shipped.length === 0 && base.current) packed.push(base);
        for (const s of shipped)
          packed.push({
            ...base,
            shipment: s.shipment,
            time: s.time,
            customer: s.customer,
            customerName: s.customerName,
          });
        walk(link.parent, c, l);
      }
    };
    walk(key, [], []);
    out.set(key, { key, direct: carried.get(key) ?? [], packed });
  }
  return out;
}

/**
 * The shipments an object reached: one entry per shipment and innermost container (a lot may
 * travel in several cases of one shipment; each case holds its own quantity), or carried itself.
 */
function shipmentsOf(r: ReachRow) {
  const out = new Map<
    string,
    {
      shipment: string;
      time: string;
      customer?: string | null;
      customerName?: string | null;
      qty?: number | null;
      uom?: string | null;
      via: string | null;
    }
  >();
  for (const d of r.direct) out.set(`${d.shipment}|`, { ...d, via: null });
  for (const p of [...r.packed].sort((a, b) => a.chain.length - b.chain.length))
    if (p.shipment && p.time && !out.has(`${p.shipment}|${p.chain[0]}`))
      out.set(`${p.shipment}|${p.chain[0]}`, {
        shipment: p.shipment,
        time: p.time,
        customer: p.customer,
        customerName: p.customerName,
        qty: p.qty,
        uom: p.uom,
        via: p.container,
      });
  return [...out.values()];
}

async function forwardData(graph: GraphStore, id: string) {
  const root = await resolve(graph, id);
  const rows = await traceForwardRows(graph, root.key);
  const reach = await reachOf(
    graph,
    rows.map((r) => r.item.key),
  );
  return { root, rows, reach };
}

/**
 * Forward genealogy: descendants, the containers holding them, shipments and customers.
 * A supplier sees nothing downstream of the plant: only its own object, as in its birth record.
 */
export async function traceForward(graph: GraphStore, id: string, scope = EVERYTHING): Promise<TraceAnswer> {
  if (scope.supplierId !== null) return { ...(await traceBackward(graph, id, scope)), direction: 'forward' };
  const { root, rows, reach } = await forwardData(graph, id);
  const g = new GraphBuilder();
  await forwardGraph(graph, g, rows, reach);
  return g.done(root.id, 'forward');
}

/**
 * Adds forward rows to a graph: each object, its FEEDS onwards (to objects in the rows or not:
 * a page of a layer links to the next layer by id), and what `reach` found of where it went.
 */
async function forwardGraph(
  graph: GraphStore,
  g: GraphBuilder,
  rows: ForwardRow[],
  reach: Map<string, ReachRow>,
): Promise<void> {
  const states = await containerStates(graph, reach);
  const idOf = new Map(rows.map((r) => [r.item.key, r.item.id]));
  for (const r of rows) g.node(itemNode(r.item));
  for (const r of rows) {
    for (const { toId, ...f } of r.feeds)
      g.edge({ ...clean(f), from: r.item.id, to: idOf.get(f.to) ?? toId ?? f.to, type: 'FEEDS' });
    const rr = reach.get(r.item.key);
    if (!rr) continue;
    for (const p of rr.packed) {
      g.node({
        id: p.containerId,
        key: p.container,
        kind: 'container',
        label: p.containerCode,
        ...containerFields(states.get(p.container)),
      });
      if (p.chain.length === 1)
        g.edge({
          ...clean({ since: p.since, until: p.until, qty: p.qty, uom: p.uom }),
          from: r.item.id,
          to: p.containerId,
          type: 'PACKED_IN',
        });
    }
    for (const s of shipmentsOf(rr)) {
      g.node({ id: s.shipment, kind: 'shipment', label: s.shipment.replace(/^.*:/, ''), time: s.time });
      // A quantity on the link to a container would be one packed object's share of it (which
      // object's depends on the order); that share is on the object's PACKED_IN link.
      g.edge({
        ...clean(s.via ? {} : { qty: s.qty, uom: s.uom }),
        from: s.shipment,
        to: s.via ? (rr.packed.find((p) => p.container === s.via)?.containerId ?? s.via) : r.item.id,
        type: 'CARRIES',
      });
      if (s.customer) {
        g.node({ id: s.customer, kind: 'customer', label: s.customerName ?? s.customer });
        g.edge({ from: s.shipment, to: s.customer, type: 'TO' });
      }
    }
  }
  // Container nesting: each chain [c1, c2, …] says c1 sat in c2, and so on.
  const containerId = new Map<string, string>();
  for (const rr of reach.values()) for (const p of rr.packed) containerId.set(p.container, p.containerId);
  for (const rr of reach.values())
    for (const p of rr.packed)
      for (let i = 1; i < p.chain.length; i++)
        g.edge({
          from: containerId.get(p.chain[i - 1]!)!,
          to: containerId.get(p.chain[i]!)!,
          type: 'PACKED_IN',
        });
}

/** One layer of a forward trace: the objects that many FEEDS links downstream at the nearest. */
export interface TraceLayer {
  depth: number;
  objects: number;
  lots: number;
  units: number;
}
/** A forward trace's shape without its objects: how many there are per layer (decision 046). */
export interface TraceLayers {
  root: TraceNode;
  direction: 'forward';
  /** objects reached over FEEDS, the root included */
  objects: number;
  /** containers holding any of them now or when a shipment carried them */
  containers: number;
  layers: TraceLayer[];
  /** the graph checkpoint the layers reflect */
  seq: number;
}
/** One page of one layer: its objects in key order, with where they went (decision 046). */
export interface TraceLayerPage extends TraceAnswer {
  depth: number;
  offset: number;
  limit: number;
  /** objects in the whole layer */
  total: number;
  /** the ids of this page's objects of the layer, in key order (the other nodes: the root, where they went) */
  objects: string[];
  seq: number;
}
/** The most objects one page of a layer holds. */
export const LAYER_PAGE_MAX = 5000;
/** Up to this many objects a client had better fetch a forward trace whole (LOTGRAPH_TRACE_WHOLE_MAX). */
export const TRACE_WHOLE_UP_TO = 5000;

/**
 * The layers of a forward trace: for each distance downstream, how many objects, lots and units
 * (every object once, at its nearest distance), and the containers. Milliseconds where a whole
 * answer takes seconds (a hub lot), so a client can show the scope and fetch pages of layers.
 * A supplier's forward trace is its own object only, as traceForward answers it.
 */
export async function traceForwardLayers(
  graph: GraphStore,
  id: string,
  scope = EVERYTHING,
): Promise<TraceLayers> {
  if (scope.supplierId !== null) {
    const own = await traceBackward(graph, id, scope);
    const kind = own.root.kind;
    return {
      root: own.root,
      direction: 'forward',
      objects: 1,
      containers: 0,
      layers: [{ depth: 0, objects: 1, lots: kind === 'lot' ? 1 : 0, units: kind === 'unit' ? 1 : 0 }],
      seq: await graphCheckpoint(graph),
    };
  }
  const root = await resolve(graph, id);
  const [found, [row]] = await Promise.all([
    traceForwardLayerKeys(graph, root.key),
    traceForwardRowsOf(graph, [root.key]),
  ]);
  if (!row) throw new AppError('NOT_FOUND', `"${id}" is no longer known`, { details: { id } });
  return {
    root: itemNode(row.item),
    direction: 'forward',
    objects: found.layers.reduce((n, l) => n + l.keys.length, 0),
    containers: found.containers,
    layers: found.layers.map((l, depth) => ({ depth, objects: l.keys.length, lots: l.lots, units: l.units })),
    seq: found.seq,
  };
}

/**
 * One page of one layer of a forward trace: the root, the layer's objects from `offset` (in key
 * order, at most `limit`), their FEEDS onwards (to the next layer, which may not be loaded), and
 * the containers, shipments and customers they reached.
 */
export async function traceForwardLayerPage(
  graph: GraphStore,
  id: string,
  page: { depth: number; offset: number; limit: number },
  scope = EVERYTHING,
): Promise<TraceLayerPage> {
  const { depth, offset, limit } = page;
  if (scope.supplierId !== null) {
    const own = await traceBackward(graph, id, scope);
    const shown = depth === 0 && offset === 0;
    return {
      ...(shown ? own : { root: own.root, nodes: [own.root], edges: [] }),
      direction: 'forward',
      ...page,
      total: depth === 0 ? 1 : 0,
      objects: shown ? [own.root.id] : [],
      seq: await graphCheckpoint(graph),
    };
  }
  const root = await resolve(graph, id);
  const found = await traceForwardLayerKeys(graph, root.key);
  const layer = found.layers[depth]?.keys ?? [];
  const keys = layer.slice(offset, offset + limit);
  // The root names the trace on every page; its own links belong to the page that holds it.
  const rootInPage = keys.includes(root.key);
  const rows = await traceForwardRowsOf(graph, rootInPage ? keys : [root.key, ...keys]);
  const rootRow = rows.find((r) => r.item.key === root.key);
  if (!rootRow) throw new AppError('NOT_FOUND', `"${id}" is no longer known`, { details: { id } });
  const pageRows = rootInPage ? rows : rows.filter((r) => r !== rootRow);
  const g = new GraphBuilder();
  g.node(itemNode(rootRow.item));
  const reach = await reachOf(
    graph,
    pageRows.map((r) => r.item.key),
  );
  await forwardGraph(graph, g, pageRows, reach);
  const idOf = new Map(pageRows.map((r) => [r.item.key, r.item.id]));
  return {
    ...g.done(rootRow.item.id, 'forward'),
    ...page,
    total: layer.length,
    objects: keys.flatMap((k) => idOf.get(k) ?? []),
    seq: found.seq,
  };
}

export interface QuantityLine {
  material: string | null;
  materialName: string | null;
  uom: string;
  qty: number;
}
export interface RecallScope {
  root: { id: string; kind: string; code: string };
  lots: ({ id: string } & Record<string, unknown>)[];
  units: ({ id: string } & Record<string, unknown>)[];
  containers: ({
    id: string;
    code: string;
    holdsNow: boolean;
    shipments: string[];
    held: boolean;
    state: ObjectState;
  } & Record<string, unknown>)[];
  shipments: {
    id: string;
    time: string;
    customer: string | null;
    customerName: string | null;
    lots: number;
    units: number;
    quantities: QuantityLine[];
  }[];
  customers: { id: string; name: string | null; shipments: string[]; quantities: QuantityLine[] }[];
  quantities: {
    inStock: QuantityLine[];
    wip: QuantityLine[];
    shipped: QuantityLine[];
    /** in-stock quantities by business location (null: no event named one) */
    inStockByLocation: { location: string | null; locationName: string | null; quantities: QuantityLine[] }[];
    /** WIP quantities by the work order that made them (null: none recorded) */
    wipByWorkOrder: { workOrder: string | null; quantities: QuantityLine[] }[];
  };
}

/** Adds quantities by material and unit of measure. */
class Tally {
  private readonly m = new Map<string, QuantityLine>();
  add(
    of: { material?: string | null; materialName?: string | null },
    uom: string | null | undefined,
    qty: number,
  ) {
    if (!(qty > 0)) return;
    const k = `${of.material ?? ''}|${uom ?? ''}`;
    const line = this.m.get(k) ?? {
      material: of.material ?? null,
      materialName: of.materialName ?? null,
      uom: uom ?? 'unknown',
      qty: 0,
    };
    line.qty += qty;
    this.m.set(k, line);
  }
  lines(): QuantityLine[] {
    return [...this.m.values()]
      .map((l) => ({ ...l, qty: round6(l.qty) }))
      .sort((a, b) => `${a.material}|${a.uom}`.localeCompare(`${b.material}|${b.uom}`));
  }
}

/** Tallies per group (a location, a work order); groups without a name sort last. */
class GroupedTally {
  private readonly m = new Map<string | null, { name: string | null; tally: Tally }>();
  add(group: string | null | undefined, name: string | null | undefined, ...line: Parameters<Tally['add']>) {
    const g = this.m.get(group ?? null) ?? { name: name ?? null, tally: new Tally() };
    g.tally.add(...line);
    this.m.set(group ?? null, g);
  }
  groups(): { group: string | null; name: string | null; quantities: QuantityLine[] }[] {
    return [...this.m.entries()]
      .map(([group, g]) => ({ group, name: g.name, quantities: g.tally.lines() }))
      .filter((g) => g.quantities.length > 0)
      .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group)));
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
const isWip = (r: ForwardRow) => r.item.materialType === 'intermediate';

/**
 * The recall scope of an object: every downstream lot and unit, the containers holding them,
 * the shipments and customers they reached, and quantities in stock, in WIP and shipped.
 */
export async function recallScope(
  graph: GraphStore,
  id: string,
  /** canonical keys to keep (a narrowed scope); objects not in it are left out */
  keep?: ReadonlySet<string>,
): Promise<RecallScope> {
  const { root, rows, reach } = await forwardData(graph, id);
  const inStock = new Tally();
  const wip = new Tally();
  const byLocation = new GroupedTally();
  const byWorkOrder = new GroupedTally();
  const shippedTotal = new Tally();
  const shipments = new Map<string, RecallScope['shipments'][number] & { tally: Tally }>();
  const containers = new Map<string, RecallScope['containers'][number]>();
  const lots: RecallScope['lots'] = [];
  const units: RecallScope['units'] = [];

  for (const r of rows) {
    if (keep && !keep.has(r.item.key)) continue;
    const it = r.item;
    const rr = reach.get(it.key);
    const reached = rr ? shipmentsOf(rr) : [];
    for (const p of rr?.packed ?? []) {
      const c = containers.get(p.container) ?? {
        id: p.containerId,
        code: p.containerCode,
        holdsNow: false,
        shipments: [],
        held: false,
        state: 'active',
      };
      c.holdsNow ||= p.current;
      if (p.shipment && !c.shipments.includes(p.shipment)) c.shipments.push(p.shipment);
      containers.set(p.container, c);
    }
    let shippedQty = 0;
    const counted = new Set<string>();
    for (const s of reached) {
      const sh = shipments.get(s.shipment) ?? {
        id: s.shipment,
        time: s.time,
        customer: s.customer ?? null,
        customerName: s.customerName ?? null,
        lots: 0,
        units: 0,
        quantities: [],
        tally: new Tally(),
      };
      shipments.set(s.shipment, sh);
      const firstTime = !counted.has(s.shipment);
      counted.add(s.shipment);
      if (it.kind === 'lot') {
        // Each container a lot travelled in holds its own part of the lot.
        const qty = s.qty ?? 0;
        if (firstTime) sh.lots += 1;
        sh.tally.add(it, s.uom ?? it.uom, qty);
        shippedTotal.add(it, s.uom ?? it.uom, qty);
        shippedQty += qty;
      } else if (it.kind === 'unit' && firstTime) {
        sh.units += 1;
        sh.tally.add(it, 'units', 1);
        shippedTotal.add(it, 'units', 1);
      }
    }
    const base = {
      id: it.id,
      code: it.code,
      material: it.material ?? null,
      materialName: it.materialName ?? null,
      location: it.location ?? null,
      locationName: it.locationName ?? null,
      workOrder: it.workOrder ?? null,
      status: it.status ?? null,
      ...holdOf(it),
      shipments: [...counted],
    };
    const destroyed = it.status === 'destroyed';
    if (it.kind === 'lot') {
      const made = (it.receivedQty ?? 0) + (it.producedQty ?? 0);
      const consumed = it.consumedQty ?? 0;
      const remaining = destroyed ? 0 : Math.max(0, round6(made - consumed - shippedQty));
      (isWip(r) ? wip : inStock).add(it, it.uom, remaining);
      if (isWip(r)) byWorkOrder.add(it.workOrder, null, it, it.uom, remaining);
      else byLocation.add(it.location, it.locationName, it, it.uom, remaining);
      const usage = lotUsage({
        received: it.receivedQty ?? 0,
        produced: it.producedQty ?? 0,
        consumed,
        shipped: shippedQty,
      });
      lots.push({
        ...base,
        state: stateOf(it, usage),
        uom: it.uom ?? null,
        quantity: made,
        consumed,
        shipped: shippedQty,
        remaining,
        where: remaining > 0 ? (isWip(r) ? 'wip' : 'in_stock') : 'none',
      });
    } else if (it.kind === 'unit') {
      const where = it.consumed
        ? 'consumed'
        : reached.length
          ? 'shipped'
          : destroyed
            ? 'destroyed'
            : isWip(r)
              ? 'wip'
              : 'in_stock';
      if (where === 'wip') {
        wip.add(it, 'units', 1);
        byWorkOrder.add(it.workOrder, null, it, 'units', 1);
      }
      if (where === 'in_stock') {
        inStock.add(it, 'units', 1);
        byLocation.add(it.location, it.locationName, it, 'units', 1);
      }
      units.push({
        ...base,
        state: stateOf(it, { consumed: where === 'consumed', shipped: where === 'shipped' }),
        where,
      });
    }
  }
  // Containers carry their own disposition and hold; shipped once a shipment took them away.
  const states = new Map((await itemStateRows(graph, [...containers.keys()])).map((r) => [r.key, r]));
  for (const [key, c] of containers) Object.assign(c, containerFields(states.get(key)));
  const shipmentList = [...shipments.values()]
    .map(({ tally, ...s }) => ({ ...s, quantities: tally.lines() }))
    .sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  const customers = new Map<string, RecallScope['customers'][number] & { tally: Tally }>();
  for (const s of shipmentList) {
    if (!s.customer) continue;
    const c = customers.get(s.customer) ?? {
      id: s.customer,
      name: s.customerName,
      shipments: [],
      quantities: [],
      tally: new Tally(),
    };
    c.shipments.push(s.id);
    for (const q of s.quantities) c.tally.add(q, q.uom, q.qty);
    customers.set(s.customer, c);
  }
  return {
    root: { id: root.id, kind: root.kind, code: root.code },
    lots: lots.sort(byId),
    units: units.sort(byId),
    containers: [...containers.values()].sort((a, b) => a.id.localeCompare(b.id)),
    shipments: shipmentList,
    customers: [...customers.values()]
      .map(({ tally, ...c }) => ({ ...c, quantities: tally.lines() }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    quantities: {
      inStock: inStock.lines(),
      wip: wip.lines(),
      shipped: shippedTotal.lines(),
      inStockByLocation: byLocation
        .groups()
        .map((g) => ({ location: g.group, locationName: g.name, quantities: g.quantities })),
      wipByWorkOrder: byWorkOrder.groups().map((g) => ({ workOrder: g.group, quantities: g.quantities })),
    },
  };
}
