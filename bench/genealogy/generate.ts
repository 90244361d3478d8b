// Seeded synthetic genealogies for the peer benchmark, written once as CSV files that every
// engine loads (bench/README.md, "Genealogy peers"):
//   layered (S, M): product families, each with a main and an additive supplier; six layers
//     supplier lots -> intermediates -> blends -> finished lots -> units -> containers (cases in
//     pallets). Each object draws its inputs from the most recent stock of the layer below (a
//     window), so traces are local in time and a supplier's lots reach about its family.
//   hub (H): one additive lot in every batch; batches go into two blends each, blends into
//     finished lots three at a time: diamonds everywhere, one lot reaching 10^5+ objects.
// Node numbers are global across genealogies (each has its own offset), so one engine can hold
// several side by side; ids are `urn:lotgraph:<kind>:G<number>`.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../etl/demo/prng.ts';

export type NodeKind = 'lot' | 'unit' | 'container';
export const KINDS: readonly NodeKind[] = ['lot', 'unit', 'container'];

export interface LayeredSpec {
  shape: 'layered';
  families: number;
  /** lots per supplier; each family has a main (A) and an additive (B) supplier */
  lotsPerSupplier: number;
  intermediates: number;
  blends: number;
  finished: number;
  unitsPerFinished: number;
  unitsPerCase: number;
  casesPerPallet: number;
  /** how far back in a layer's stock an object may draw its inputs */
  window: number;
}
export interface HubSpec {
  shape: 'hub';
  batches: number;
  blends: number;
  finished: number;
  unitsPerFinished: number;
  unitsPerCase: number;
  casesPerPallet: number;
  window: number;
}
export interface GenealogySpec {
  name: string;
  /** first node number */
  offset: number;
  seed: number;
  body: LayeredSpec | HubSpec;
}

// Per family: 2,000 supplier lots + 5,000 intermediates + 3,000 blends + 10,000 finished lots
// + 60,000 units + 15,000 cases + 5,000 pallets = 100,000 objects, 194,000 edges.
const family = {
  lotsPerSupplier: 1000,
  intermediates: 5000,
  blends: 3000,
  finished: 10000,
  unitsPerFinished: 6,
  unitsPerCase: 4,
  casesPerPallet: 3,
  window: 24,
};

/** The genealogies by name: S (1 M objects), M (10 M), H (the hub), T (tiny, for the test). */
export const SPECS: Record<string, GenealogySpec> = {
  S: { name: 'S', offset: 0, seed: 7, body: { shape: 'layered', families: 10, ...family } },
  H: {
    name: 'H',
    offset: 50_000_000,
    seed: 11,
    body: {
      shape: 'hub',
      batches: 2000,
      blends: 1000,
      finished: 10000,
      unitsPerFinished: 8,
      unitsPerCase: 4,
      casesPerPallet: 10,
      window: 12,
    },
  },
  M: { name: 'M', offset: 100_000_000, seed: 13, body: { shape: 'layered', families: 100, ...family } },
  // Small sizes for `--quick` and the integration test.
  QS: {
    name: 'QS',
    offset: 0,
    seed: 7,
    body: {
      shape: 'layered',
      families: 2,
      lotsPerSupplier: 250,
      intermediates: 1250,
      blends: 750,
      finished: 2500,
      unitsPerFinished: 6,
      unitsPerCase: 4,
      casesPerPallet: 3,
      window: 24,
    },
  },
  QH: {
    name: 'QH',
    offset: 50_000_000,
    seed: 11,
    body: {
      shape: 'hub',
      batches: 200,
      blends: 100,
      finished: 1000,
      unitsPerFinished: 8,
      unitsPerCase: 4,
      casesPerPallet: 10,
      window: 12,
    },
  },
  T: {
    name: 'T',
    offset: 0,
    seed: 3,
    body: {
      shape: 'layered',
      families: 2,
      lotsPerSupplier: 12,
      intermediates: 30,
      blends: 18,
      finished: 40,
      unitsPerFinished: 3,
      unitsPerCase: 4,
      casesPerPallet: 3,
      window: 6,
    },
  },
  TH: {
    name: 'TH',
    offset: 1_000_000,
    seed: 5,
    body: {
      shape: 'hub',
      batches: 20,
      blends: 10,
      finished: 40,
      unitsPerFinished: 3,
      unitsPerCase: 4,
      casesPerPallet: 3,
      window: 4,
    },
  },
};

