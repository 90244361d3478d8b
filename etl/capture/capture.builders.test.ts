import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../domain/epcis.ts';
import type { CaptureStep, FieldDef } from '../../domain/forms.ts';
import {
  buildCaptureEvent,
  stepProblems,
  type CaptureInput,
  type ScannedObject,
} from './capture.builders.ts';
import { STANDARD_FORMS } from './standard-forms.ts';

const T = '2026-03-02T08:15:00.000Z';
const lot = (code: string): ScannedObject => ({ id: `urn:lotgraph:lot:${code}`, kind: 'lot' });
const form = (step: CaptureStep, extra: FieldDef[] = []) => ({
  key: STANDARD_FORMS[step].key,
  version: 2,
  fields: [...STANDARD_FORMS[step].fields, ...extra],
});
function build(
  step: CaptureStep,
  data: Record<string, unknown>,
  objects: Record<string, ScannedObject>,
  more: Partial<CaptureInput> = {},
) {
  const built = buildCaptureEvent({
    step,
    form: form(step, more.form?.fields ?? []),
    submissionId: 'FS-2026-000007',
    data,
    objects,
    actor: 'user:anna',
    eventId: 'urn:uuid:00000000-0000-4000-8000-000000000001',
    time: T,
    ...(more.override ? { override: more.override } : {}),
  });
  // Every built event passes the same EPCIS check as any captured document.
  expect(validateEvent(built.event, '').problems).toEqual([]);
  return built;
}
const head = {
  eventID: 'urn:uuid:00000000-0000-4000-8000-000000000001',
  eventTime: T,
  eventTimeZoneOffset: '+00:00',
};
const formRef = (key: string) => ({ 'lg:key': key, 'lg:version': 2, 'lg:submission': 'FS-2026-000007' });

