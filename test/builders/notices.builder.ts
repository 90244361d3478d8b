// A small plant for quality-notice tests, stated as data so a test can work out on its own what
// each customer's notice must name. Capacitor lot CAP-N1 from supplier S-A goes (with resistor
// lot RES-N1 from S-B) into ECU units U1–U5 and alone into kit lot KIT-1. U1 and U2 travel in
// case K1 on pallet PAL-1 to customer C-1, which also gets 100 of KIT-1; C-2 gets U3 loose and 50
// of KIT-1; C-3 gets case K2 with U5 and X1 (a unit made from RES-N1 only) and lot RB-1 (made from
// RES-N1 only). U4 stays in stock; C-4 gets only RB-1 and is not affected.
import {
  EPC_CLASS,
  PARTY,
  container,
  doc,
  inspect,
  lot,
  material,
  pack,
  party,
  receive,
  ship,
  transform,
  unit,
} from './epcis.builder.ts';

type Qty = [id: string, qty: number, uom: string];

export const SUPPLIER_A = { id: party('S-A'), name: 'Supplier A' };
export const SUPPLIER_B = { id: party('S-B'), name: 'Supplier B' };
export const CUSTOMERS = [
  { id: party('C-1'), name: 'Customer One' },
  { id: party('C-2'), name: 'Customer Two' },
  { id: party('C-3'), name: 'Customer Three' },
  { id: party('C-4'), name: 'Customer Four' },
] as const;
const [C1, C2, C3, C4] = CUSTOMERS.map((c) => c.id) as [string, string, string, string];

export const MATERIALS = {
  cap: { id: material('CAP'), name: 'Capacitor 10 µF' },
  res: { id: material('RES'), name: 'Resistor 1 kΩ' },
  ecu: { id: material('ECU'), name: 'Engine control unit' },
  kit: { id: material('KIT'), name: 'Service kit' },
  ecuB: { id: material('ECU-B'), name: 'Engine control unit, resistor only' },
  rb: { id: material('RB'), name: 'Resistor board' },
};

export const CAP = lot('CAP-N1');
export const RES = lot('RES-N1');
export const KIT = lot('KIT-1');
export const RB = lot('RB-1');
export const [U1, U2, U3, U4, U5] = ['U1', 'U2', 'U3', 'U4', 'U5'].map(unit) as [
  string,
  string,
  string,
  string,
  string,
];
export const X1 = unit('X1');
export const K1 = container('K1');
export const K2 = container('K2');
export const PALLET = container('PAL-1');

/** The operations: what went in, what came out, of which material. */
export const OPERATIONS: {
  op: string;
  t: number;
  inLots: Qty[];
  outLots?: Qty[];
  outUnits?: string[];
  material: string;
}[] = [
  {
    op: 'OP-1',
    t: 2,
    inLots: [
      [CAP, 200, 'H87'],
      [RES, 200, 'H87'],
    ],
    outUnits: [U1, U2, U3, U4, U5],
    material: MATERIALS.ecu.id,
  },
  { op: 'OP-2', t: 3, inLots: [[CAP, 300, 'H87']], outLots: [[KIT, 300, 'H87']], material: MATERIALS.kit.id },
  { op: 'OP-3', t: 3, inLots: [[RES, 10, 'H87']], outUnits: [X1], material: MATERIALS.ecuB.id },
  { op: 'OP-4', t: 3, inLots: [[RES, 40, 'H87']], outLots: [[RB, 40, 'H87']], material: MATERIALS.rb.id },
];

/** What each container holds (units or containers), packed in this order. */
export const PACKING: { parent: string; t: number; children: string[] }[] = [
  { parent: K1, t: 4, children: [U1, U2] },
  { parent: PALLET, t: 5, children: [K1] },
  { parent: K2, t: 5, children: [U5, X1] },
];

export const SHIPMENTS: { id: string; customer: string; t: number; epcs?: string[]; lots?: Qty[] }[] = [
  { id: 'SH-1', customer: C1, t: 6, epcs: [PALLET] },
  { id: 'SH-2', customer: C2, t: 6, epcs: [U3] },
  { id: 'SH-3', customer: C1, t: 7, lots: [[KIT, 100, 'H87']] },
  { id: 'SH-4', customer: C2, t: 7, lots: [[KIT, 50, 'H87']] },
  { id: 'SH-5', customer: C3, t: 8, epcs: [K2] },
  { id: 'SH-6', customer: C3, t: 8, lots: [[RB, 20, 'H87']] },
  { id: 'SH-7', customer: C4, t: 9, lots: [[RB, 20, 'H87']] },
];
/** A shipment's id as the graph knows it (the desadv business transaction). */
export const shipmentId = (s: string) => `urn:lotgraph:shipment:${s}`;