export interface Supplier {
  index: number;
  id: string;
  /** node numbers of its lots, oldest first */
  lots: number[];
}
export interface Material {
  index: number;
  id: string;
  name: string;
  materialType: 'raw' | 'intermediate' | 'finished';
}
export interface GenealogyMeta {
  name: string;
  spec: GenealogySpec;
  offset: number;
  nodes: number;
  feeds: number;
  packed: number;
  layers: { name: string; first: number; count: number }[];
  suppliers: Supplier[];
  materials: Material[];
  /** the hub lot (hub shape only) */
  hub: number | null;
  files: { nodes: string; feeds: string; packed: string };
  dir: string;
}

/** The id of a node as every Lotgraph store knows it. */
export const itemId = (kind: NodeKind, n: number) => `urn:lotgraph:${kind}:G${n}`;
/** The node number in an id made by itemId. */
export function nodeOf(id: string): number {
  const i = id.lastIndexOf(':G');
  return i < 0 ? NaN : Number(id.slice(i + 2));
}
export const supplierId = (name: string, i: number) => `urn:lotgraph:party:G-${name}-SUP-${i}`;
export const materialIdOf = (name: string, m: string) => `urn:lotgraph:material:G-${name}-${m}`;

/** Buffered CSV writer: lines go out in chunks of about a megabyte. */
class CsvOut {
  private buf: string[] = [];
  private size = 0;
  private readonly out;
  lines = 0;
  constructor(
    readonly file: string,
    header: string,
  ) {
    this.out = createWriteStream(file + '.tmp');
    this.line(header);
    this.lines = 0;
  }
  line(s: string) {
    this.buf.push(s);
    this.size += s.length + 1;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }
  private flush() {
    if (this.buf.length) this.out.write(this.buf.join('\n') + '\n');
    this.buf = [];
    this.size = 0;
  }
  async close() {
    this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    renameSync(this.file + '.tmp', this.file);
  }
}

/** k distinct numbers from [max(0, hi - window + 1), hi], hi clamped into [0, size - 1]. */
function pickRecent(rng: Rng, hi: number, size: number, window: number, k: number): number[] {
  const top = Math.min(Math.max(hi, 0), size - 1);
  const lo = Math.max(0, top - window + 1);
  const span = top - lo + 1;
  if (span <= k) return Array.from({ length: span }, (_, i) => lo + i);
  const out = new Set<number>();
  while (out.size < k) out.add(lo + Math.floor(rng.float() * span));
  return [...out];
}

/** Where a child at position q of nChild draws from in a layer of nParent: the latest stock. */
const latest = (q: number, nChild: number, nParent: number) => Math.floor(((q + 1) * nParent) / nChild) - 1;

interface Sink {
  node(n: number, kind: NodeKind, layer: number, supplier: number | null, material: number | null): void;
  feed(src: number, dst: number, qty: number): void;
  pack(child: number, parent: number): void;
}

