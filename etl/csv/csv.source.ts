// ERP/MES CSV bundles -> one EPCIS 2.0 document (docs/csv-format.md). The conversion is pure
// and all-or-nothing: every problem in every file is collected, and a bundle with any problem
// yields no document. Event ids are derived from file and business key, so converting the same
// bundle again gives the same document.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { AppError } from '../../domain/errors.ts';
import { readCell, type Instant } from './csv.cells.ts';
import {
  CUSTOMERS,
  DEFECTS,
  FILES,
  FILE_NAMES,
  INSPECTIONS,
  MATERIALS,
  MATERIAL_ISSUES,
  OPERATION_COLUMNS,
  PACKING,
  PROCESS_PARAMETERS,
  PROCESS_RECORDS,
  RECEIPTS,
  SHIPMENTS,
  SUPPLIERS,
  WORK_ORDERS,
  type FileName,
  type Spec,
  type Values,
} from './csv.columns.ts';
import { eventIdFor, looksLikeUri } from './csv.ids.ts';
import { EPCIS_CONTEXT } from '../../domain/trace-event.ts';

export interface CsvFile {
  /** the file name, e.g. 'receipts.csv' */
  name: string;
  content: string;
}

export interface CsvProblem {
  file: string;
  /** 1-based data row (the header is not counted); 0 for the header or the whole file */
  row: number;
  /** the column */
  field?: string;
  reason: string;
}

export type CsvResult =
  | { ok: true; document: Record<string, unknown>; read: number }
  | { ok: false; read: number; problems: CsvProblem[] };

/** Sensor report types for parameter units, used when process_parameters.csv gives no type. */
const SENSOR_TYPE_BY_UOM: Record<string, string> = {
  CEL: 'gs1:Temperature',
  FAH: 'gs1:Temperature',
  KEL: 'gs1:Temperature',
  SEC: 'gs1:Time',
  MIN: 'gs1:Time',
  HUR: 'gs1:Time',
  GRM: 'gs1:Mass',
  KGM: 'gs1:Mass',
  BAR: 'gs1:Pressure',
  MBR: 'gs1:Pressure',
  PAL: 'gs1:Pressure',
  KPA: 'gs1:Pressure',
  MTR: 'gs1:Length',
  CMT: 'gs1:Length',
  MMT: 'gs1:Length',
  LTR: 'gs1:Volume',
  MLT: 'gs1:Volume',
  VLT: 'gs1:Voltage',
  AMP: 'gs1:ElectricCurrent',
  OHM: 'gs1:Resistance',
  WTT: 'gs1:Power',
  KWT: 'gs1:Power',
  HTZ: 'gs1:Frequency',
};

export interface Row<S> {
  /** 1-based data row */
  n: number;
  /** the cells as written, by column (empty for a column the header lacks) */
  raw: Record<string, string>;
  v: Values<S>;
}

interface Table<S> {
  /** the file name as given */
  name: string;
  present: boolean;
  /** the file could not be read or its header is wrong: its rows are not checked */
  broken: boolean;
  /** some rows were left out (wrong number of fields) */
  skipped: boolean;
  rows: Row<S>[];
}

export class Problems {
  readonly list: CsvProblem[] = [];
  add(file: string, row: number, field: string | undefined, reason: string): void {
    this.list.push({ file, row, ...(field !== undefined ? { field } : {}), reason });
  }
}

export const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
export const cellText = (row: Row<unknown>, column: string) => (row.raw[column] ?? '').trim();

/** The options both readers give csv-parse. */
export const PARSE_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: false } as const;

/**
 * Checks the header row of a file; returns its column names (trimmed, lower case) or undefined,
 * with problems, when the file's rows cannot be read by it.
 */
export function checkHeader(
  canonical: FileName,
  spec: Spec,
  name: string,
  headerCells: string[] | undefined,
  p: Problems,
): string[] | undefined {
  if (!headerCells || headerCells.every((c) => c.trim() === '')) {
    p.add(name, 0, undefined, 'the file is empty: it needs a header row with the column names');
    return undefined;
  }
  const header = headerCells.map((h) => h.trim().toLowerCase());
  if (header.length === 1 && header[0]!.includes(';')) {
    p.add(
      name,
      0,
      undefined,
      'the header is separated by ";": use a comma as the column separator (and a dot for decimals)',
    );
    return undefined;
  }
  const columns = Object.keys(spec);
  let headerOk = true;
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') {
      p.add(name, 0, undefined, `column ${i + 1} of the header has no name`);
      headerOk = false;
    } else if (!columns.includes(h)) {
      p.add(name, 0, h, `unknown column; the columns of ${canonical} are ${columns.join(', ')}`);
      headerOk = false;
    } else if (seen.has(h)) {
      p.add(name, 0, h, 'the column appears twice in the header');
      headerOk = false;
    }
    seen.add(h);
  });
  for (const c of columns)
    if (spec[c]!.required && !seen.has(c)) {
      p.add(name, 0, c, 'required column is missing from the header');
      headerOk = false;
    }
  return headerOk ? header : undefined;
}

/**
 * Reads data row `n` of a file by its header: undefined for a blank row (counted, not read);
 * `null`, with a problem, for a row with the wrong number of fields; otherwise the row with a
 * problem per invalid cell (`onBadCell` learns which columns had one).
 */
export function readRow<S extends Spec>(
  spec: S,
  header: string[],
  name: string,
  rec: string[],
  n: number,
  p: Problems,
  onBadCell?: (column: string, raw: string) => void,
): Row<S> | null | undefined {
  if (rec.every((c) => c.trim() === '')) return undefined;
  if (rec.length !== header.length) {
    p.add(name, n, undefined, `has ${rec.length} fields but the header has ${header.length}`);
    return null;
  }
  const raw: Record<string, string> = {};
  const v: Record<string, unknown> = {};
  for (const c of Object.keys(spec)) {
    const idx = header.indexOf(c);
    raw[c] = idx >= 0 ? rec[idx]! : '';
    const r = readCell(spec[c]!, raw[c]);
    if (!r.ok) {
      p.add(name, n, c, r.reason);
      onBadCell?.(c, raw[c]);
    } else if (r.value !== undefined) v[c] = r.value;
  }
  return { n, raw, v: v as Values<S> };
}