describe('capture event builders', () => {
  it('receiving: ObjectEvent ADD with the lot, supplier, PO, location and ILMD; custom fields in lg:fields', () => {
    const allergen: FieldDef = {
      name: 'allergens',
      label: 'Allergens',
      type: 'choice',
      multiple: true,
      options: [{ value: 'gluten', label: 'Gluten' }],
    };
    const b = build(
      'receiving',
      {
        lot: 'FL-1',
        material: 'FLOUR-T550',
        quantity: 1000,
        uom: 'KGM',
        supplier: 'MILL-NORTH',
        supplierLot: 'M-77',
        purchaseOrder: 'PO-1',
        expiry: '2026-09-30',
        location: 'WH-IN',
        allergens: ['gluten'],
      },
      { lot: lot('FL-1') },
      { form: { fields: [allergen] } as CaptureInput['form'] },
    );
    expect(b.event).toEqual({
      type: 'ObjectEvent',
      ...head,
      action: 'ADD',
      bizStep: 'receiving',
      disposition: 'active',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:FL-1', quantity: 1000, uom: 'KGM' }],
      readPoint: { id: 'urn:lotgraph:location:WH-IN' },
      bizLocation: { id: 'urn:lotgraph:location:WH-IN' },
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:lotgraph:po:PO-1' }],
      sourceList: [{ type: 'owning_party', source: 'urn:lotgraph:party:MILL-NORTH' }],
      ilmd: {
        'lg:material': 'urn:lotgraph:material:FLOUR-T550',
        'lg:supplierLot': 'M-77',
        'cbvmda:itemExpirationDate': '2026-09-30',
      },
      'lg:form': formRef('receiving'),
      'lg:fields': { allergens: ['gluten'] },
    });
    expect(b.subject).toBe('urn:lotgraph:lot:FL-1');
  });

  it('incoming inspection: OBSERVE inspecting with lg:inspection and a conditional-release decision', () => {
    const b = build(
      'incoming_inspection',
      {
        lot: 'FL-1',
        result: 'fail',
        sampleSize: 50,
        defectiveQuantity: 2,
        defectCode: 'MOIST',
        severity: 'minor',
        decision: 'conditional_release',
        deviationReason: 'use for rye only',
        deviationUntil: '2026-03-31',
      },
      { lot: lot('FL-1') },
    );
    expect(b.event).toEqual({
      type: 'ObjectEvent',
      ...head,
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'conformant',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:FL-1' }],
      'lg:inspection': {
        'lg:kind': 'incoming',
        'lg:result': 'fail',
        'lg:sampleSize': 50,
        'lg:defectiveQuantity': 2,
        'lg:defects': [{ 'lg:code': 'MOIST', 'lg:quantity': 2, 'lg:severity': 'minor' }],
      },
      'lg:decision': {
        'lg:action': 'conditional_release',
        'lg:reason': 'use for rye only',
        'lg:until': '2026-03-31',
        'lg:by': 'user:anna',
      },
      'lg:form': formRef('incoming-inspection'),
      'lg:fields': {},
    });
    const rejected = build(
      'incoming_inspection',
      { lot: 'FL-1', result: 'fail', decision: 'reject', comment: 'wet' },
      { lot: lot('FL-1') },
    );
    expect(rejected.event['disposition']).toBe('non_conformant');
    expect(rejected.event['lg:decision']).toEqual({
      'lg:action': 'reject',
      'lg:reason': 'wet',
      'lg:by': 'user:anna',
    });
    expect(rejected.event['lg:inspection']).toEqual({
      'lg:kind': 'incoming',
      'lg:result': 'fail',
      'lg:defects': [],
    });
  });

  it('material issue: OBSERVE issuing to the work order at the line, with the operator and an override', () => {
    const b = build(
      'material_issue',
      { lot: 'FL-1', workOrder: 'WO-24-0012', quantity: 25, uom: 'KGM', line: 'LINE-BAKE-1' },
      { lot: lot('FL-1') },
      { override: { reason: 'older lot is blocked by the forklift', warnings: ['FIFO'] } },
    );
    expect(b.event).toEqual({
      type: 'ObjectEvent',
      ...head,
      action: 'OBSERVE',
      bizStep: 'urn:lotgraph:bizstep:issuing',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:FL-1', quantity: 25, uom: 'KGM' }],
      readPoint: { id: 'urn:lotgraph:location:LINE-BAKE-1' },
      bizLocation: { id: 'urn:lotgraph:location:LINE-BAKE-1' },
      bizTransactionList: [{ type: 'prodorder', bizTransaction: 'urn:lotgraph:wo:WO-24-0012' }],
      'lg:operator': 'urn:lotgraph:operator:anna',
      'lg:override': { 'lg:reason': 'older lot is blocked by the forklift', 'lg:warnings': ['FIFO'] },
      'lg:form': formRef('material-issue'),
      'lg:fields': {},
    });
  });

  it('process record: TransformationEvent with inputs, outputs, step, equipment; custom numbers also as parameters', () => {
    const esd: FieldDef = {
      name: 'esdStrap',
      label: 'ESD strap',
      type: 'number',
      unit: 'MΩ',
      min: 0.75,
      max: 35,
    };
    const b = build(
      'process_record',
      {
        step: 'SMT',
        workOrder: 'WO-1',
        inputLot: 'REEL-1',
        inputQuantity: 120,
        outputLot: 'PCB-1',
        outputQuantity: 60,
        outputUom: 'H87',
        equipment: 'SMT-1',
        operator: 'OP-017',
        line: 'LINE-SMT',
        esdStrap: 12.5,
      },
      { inputLot: lot('REEL-1'), outputLot: lot('PCB-1') },
      { form: { fields: [esd] } as CaptureInput['form'] },
    );
    expect(b.event).toEqual({
      type: 'TransformationEvent',
      ...head,
      transformationID: 'urn:lotgraph:op:FS-2026-000007',
      bizStep: 'commissioning',
      inputQuantityList: [{ epcClass: 'urn:lotgraph:lot:REEL-1', quantity: 120, uom: 'H87' }],
      outputQuantityList: [{ epcClass: 'urn:lotgraph:lot:PCB-1', quantity: 60, uom: 'H87' }],
      readPoint: { id: 'urn:lotgraph:location:LINE-SMT' },
      bizLocation: { id: 'urn:lotgraph:location:LINE-SMT' },
      bizTransactionList: [{ type: 'prodorder', bizTransaction: 'urn:lotgraph:wo:WO-1' }],
      sensorElementList: [{ sensorReport: [{ value: 12.5, uom: 'MΩ', 'lg:parameter': 'esdStrap' }] }],
      'lg:step': 'SMT',
      'lg:equipment': 'urn:lotgraph:equipment:SMT-1',
      'lg:operator': 'urn:lotgraph:operator:OP-017',
      'lg:form': formRef('process-record'),
      'lg:fields': { esdStrap: 12.5 },
    });
    expect(b.subject).toBe('urn:lotgraph:lot:PCB-1');
    expect(b.objects).toEqual(['urn:lotgraph:lot:PCB-1', 'urn:lotgraph:lot:REEL-1']);
  });

  it('finished-goods receipt: OBSERVE storing at the stock location', () => {
    const b = build(
      'finished_goods_receipt',
      { lot: 'BREAD-1', quantity: 400, uom: 'H87', location: 'WH-FG' },
      { lot: lot('BREAD-1') },
    );
    expect(b.event).toEqual({
      type: 'ObjectEvent',
      ...head,
      action: 'OBSERVE',
      bizStep: 'storing',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:BREAD-1', quantity: 400, uom: 'H87' }],
      readPoint: { id: 'urn:lotgraph:location:WH-FG' },
      bizLocation: { id: 'urn:lotgraph:location:WH-FG' },
      'lg:form': formRef('finished-goods-receipt'),
      'lg:fields': {},
    });
  });

  it('packing: AggregationEvent ADD, a unit as child EPC or a lot with its quantity', () => {
    const pal: ScannedObject = { id: 'https://id.gs1.org/00/106141411234567897', kind: 'container' };
    const unit = build(
      'packing',
      { container: 'x', item: 'y' },
      { container: pal, item: { id: 'urn:lotgraph:unit:ECU-1', kind: 'unit' } },
    );
    expect(unit.event).toEqual({
      type: 'AggregationEvent',
      ...head,
      action: 'ADD',
      bizStep: 'packing',
      parentID: pal.id,
      childEPCs: ['urn:lotgraph:unit:ECU-1'],
      'lg:form': formRef('packing'),
      'lg:fields': {},
    });
    const lots = build(
      'packing',
      { container: 'x', item: 'y', quantity: 40, uom: 'H87' },
      { container: pal, item: lot('BREAD-1') },
    );
    expect(lots.event['childQuantityList']).toEqual([
      { epcClass: 'urn:lotgraph:lot:BREAD-1', quantity: 40, uom: 'H87' },
    ]);
    expect(lots.subject).toBe(pal.id);
  });

  it('shipping: OBSERVE shipping in transit to the customer on the shipment', () => {
    const b = build(
      'shipping',
      { shipment: 'SH-1', customer: 'SHOP-1', item: 'x' },
      { item: { id: 'urn:lotgraph:container:PAL-1', kind: 'container' } },
    );
    expect(b.event).toEqual({
      type: 'ObjectEvent',
      ...head,
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: ['urn:lotgraph:container:PAL-1'],
      bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:lotgraph:shipment:SH-1' }],
      destinationList: [{ type: 'owning_party', destination: 'urn:lotgraph:party:SHOP-1' }],
      'lg:form': formRef('shipping'),
      'lg:fields': {},
    });
  });
});

