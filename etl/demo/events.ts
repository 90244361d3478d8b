// Builders for the EPCIS event shapes of docs/event-model.md ("Events by business step").
// Each builder takes plain facts and emits one event through the simulation.
import type { Sim } from './sim.ts';

export type Uom = 'KGM' | 'H87';

/** A lot with a quantity in its natural unit (kg or pieces). */
export interface LotQty {
  lot: string;
  quantity: number;
  uom: Uom;
}

export interface Where {
  readPoint: string;
  bizLocation: string;
}

export interface Defect {
  code: string;
  quantity: number;
  severity: 'minor' | 'major' | 'critical';
}

/** A recorded process parameter (one sensorReport). */
export interface Param {
  name: string;
  type: string;
  value: number;
  uom: string;
}

const qty = (q: LotQty) => ({ epcClass: q.lot, quantity: q.quantity, uom: q.uom });
const place = (w: Where) => ({ readPoint: { id: w.readPoint }, bizLocation: { id: w.bizLocation } });
const bizTx = (type: string, id: string) => [{ type, bizTransaction: id }];

export function receivingEvent(
  sim: Sim,
  time: number,
  r: {
    lot: LotQty;
    supplier: string;
    po: string;
    material: string;
    supplierLot: string;
    expiryDate: string;
    productionDate: string;
    where: Where;
  },
): void {
  sim.emit('ObjectEvent', time, {
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: [qty(r.lot)],
    ...place(r.where),
    bizTransactionList: bizTx('po', r.po),
    sourceList: [{ type: 'owning_party', source: r.supplier }],
    ilmd: {
      'lg:material': r.material,
      'lg:supplierLot': r.supplierLot,
      'cbvmda:itemExpirationDate': r.expiryDate,
      'cbvmda:productionDate': r.productionDate,
    },
  });
}

export interface Inspection {
  kind: 'incoming' | 'aoi' | 'fct' | 'final';
  /** inspected lots (listed without a quantity: the inspection observes, it does not move stock) */
  lots?: string[];
  units?: string[];
  sampleSize: number;
  defects: Defect[];
  /** fail when any defect is major or critical unless said otherwise */
  result?: 'pass' | 'fail';
  step: string;
  equipment?: string;
  operator?: string;
  where: Where;
}

export function inspectionResult(defects: readonly Defect[]): 'pass' | 'fail' {
  return defects.some((d) => d.severity !== 'minor') ? 'fail' : 'pass';
}

export function inspectionEvent(sim: Sim, time: number, i: Inspection): 'pass' | 'fail' {
  const result = i.result ?? inspectionResult(i.defects);
  const inspection: Record<string, unknown> = {
    'lg:kind': i.kind,
    'lg:result': result,
    'lg:sampleSize': i.sampleSize,
    'lg:defectiveQuantity': i.defects.reduce((s, d) => s + d.quantity, 0),
  };
  if (i.defects.length)
    inspection['lg:defects'] = i.defects.map((d) => ({
      'lg:code': d.code,
      'lg:quantity': d.quantity,
      'lg:severity': d.severity,
    }));
  sim.emit('ObjectEvent', time, {
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: result === 'pass' ? 'conformant' : 'non_conformant',
    ...(i.units?.length ? { epcList: i.units } : {}),
    ...(i.lots?.length ? { quantityList: i.lots.map((lot) => ({ epcClass: lot })) } : {}),
    ...place(i.where),
    'lg:inspection': inspection,
    'lg:step': i.step,
    ...(i.equipment ? { 'lg:equipment': i.equipment } : {}),
    ...(i.operator ? { 'lg:operator': i.operator } : {}),
  });
  return result;
}

export interface Transformation {
  op: string;
  step: string;
  bizStep: string;
  inputLots?: LotQty[];
  inputUnits?: string[];
  outputLots?: LotQty[];
  outputUnits?: string[];
  workOrder: string;
  equipment: string;
  operator: string;
  where: Where;
  params?: Param[];
  ilmd: Record<string, unknown>;
}

export function transformationEvent(sim: Sim, time: number, x: Transformation): void {
  sim.emit('TransformationEvent', time, {
    transformationID: x.op,
    bizStep: x.bizStep,
    ...(x.inputUnits?.length ? { inputEPCList: x.inputUnits } : {}),
    ...(x.inputLots?.length ? { inputQuantityList: x.inputLots.map(qty) } : {}),
    ...(x.outputUnits?.length ? { outputEPCList: x.outputUnits } : {}),
    ...(x.outputLots?.length ? { outputQuantityList: x.outputLots.map(qty) } : {}),
    ...place(x.where),
    bizTransactionList: bizTx('prodorder', x.workOrder),
    ...(x.params?.length
      ? {
          sensorElementList: [
            {
              sensorReport: x.params.map((p) => ({
                type: p.type,
                value: p.value,
                uom: p.uom,
                'lg:parameter': p.name,
              })),
            },
          ],
        }
      : {}),
    ilmd: x.ilmd,
    'lg:step': x.step,
    'lg:equipment': x.equipment,
    'lg:operator': x.operator,
  });
}

export function packEvent(
  sim: Sim,
  time: number,
  p: { parent: string; childEPCs?: string[]; childLots?: LotQty[]; where: Where },
): void {
  sim.emit('AggregationEvent', time, {
    action: 'ADD',
    bizStep: 'packing',
    parentID: p.parent,
    ...(p.childEPCs?.length ? { childEPCs: p.childEPCs } : {}),
    ...(p.childLots?.length ? { childQuantityList: p.childLots.map(qty) } : {}),
    ...place(p.where),
  });
}

export function unpackEvent(
  sim: Sim,
  time: number,
  u: { parent: string; childEPCs: string[]; where: Where },
): void {
  sim.emit('AggregationEvent', time, {
    action: 'DELETE',
    bizStep: 'unpacking',
    parentID: u.parent,
    childEPCs: u.childEPCs,
    ...place(u.where),
  });
}

export function shipEvent(
  sim: Sim,
  time: number,
  s: { epcs: string[]; customer: string; shipment: string; where: Where },
): void {
  sim.emit('ObjectEvent', time, {
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: s.epcs,
    ...place(s.where),
    bizTransactionList: bizTx('desadv', s.shipment),
    destinationList: [{ type: 'owning_party', destination: s.customer }],
  });
}

export function destroyEvent(
  sim: Sim,
  time: number,
  d: { units?: string[]; lots?: LotQty[]; where: Where },
): void {
  sim.emit('ObjectEvent', time, {
    action: 'DELETE',
    bizStep: 'destroying',
    disposition: 'destroyed',
    ...(d.units?.length ? { epcList: d.units } : {}),
    ...(d.lots?.length ? { quantityList: d.lots.map(qty) } : {}),
    ...place(d.where),
  });
}