function loadTable<S extends Spec>(
  canonical: FileName,
  spec: S,
  given: CsvFile | undefined,
  p: Problems,
  counter: { read: number },
): Table<S> {
  if (!given) return { name: canonical, present: false, broken: false, skipped: false, rows: [] };
  const name = given.name;
  const table: Table<S> = { name, present: true, broken: true, skipped: false, rows: [] };
  let records: string[][];
  try {
    records = parse(given.content, PARSE_OPTIONS) as string[][];
  } catch (e) {
    const err = e as Error & { records?: unknown };
    const row = typeof err.records === 'number' ? err.records : 0;
    p.add(name, row, undefined, `is not valid CSV: ${err.message}`);
    return table;
  }
  const header = checkHeader(canonical, spec, name, records[0], p);
  if (!header) return table;
  table.broken = false;

  for (let i = 1; i < records.length; i++) {
    const row = readRow(spec, header, name, records[i]!, i, p);
    if (row === undefined) continue; // a blank line: counted as a row, not read
    counter.read++;
    if (row === null) table.skipped = true;
    else table.rows.push(row);
  }
  return table;
}

type Tables = ReturnType<typeof loadTables>;

function loadTables(files: CsvFile[], p: Problems, counter: { read: number }) {
  const given = new Map<FileName, CsvFile>();
  if (files.length === 0)
    p.add('', 0, undefined, `the bundle has no files; it may hold ${FILE_NAMES.join(', ')}`);
  for (const f of files) {
    const name = baseName(f.name);
    const key = name.toLowerCase() as FileName;
    if (!Object.hasOwn(FILES, key)) {
      p.add(name, 0, undefined, `unknown file name; a bundle may hold ${FILE_NAMES.join(', ')}`);
    } else if (given.has(key)) {
      p.add(name, 0, undefined, 'the bundle holds this file twice');
    } else given.set(key, { name, content: f.content });
  }
  const load = <S extends Spec>(file: FileName, spec: S) =>
    loadTable(file, spec, given.get(file), p, counter);
  return {
    suppliers: load('suppliers.csv', SUPPLIERS),
    customers: load('customers.csv', CUSTOMERS),
    materials: load('materials.csv', MATERIALS),
    receipts: load('receipts.csv', RECEIPTS),
    workOrders: load('work_orders.csv', WORK_ORDERS),
    issues: load('material_issues.csv', MATERIAL_ISSUES),
    records: load('process_records.csv', PROCESS_RECORDS),
    parameters: load('process_parameters.csv', PROCESS_PARAMETERS),
    inspections: load('inspections.csv', INSPECTIONS),
    defects: load('defects.csv', DEFECTS),
    packing: load('packing.csv', PACKING),
    shipments: load('shipments.csv', SHIPMENTS),
  };
}

interface LotInfo {
  file: string;
  row: number;
  produced: boolean;
  uom?: string;
  material?: string;
  operation?: string;
}

export type Item =
  | { kind: 'lot'; uri: string; quantity: number; uom: string }
  | { kind: 'unit'; uri: string }
  | { kind: 'container'; uri: string };

export type RecordRow = Row<typeof PROCESS_RECORDS>;
export type PackRow = Row<typeof PACKING>;
export type ShipRow = Row<typeof SHIPMENTS>;

/** The second pass: keys, duplicates, cross-column rules and cross-file references. */
class Checker {
  readonly parties = new Map<string, { file: string; row: number }>();
  readonly suppliers = new Set<string>();
  readonly customers = new Set<string>();
  readonly materials = new Map<string, { row: number; uom?: string }>();
  readonly workOrders = new Map<string, { row: number; material?: string }>();
  readonly lots = new Map<string, LotInfo>();
  readonly units = new Map<string, { row: number }>();
  readonly operations = new Map<string, RecordRow[]>();
  readonly containers = new Map<string, number>();
  readonly inspections = new Map<string, number>();
  readonly issueItems = new Map<string, { item: Item; row: number }[]>();
  readonly packItems = new Map<PackRow, Item | undefined>();
  readonly shipItems = new Map<ShipRow, Item>();

  constructor(
    readonly t: Tables,
    readonly p: Problems,
  ) {}

  run(): void {
    this.masterData();
    this.receipts();
    this.processRecords();
    for (const r of this.t.packing.rows)
      if (r.v.container && !this.containers.has(r.v.container)) this.containers.set(r.v.container, r.n);
    for (const r of this.t.inspections.rows) {
      const id = r.v.inspection;
      if (!id) continue;
      const first = this.inspections.get(id);
      if (first !== undefined)
        this.p.add(
          this.t.inspections.name,
          r.n,
          'inspection',
          `duplicate inspection: already in row ${first}`,
        );
      else this.inspections.set(id, r.n);
    }
    this.materialIssues();
    this.operationsHaveObjects();
    this.processParameters();
    this.inspectionRows();
    this.defects();
    this.packing();
    this.shipments();
  }

  // ---- reference helpers ----

  /**
   * Whether `table` may miss keys in `column`: it is unreadable, rows were left out, or a cell
   * of the column is invalid. Unknown references into it are then not reported (they would
   * only repeat the problem already reported there).
   */
  private incomplete(table: Table<unknown>, column: string): boolean {
    const key = `${table.name}|${column}`;
    let answer = this.incompleteCache.get(key);
    if (answer === undefined) {
      answer =
        table.broken ||
        table.skipped ||
        table.rows.some(
          (r) => cellText(r, column) !== '' && (r.v as Record<string, unknown>)[column] === undefined,
        );
      this.incompleteCache.set(key, answer);
    }
    return answer;
  }
  private readonly incompleteCache = new Map<string, boolean>();

