// Lotgraph's side of the peer benchmark: the generated genealogy loaded into the local Neo4j as
// the projection models it (Item nodes labelled Lot/Unit/Container with id, code, kind and the
// facts the trace queries read; suppliers and materials; one Operation per made lot, and one per
// finished lot for its units, with CONSUMED and PRODUCED; FEEDS derived from them as the
// projection derives them (create_operation_flows for operations new in a batch, decision 035);
// PACKED_IN), through the real UNWIND projection statements
// (cypher/projection.ts). A second, bulk path writes the same objects and edges with plain
// batched CREATE into an empty store, for its rate only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyGraphBatch, graphCheckpoint, type GraphBatch } from '../../cypher/projection.ts';
import { GraphBatchWriter, type BatchWriterStats } from '../../cypher/projection-writer.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { readIntColumns } from './csr.ts';
import { itemId, kindOfLayer, type GenealogyMeta, type NodeKind } from './generate.ts';

type Row = Record<string, unknown>;

/** The genealogy's columns, read once from its files. */
export interface Columns {
  n: Int32Array;
  layer: Int32Array;
  supplier: Int32Array;
  material: Int32Array;
  src: Int32Array;
  dst: Int32Array;
  qty: Int32Array;
  child: Int32Array;
  parent: Int32Array;
  /** layer by node number minus the genealogy's offset (the files are in generation order) */
  layerOf: Int8Array;
}
export function readColumns(meta: GenealogyMeta): Columns {
  // nodes.csv: n,kind,layer,supplier,material; kind is text and reads as -1.
  const [n, , layer, supplier, material] = readIntColumns(meta.files.nodes, 5) as Int32Array[];
  const [src, dst, qty] = readIntColumns(meta.files.feeds, 3) as Int32Array[];
  const [child, parent] = readIntColumns(meta.files.packed, 2) as Int32Array[];
  const layerOf = new Int8Array(meta.nodes);
  for (let j = 0; j < n!.length; j++) layerOf[n![j]! - meta.offset] = layer![j]!;
  return {
    layerOf,
    n: n!,
    layer: layer!,
    supplier: supplier!,
    material: material!,
    src: src!,
    dst: dst!,
    qty: qty!,
    child: child!,
    parent: parent!,
  };
}

const T0 = '2026-01-05T06:00:00.000Z';
/** The operation that made a node: its own for lots, the finished lot's for units. */
const opOf = (kind: NodeKind, dst: number, src: number) =>
  kind === 'unit' ? `urn:lotgraph:op:G${src}-units` : `urn:lotgraph:op:G${dst}`;

export interface LoadCounts {
  nodes: number;
  relationships: number;
  nodeSeconds: number;
  relationshipSeconds: number;
  seconds: number;
}

/**
 * Rows a transaction for the loader (objects, operations, packing rows). With two batches in
 * flight, 2,500 loaded S fastest of 1,000, 2,500, 5,000 and 10,000 (bench/README.md, decision 047).
 */
export const LOADER_BATCH = 2_500;

/**
 * What a graph holds, by label (a node's first) and by relationship type: the benches check a
 * load or a rebuild with it, one variant against another.
 */
export async function graphCounts(
  graph: GraphStore,
): Promise<{ labels: Record<string, number>; types: Record<string, number> }> {
  const of = async (text: string) =>
    Object.fromEntries((await graph.run(text, {}, 'READ')).records.map((r) => [r.get(0), r.get(1)]));
  return {
    labels: await of('MATCH (n) RETURN labels(n)[0], count(*) ORDER BY labels(n)[0]'),
    types: await of('MATCH ()-[r]->() RETURN type(r), count(*) ORDER BY type(r)'),
  };
}

/**
 * Loads the genealogy through the projection's UNWIND statements, `batch` objects or operations
 * per transaction, with two batches in flight where they cannot interfere (as the projection
 * writes the log; `inFlight: 1` for one at a time). Returns how many nodes and relationships it
 * wrote, how long each part took, and what the batch writer did.
 */