function layered(spec: GenealogySpec, b: LayeredSpec, sink: Sink, meta: GenealogyMeta) {
  const rng = new Rng(spec.seed, 1);
  const F = b.families;
  const L = b.lotsPerSupplier;
  const counts = [
    2 * L * F,
    b.intermediates * F,
    b.blends * F,
    b.finished * F,
    b.finished * b.unitsPerFinished * F,
  ];
  const unitsPerFamily = b.finished * b.unitsPerFinished;
  const cases = Math.ceil(unitsPerFamily / b.unitsPerCase);
  const pallets = Math.ceil(cases / b.casesPerPallet);
  counts.push((cases + pallets) * F);
  const names = ['supplier lots', 'intermediates', 'blends', 'finished lots', 'units', 'containers'];
  let first = spec.offset;
  const start: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    start.push(first);
    meta.layers.push({ name: names[i]!, first, count: counts[i]! });
    first += counts[i]!;
  }
  // Family-interleaved numbering: position q of family f in layer k is start[k] + q * F + f.
  const at = (k: number, q: number, f: number) => start[k]! + q * F + f;
  const mat = (f: number, m: string, t: Material['materialType']) => {
    meta.materials.push({
      index: meta.materials.length,
      id: materialIdOf(spec.name, `F${f}-${m}`),
      name: `family ${f} ${m}`,
      materialType: t,
    });
    return meta.materials.length - 1;
  };
  for (let f = 0; f < F; f++) {
    const m = {
      a: mat(f, 'main', 'raw'),
      b: mat(f, 'additive', 'raw'),
      i: mat(f, 'intermediate', 'intermediate'),
      bl: mat(f, 'blend', 'intermediate'),
      p: mat(f, 'product', 'finished'),
    };
    const supA = { index: 2 * f, id: supplierId(spec.name, 2 * f), lots: [] as number[] };
    const supB = { index: 2 * f + 1, id: supplierId(spec.name, 2 * f + 1), lots: [] as number[] };
    meta.suppliers.push(supA, supB);
    // Supplier lots: A at q in [0, L), B at q in [L, 2L).
    for (let q = 0; q < 2 * L; q++) {
      const n = at(0, q, f);
      const s = q < L ? supA : supB;
      s.lots.push(n);
      sink.node(n, 'lot', 0, s.index, q < L ? m.a : m.b);
    }
    for (let q = 0; q < b.intermediates; q++) {
      const n = at(1, q, f);
      sink.node(n, 'lot', 1, null, m.i);
      const hi = latest(q, b.intermediates, L);
      for (const p of pickRecent(rng, hi, L, b.window, 3)) sink.feed(at(0, p, f), n, 10);
      for (const p of pickRecent(rng, hi, L, b.window, 1)) sink.feed(at(0, L + p, f), n, 1);
    }
    for (let q = 0; q < b.blends; q++) {
      const n = at(2, q, f);
      sink.node(n, 'lot', 2, null, m.bl);
      const hi = latest(q, b.blends, b.intermediates);
      for (const p of pickRecent(rng, hi, b.intermediates, b.window, 3)) sink.feed(at(1, p, f), n, 20);
    }
    for (let q = 0; q < b.finished; q++) {
      const n = at(3, q, f);
      sink.node(n, 'lot', 3, null, m.p);
      for (const p of pickRecent(rng, latest(q, b.finished, b.blends), b.blends, b.window, 2))
        sink.feed(at(2, p, f), n, 5);
      for (const p of pickRecent(rng, latest(q, b.finished, L), L, b.window, 1))
        sink.feed(at(0, L + p, f), n, 1);
      for (let u = 0; u < b.unitsPerFinished; u++) {
        const unit = at(4, q * b.unitsPerFinished + u, f);
        sink.node(unit, 'unit', 4, null, null);
        sink.feed(n, unit, 1);
      }
    }
    // Containers of the family: cases first, then pallets (layer 5 positions).
    for (let c = 0; c < cases; c++) sink.node(at(5, c, f), 'container', 5, null, null);
    for (let p = 0; p < pallets; p++) sink.node(at(5, cases + p, f), 'container', 5, null, null);
    for (let u = 0; u < unitsPerFamily; u++) sink.pack(at(4, u, f), at(5, Math.floor(u / b.unitsPerCase), f));
    for (let c = 0; c < cases; c++)
      sink.pack(at(5, c, f), at(5, cases + Math.floor(c / b.casesPerPallet), f));
  }
}

function hub(spec: GenealogySpec, b: HubSpec, sink: Sink, meta: GenealogyMeta) {
  const rng = new Rng(spec.seed, 1);
  const o = spec.offset;
  const units = b.finished * b.unitsPerFinished;
  const cases = Math.ceil(units / b.unitsPerCase);
  const pallets = Math.ceil(cases / b.casesPerPallet);
  // Layer 0: the hub lot, then one flour lot per batch.
  const layers: [string, number][] = [
    ['supplier lots', 1 + b.batches],
    ['batches', b.batches],
    ['blends', b.blends],
    ['finished lots', b.finished],
    ['units', units],
    ['containers', cases + pallets],
  ];
  let first = o;
  const start: number[] = [];
  for (const [name, count] of layers) {
    start.push(first);
    meta.layers.push({ name, first, count });
    first += count;
  }
  const mat = (m: string, t: Material['materialType']) => {
    meta.materials.push({
      index: meta.materials.length,
      id: materialIdOf(spec.name, m),
      name: m,
      materialType: t,
    });
    return meta.materials.length - 1;
  };
  const m = {
    add: mat('additive', 'raw'),
    flour: mat('flour', 'raw'),
    batch: mat('batch', 'intermediate'),
    blend: mat('blend', 'intermediate'),
    p: mat('product', 'finished'),
  };
  const supAdd = { index: 0, id: supplierId(spec.name, 0), lots: [] as number[] };
  const supFlour = { index: 1, id: supplierId(spec.name, 1), lots: [] as number[] };
  meta.suppliers.push(supAdd, supFlour);
  const hubLot = start[0]!;
  meta.hub = hubLot;
  supAdd.lots.push(hubLot);
  sink.node(hubLot, 'lot', 0, 0, m.add);
  for (let i = 0; i < b.batches; i++) {
    supFlour.lots.push(start[0]! + 1 + i);
    sink.node(start[0]! + 1 + i, 'lot', 0, 1, m.flour);
  }
  for (let i = 0; i < b.batches; i++) {
    const n = start[1]! + i;
    sink.node(n, 'lot', 1, null, m.batch);
    sink.feed(hubLot, n, 1);
    sink.feed(start[0]! + 1 + i, n, 100);
  }
  // Each blend takes the batches 2j .. 2j+3 (wrapping): every batch goes into two blends.
  for (let j = 0; j < b.blends; j++) {
    const n = start[2]! + j;
    sink.node(n, 'lot', 2, null, m.blend);
    const per = Math.round((2 * b.batches) / b.blends);
    for (let k = 0; k < per; k++) sink.feed(start[1]! + (((j * per) / 2 + k) % b.batches), n, 50);
  }
  for (let q = 0; q < b.finished; q++) {
    const n = start[3]! + q;
    sink.node(n, 'lot', 3, null, m.p);
    for (const p of pickRecent(rng, latest(q, b.finished, b.blends), b.blends, b.window, 3))
      sink.feed(start[2]! + p, n, 10);
    for (let u = 0; u < b.unitsPerFinished; u++) {
      const unit = start[4]! + q * b.unitsPerFinished + u;
      sink.node(unit, 'unit', 4, null, null);
      sink.feed(n, unit, 1);
    }
  }
  for (let c = 0; c < cases + pallets; c++) sink.node(start[5]! + c, 'container', 5, null, null);
  for (let u = 0; u < units; u++) sink.pack(start[4]! + u, start[5]! + Math.floor(u / b.unitsPerCase));
  for (let c = 0; c < cases; c++)
    sink.pack(start[5]! + c, start[5]! + cases + Math.floor(c / b.casesPerPallet));
}