export function noticesPlant() {
  return doc(
    [
      receive({ lot: CAP, qty: 1000, uom: 'H87', supplier: SUPPLIER_A.id, material: MATERIALS.cap.id, t: 0 }),
      receive({ lot: RES, qty: 500, uom: 'H87', supplier: SUPPLIER_B.id, material: MATERIALS.res.id, t: 0 }),
      inspect({
        target: CAP,
        t: 1,
        kind: 'incoming',
        result: 'fail',
        defects: [['CRACK', 3, 'major']],
        sample: 50,
      }),
      ...OPERATIONS.map((o) =>
        transform({
          op: o.op,
          t: o.t,
          step: 'assembly',
          inLots: o.inLots,
          ...(o.outLots ? { outLots: o.outLots } : {}),
          ...(o.outUnits ? { outUnits: o.outUnits } : {}),
          material: o.material,
        }),
      ),
      ...PACKING.map((p) => pack({ parent: p.parent, t: p.t, units: p.children })),
      ...SHIPMENTS.map((s) =>
        ship({
          shipment: s.id,
          customer: s.customer,
          t: s.t,
          ...(s.epcs ? { epcs: s.epcs } : {}),
          ...(s.lots ? { lots: s.lots } : {}),
        }),
      ),
    ],
    [
      ...[SUPPLIER_A, SUPPLIER_B].map((p) => ({
        type: PARTY,
        id: p.id,
        attrs: { 'lg:name': p.name, 'lg:role': 'supplier' },
      })),
      ...CUSTOMERS.map((p) => ({
        type: PARTY,
        id: p.id,
        attrs: { 'lg:name': p.name, 'lg:role': 'customer' },
      })),
      ...Object.values(MATERIALS).map((m) => ({ type: EPC_CLASS, id: m.id, attrs: { 'lg:name': m.name } })),
    ],
  );
}

// ---- what a notice must name, worked out from the declarations above -------------------------

const kindOf = (id: string) =>
  id.startsWith('urn:lotgraph:lot:') ? 'lot' : id.startsWith('urn:lotgraph:unit:') ? 'unit' : 'container';

/** Everything made from an object, however many operations down. */
export function madeFrom(root: string): Set<string> {
  const out = new Set<string>();
  let frontier = [root];
  while (frontier.length) {
    const next: string[] = [];
    for (const o of OPERATIONS)
      if (o.inLots.some(([id]) => frontier.includes(id)))
        for (const x of [...(o.outUnits ?? []), ...(o.outLots ?? []).map(([id]) => id)])
          if (!out.has(x)) {
            out.add(x);
            next.push(x);
          }
    frontier = next;
  }
  return out;
}

/** A container with everything in it, however nested; any other object alone. */
function withContents(id: string): string[] {
  const p = PACKING.find((x) => x.parent === id);
  return [id, ...(p ? p.children.flatMap(withContents) : [])];
}

const materialOf = (id: string) =>
  OPERATIONS.find((o) => o.outUnits?.includes(id) || o.outLots?.some(([x]) => x === id))!.material;

export interface ExpectedNotice {
  customer: string;
  shipments: string[];
  /** object id -> the customer's shipments that carried it */
  lots: Record<string, string[]>;
  units: Record<string, string[]>;
  containers: Record<string, string[]>;
  /** per shipment: material|uom -> quantity */
  quantities: Record<string, Record<string, number>>;
}

/** The notices a bad lot must raise: one per customer it reached, each with exactly its part. */
export function expectedNotices(root: string): ExpectedNotice[] {
  const affected = madeFrom(root);
  affected.add(root);
  const out = new Map<string, ExpectedNotice>();
  for (const s of SHIPMENTS) {
    const carried = [...(s.epcs ?? []).flatMap(withContents), ...(s.lots ?? []).map(([id]) => id)];
    const hit = carried.filter((x) => affected.has(x));
    if (hit.length === 0) continue;
    const id = shipmentId(s.id);
    const e = out.get(s.customer) ?? {
      customer: s.customer,
      shipments: [],
      lots: {},
      units: {},
      containers: {},
      quantities: {},
    };
    e.shipments.push(id);
    const add = (bucket: Record<string, string[]>, x: string) => (bucket[x] = [...(bucket[x] ?? []), id]);
    for (const x of hit) add(kindOf(x) === 'lot' ? e.lots : e.units, x);
    for (const c of carried.filter((x) => kindOf(x) === 'container'))
      if (withContents(c).some((x) => affected.has(x))) add(e.containers, c);
    const q: Record<string, number> = {};
    for (const x of hit.filter((y) => kindOf(y) === 'unit'))
      q[`${materialOf(x)}|units`] = (q[`${materialOf(x)}|units`] ?? 0) + 1;
    for (const [x, qty, uom] of s.lots ?? [])
      if (affected.has(x)) q[`${materialOf(x)}|${uom}`] = (q[`${materialOf(x)}|${uom}`] ?? 0) + qty;
    e.quantities[id] = q;
    out.set(s.customer, e);
  }
  return [...out.values()].sort((a, b) => a.customer.localeCompare(b.customer));
}