  /** A master-data reference: checked when its file is in the bundle. */
  private master(
    table: Table<unknown>,
    row: Row<unknown>,
    column: string,
    uri: string | undefined,
    known: { has(k: string): boolean },
    target: Table<unknown>,
    targetColumn: string,
    what: string,
  ): boolean {
    const raw = cellText(row, column);
    if (uri === undefined || looksLikeUri(raw) || !target.present || known.has(uri)) return true;
    if (this.incomplete(target, targetColumn)) return true;
    this.p.add(table.name, row.n, column, `unknown ${what} "${raw}": not in ${target.name}`);
    return false;
  }

  /** A reference to a lot, unit or container: a code must resolve inside the bundle. */
  private object(
    table: Table<unknown>,
    row: Row<unknown>,
    column: string,
    kind: 'lot' | 'unit' | 'container',
    uri: string | undefined,
  ): boolean {
    const raw = cellText(row, column);
    if (uri === undefined || looksLikeUri(raw)) return true;
    const { records, receipts, packing } = this.t;
    if (kind === 'lot') {
      if (this.lots.has(uri) || this.incomplete(records, 'lot') || this.incomplete(receipts, 'lot'))
        return true;
      this.p.add(
        table.name,
        row.n,
        column,
        `unknown lot "${raw}": no row of receipts.csv or process_records.csv in this bundle has it; ` +
          `to refer to a lot of an earlier import write its URI (${uri})`,
      );
    } else if (kind === 'unit') {
      if (this.units.has(uri) || this.incomplete(records, 'serial')) return true;
      this.p.add(
        table.name,
        row.n,
        column,
        `unknown serial "${raw}": no row of process_records.csv in this bundle makes it; ` +
          `to refer to a unit of an earlier import write its URI (${uri})`,
      );
    } else {
      if (this.containers.has(uri) || this.incomplete(packing, 'container')) return true;
      this.p.add(
        table.name,
        row.n,
        column,
        `unknown container "${raw}": no row of packing.csv in this bundle packs into it; ` +
          `to refer to a container of an earlier import write its URI (${uri})`,
      );
    }
    return false;
  }

  private operation(table: Table<unknown>, row: Row<unknown>, uri: string | undefined): boolean {
    if (uri === undefined || this.operations.has(uri) || this.incomplete(this.t.records, 'operation'))
      return true;
    const where = this.t.records.present
      ? 'not in process_records.csv'
      : 'process_records.csv is not in the bundle';
    this.p.add(
      table.name,
      row.n,
      'operation',
      `unknown operation "${cellText(row, 'operation')}": ${where}; every operation needs its process record`,
    );
    return false;
  }

  /**
   * Which one of `columns` (container, lot, serial) a row fills: undefined, with a problem, when
   * it fills several, or none although one is `required`.
   */
  private pick(
    table: Table<unknown>,
    row: Row<unknown>,
    columns: string[],
    required: boolean,
  ): string | undefined {
    const given = columns.filter((c) => cellText(row, c) !== '');
    if (given.length > 1) {
      this.p.add(
        table.name,
        row.n,
        given[1],
        `give only one of ${columns.join(', ')} on a row (${given.join(' and ')} are filled)`,
      );
      return undefined;
    }
    if (given.length === 0 && required)
      this.p.add(table.name, row.n, columns[0], `missing value: give one of ${columns.join(', ')}`);
    return given[0];
  }

  /**
   * The object of a row given by exactly one of `objectColumns` (container, lot, serial), with
   * the quantity and uom rules. Undefined when none is given or the row is wrong.
   */
  private item(
    table: Table<unknown>,
    row: Row<unknown>,
    v: {
      lot?: string;
      serial?: string;
      container?: string;
      quantity?: number;
      uom?: string;
    },
    objectColumns: string[],
    required: boolean,
  ): Item | undefined {
    const containerColumn = objectColumns.find((c) => c !== 'lot' && c !== 'serial');
    const picked = this.pick(table, row, objectColumns, required);
    if (picked === undefined) {
      if (objectColumns.every((c) => cellText(row, c) === ''))
        for (const c of ['quantity', 'uom'])
          if (cellText(row, c) !== '')
            this.p.add(table.name, row.n, c, `is given without a ${objectColumns.join(' or ')}`);
      return undefined;
    }
    const column = picked;
    if (column === 'lot') {
      const uri = v.lot;
      if (!uri) return undefined;
      let ok = this.object(table, row, 'lot', 'lot', uri);
      if (v.quantity === undefined) {
        if (cellText(row, 'quantity') === '')
          this.p.add(table.name, row.n, 'quantity', 'missing value: a lot needs its quantity');
        ok = false;
      }
      const known = this.lots.get(uri);
      let uom = v.uom ?? known?.uom;
      if (v.uom && known?.uom && v.uom !== known.uom) {
        this.p.add(
          table.name,
          row.n,
          'uom',
          `is ${v.uom} but lot "${cellText(row, 'lot')}" is counted in ${known.uom} (${known.file} row ${known.row}); give the quantity in ${known.uom}`,
        );
        uom = undefined;
        ok = false;
      } else if (!uom) {
        if (cellText(row, 'uom') === '' && !known && looksLikeUri(cellText(row, 'lot')))
          this.p.add(
            table.name,
            row.n,
            'uom',
            'missing value: give the unit of a lot that is not received or produced in this bundle',
          );
        ok = false;
      }
      if (!ok || v.quantity === undefined || !uom) return undefined;
      return { kind: 'lot', uri, quantity: v.quantity, uom };
    }
    let ok = true;
    if (cellText(row, 'uom') !== '') {
      this.p.add(table.name, row.n, 'uom', 'applies to a lot quantity only; leave it empty');
      ok = false;
    }
    if (column === 'serial') {
      const uri = v.serial;
      if (cellText(row, 'quantity') !== '' && v.quantity !== undefined && v.quantity !== 1) {
        this.p.add(table.name, row.n, 'quantity', 'a serial is one unit: leave quantity empty or write 1');
        ok = false;
      }
      if (!uri || !this.object(table, row, 'serial', 'unit', uri) || !ok) return undefined;
      return { kind: 'unit', uri };
    }
    const uri = v.container;
    if (cellText(row, 'quantity') !== '') {
      this.p.add(table.name, row.n, 'quantity', `applies to a lot only; leave it empty for a container`);
      ok = false;
    }
    if (!uri || !this.object(table, row, containerColumn!, 'container', uri) || !ok) return undefined;
    return { kind: 'container', uri };
  }

