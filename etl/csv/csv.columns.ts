// The files of a CSV bundle and their columns (documented in docs/csv-format.md).
import {
  country,
  curie,
  date,
  decimal,
  gtin,
  ident,
  oneOf,
  opt,
  req,
  text,
  time,
  uom,
  uri,
  type Column,
} from './csv.cells.ts';

export const SUPPLIERS = {
  supplier: req(ident('party')),
  name: req(text),
  country: opt(country),
};

export const CUSTOMERS = {
  customer: req(ident('party')),
  name: req(text),
  country: opt(country),
};

export const MATERIAL_TYPES = ['raw', 'intermediate', 'finished'] as const;
export const MATERIALS = {
  material: req(ident('material')),
  name: req(text),
  type: req(oneOf(MATERIAL_TYPES)),
  uom: req(uom),
  gtin: opt(gtin),
  ftl: opt(oneOf(['yes', 'no'] as const)),
};

export const RECEIPTS = {
  lot: req(ident('lot')),
  material: req(ident('material')),
  supplier: req(ident('party')),
  supplier_lot: opt(text),
  quantity: req(decimal('positive')),
  uom: opt(uom),
  received_at: req(time),
  po: opt(ident('po')),
  location: opt(ident('location')),
  production_date: opt(date),
  expiry_date: opt(date),
  status: opt(oneOf(['accepted', 'rejected'] as const)),
  tlc_source: opt(ident('location')),
  tlc_source_reference: opt(uri),
};

export const WORK_ORDERS = {
  work_order: req(ident('wo')),
  material: req(ident('material')),
};

export const PROCESS_RECORDS = {
  operation: req(ident('op')),
  work_order: req(ident('wo')),
  step: req(text),
  line: opt(ident('location')),
  equipment: opt(ident('equipment')),
  operator: opt(ident('operator')),
  start: opt(time),
  end: req(time),
  material: opt(ident('material')),
  lot: opt(ident('lot')),
  serial: opt(ident('unit')),
  quantity: opt(decimal('positive')),
  uom: opt(uom),
  best_before: opt(date),
  expiry_date: opt(date),
};
/** Columns that describe the operation, not one output: equal on every row of an operation. */
export const OPERATION_COLUMNS = [
  'work_order',
  'step',
  'line',
  'equipment',
  'operator',
  'start',
  'end',
  'material',
  'best_before',
  'expiry_date',
] as const;

export const MATERIAL_ISSUES = {
  operation: req(ident('op')),
  lot: opt(ident('lot')),
  serial: opt(ident('unit')),
  quantity: opt(decimal('positive')),
  uom: opt(uom),
};

export const PROCESS_PARAMETERS = {
  operation: req(ident('op')),
  parameter: req(text),
  value: req(decimal('any')),
  uom: opt(uom),
  type: opt(curie),
};

export const INSPECTION_KINDS = ['incoming', 'aoi', 'fct', 'final'] as const;
export const INSPECTIONS = {
  inspection: req(ident('inspection')),
  lot: opt(ident('lot')),
  serial: opt(ident('unit')),
  kind: req(oneOf(INSPECTION_KINDS)),
  result: req(oneOf(['pass', 'fail'] as const)),
  sample_size: opt(decimal('positive', true)),
  defective_quantity: opt(decimal('nonnegative', true)),
  inspected_at: req(time),
  step: opt(text),
  equipment: opt(ident('equipment')),
  location: opt(ident('location')),
};

export const DEFECTS = {
  inspection: req(ident('inspection')),
  code: req(text),
  quantity: req(decimal('positive', true)),
  severity: req(oneOf(['minor', 'major', 'critical'] as const)),
};

export const PACKING = {
  container: req(ident('container')),
  action: req(oneOf(['packed', 'unpacked'] as const)),
  child_container: opt(ident('container')),
  lot: opt(ident('lot')),
  serial: opt(ident('unit')),
  quantity: opt(decimal('positive')),
  uom: opt(uom),
  time: req(time),
  location: opt(ident('location')),
};

export const SHIPMENTS = {
  shipment: req(ident('shipment')),
  customer: req(ident('party')),
  container: opt(ident('container')),
  lot: opt(ident('lot')),
  serial: opt(ident('unit')),
  quantity: opt(decimal('positive')),
  uom: opt(uom),
  shipped_at: req(time),
  location: opt(ident('location')),
};

/** Every file a bundle may hold, in the order the documentation lists them. */
export const FILES = {
  'suppliers.csv': SUPPLIERS,
  'customers.csv': CUSTOMERS,
  'materials.csv': MATERIALS,
  'receipts.csv': RECEIPTS,
  'work_orders.csv': WORK_ORDERS,
  'material_issues.csv': MATERIAL_ISSUES,
  'process_records.csv': PROCESS_RECORDS,
  'process_parameters.csv': PROCESS_PARAMETERS,
  'inspections.csv': INSPECTIONS,
  'defects.csv': DEFECTS,
  'packing.csv': PACKING,
  'shipments.csv': SHIPMENTS,
} as const;
export type FileName = keyof typeof FILES;
export const FILE_NAMES = Object.keys(FILES) as FileName[];

export type Spec = Record<string, Column<unknown>>;
/** The values of one row: a column is present when its cell was filled and valid. */
export type Values<S> = { [K in keyof S]?: S[K] extends Column<infer T> ? T : never };
