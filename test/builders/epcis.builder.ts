// Small builders so a test states only what it cares about. Events get no eventID, so the
// standard event hash identifies them (and re-sending the same event is a duplicate).
export const lot = (code: string) => `urn:lotgraph:lot:${code}`;
export const unit = (code: string) => `urn:lotgraph:unit:${code}`;
export const container = (code: string) => `urn:lotgraph:container:${code}`;
export const party = (code: string) => `urn:lotgraph:party:${code}`;
export const material = (code: string) => `urn:lotgraph:material:${code}`;

const BASE = Date.parse('2025-03-01T06:00:00Z');
/** A time `h` hours after the fixtures' base time, as EPCIS wants it. */
export const at = (h: number) => new Date(BASE + h * 3_600_000).toISOString();

type Json = Record<string, unknown>;
type Qty = [id: string, qty: number, uom: string];

const common = (t: number) => ({ eventTime: at(t), eventTimeZoneOffset: '+00:00' });
const qtyList = (q: Qty[]) => q.map(([epcClass, quantity, uom]) => ({ epcClass, quantity, uom }));

export function doc(
  events: Json[],
  masterData: { type: string; id: string; attrs: Record<string, string> }[] = [],
): Json {
  const d: Json = {
    '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { lg: 'urn:lotgraph:ext:' }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2025-03-01T00:00:00Z',
    epcisBody: { eventList: events },
  };
  if (masterData.length)
    d['epcisHeader'] = {
      epcisMasterData: {
        vocabularyList: [...new Set(masterData.map((m) => m.type))].map((type) => ({
          type,
          vocabularyElementList: masterData
            .filter((m) => m.type === type)
            .map((m) => ({
              id: m.id,
              attributes: Object.entries(m.attrs).map(([id, attribute]) => ({ id, attribute })),
            })),
        })),
      },
    };
  return d;
}

export const PARTY = 'urn:epcglobal:epcis:vtype:Party';
export const EPC_CLASS = 'urn:epcglobal:epcis:vtype:EPCClass';

export function receive(o: {
  lot: string;
  qty: number;
  uom: string;
  supplier: string;
  material?: string;
  t: number;
  supplierLot?: string;
  /** FSMA 204: where the supplier assigned the traceability lot code (a location id), or a URI that says */
  tlcSource?: string;
  tlcSourceReference?: string;
}): Json {
  const ilmd: Json = {};
  if (o.material) ilmd['lg:material'] = o.material;
  if (o.supplierLot) ilmd['lg:supplierLot'] = o.supplierLot;
  if (o.tlcSource) ilmd['lg:tlcSource'] = o.tlcSource;
  if (o.tlcSourceReference) ilmd['lg:tlcSourceReference'] = o.tlcSourceReference;
  return {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: qtyList([[o.lot, o.qty, o.uom]]),
    sourceList: [{ type: 'owning_party', source: o.supplier }],
    ...(Object.keys(ilmd).length ? { ilmd } : {}),
  };
}

export function transform(o: {
  op: string;
  t: number;
  step: string;
  inLots?: Qty[];
  inUnits?: string[];
  outLots?: Qty[];
  outUnits?: string[];
  material?: string;
  params?: [string, number, string][];
}): Json {
  const e: Json = {
    type: 'TransformationEvent',
    ...common(o.t),
    transformationID: `urn:lotgraph:op:${o.op}`,
    'lg:step': o.step,
  };
  if (o.inUnits?.length) e['inputEPCList'] = o.inUnits;
  if (o.inLots?.length) e['inputQuantityList'] = qtyList(o.inLots);
  if (o.outUnits?.length) e['outputEPCList'] = o.outUnits;
  if (o.outLots?.length) e['outputQuantityList'] = qtyList(o.outLots);
  if (o.material) e['ilmd'] = { 'lg:material': o.material };
  if (o.params?.length)
    e['sensorElementList'] = [
      {
        sensorReport: o.params.map(([name, value, uom]) => ({
          type: 'gs1:Temperature',
          value,
          uom,
          'lg:parameter': name,
        })),
      },
    ];
  return e;
}

export function pack(o: {
  parent: string;
  t: number;
  units?: string[];
  lots?: Qty[];
  action?: 'ADD' | 'DELETE';
}): Json {
  const e: Json = {
    type: 'AggregationEvent',
    ...common(o.t),
    action: o.action ?? 'ADD',
    bizStep: o.action === 'DELETE' ? 'unpacking' : 'packing',
    parentID: o.parent,
  };
  if (o.units) e['childEPCs'] = o.units;
  if (o.lots?.length) e['childQuantityList'] = qtyList(o.lots);
  return e;
}

export function ship(o: {
  shipment: string;
  customer: string;
  t: number;
  epcs?: string[];
  lots?: Qty[];
}): Json {
  const e: Json = {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:lotgraph:shipment:${o.shipment}` }],
    destinationList: [{ type: 'owning_party', destination: o.customer }],
  };
  if (o.epcs?.length) e['epcList'] = o.epcs;
  if (o.lots?.length) e['quantityList'] = qtyList(o.lots);
  return e;
}

export type Severity = 'minor' | 'major' | 'critical';

/** An inspection; with `sample`, also the sample size and the defective quantity (sum of defects). */
export function inspect(o: {
  target: string;
  t: number;
  kind: string;
  result: 'pass' | 'fail';
  defects?: [code: string, qty: number, severity?: Severity][];
  sample?: number;
  step?: string;
  equipment?: string;
}): Json {
  const isUnit = o.target.startsWith('urn:lotgraph:unit:');
  const defects = o.defects ?? [];
  const e: Json = {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: o.result === 'pass' ? 'conformant' : 'non_conformant',
    ...(isUnit ? { epcList: [o.target] } : { quantityList: [{ epcClass: o.target }] }),
    'lg:inspection': {
      'lg:kind': o.kind,
      'lg:result': o.result,
      ...(o.sample === undefined
        ? {}
        : { 'lg:sampleSize': o.sample, 'lg:defectiveQuantity': defects.reduce((s, d) => s + d[1], 0) }),
      'lg:defects': defects.map(([code, quantity, severity]) => ({
        'lg:code': code,
        'lg:quantity': quantity,
        'lg:severity': severity ?? 'major',
      })),
    },
  };
  if (o.step) e['lg:step'] = o.step;
  if (o.equipment) e['lg:equipment'] = o.equipment;
  return e;
}