  // ---- files ----

  private masterData(): void {
    const { suppliers, customers, materials, workOrders } = this.t;
    for (const [table, column, set] of [
      [suppliers, 'supplier', this.suppliers],
      [customers, 'customer', this.customers],
    ] as const) {
      for (const r of table.rows as Row<Record<string, unknown>>[]) {
        const id = r.v[column] as string | undefined;
        if (!id) continue;
        const first = this.parties.get(id);
        if (first)
          this.p.add(
            table.name,
            r.n,
            column,
            first.file === table.name
              ? `duplicate ${column}: already in row ${first.row}`
              : `"${cellText(r, column)}" is already a party in ${first.file} row ${first.row}; a code names one party`,
          );
        else {
          this.parties.set(id, { file: table.name, row: r.n });
          set.add(id);
        }
      }
    }
    for (const r of materials.rows) {
      const id = r.v.material;
      if (!id) continue;
      const first = this.materials.get(id);
      if (first)
        this.p.add(materials.name, r.n, 'material', `duplicate material: already in row ${first.row}`);
      else this.materials.set(id, { row: r.n, ...(r.v.uom ? { uom: r.v.uom } : {}) });
    }
    for (const r of workOrders.rows) {
      this.master(workOrders, r, 'material', r.v.material, this.materials, materials, 'material', 'material');
      const id = r.v.work_order;
      if (!id) continue;
      const first = this.workOrders.get(id);
      if (first)
        this.p.add(workOrders.name, r.n, 'work_order', `duplicate work order: already in row ${first.row}`);
      else this.workOrders.set(id, { row: r.n, ...(r.v.material ? { material: r.v.material } : {}) });
    }
  }

  private receipts(): void {
    const { receipts, materials, suppliers } = this.t;
    for (const r of receipts.rows) {
      const materialOk = this.master(
        receipts,
        r,
        'material',
        r.v.material,
        this.materials,
        materials,
        'material',
        'material',
      );
      this.master(receipts, r, 'supplier', r.v.supplier, this.suppliers, suppliers, 'supplier', 'supplier');
      const uom = r.v.uom ?? (r.v.material ? this.materials.get(r.v.material)?.uom : undefined);
      if (!uom && cellText(r, 'uom') === '' && materialOk)
        this.p.add(
          receipts.name,
          r.n,
          'uom',
          `missing value: give the unit, or list material "${cellText(r, 'material')}" with its uom in materials.csv`,
        );
      if (r.v.production_date && r.v.expiry_date && r.v.production_date > r.v.expiry_date)
        this.p.add(receipts.name, r.n, 'expiry_date', 'is before production_date');
      const lot = r.v.lot;
      if (!lot) continue;
      const first = this.lots.get(lot);
      if (first) {
        this.p.add(receipts.name, r.n, 'lot', `duplicate lot: already received in row ${first.row}`);
        continue;
      }
      this.lots.set(lot, {
        file: receipts.name,
        row: r.n,
        produced: false,
        ...(uom ? { uom } : {}),
        ...(r.v.material ? { material: r.v.material } : {}),
      });
    }
  }

  private processRecords(): void {
    const { records, workOrders, materials } = this.t;
    const name = records.name;
    for (const r of records.rows) {
      const op = r.v.operation;
      if (!op) continue;
      const rows = this.operations.get(op);
      if (rows) rows.push(r);
      else this.operations.set(op, [r]);
    }
    for (const [op, rows] of this.operations) {
      const first = rows[0]!;
      const opCode = cellText(first, 'operation');
      for (const r of rows.slice(1))
        for (const c of OPERATION_COLUMNS)
          if (cellText(r, c) !== cellText(first, c))
            this.p.add(
              name,
              r.n,
              c,
              `differs from row ${first.n} of operation "${opCode}" ("${cellText(first, c)}" there); ` +
                'the operation columns must be equal on every row of an operation',
            );
      const woOk = this.master(
        records,
        first,
        'work_order',
        first.v.work_order,
        this.workOrders,
        workOrders,
        'work_order',
        'work order',
      );
      this.master(
        records,
        first,
        'material',
        first.v.material,
        this.materials,
        materials,
        'material',
        'material',
      );
      const { start, end } = first.v;
      if (start && end && start.ms > end.ms) this.p.add(name, first.n, 'start', 'is after end');
      if (first.v.best_before && end && first.v.best_before < end.text.slice(0, 10))
        this.p.add(name, first.n, 'best_before', 'is before the operation ends');
      const material =
        first.v.material ??
        (first.v.work_order ? this.workOrders.get(first.v.work_order)?.material : undefined);
      const hasOutput = rows.some((r) => cellText(r, 'lot') !== '' || cellText(r, 'serial') !== '');
      const materialCell = cellText(first, 'material') !== '';
      if (hasOutput && !material && !materialCell && woOk && !this.incomplete(workOrders, 'material'))
        this.p.add(
          name,
          first.n,
          'material',
          `missing value: the outputs need a material; give it here or list work order "${cellText(first, 'work_order')}" in work_orders.csv`,
        );
      const outputs = new Map<string, number>();
      for (const r of rows) this.output(r, op, material, outputs);
    }
  }

