// The standard form of each capture step: the fields its trace event is built from (the builders
// beside this file read them by name). An admin adds custom fields in the editor; the standard
// ones keep their name and type (domain/forms.ts checkDefinition). docs/forms.md lists them.
import type { CaptureStep, FieldDef, FormInput } from '../../domain/forms.ts';

const std = (f: Omit<FieldDef, 'standard'>): FieldDef => ({ ...f, standard: true });

/** UN/CEFACT unit codes (EPCIS quantities must use them) the forms offer. */
export const UOM_OPTIONS = [
  { value: 'KGM', label: 'kg' },
  { value: 'GRM', label: 'g' },
  { value: 'LTR', label: 'litre' },
  { value: 'MTR', label: 'metre' },
  { value: 'H87', label: 'piece' },
  { value: 'EA', label: 'each' },
];

const uom = (name = 'uom', label = 'Unit', required = true) =>
  std({ name, label, type: 'choice', required, options: UOM_OPTIONS });
const qty = (name: string, label: string, required = true) =>
  std({ name, label, type: 'number', required, min: 0 });
const code = (name: string, label: string, required: boolean, help?: string) =>
  std({ name, label, type: 'text', required, maxLength: 200, ...(help ? { help } : {}) });
const lotScan = (name: string, label: string, required = true) =>
  std({ name, label, type: 'scan', scanKind: 'lot', required, help: 'scan the label or type the lot code' });

export const STANDARD_FORMS: Record<CaptureStep, FormInput> = {
  receiving: {
    key: 'receiving',
    title: 'Receiving',
    description: 'A supplier lot arrives: what, how much, from whom. The lot starts in quarantine.',
    kind: 'capture',
    step: 'receiving',
    fields: [
      lotScan('lot', 'Lot'),
      code('material', 'Material', true, 'material code, e.g. FLOUR-T550'),
      qty('quantity', 'Quantity'),
      uom(),
      code('supplier', 'Supplier', true, 'supplier code, e.g. MILL-NORTH'),
      code('supplierLot', "Supplier's lot number", false),
      code('purchaseOrder', 'Purchase order', false),
      std({ name: 'expiry', label: 'Expiry date', type: 'date' }),
      std({ name: 'productionDate', label: 'Production date', type: 'date' }),
      code('location', 'Receiving location', false, 'location code, e.g. WH-IN'),
    ],
  },
  incoming_inspection: {
    key: 'incoming-inspection',
    title: 'Incoming inspection',
    description: 'The inspection result and the decision on a received lot.',
    kind: 'capture',
    step: 'incoming_inspection',
    fields: [
      lotScan('lot', 'Lot'),
      std({
        name: 'result',
        label: 'Result',
        type: 'choice',
        required: true,
        options: [
          { value: 'pass', label: 'Pass' },
          { value: 'fail', label: 'Fail' },
        ],
      }),
      std({ name: 'sampleSize', label: 'Sample size', type: 'number', integer: true, min: 0 }),
      std({ name: 'defectiveQuantity', label: 'Defective in sample', type: 'number', integer: true, min: 0 }),
      code('defectCode', 'Defect code', false),
      std({ name: 'defectQuantity', label: 'Defect quantity', type: 'number', integer: true, min: 0 }),
      std({
        name: 'severity',
        label: 'Severity',
        type: 'choice',
        options: [
          { value: 'minor', label: 'Minor' },
          { value: 'major', label: 'Major' },
          { value: 'critical', label: 'Critical' },
        ],
      }),
      std({
        name: 'decision',
        label: 'Decision',
        type: 'choice',
        required: true,
        options: [
          { value: 'release', label: 'Release' },
          { value: 'reject', label: 'Reject' },
          { value: 'conditional_release', label: 'Conditional release (deviation)' },
        ],
      }),
      std({
        name: 'deviationReason',
        label: 'Deviation reason',
        type: 'text',
        multiline: true,
        maxLength: 2000,
        help: 'required for a conditional release',
      }),
      std({
        name: 'deviationUntil',
        label: 'Deviation valid until',
        type: 'date',
        help: 'required for a conditional release; valid through that day (UTC)',
      }),
      std({ name: 'comment', label: 'Comment', type: 'text', multiline: true, maxLength: 2000 }),
    ],
  },
  material_issue: {
    key: 'material-issue',
    title: 'Material issue',
    description: 'A lot issued to a work order at the line. Interlocks check it first.',
    kind: 'capture',
    step: 'material_issue',
    fields: [
      lotScan('lot', 'Lot'),
      code('workOrder', 'Work order', true, 'e.g. WO-24-0012'),
      qty('quantity', 'Quantity'),
      uom(),
      code('line', 'Line', false, 'line or location code, e.g. LINE-BAKE-1'),
      code('operator', 'Operator', false),
    ],
  },
  process_record: {
    key: 'process-record',
    title: 'Process record',
    description: 'One executed process step: inputs, outputs, equipment, operator, parameters.',
    kind: 'capture',
    step: 'process_record',
    fields: [
      code('step', 'Process step', true, 'e.g. mixing, SMT, reflow'),
      code('workOrder', 'Work order', false),
      lotScan('inputLot', 'Input lot', false),
      qty('inputQuantity', 'Input quantity', false),
      uom('inputUom', 'Input unit', false),
      lotScan('outputLot', 'Output lot'),
      qty('outputQuantity', 'Output quantity'),
      uom('outputUom', 'Output unit'),
      code('material', 'Output material', false),
      code('equipment', 'Equipment', false),
      code('operator', 'Operator', false),
      code('line', 'Line', false),
      code('operation', 'Operation id', false, 'left empty, one is made up'),
    ],
  },
  finished_goods_receipt: {
    key: 'finished-goods-receipt',
    title: 'Finished-goods receipt',
    description: 'A finished lot put into stock.',
    kind: 'capture',
    step: 'finished_goods_receipt',
    fields: [
      lotScan('lot', 'Finished lot'),
      qty('quantity', 'Quantity', false),
      uom('uom', 'Unit', false),
      code('location', 'Stock location', true, 'e.g. WH-FG'),
      code('workOrder', 'Work order', false),
    ],
  },
  packing: {
    key: 'packing',
    title: 'Packing',
    description: 'A unit, lot or inner container packed into a case, tray or pallet.',
    kind: 'capture',
    step: 'packing',
    fields: [
      std({ name: 'container', label: 'Container', type: 'scan', scanKind: 'container', required: true }),
      std({ name: 'item', label: 'Packed item', type: 'scan', scanKind: 'object', required: true }),
      qty('quantity', 'Quantity (for a lot)', false),
      uom('uom', 'Unit', false),
      code('location', 'Location', false),
    ],
  },
  shipping: {
    key: 'shipping',
    title: 'Shipping',
    description: 'A container, unit or lot leaves on a shipment to a customer.',
    kind: 'capture',
    step: 'shipping',
    fields: [
      code('shipment', 'Shipment', true, 'e.g. SH-24-0101'),
      code('customer', 'Customer', true, 'customer code'),
      std({ name: 'item', label: 'Shipped item', type: 'scan', scanKind: 'object', required: true }),
      qty('quantity', 'Quantity (for a lot)', false),
      uom('uom', 'Unit', false),
      code('location', 'Shipping location', false),
    ],
  },
};

/** The standard fields of a capture step. */
export const standardFieldsOf = (step: CaptureStep): FieldDef[] => STANDARD_FORMS[step].fields;
