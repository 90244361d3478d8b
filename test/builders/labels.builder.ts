// Builders for label tests: lots that carry an expiry date (ILMD), materials with a GTIN in
// their master data, and a small plant with every kind of label: an inbound lot named by its own
// GS1 id (lgtin) with an expiry and a supplier lot, a finished lot with an internal id whose
// material has a GTIN, a serialized unit (sgtin), a pallet with an SSCC, and an internal lot
// whose material has no GTIN.
import { EPC_CLASS, PARTY, at, doc, lot, material, pack, party } from './epcis.builder.ts';

type Json = Record<string, unknown>;

/** A material's master data, with a GTIN when given. */
export const materialData = (id: string, name: string, type: string, gtin?: string) => ({
  type: EPC_CLASS,
  id,
  attrs: { 'lg:name': name, 'lg:materialType': type, ...(gtin ? { 'lg:gtin': gtin } : {}) },
});

/** Receiving a supplier lot with ILMD: material, supplier lot and expiry (cbvmda:itemExpirationDate). */
export function receiveLot(o: {
  lot: string;
  qty: number;
  uom: string;
  supplier: string;
  material: string;
  t: number;
  supplierLot?: string;
  expiry?: string;
}): Json {
  return {
    type: 'ObjectEvent',
    eventTime: at(o.t),
    eventTimeZoneOffset: '+00:00',
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: [{ epcClass: o.lot, quantity: o.qty, uom: o.uom }],
    sourceList: [{ type: 'owning_party', source: o.supplier }],
    ilmd: {
      'lg:material': o.material,
      ...(o.supplierLot ? { 'lg:supplierLot': o.supplierLot } : {}),
      ...(o.expiry ? { 'cbvmda:itemExpirationDate': o.expiry } : {}),
    },
  };
}

/** A process step making one lot and/or units of a material, with an expiry date for what it makes. */
export function produce(o: {
  op: string;
  t: number;
  material: string;
  inLots: [string, number, string][];
  outLot?: [string, number, string];
  outUnits?: string[];
  expiry?: string;
}): Json {
  return {
    type: 'TransformationEvent',
    eventTime: at(o.t),
    eventTimeZoneOffset: '+00:00',
    transformationID: `urn:lotgraph:op:${o.op}`,
    'lg:step': 'packing-line',
    inputQuantityList: o.inLots.map(([epcClass, quantity, uom]) => ({ epcClass, quantity, uom })),
    ...(o.outLot
      ? { outputQuantityList: [{ epcClass: o.outLot[0], quantity: o.outLot[1], uom: o.outLot[2] }] }
      : {}),
    ...(o.outUnits ? { outputEPCList: o.outUnits } : {}),
    ilmd: { 'lg:material': o.material, ...(o.expiry ? { 'cbvmda:itemExpirationDate': o.expiry } : {}) },
  };
}

export const OATS = material('OATS');
export const MUESLI = material('MUESLI');
export const COCOA = material('COCOA');
export const SCALE = material('SCALE');
export const MILL = party('OAT-MILL');

/** Rolled oats, received under its own GS1 id: GTIN 04012345123456 (4012345 + 12345, check digit 6). */
export const OATS_LOT = 'urn:epc:class:lgtin:4012345.012345.OATS-77';
/** Muesli, made in the plant under an internal id; the material's GTIN-13 is 4006381333931. */
export const MUESLI_LOT = lot('MU-2511-001');
/** A kitchen scale with a serial: GTIN 14012345123453 (indicator 1, check digit 3). */
export const SCALE_UNIT = 'urn:epc:id:sgtin:4012345.112345.SN-0042';
/** A pallet: SSCC 0 4012345 000000042 with check digit 9. */
export const PALLET = 'urn:epc:id:sscc:4012345.0000000042';
/** Cocoa, received under an internal id; its material has no GTIN. */
export const COCOA_LOT = lot('COCOA-9');

export const labelMasterData = [
  { type: PARTY, id: MILL, attrs: { 'lg:name': 'Oat Mill North', 'lg:role': 'supplier' } },
  materialData(OATS, 'Rolled oats', 'raw'),
  materialData(MUESLI, 'Muesli 500 g', 'finished', '4006381333931'),
  materialData(COCOA, 'Cocoa powder', 'raw'),
  materialData(SCALE, 'Kitchen scale', 'finished'),
];

export const labelEvents = [
  receiveLot({
    lot: OATS_LOT,
    qty: 250,
    uom: 'KGM',
    supplier: MILL,
    material: OATS,
    t: 0,
    supplierLot: 'NM-4711',
    expiry: '2026-03-31',
  }),
  receiveLot({ lot: COCOA_LOT, qty: 40, uom: 'KGM', supplier: MILL, material: COCOA, t: 0 }),
  produce({
    op: 'MU-1',
    t: 2,
    material: MUESLI,
    inLots: [
      [OATS_LOT, 100, 'KGM'],
      [COCOA_LOT, 5, 'KGM'],
    ],
    outLot: [MUESLI_LOT, 200, 'H87'],
    expiry: '2026-05-31',
  }),
  produce({ op: 'SC-1', t: 2, material: SCALE, inLots: [[COCOA_LOT, 1, 'KGM']], outUnits: [SCALE_UNIT] }),
  pack({ parent: PALLET, t: 3, lots: [[MUESLI_LOT, 120, 'H87']], units: [SCALE_UNIT] }),
];

export const labelsDocument = () => doc(labelEvents, labelMasterData);