  private output(r: RecordRow, op: string, material: string | undefined, seen: Map<string, number>): void {
    const name = this.t.records.name;
    const lotText = cellText(r, 'lot');
    const serialText = cellText(r, 'serial');
    if (lotText !== '' && serialText !== '') {
      this.p.add(name, r.n, 'serial', 'give either lot or serial on a row, not both');
      return;
    }
    if (lotText === '' && serialText === '') {
      for (const c of ['quantity', 'uom'])
        if (cellText(r, c) !== '') this.p.add(name, r.n, c, 'is given without a lot');
      return;
    }
    const uri = r.v.lot ?? r.v.serial;
    if (uri) {
      const again = seen.get(uri);
      if (again !== undefined) {
        this.p.add(
          name,
          r.n,
          r.v.lot ? 'lot' : 'serial',
          `is already an output of this operation in row ${again}`,
        );
        return;
      }
      seen.set(uri, r.n);
    }
    if (serialText !== '') {
      if (r.v.quantity !== undefined && r.v.quantity !== 1)
        this.p.add(name, r.n, 'quantity', 'a serial is one unit: leave quantity empty or write 1');
      if (cellText(r, 'uom') !== '')
        this.p.add(name, r.n, 'uom', 'applies to a lot quantity only; leave it empty');
      if (r.v.serial && !this.units.has(r.v.serial)) this.units.set(r.v.serial, { row: r.n });
      return;
    }
    if (cellText(r, 'quantity') === '')
      this.p.add(name, r.n, 'quantity', 'missing value: a lot output needs its quantity');
    const uom = r.v.uom ?? (material ? this.materials.get(material)?.uom : undefined);
    if (!uom && cellText(r, 'uom') === '' && (material || cellText(r, 'material') !== ''))
      this.p.add(
        name,
        r.n,
        'uom',
        `missing value: give the unit, or list material "${material ? material.replace(/^urn:lotgraph:material:/, '') : cellText(r, 'material')}" with its uom in materials.csv`,
      );
    const lot = r.v.lot;
    if (!lot) return;
    const known = this.lots.get(lot);
    if (known && !known.produced) {
      this.p.add(
        name,
        r.n,
        'lot',
        `lot "${lotText}" is received in ${known.file} row ${known.row}; a lot is either received or produced`,
      );
      return;
    }
    if (known) {
      if (known.material && material && known.material !== material)
        this.p.add(
          name,
          r.n,
          'lot',
          `lot "${lotText}" is also made in row ${known.row} as another material (${known.material})`,
        );
      else if (known.uom && uom && known.uom !== uom)
        this.p.add(
          name,
          r.n,
          'uom',
          `is ${uom} but lot "${lotText}" is counted in ${known.uom} in row ${known.row}`,
        );
      return;
    }
    this.lots.set(lot, {
      file: name,
      row: r.n,
      produced: true,
      operation: op,
      ...(uom ? { uom } : {}),
      ...(material ? { material } : {}),
    });
  }

  private materialIssues(): void {
    const table = this.t.issues;
    for (const r of table.rows) {
      const opOk = this.operation(table, r, r.v.operation);
      const item = this.item(table, r, r.v, ['lot', 'serial'], true);
      if (!item || !opOk || !r.v.operation) continue;
      const list = this.issueItems.get(r.v.operation) ?? [];
      const same = list.find((x) => x.item.uri === item.uri);
      if (same && item.kind === 'unit') {
        this.p.add(table.name, r.n, 'serial', `is already issued to this operation in row ${same.row}`);
        continue;
      }
      if (same && same.item.kind === 'lot' && item.kind === 'lot') {
        if (same.item.uom !== item.uom)
          this.p.add(
            table.name,
            r.n,
            'uom',
            `is ${item.uom} but row ${same.row} issues this lot in ${same.item.uom}`,
          );
        else same.item.quantity += item.quantity; // several issues of one lot to one operation add up
        continue;
      }
      list.push({ item, row: r.n });
      this.issueItems.set(r.v.operation, list);
    }
  }

  private operationsHaveObjects(): void {
    if (this.t.issues.broken) return;
    const withInputs = new Set(this.t.issues.rows.map((r) => r.v.operation));
    for (const [op, rows] of this.operations) {
      const hasOutput = rows.some((r) => cellText(r, 'lot') !== '' || cellText(r, 'serial') !== '');
      const hasInput = withInputs.has(op);
      if (!hasOutput && !hasInput)
        this.p.add(
          this.t.records.name,
          rows[0]!.n,
          'lot',
          `operation "${cellText(rows[0]!, 'operation')}" has no output (lot or serial) and no input in material_issues.csv`,
        );
    }
  }

  private processParameters(): void {
    const table = this.t.parameters;
    const seen = new Map<string, number>();
    for (const r of table.rows) {
      this.operation(table, r, r.v.operation);
      if (!r.v.operation || !r.v.parameter) continue;
      const key = `${r.v.operation}\u0000${r.v.parameter}`;
      const first = seen.get(key);
      if (first !== undefined)
        this.p.add(table.name, r.n, 'parameter', `is already given for this operation in row ${first}`);
      else seen.set(key, r.n);
    }
  }

  private inspectionRows(): void {
    const table = this.t.inspections;
    for (const r of table.rows) {
      const column = this.pick(table, r, ['lot', 'serial'], true);
      if (column === 'lot') this.object(table, r, 'lot', 'lot', r.v.lot);
      if (column === 'serial') this.object(table, r, 'serial', 'unit', r.v.serial);
      const { sample_size: sample, defective_quantity: defective } = r.v;
      if (sample !== undefined && defective !== undefined && defective > sample)
        this.p.add(table.name, r.n, 'defective_quantity', `is larger than sample_size (${sample})`);
    }
  }

  private defects(): void {
    const table = this.t.defects;
    for (const r of table.rows) {
      const id = r.v.inspection;
      if (!id || this.inspections.has(id) || this.incomplete(this.t.inspections, 'inspection')) continue;
      const where = this.t.inspections.present
        ? 'not in inspections.csv'
        : 'inspections.csv is not in the bundle';
      this.p.add(
        table.name,
        r.n,
        'inspection',
        `unknown inspection "${cellText(r, 'inspection')}": ${where}`,
      );
    }
  }

