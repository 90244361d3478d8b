// Recall scopes of a chosen size for the graph-view benchmark and its browser test, as EPCIS 2.0
// documents that enter through the normal ingest path. One supplier lot (the root) is split into
// a few lots, then each further layer of lots is made from `fanIn` lots of the layer before
// (seeded choice), the last layer is packed on pallets, pallets are shipped, shipments go to
// customers. Every object is downstream of the root, so the root's forward trace is the whole
// scope; the manifest says what it holds, worked out from the design (not from a trace).
import { Rng } from '../../etl/demo/prng.ts';

type Json = Record<string, unknown>;

export interface ScopeSpec {
  /** short code that prefixes every identifier (GV1K, GV5K, …) */
  code: string;
  /** objects in the scope, root included */
  nodes: number;
  /** input lots per made lot from the second layer on */
  fanIn: number;
  /** layers of lots below the root */
  depth: number;
  seed: number;
}

export interface ScopeManifest {
  code: string;
  /** the root lot's EPC (what the explorer traces) */
  root: string;
  /** lots per depth: [1 (the root), first layer, …] */
  lotsByDepth: number[];
  pallets: number;
  shipments: number;
  customers: number;
  /** objects and links the forward trace of the root holds */
  nodes: number;
  edges: number;
}

export const lotId = (code: string) => `urn:lotgraph:lot:${code}`;
/** The code of the `i`-th lot at depth `d` of the scope `scope` (the root is depth 0, lot 0). */
export const scopeLotCode = (scope: string, d: number, i: number) =>
  `${scope}-D${d}-${String(i).padStart(5, '0')}`;
const pallet = (code: string) => `urn:lotgraph:container:${code}`;
const party = (code: string) => `urn:lotgraph:party:${code}`;

const BASE = Date.parse('2026-06-01T06:00:00Z');
const at = (h: number) => ({
  eventTime: new Date(BASE + h * 3_600_000).toISOString(),
  eventTimeZoneOffset: '+00:00',
});

const LOTS_PER_PALLET = 5;
const PALLETS_PER_SHIPMENT = 4;
const CUSTOMERS = 10;

/** The layer widths and counts of a scope of `spec.nodes` objects. */
export function planScope(spec: ScopeSpec): Omit<ScopeManifest, 'root' | 'edges'> & { edges: number } {
  if (spec.depth < 2) throw new Error('a scope needs at least two layers of lots');
  const first = 4 * spec.fanIn; // a few lots straight off the supplier lot
  // Containers, shipments and customers hang off the last layer: solve for its width.
  const tail = (w: number) => {
    const pallets = Math.ceil(w / LOTS_PER_PALLET);
    const shipments = Math.ceil(pallets / PALLETS_PER_SHIPMENT);
    return { pallets, shipments, customers: Math.min(CUSTOMERS, shipments) };
  };
  const layers = spec.depth - 1;
  let width = Math.floor((spec.nodes - 1 - first) / layers);
  let t = tail(width);
  while (
    width > spec.fanIn &&
    1 + first + width * layers + t.pallets + t.shipments + t.customers > spec.nodes
  )
    t = tail(--width);
  const rest = spec.nodes - (1 + first + width * layers + t.pallets + t.shipments + t.customers);
  const lotsByDepth = [1, first, ...Array.from({ length: layers }, (_, i) => width + (i < rest ? 1 : 0))];
  if (lotsByDepth.some((w, i) => i > 1 && lotsByDepth[i - 1]! < spec.fanIn))
    throw new Error(`${spec.code}: a layer is narrower than fanIn`);
  // The last layer grew by `rest` only if depth-1 <= rest; recompute the tail from its real width.
  t = tail(lotsByDepth[lotsByDepth.length - 1]!);
  const lots = lotsByDepth.reduce((s, w) => s + w, 0);
  const last = lotsByDepth[lotsByDepth.length - 1]!;
  const made = lots - 1 - first;
  const edges = first + made * spec.fanIn + last + t.pallets + t.shipments;
  return {
    code: spec.code,
    lotsByDepth,
    ...t,
    nodes: lots + t.pallets + t.shipments + t.customers,
    edges,
  };
}