describe('stepProblems', () => {
  it('a conditional release needs a reason and a date not in the past; a failed inspection is not simply released', () => {
    expect(
      stepProblems(
        'incoming_inspection',
        { result: 'pass', decision: 'conditional_release' },
        {},
        '2026-03-02',
      ),
    ).toEqual([
      {
        field: 'deviationReason',
        pointer: '/data/deviationReason',
        reason: 'is required for a conditional release',
      },
      {
        field: 'deviationUntil',
        pointer: '/data/deviationUntil',
        reason: 'is required for a conditional release',
      },
    ]);
    expect(
      stepProblems(
        'incoming_inspection',
        {
          result: 'pass',
          decision: 'conditional_release',
          deviationReason: 'r',
          deviationUntil: '2026-03-01',
        },
        {},
        '2026-03-02',
      ),
    ).toEqual([
      {
        field: 'deviationUntil',
        pointer: '/data/deviationUntil',
        reason: 'must not be in the past (today is 2026-03-02)',
      },
    ]);
    expect(
      stepProblems('incoming_inspection', { result: 'fail', decision: 'release' }, {}, '2026-03-02').map(
        (p) => p.field,
      ),
    ).toEqual(['decision']);
  });

  it('codes that become identifiers hold no spaces; a shipped lot needs its quantity', () => {
    expect(
      stepProblems('material_issue', { workOrder: 'WO 1', quantity: 0 }, {}, '2026-03-02').map(
        (p) => p.field,
      ),
    ).toEqual(['workOrder', 'quantity']);
    expect(
      stepProblems('shipping', { shipment: 'S', customer: 'C' }, { item: lot('A') }, '2026-03-02').map(
        (p) => p.field,
      ),
    ).toEqual(['quantity']);
  });
});