  private packing(): void {
    const table = this.t.packing;
    const groups = new Map<string, PackRow[]>();
    for (const r of table.rows) {
      const unpack = r.v.action === 'unpacked';
      const item = this.item(
        table,
        r,
        { ...r.v, container: r.v.child_container },
        ['child_container', 'lot', 'serial'],
        !unpack && r.v.action !== undefined,
      );
      this.packItems.set(r, item);
      if (item && item.uri === r.v.container)
        this.p.add(table.name, r.n, 'child_container', 'a container cannot be packed into itself');
      if (!r.v.container || !r.v.action || !r.v.time) continue;
      const key = packKey(r);
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const seen = new Map<string, number>();
      for (const r of rows) {
        if (r !== first && cellText(r, 'location') !== cellText(first, 'location'))
          this.p.add(
            table.name,
            r.n,
            'location',
            `differs from row ${first.n} of the same container and time`,
          );
        const item = this.packItems.get(r);
        const childGiven = ['child_container', 'lot', 'serial'].some((c) => cellText(r, c) !== '');
        if (!childGiven && r.v.action === 'unpacked' && rows.length > 1)
          this.p.add(
            table.name,
            r.n,
            'child_container',
            'missing value: an unpack row without a child takes out everything, so it cannot share container and time with rows that list children',
          );
        if (!item) continue;
        const again = seen.get(item.uri);
        if (again !== undefined)
          this.p.add(
            table.name,
            r.n,
            item.kind === 'lot' ? 'lot' : item.kind === 'unit' ? 'serial' : 'child_container',
            `is already listed for this container and time in row ${again}`,
          );
        else seen.set(item.uri, r.n);
      }
    }
  }

  private shipments(): void {
    const table = this.t.shipments;
    const firstOf = new Map<string, ShipRow>();
    const seen = new Map<string, Map<string, number>>();
    for (const r of table.rows) {
      this.master(
        table,
        r,
        'customer',
        r.v.customer,
        this.customers,
        this.t.customers,
        'customer',
        'customer',
      );
      const item = this.item(table, r, r.v, ['container', 'lot', 'serial'], true);
      if (!r.v.shipment) continue;
      const first = firstOf.get(r.v.shipment);
      if (!first) firstOf.set(r.v.shipment, r);
      else
        for (const c of ['customer', 'shipped_at', 'location'])
          if (cellText(r, c) !== cellText(first, c))
            this.p.add(
              table.name,
              r.n,
              c,
              `differs from row ${first.n} of shipment "${cellText(r, 'shipment')}" ("${cellText(first, c)}" there); a shipment has one customer, time and location`,
            );
      if (!item) continue;
      const objects = seen.get(r.v.shipment) ?? new Map<string, number>();
      seen.set(r.v.shipment, objects);
      const again = objects.get(item.uri);
      if (again !== undefined)
        this.p.add(
          table.name,
          r.n,
          item.kind === 'lot' ? 'lot' : item.kind === 'unit' ? 'serial' : 'container',
          `is already in this shipment in row ${again}`,
        );
      else {
        objects.set(item.uri, r.n);
        this.shipItems.set(r, item);
      }
    }
  }
}

export const packKey = (r: PackRow) =>
  `${r.v.container}|${r.v.action === 'unpacked' ? 'DELETE' : 'ADD'}|${new Date(r.v.time!.ms).toISOString()}`;

// ---- building the document (only for a bundle without problems) ----
// The event builders are shared with the streaming import (csv.stream.ts), which calls them
// on one group of rows at a time.

export type Json = Record<string, unknown>;

const when = (t: Instant) => ({ eventTime: t.text, eventTimeZoneOffset: t.offset });
const qty = (i: Extract<Item, { kind: 'lot' }>) => ({ epcClass: i.uri, quantity: i.quantity, uom: i.uom });
const ifSome = <T>(key: string, list: T[]): Json => (list.length ? { [key]: list } : {});
const ifSet = (key: string, value: unknown): Json => (value === undefined ? {} : { [key]: value });

/** The receipt of one lot (`uom`: the lot's unit, from its row or its material). */
export function receiptEvent(r: Row<typeof RECEIPTS>, uom: string | undefined): Json {
  const v = r.v as Required<typeof r.v>;
  return {
    type: 'ObjectEvent',
    eventID: eventIdFor('receipts', v.lot),
    ...when(v.received_at),
    action: 'ADD',
    bizStep: 'receiving',
    disposition: r.v.status === 'rejected' ? 'non_conformant' : 'active',
    quantityList: [{ epcClass: v.lot, quantity: v.quantity, uom }],
    ...(r.v.location ? { readPoint: { id: r.v.location }, bizLocation: { id: r.v.location } } : {}),
    ...(r.v.po ? { bizTransactionList: [{ type: 'po', bizTransaction: r.v.po }] } : {}),
    sourceList: [{ type: 'owning_party', source: v.supplier }],
    ilmd: {
      'lg:material': v.material,
      ...ifSet('lg:supplierLot', r.v.supplier_lot),
      ...ifSet('lg:tlcSource', r.v.tlc_source),
      ...ifSet('lg:tlcSourceReference', r.v.tlc_source_reference),
      ...ifSet('cbvmda:productionDate', r.v.production_date),
      ...ifSet('cbvmda:itemExpirationDate', r.v.expiry_date),
    },
  };
}

/** One row of process_parameters.csv as a sensor report. */
export function sensorReport(r: Row<typeof PROCESS_PARAMETERS>): Json {
  const v = r.v as Required<typeof r.v>;
  const type =
    r.v.type ??
    (r.v.uom && Object.hasOwn(SENSOR_TYPE_BY_UOM, r.v.uom) ? SENSOR_TYPE_BY_UOM[r.v.uom] : undefined);
  return {
    ...ifSet('type', type),
    value: v.value,
    ...ifSet('uom', r.v.uom),
    'lg:parameter': v.parameter,
  };
}

/**
 * The TransformationEvent of one operation: its rows of process_records.csv, its inputs (issues
 * added up, in row order), its sensor reports, the work order's material and each lot's unit.
 */