export async function loadThroughProjection(
  graph: GraphStore,
  meta: GenealogyMeta,
  cols: Columns,
  opts: { batch: number; log: (m: string) => void; inFlight?: 1 | 2 },
): Promise<LoadCounts & { writer: BatchWriterStats }> {
  const t0 = performance.now();
  const base = meta.offset;
  const kindOf = (n: number) => kindOfLayer(cols.layerOf[n - base]!);
  const writer = new GraphBatchWriter(graph, {
    from: await graphCheckpoint(graph, 'bench'),
    checkpoint: 'bench',
    inFlight: opts.inFlight ?? 2,
  });
  let seq = writer.committed;
  const apply = (b: Partial<GraphBatch>) => writer.push({ ...emptyGraphBatch(++seq), ...b });
  let lastLog = performance.now();
  const progress = (what: string, done: number, of: number) => {
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      opts.log(`neo4j ${meta.name}: ${what} ${done.toLocaleString('en')} / ${of.toLocaleString('en')}`);
    }
  };

  // Master data: suppliers and materials (with the material type the recall reads).
  await apply({
    masterData: [
      ...meta.suppliers.map((s) => ({ label: 'Supplier', id: s.id, props: { name: `Supplier ${s.index}` } })),
      ...meta.materials.map((m) => ({
        label: 'Material',
        id: m.id,
        props: { name: m.name, materialType: m.materialType },
      })),
    ],
  });
  let nodes = meta.suppliers.length + meta.materials.length;
  // Objects, with the facts of supplier lots (received quantity, supplier, material).
  for (let i = 0; i < cols.n.length; i += opts.batch) {
    const items: Row[] = [];
    const facts: Row[] = [];
    for (let j = i; j < Math.min(i + opts.batch, cols.n.length); j++) {
      const n = cols.n[j]!;
      const kind = kindOfLayer(cols.layer[j]!);
      const id = itemId(kind, n);
      items.push({ key: id, id, code: `G${n}`, kind });
      const mat = cols.material[j]!;
      const sup = cols.supplier[j]!;
      if (mat >= 0 || sup >= 0)
        facts.push({
          key: id,
          material: mat >= 0 ? meta.materials[mat]!.id : null,
          supplier: sup >= 0 ? meta.suppliers[sup]!.id : null,
          receivedQty: sup >= 0 ? 1000 : null,
          receivedAt: sup >= 0 ? T0 : null,
          uom: kind === 'lot' ? 'KGM' : null,
        });
    }
    await apply({ items, facts });
    nodes += items.length;
    progress('objects', i + items.length, cols.n.length);
  }
  const nodeSeconds = (performance.now() - t0) / 1000;

  // Operations: the feeds file is grouped by child, so each operation's rows are adjacent.
  const t1 = performance.now();
  let relationships = 0;
  let operations = 0;
  let ops: Row[] = [];
  let consumed: Row[] = [];
  let produced: Row[] = [];
  let feedOps: string[] = [];
  const flush = async () => {
    await apply({ operations: ops, consumed, produced, feedOps });
    ops = [];
    consumed = [];
    produced = [];
    feedOps = [];
  };
  let current = '';
  const consumedOf = new Map<string, number>();
  for (let j = 0; j < cols.src.length; j++) {
    const src = cols.src[j]!;
    const dst = cols.dst[j]!;
    const kind = kindOf(dst);
    const op = opOf(kind, dst, src);
    const dstId = itemId(kind, dst);
    const srcId = itemId(kindOf(src), src);
    if (op !== current) {
      if (ops.length >= opts.batch) await flush();
      current = op;
      consumedOf.clear();
      operations++;
      ops.push({ id: op, eventId: op, step: kind === 'unit' ? 'serialising' : 'mixing', time: T0 });
      feedOps.push(op);
    }
    if (kind === 'unit') {
      // One unit-making operation per finished lot: it consumes the lot once and makes each unit.
      if (!consumedOf.has(srcId)) {
        consumedOf.set(srcId, 1);
        consumed.push({ op, key: srcId, qty: 1, uom: 'KGM', eventId: op });
        relationships++;
      }
      produced.push({ op, key: dstId, qty: 1, uom: 'EA', eventId: op });
      relationships += 2; // PRODUCED and the FEEDS derived from it
    } else {
      consumed.push({ op, key: srcId, qty: cols.qty[j]!, uom: 'KGM', eventId: op });
      relationships += 2; // CONSUMED and FEEDS
      if (!consumedOf.has('produced')) {
        consumedOf.set('produced', 1);
        produced.push({ op, key: dstId, qty: 100, uom: 'KGM', eventId: op });
        relationships++;
      }
    }
    progress('feeds', j, cols.src.length);
  }
  await flush();
  // Packing: open since the start, one relationship per packing event.
  for (let i = 0; i < cols.child.length; i += opts.batch) {
    const packing: Row[] = [];
    for (let j = i; j < Math.min(i + opts.batch, cols.child.length); j++) {
      const c = cols.child[j]!;
      const p = cols.parent[j]!;
      const childId = itemId(kindOf(c), c);
      packing.push({
        child: childId,
        parent: itemId('container', p),
        since: T0,
        qty: 1,
        uom: 'EA',
        eventId: `pack-${c}`,
      });
    }
    await apply({ packing });
    relationships += packing.length;
    progress('packing', i + packing.length, cols.child.length);
  }
  await writer.finish();
  // OF and SUPPLIED_BY from the facts.
  for (let j = 0; j < cols.n.length; j++) {
    if (cols.material[j]! >= 0) relationships++;
    if (cols.supplier[j]! >= 0) relationships++;
  }
  nodes += operations;
  return {
    nodes,
    relationships,
    nodeSeconds,
    relationshipSeconds: (performance.now() - t1) / 1000,
    seconds: (performance.now() - t0) / 1000,
    writer: writer.stats,
  };
}

