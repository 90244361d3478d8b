// A small plant for 8D tests, with names: capacitor lot CAP-1 (1,000 pieces) from supplier S-A
// "Alpha Capacitors", whose incoming inspection found 3 cracked in a sample of 50; 100 of it went
// into board lot BOARD-1 at reflow (peak 245 °C). S-B "Beta Resistors" supplies resistor lot
// RES-1: a supplier with lots of its own and no 8D case.
import { EPC_CLASS, PARTY, doc, inspect, lot, material, party, receive, transform } from './epcis.builder.ts';

export const SUPPLIER_A = { id: party('S-A'), name: 'Alpha Capacitors' };
export const SUPPLIER_B = { id: party('S-B'), name: 'Beta Resistors' };
export const CAP = {
  id: lot('CAP-1'),
  code: 'CAP-1',
  material: material('CAP'),
  materialName: 'Capacitor 10 µF',
};
export const BOARD = {
  id: lot('BOARD-1'),
  code: 'BOARD-1',
  material: material('BOARD'),
  materialName: 'ECU board',
};
export const RES = {
  id: lot('RES-1'),
  code: 'RES-1',
  material: material('RES'),
  materialName: 'Resistor 1 kΩ',
};
/** The incoming inspection of CAP-1. */
export const CAP_INSPECTION = {
  kind: 'incoming',
  result: 'fail',
  sample: 50,
  defect: 'CRACK',
  cracked: 3,
} as const;
/** The reflow that made BOARD-1 from CAP-1. */
export const REFLOW = {
  step: 'reflow',
  parameter: 'peak_temp',
  value: 245,
  uom: 'CEL',
  capacitors: 100,
} as const;

export function eightDPlant() {
  return doc(
    [
      receive({ lot: CAP.id, qty: 1000, uom: 'H87', supplier: SUPPLIER_A.id, material: CAP.material, t: 0 }),
      receive({ lot: RES.id, qty: 500, uom: 'H87', supplier: SUPPLIER_B.id, material: RES.material, t: 0 }),
      inspect({
        target: CAP.id,
        t: 1,
        kind: CAP_INSPECTION.kind,
        result: CAP_INSPECTION.result,
        defects: [[CAP_INSPECTION.defect, CAP_INSPECTION.cracked, 'major']],
        sample: CAP_INSPECTION.sample,
      }),
      transform({
        op: 'REFLOW-1',
        t: 2,
        step: REFLOW.step,
        inLots: [[CAP.id, REFLOW.capacitors, 'H87']],
        outLots: [[BOARD.id, REFLOW.capacitors, 'H87']],
        material: BOARD.material,
        params: [[REFLOW.parameter, REFLOW.value, REFLOW.uom]],
      }),
    ],
    [
      ...[SUPPLIER_A, SUPPLIER_B].map((s) => ({
        type: PARTY,
        id: s.id,
        attrs: { 'lg:name': s.name, 'lg:role': 'supplier' },
      })),
      ...[CAP, BOARD, RES].map((m) => ({
        type: EPC_CLASS,
        id: m.material,
        attrs: { 'lg:name': m.materialName },
      })),
    ],
  );
}