export function operationEvent(
  op: string,
  rows: RecordRow[],
  inputs: Item[],
  reports: Json[],
  workOrderMaterial: string | undefined,
  lotUom: (lot: string) => string | undefined,
): Json {
  const first = rows[0]!;
  const v = first.v as Required<typeof first.v>;
  const outLots: Json[] = [];
  const outUnits: string[] = [];
  for (const r of rows) {
    if (r.v.lot) outLots.push({ epcClass: r.v.lot, quantity: r.v.quantity, uom: lotUom(r.v.lot) });
    else if (r.v.serial) outUnits.push(r.v.serial);
  }
  const material = first.v.material ?? workOrderMaterial;
  return {
    type: 'TransformationEvent',
    eventID: eventIdFor('process_records', op),
    ...when(v.end),
    transformationID: op,
    ...ifSome(
      'inputEPCList',
      inputs.filter((i) => i.kind !== 'lot').map((i) => i.uri),
    ),
    ...ifSome(
      'inputQuantityList',
      inputs.flatMap((i) => (i.kind === 'lot' ? [qty(i)] : [])),
    ),
    ...ifSome('outputEPCList', outUnits),
    ...ifSome('outputQuantityList', outLots),
    ...(first.v.line ? { readPoint: { id: first.v.line } } : {}),
    bizTransactionList: [{ type: 'prodorder', bizTransaction: v.work_order }],
    ...(reports.length ? { sensorElementList: [{ sensorReport: reports }] } : {}),
    ...(outLots.length || outUnits.length
      ? {
          ilmd: {
            ...ifSet('lg:material', material),
            ...ifSet('cbvmda:bestBeforeDate', first.v.best_before),
            ...ifSet('cbvmda:itemExpirationDate', first.v.expiry_date),
          },
        }
      : {}),
    'lg:step': v.step,
    ...ifSet('lg:equipment', first.v.equipment),
    ...ifSet('lg:operator', first.v.operator),
    ...ifSet('lg:startTime', first.v.start?.text),
  };
}

/** One row of defects.csv as an entry of its inspection's `lg:defects`. */
export function defectEntry(r: Row<typeof DEFECTS>): Json {
  const v = r.v as Required<typeof r.v>;
  return { 'lg:code': v.code, 'lg:quantity': v.quantity, 'lg:severity': v.severity };
}

/** The ObjectEvent of one inspection with its defects. */
export function inspectionEvent(r: Row<typeof INSPECTIONS>, defects: Json[]): Json {
  const v = r.v as Required<typeof r.v>;
  return {
    type: 'ObjectEvent',
    eventID: eventIdFor('inspections', v.inspection),
    ...when(v.inspected_at),
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: v.result === 'pass' ? 'conformant' : 'non_conformant',
    ...(r.v.serial ? { epcList: [r.v.serial] } : { quantityList: [{ epcClass: v.lot }] }),
    ...(r.v.location ? { readPoint: { id: r.v.location } } : {}),
    bizTransactionList: [{ type: 'testres', bizTransaction: v.inspection }],
    ...ifSet('lg:step', r.v.step),
    ...ifSet('lg:equipment', r.v.equipment),
    'lg:inspection': {
      'lg:kind': v.kind,
      'lg:result': v.result,
      ...ifSet('lg:sampleSize', r.v.sample_size),
      ...ifSet('lg:defectiveQuantity', r.v.defective_quantity),
      'lg:defects': defects,
    },
  };
}

/** The AggregationEvent of the rows of one container, action and time (`key`: packKey). */
export function packEvent(key: string, rows: PackRow[], items: Item[]): Json {
  const first = rows[0]!;
  const v = first.v as Required<typeof first.v>;
  const add = v.action === 'packed';
  const epcs = items.filter((i) => i.kind !== 'lot').map((i) => i.uri);
  const lots = items.flatMap((i) => (i.kind === 'lot' ? [qty(i)] : []));
  return {
    type: 'AggregationEvent',
    eventID: eventIdFor('packing', ...key.split('|')),
    ...when(v.time),
    action: add ? 'ADD' : 'DELETE',
    bizStep: add ? 'packing' : 'unpacking',
    parentID: v.container,
    ...(items.length === 0 ? { childEPCs: [] } : {}),
    ...ifSome('childEPCs', epcs),
    ...ifSome('childQuantityList', lots),
    ...(first.v.location ? { readPoint: { id: first.v.location } } : {}),
  };
}

/** The shipping ObjectEvent of the rows of one shipment. */
export function shipmentEvent(id: string, rows: ShipRow[], items: Item[]): Json {
  const first = rows[0]!;
  const v = first.v as Required<typeof first.v>;
  return {
    type: 'ObjectEvent',
    eventID: eventIdFor('shipments', id),
    ...when(v.shipped_at),
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    ...ifSome(
      'epcList',
      items.filter((i) => i.kind !== 'lot').map((i) => i.uri),
    ),
    ...ifSome(
      'quantityList',
      items.flatMap((i) => (i.kind === 'lot' ? [qty(i)] : [])),
    ),
    ...(first.v.location ? { readPoint: { id: first.v.location } } : {}),
    bizTransactionList: [{ type: 'desadv', bizTransaction: id }],
    destinationList: [{ type: 'owning_party', destination: v.customer }],
  };
}

/** A master-data element of a party (supplier or customer) or a material. */
export function partyElement(id: string, role: 'supplier' | 'customer', name?: string, country?: string) {
  return element(id, { 'lg:name': name, 'lg:role': role, 'lg:country': country });
}
export function materialElement(r: Row<typeof MATERIALS>) {
  return element(r.v.material!, {
    'lg:name': r.v.name,
    'lg:materialType': r.v.type,
    'lg:uom': r.v.uom,
    'lg:gtin': r.v.gtin,
    // FDA Food Traceability List (docs/fsma-204.md)
    'lg:ftl': r.v.ftl === undefined ? undefined : r.v.ftl === 'yes',
  });
}
const element = (id: string, attributes: Record<string, unknown>) => ({
  id,
  attributes: Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ id: key, attribute: value })),
});
export const PARTY_TYPE = 'urn:epcglobal:epcis:vtype:Party';
export const MATERIAL_TYPE = 'urn:epcglobal:epcis:vtype:EPCClass';

interface Dated {
  ms: number;
  order: number;
  row: number;
  event: Json;
}

/** The document's event order: by time, then file (as listed in FILES), then row. */
export const eventOrder = (a: Omit<Dated, 'event'>, b: Omit<Dated, 'event'>) =>
  a.ms - b.ms || a.order - b.order || a.row - b.row;