const bulkText = (name: string) => readFileSync(join(import.meta.dirname, 'bulk', `${name}.cypher`), 'utf8');

/**
 * The bulk path: the same objects, FEEDS and PACKED_IN edges written with batched CREATE (no
 * MERGE, no operations) into an empty store; for its rate.
 */
export async function loadBulk(
  graph: GraphStore,
  meta: GenealogyMeta,
  cols: Columns,
  opts: { batch: number; log: (m: string) => void },
): Promise<LoadCounts> {
  const createItems = bulkText('create_items');
  const createFeeds = bulkText('create_feeds');
  const createPacked = bulkText('create_packed');
  const t0 = performance.now();
  for (let i = 0; i < cols.n.length; i += opts.batch) {
    const byKind: Record<NodeKind, Row[]> = { lot: [], unit: [], container: [] };
    for (let j = i; j < Math.min(i + opts.batch, cols.n.length); j++) {
      const n = cols.n[j]!;
      const kind = kindOfLayer(cols.layer[j]!);
      byKind[kind].push({ id: itemId(kind, n), code: `G${n}` });
    }
    await graph.run(
      createItems,
      { lots: byKind.lot, units: byKind.unit, containers: byKind.container },
      'WRITE',
    );
  }
  const nodeSeconds = (performance.now() - t0) / 1000;
  opts.log(
    `neo4j bulk ${meta.name}: ${cols.n.length.toLocaleString('en')} objects in ${nodeSeconds.toFixed(1)} s`,
  );
  const base = meta.offset;
  const kindOf = (n: number) => kindOfLayer(cols.layerOf[n - base]!);
  const t1 = performance.now();
  for (let i = 0; i < cols.src.length; i += opts.batch) {
    const rows: Row[] = [];
    for (let j = i; j < Math.min(i + opts.batch, cols.src.length); j++) {
      const s = cols.src[j]!;
      const d = cols.dst[j]!;
      rows.push({ a: itemId(kindOf(s), s), b: itemId(kindOf(d), d), qty: cols.qty[j]! });
    }
    await graph.run(createFeeds, { rows }, 'WRITE');
  }
  for (let i = 0; i < cols.child.length; i += opts.batch) {
    const rows: Row[] = [];
    for (let j = i; j < Math.min(i + opts.batch, cols.child.length); j++) {
      const c = cols.child[j]!;
      rows.push({ a: itemId(kindOf(c), c), b: itemId('container', cols.parent[j]!) });
    }
    await graph.run(createPacked, { rows }, 'WRITE');
  }
  const relationshipSeconds = (performance.now() - t1) / 1000;
  return {
    nodes: cols.n.length,
    relationships: cols.src.length + cols.child.length,
    nodeSeconds,
    relationshipSeconds,
    seconds: (performance.now() - t0) / 1000,
  };
}