/** The scope as EPCIS documents (in order, `perDocument` events each) and its manifest. */
export function generateScope(
  spec: ScopeSpec,
  perDocument = 2_000,
): { documents: Json[]; manifest: ScopeManifest } {
  const plan = planScope(spec);
  const rng = new Rng(spec.seed);
  const events: Json[] = [];
  const code = (d: number, i: number) => scopeLotCode(spec.code, d, i);
  const root = lotId(code(0, 0));
  events.push({
    type: 'ObjectEvent',
    ...at(0),
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: [{ epcClass: root, quantity: 100_000, uom: 'KGM' }],
    sourceList: [{ type: 'owning_party', source: party(`${spec.code}-SUPPLIER`) }],
    ilmd: { 'lg:material': `urn:lotgraph:material:${spec.code}-FLOUR` },
  });
  for (let d = 1; d < plan.lotsByDepth.length; d++) {
    const prev = plan.lotsByDepth[d - 1]!;
    for (let i = 0; i < plan.lotsByDepth[d]!; i++) {
      // Distinct inputs from the layer before; the first layer takes the root only.
      const inputs = new Set<number>();
      const want = d === 1 ? 1 : spec.fanIn;
      while (inputs.size < want) inputs.add(d === 1 ? 0 : rng.int(0, prev - 1));
      events.push({
        type: 'TransformationEvent',
        ...at(d * 10 + (i % 600) / 100),
        transformationID: `urn:lotgraph:op:${code(d, i)}`,
        'lg:step': d === plan.lotsByDepth.length - 1 ? 'pack_out' : `mix_${d}`,
        inputQuantityList: [...inputs].map((j) => ({
          epcClass: lotId(code(d - 1, j)),
          quantity: 1,
          uom: 'KGM',
        })),
        outputQuantityList: [{ epcClass: lotId(code(d, i)), quantity: want, uom: 'KGM' }],
        ilmd: { 'lg:material': `urn:lotgraph:material:${spec.code}-L${d}` },
      });
    }
  }
  const lastDepth = plan.lotsByDepth.length - 1;
  const last = plan.lotsByDepth[lastDepth]!;
  const packT = lastDepth * 10 + 20;
  for (let p = 0; p < plan.pallets; p++) {
    const lots: Json[] = [];
    for (let i = p * LOTS_PER_PALLET; i < Math.min(last, (p + 1) * LOTS_PER_PALLET); i++)
      lots.push({ epcClass: lotId(code(lastDepth, i)), quantity: 1, uom: 'KGM' });
    events.push({
      type: 'AggregationEvent',
      ...at(packT + p / 1000),
      action: 'ADD',
      bizStep: 'packing',
      parentID: pallet(`${spec.code}-P${String(p).padStart(5, '0')}`),
      childQuantityList: lots,
    });
  }
  for (let s = 0; s < plan.shipments; s++) {
    const pallets: string[] = [];
    for (let p = s * PALLETS_PER_SHIPMENT; p < Math.min(plan.pallets, (s + 1) * PALLETS_PER_SHIPMENT); p++)
      pallets.push(pallet(`${spec.code}-P${String(p).padStart(5, '0')}`));
    events.push({
      type: 'ObjectEvent',
      ...at(packT + 10 + s / 1000),
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: pallets,
      bizTransactionList: [
        {
          type: 'desadv',
          bizTransaction: `urn:lotgraph:shipment:${spec.code}-S${String(s).padStart(5, '0')}`,
        },
      ],
      destinationList: [{ type: 'owning_party', destination: party(`${spec.code}-C${s % plan.customers}`) }],
    });
  }
  const documents: Json[] = [];
  for (let i = 0; i < events.length; i += perDocument)
    documents.push({
      '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { lg: 'urn:lotgraph:ext:' }],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-06-01T00:00:00Z',
      epcisBody: { eventList: events.slice(i, i + perDocument) },
    });
  return { documents, manifest: { ...plan, root } };
}