function build(t: Tables, c: Checker): Json {
  const events: Dated[] = [];
  const push = (file: FileName, row: number, time: Instant, event: Json) =>
    events.push({ ms: time.ms, order: FILE_NAMES.indexOf(file), row, event });

  for (const r of t.receipts.rows)
    push('receipts.csv', r.n, r.v.received_at!, receiptEvent(r, c.lots.get(r.v.lot!)!.uom));

  const parameters = new Map<string, Json[]>();
  for (const r of t.parameters.rows) {
    const list = parameters.get(r.v.operation!) ?? [];
    list.push(sensorReport(r));
    parameters.set(r.v.operation!, list);
  }

  for (const [op, rows] of c.operations) {
    const first = rows[0]!;
    const inputs = (c.issueItems.get(op) ?? []).map((x) => x.item);
    push(
      'process_records.csv',
      first.n,
      first.v.end!,
      operationEvent(
        op,
        rows,
        inputs,
        parameters.get(op) ?? [],
        c.workOrders.get(first.v.work_order!)?.material,
        (lot) => c.lots.get(lot)!.uom,
      ),
    );
  }

  const defects = new Map<string, Json[]>();
  for (const r of t.defects.rows) {
    const list = defects.get(r.v.inspection!) ?? [];
    list.push(defectEntry(r));
    defects.set(r.v.inspection!, list);
  }
  for (const r of t.inspections.rows)
    push('inspections.csv', r.n, r.v.inspected_at!, inspectionEvent(r, defects.get(r.v.inspection!) ?? []));

  const packs = new Map<string, PackRow[]>();
  for (const r of t.packing.rows) {
    const key = packKey(r);
    const group = packs.get(key);
    if (group) group.push(r);
    else packs.set(key, [r]);
  }
  for (const [key, rows] of packs) {
    const items = rows.flatMap((r) => {
      const i = c.packItems.get(r);
      return i ? [i] : [];
    });
    push('packing.csv', rows[0]!.n, rows[0]!.v.time!, packEvent(key, rows, items));
  }

  const shipments = new Map<string, ShipRow[]>();
  for (const r of t.shipments.rows) {
    const id = r.v.shipment!;
    const group = shipments.get(id);
    if (group) group.push(r);
    else shipments.set(id, [r]);
  }
  for (const [id, rows] of shipments)
    push(
      'shipments.csv',
      rows[0]!.n,
      rows[0]!.v.shipped_at!,
      shipmentEvent(
        id,
        rows,
        rows.map((r) => c.shipItems.get(r)!),
      ),
    );

  events.sort(eventOrder);

  const parties = [
    ...t.suppliers.rows.map((r) => partyElement(r.v.supplier!, 'supplier', r.v.name, r.v.country)),
    ...t.customers.rows.map((r) => partyElement(r.v.customer!, 'customer', r.v.name, r.v.country)),
  ];
  const materials = t.materials.rows.map(materialElement);
  const vocabularyList = [
    ...(parties.length ? [{ type: PARTY_TYPE, vocabularyElementList: parties }] : []),
    ...(materials.length ? [{ type: MATERIAL_TYPE, vocabularyElementList: materials }] : []),
  ];
  const latest = events.reduce<number | undefined>(
    (m, e) => (m === undefined || e.ms > m ? e.ms : m),
    undefined,
  );

  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    ...(latest !== undefined ? { creationDate: new Date(latest).toISOString() } : {}),
    ...(vocabularyList.length ? { epcisHeader: { epcisMasterData: { vocabularyList } } } : {}),
    epcisBody: { eventList: events.map((e) => e.event) },
  };
}

/** Problems in the order of the files (as FILES lists them, unknown files last), then rows. */
export function sortProblems(list: CsvProblem[]): CsvProblem[] {
  const order = (file: string) => {
    if (file === '') return -1;
    const i = FILE_NAMES.indexOf(file.toLowerCase() as FileName);
    return i < 0 ? FILE_NAMES.length : i;
  };
  return list
    .map((problem, i) => ({ problem, i }))
    .sort(
      (a, b) => order(a.problem.file) - order(b.problem.file) || a.problem.row - b.problem.row || a.i - b.i,
    )
    .map((x) => x.problem);
}

/**
 * Converts a CSV bundle into one EPCIS document: master data in
 * `epcisHeader.epcisMasterData`, events in `epcisBody.eventList`. All or nothing: any problem
 * in any file and the result lists every problem found and no document.
 */
export function csvBundleToEpcis(files: CsvFile[]): CsvResult {
  const p = new Problems();
  const counter = { read: 0 };
  const tables = loadTables(files, p, counter);
  const checker = new Checker(tables, p);
  checker.run();
  if (p.list.length) {
    const problems = sortProblems(p.list);
    return { ok: false, read: counter.read, problems };
  }
  const document = build(tables, checker);
  const check = parseEpcisDocument(document);
  if (!check.ok)
    throw new AppError('INTERNAL', 'the CSV bundle produced an invalid EPCIS document', {
      problems: check.problems,
    });
  return { ok: true, document, read: counter.read };
}

/**
 * Reads a bundle: every `*.csv` file directly in a folder (sorted by name; other files are
 * ignored), or the given file paths. A single path to a file is read as a one-file bundle.
 */
export async function readCsvBundle(dirOrFiles: string | string[]): Promise<CsvFile[]> {
  let paths: string[];
  try {
    if (typeof dirOrFiles === 'string' && (await stat(dirOrFiles)).isDirectory()) {
      const entries = await readdir(dirOrFiles, { withFileTypes: true });
      paths = entries
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
        .map((e) => e.name)
        .sort()
        .map((n) => path.join(dirOrFiles, n));
    } else paths = typeof dirOrFiles === 'string' ? [dirOrFiles] : dirOrFiles;
    return await Promise.all(
      paths.map(async (p) => ({ name: path.basename(p), content: await readFile(p, 'utf8') })),
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AppError('INVALID_INPUT', `cannot read the CSV bundle: ${err.message}`, {
      cause: e,
      details: { path: err.path ?? dirOrFiles },
    });
  }
}