/**
 * Writes the genealogy's files into `<workDir>/genealogy-<name>/` unless they are there already
 * (same spec), and returns what they hold.
 */
export async function writeGenealogy(
  spec: GenealogySpec,
  workDir: string,
  log: (m: string) => void = () => {},
): Promise<GenealogyMeta> {
  const dir = join(workDir, `genealogy-${spec.name}`);
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile)) {
    const old = JSON.parse(readFileSync(metaFile, 'utf8')) as GenealogyMeta;
    // The files are found where the meta file is, so a moved work folder is reused as it is.
    const here = {
      nodes: join(dir, 'nodes.csv'),
      feeds: join(dir, 'feeds.csv'),
      packed: join(dir, 'packed.csv'),
    };
    if (JSON.stringify(old.spec) === JSON.stringify(spec)) return { ...old, files: here, dir };
  }
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const files = {
    nodes: join(dir, 'nodes.csv'),
    feeds: join(dir, 'feeds.csv'),
    packed: join(dir, 'packed.csv'),
  };
  const meta: GenealogyMeta = {
    name: spec.name,
    spec,
    offset: spec.offset,
    nodes: 0,
    feeds: 0,
    packed: 0,
    layers: [],
    suppliers: [],
    materials: [],
    hub: null,
    files,
    dir,
  };
  const nodes = new CsvOut(files.nodes, 'n,kind,layer,supplier,material');
  const feeds = new CsvOut(files.feeds, 'src,dst,qty');
  const packed = new CsvOut(files.packed, 'child,parent');
  const str = (v: number | null) => (v === null ? '' : String(v));
  const sink: Sink = {
    node: (n, kind, layer, supplier, material) => {
      nodes.line(`${n},${kind},${layer},${str(supplier)},${str(material)}`);
      if (nodes.lines % 1_000_000 === 0)
        log(`genealogy ${spec.name}: ${nodes.lines.toLocaleString('en')} objects written`);
    },
    feed: (src, dst, qty) => feeds.line(`${src},${dst},${qty}`),
    pack: (child, parent) => packed.line(`${child},${parent}`),
  };
  if (spec.body.shape === 'layered') layered(spec, spec.body, sink, meta);
  else hub(spec, spec.body, sink, meta);
  await Promise.all([nodes.close(), feeds.close(), packed.close()]);
  meta.nodes = nodes.lines;
  meta.feeds = feeds.lines;
  meta.packed = packed.lines;
  writeFileSync(metaFile, JSON.stringify(meta, null, 1) + '\n');
  log(
    `genealogy ${spec.name}: ${meta.nodes.toLocaleString('en')} objects, ${(meta.feeds + meta.packed).toLocaleString('en')} edges written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return meta;
}

/** The node's kind from its layer (layers 0-3 lots, 4 units, 5 containers). */
export const kindOfLayer = (layer: number): NodeKind =>
  layer < 4 ? 'lot' : layer === 4 ? 'unit' : 'container';
