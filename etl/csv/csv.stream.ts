// A CSV bundle read in streams, for bundles too large to hold (decision 030). Same rules, same
// problems and same events as csvBundleToEpcis (csv.source.ts), in two passes:
//
// 1. check: every file is streamed once (packing.csv twice) in an order where a file is read
//    after every file it refers to. Cells, rows and references to other files are checked
//    against compact per-key state (lots, units, containers, operations, inspections, master
//    data); each row that makes part of an event is written to one of P partition files on disk,
//    chosen by a hash of its event's business key (operation, inspection, container and time,
//    shipment, lot), so that every row of one event lands in the same partition.
// 2. convert: one partition at a time is read into memory, its groups checked (what needs all
//    rows of one event: equal operation columns, duplicate outputs, issues and parameters, one
//    location per packing event, one customer per shipment) and turned into events, handed on in
//    batches. A partition holds about PARTITION_BYTES of the bundle, so memory does not grow
//    with the bundle's size.
//
// A problem found in pass 1 stops before pass 2 stores anything; a problem found in pass 2 makes
// the result not ok, and the caller (csv.import.ts) rolls back what it was given.
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../domain/errors.ts';
import { looksLikeUri, type IdKind } from './csv.ids.ts';
import { KeyBudget, KeyState } from './csv.keys.ts';
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
} from './csv.columns.ts';
import {
  MATERIAL_TYPE,
  PARSE_OPTIONS,
  PARTY_TYPE,
  Problems,
  baseName,
  cellText,
  checkHeader,
  defectEntry,
  eventOrder,
  inspectionEvent,
  materialElement,
  operationEvent,
  packEvent,
  packKey,
  partyElement,
  readRow,
  receiptEvent,
  sensorReport,
  shipmentEvent,
  sortProblems,
  type CsvFile,
  type CsvProblem,
  type Item,
  type Json,
  type PackRow,
  type RecordRow,
  type Row,
  type ShipRow,
} from './csv.source.ts';

export { KeyTable } from './csv.keys.ts';
/** One file of a bundle, opened as a stream (once per pass). */
export interface CsvSource {
  name: string;
  /** bytes, for progress and for the number of partitions */
  size: number;
  open(): Readable;
}

export interface StreamProgress {
  phase: 'check' | 'convert';
  /** data rows read in this phase */
  rows: number;
  /** bytes read in this phase, of `totalBytes` */
  bytes: number;
  totalBytes: number;
  /** events handed on so far */
  events: number;
  /** the per-key state of the cross-file checks: bytes in memory, on disk, tables on disk */
  keys?: { memoryBytes: number; diskBytes: number; tablesOnDisk: number };
}

/** One batch of the converted bundle: master-data elements and events. */
export interface CsvBatch {
  vocabularyList: { type: string; vocabularyElementList: Json[] }[];
  events: Json[];
}

export type CheckResult =
  | { ok: true; read: number; convert: (sink: (batch: CsvBatch) => Promise<void>) => Promise<ConvertResult> }
  | { ok: false; read: number; problems: CsvProblem[]; more: number };

export type ConvertResult =
  { ok: true; events: number; masterData: number } | { ok: false; problems: CsvProblem[]; more: number };

export interface StreamOptions {
  /** a folder for the partition files (a temporary folder in it is removed at the end) */
  workDir: string;
  /** bundle bytes per partition (default 1 MB) */
  partitionBytes?: number;
  /** events per batch (default 2,000) */
  batchSize?: number;
  /** problems kept (default 1,000); the rest are counted */
  maxProblems?: number;
  /**
   * memory the per-key state of the cross-file checks may keep (default 64 MB); past it, the
   * largest key tables move to files in the work folder (decision 037)
   */
  keyMemoryBytes?: number;
  onProgress?: (p: StreamProgress) => void;
  /**
   * stops the work when aborted, throwing its reason: looked at before each row of pass 1 and
   * before each partition and batch of pass 2 (a server's cancelled import; decision 040)
   */
  signal?: AbortSignal;
}

// About 1 MB of CSV per partition: its rows as objects take some tens of MB. At most 512 files
// are open at once (1 GB: 2 MB each).
const PARTITION_BYTES = 1024 * 1024;
const MAX_PARTITIONS = 512;
const KEY_MEMORY_BYTES = 64 * 1024 * 1024;

// ---- compact per-key state (csv.keys.ts) ----

/** Strings that repeat (units, materials) stored once, referred to by number. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
  value(i: number): string | undefined {
    return i < 0 ? undefined : this.values[i];
  }
}

// lots: row, file (0 receipts, 1 process_records), uom, material, operation (-1: received)
const L_ROW = 0;
const L_UOM = 1;
const L_MATERIAL = 2;
const L_OP = 3;
// operations: [0] first row, material, flags
const O_MATERIAL = 1;
const O_FLAGS = 2;
const HAS_OUTPUT = 1;
const HAS_INPUT = 2;
// work orders: row, material
const W_ROW = 0;
const W_MATERIAL = 1;

interface TableState {
  name: string;
  present: boolean;
  broken: boolean;
  skipped: boolean;
  /** columns with a filled but invalid cell */
  badColumns: Set<string>;
}

/** A row as written to a partition file: file index, row, cells, values, item. */
type Spilled = [file: number, n: number, raw: Record<string, string> | 0, v: Json, item?: Item | null];

const fnv = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

const FILE_INDEX = (f: FileName) => FILE_NAMES.indexOf(f);
/** the files whose rows pass 2 compares cell by cell */
const KEEP_RAW = new Set<FileName>(['process_records.csv', 'packing.csv', 'shipments.csv']);

class Spill {
  private readonly fds: number[] = [];
  private readonly buffers: string[][];
  private readonly sizes: number[];
  constructor(
    readonly dir: string,
    readonly count: number,
  ) {
    this.buffers = Array.from({ length: count }, () => []);
    this.sizes = new Array<number>(count).fill(0);
    for (let i = 0; i < count; i++) this.fds.push(openSync(this.path(i), 'w'));
  }
  path(i: number): string {
    return join(this.dir, `part-${i}.jsonl`);
  }
  write(key: string, line: Spilled): void {
    const i = fnv(key) % this.count;
    const text = JSON.stringify(line);
    this.buffers[i]!.push(text);
    this.sizes[i]! += text.length;
    if (this.sizes[i]! > 64 * 1024) this.flush(i);
  }
  private flush(i: number): void {
    if (!this.buffers[i]!.length) return;
    writeSync(this.fds[i]!, this.buffers[i]!.join('\n') + '\n');
    this.buffers[i] = [];
    this.sizes[i] = 0;
  }
  close(): void {
    for (let i = 0; i < this.count; i++) {
      this.flush(i);
      closeSync(this.fds[i]!);
    }
  }
  size(i: number): number {
    return statSync(this.path(i)).size;
  }
  read(i: number): Spilled[] {
    const text = readFileSync(this.path(i), 'utf8');
    const out: Spilled[] = [];
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as Spilled);
    return out;
  }
}

/** Problems kept up to a cap, the rest counted. */
class CappedProblems extends Problems {
  more = 0;
  constructor(private readonly cap: number) {
    super();
  }
  override add(file: string, row: number, field: string | undefined, reason: string): void {
    if (this.list.length >= this.cap) this.more++;
    else super.add(file, row, field, reason);
  }
  get any(): boolean {
    return this.list.length > 0 || this.more > 0;
  }
}

// ---- pass 1 ----

class StreamChecker {
  readonly p: CappedProblems;
  read = 0;
  private bytes = 0;
  private rows = 0;
  private readonly totalBytes: number;
  private readonly tables = new Map<FileName, TableState>();
  private readonly given = new Map<FileName, CsvSource>();

  readonly strings = new Interner();
  readonly parties = new Map<string, number>(); // row * 2 + (customer ? 1 : 0)
  readonly suppliers = new Set<string>();
  readonly customers = new Set<string>();
  readonly materials = new Map<string, number>(); // uom id (-1 none)
  readonly materialRows = new Map<string, number>();
  /** the import's folder: partition files, master data, key tables moved to disk */
  readonly dir: string;
  readonly keys: KeyBudget;
  readonly workOrders: KeyState;
  readonly lots: KeyState;
  readonly units: KeyState;
  readonly operations: KeyState;
  readonly containers: KeyState;
  readonly inspections: KeyState;
  spill!: Spill;

  constructor(
    sources: CsvSource[],
    private readonly opts: StreamOptions,
  ) {
    this.p = new CappedProblems(opts.maxProblems ?? 1000);
    this.dir = mkdtempSync(join(this.opts.workDir, 'csv-import-'));
    this.keys = new KeyBudget(opts.keyMemoryBytes ?? KEY_MEMORY_BYTES, this.dir);
    const table = (name: string, kind: IdKind, columns: number) =>
      new KeyState(name, `urn:lotgraph:${kind}:`, columns, this.keys);
    this.workOrders = table('work-orders', 'wo', 2);
    this.lots = table('lots', 'lot', 4);
    this.units = table('units', 'unit', 0);
    this.operations = table('operations', 'op', 3);
    this.containers = table('containers', 'container', 0);
    this.inspections = table('inspections', 'inspection', 1);
    if (sources.length === 0)
      this.p.add('', 0, undefined, `the bundle has no files; it may hold ${FILE_NAMES.join(', ')}`);
    for (const f of sources) {
      const name = baseName(f.name);
      const key = name.toLowerCase() as FileName;
      if (!Object.hasOwn(FILES, key))
        this.p.add(name, 0, undefined, `unknown file name; a bundle may hold ${FILE_NAMES.join(', ')}`);
      else if (this.given.has(key)) this.p.add(name, 0, undefined, 'the bundle holds this file twice');
      else this.given.set(key, { ...f, name });
    }
    for (const f of FILE_NAMES) {
      const g = this.given.get(f);
      this.tables.set(f, {
        name: g?.name ?? f,
        present: !!g,
        broken: !!g,
        skipped: false,
        badColumns: new Set(),
      });
    }
    // packing.csv is read twice
    this.totalBytes =
      [...this.given.values()].reduce((n, f) => n + f.size, 0) + (this.given.get('packing.csv')?.size ?? 0);
  }

  table(f: FileName): TableState {
    return this.tables.get(f)!;
  }

  /** Whether a table may miss keys in `column` (see Checker.incomplete in csv.source.ts). */
  incomplete(f: FileName, column: string): boolean {
    const t = this.table(f);
    return t.broken || t.skipped || t.badColumns.has(column);
  }

  private progress(): void {
    this.opts.onProgress?.({
      phase: 'check',
      rows: this.rows,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      events: 0,
      keys: {
        memoryBytes: this.keys.memoryBytes,
        diskBytes: this.keys.diskBytes,
        tablesOnDisk: this.keys.spilled,
      },
    });
  }

  /**
   * Streams one file: header, then each readable row to `onRow`. Problems of a file that turns
   * out not to be valid CSV are dropped for that one problem, as the whole-file reader does.
   * `again`: a second reading, whose cell problems were reported by the first.
   */
  private async stream<S extends Spec>(
    file: FileName,
    spec: S,
    onRow: (r: Row<S>, p: Problems) => void,
    again = false,
  ): Promise<void> {
    const source = this.given.get(file);
    const t = this.table(file);
    if (!source || (again && t.broken)) return;
    const local = new Problems();
    const quiet = new Problems();
    let header: string[] | undefined;
    let first = true;
    let read = 0;
    const input = source.open();
    input.on('data', (chunk: Buffer | string) => {
      this.bytes += chunk.length;
    });
    const parser = input.pipe(parse(PARSE_OPTIONS));
    input.on('error', (e) => parser.destroy(e));
    let n = 0;
    try {
      for await (const rec of parser as AsyncIterable<string[]>) {
        if (first) {
          first = false;
          header = checkHeader(file, spec, t.name, rec, again ? quiet : local);
          if (!header) break;
          continue;
        }
        n++;
        this.opts.signal?.throwIfAborted();
        const row = readRow(spec, header!, t.name, rec, n, again ? quiet : local, (c, raw) => {
          // a filled cell that is not valid may hide a key; an empty one hides nothing
          if (raw.trim() !== '') t.badColumns.add(c);
        });
        if (row === undefined) continue;
        read++;
        this.rows++;
        if (this.rows % 10_000 === 0) this.progress();
        if (row === null) {
          t.skipped = true;
          continue;
        }
        onRow(row, local);
      }
      if (first && !again) checkHeader(file, spec, t.name, undefined, local);
    } catch (e) {
      if (!(e instanceof CsvError)) {
        input.destroy();
        throw e;
      }
      const err = e as CsvError & { records?: unknown };
      input.destroy();
      if (!again) {
        const row = typeof err.records === 'number' ? err.records : 0;
        this.p.add(t.name, row, undefined, `is not valid CSV: ${err.message}`);
        t.broken = true;
      }
      return;
    }
    if (!again) {
      t.broken = header === undefined;
      this.read += read;
    }
    for (const x of local.list) this.p.add(x.file, x.row, x.field, x.reason);
    this.progress();
  }

  // ---- references, as Checker in csv.source.ts ----

  master(
    file: string,
    row: Row<unknown>,
    column: string,
    uri: string | undefined,
    known: { has(k: string): boolean },
    target: FileName,
    what: string,
    p: Problems,
  ): boolean {
    const raw = cellText(row, column);
    const t = this.table(target);
    if (uri === undefined || looksLikeUri(raw) || !t.present || known.has(uri)) return true;
    if (this.incomplete(target, column)) return true;
    p.add(file, row.n, column, `unknown ${what} "${raw}": not in ${t.name}`);
    return false;
  }

  object(
    file: string,
    row: Row<unknown>,
    column: string,
    kind: 'lot' | 'unit' | 'container',
    uri: string | undefined,
    p: Problems,
  ): boolean {
    const raw = cellText(row, column);
    if (uri === undefined || looksLikeUri(raw)) return true;
    if (kind === 'lot') {
      if (
        this.lots.has(uri) ||
        this.incomplete('process_records.csv', 'lot') ||
        this.incomplete('receipts.csv', 'lot')
      )
        return true;
      p.add(
        file,
        row.n,
        column,
        `unknown lot "${raw}": no row of receipts.csv or process_records.csv in this bundle has it; ` +
          `to refer to a lot of an earlier import write its URI (${uri})`,
      );
    } else if (kind === 'unit') {
      if (this.units.has(uri) || this.incomplete('process_records.csv', 'serial')) return true;
      p.add(
        file,
        row.n,
        column,
        `unknown serial "${raw}": no row of process_records.csv in this bundle makes it; ` +
          `to refer to a unit of an earlier import write its URI (${uri})`,
      );
    } else {
      if (this.containers.has(uri) || this.incomplete('packing.csv', 'container')) return true;
      p.add(
        file,
        row.n,
        column,
        `unknown container "${raw}": no row of packing.csv in this bundle packs into it; ` +
          `to refer to a container of an earlier import write its URI (${uri})`,
      );
    }
    return false;
  }

  operation(file: string, row: Row<unknown>, uri: string | undefined, p: Problems): boolean {
    if (uri === undefined || this.operations.has(uri) || this.incomplete('process_records.csv', 'operation'))
      return true;
    const where = this.table('process_records.csv').present
      ? 'not in process_records.csv'
      : 'process_records.csv is not in the bundle';
    p.add(
      file,
      row.n,
      'operation',
      `unknown operation "${cellText(row, 'operation')}": ${where}; every operation needs its process record`,
    );
    return false;
  }

  pick(
    file: string,
    row: Row<unknown>,
    columns: string[],
    required: boolean,
    p: Problems,
  ): string | undefined {
    const given = columns.filter((c) => cellText(row, c) !== '');
    if (given.length > 1) {
      p.add(
        file,
        row.n,
        given[1],
        `give only one of ${columns.join(', ')} on a row (${given.join(' and ')} are filled)`,
      );
      return undefined;
    }
    if (given.length === 0 && required)
      p.add(file, row.n, columns[0], `missing value: give one of ${columns.join(', ')}`);
    return given[0];
  }

  workOrderMaterial(wo: string): string | undefined {
    const i = this.workOrders.find(wo);
    return i === undefined ? undefined : this.strings.value(this.workOrders.get(i, W_MATERIAL));
  }

  lotUom(uri: string): string | undefined {
    const i = this.lots.find(uri);
    return i === undefined ? undefined : this.strings.value(this.lots.get(i, L_UOM));
  }

  /** As Checker.item in csv.source.ts. */
  item(
    file: string,
    row: Row<unknown>,
    v: { lot?: string; serial?: string; container?: string; quantity?: number; uom?: string },
    objectColumns: string[],
    required: boolean,
    p: Problems,
  ): Item | undefined {
    const containerColumn = objectColumns.find((c) => c !== 'lot' && c !== 'serial');
    const picked = this.pick(file, row, objectColumns, required, p);
    if (picked === undefined) {
      if (objectColumns.every((c) => cellText(row, c) === ''))
        for (const c of ['quantity', 'uom'])
          if (cellText(row, c) !== '')
            p.add(file, row.n, c, `is given without a ${objectColumns.join(' or ')}`);
      return undefined;
    }
    if (picked === 'lot') {
      const uri = v.lot;
      if (!uri) return undefined;
      let ok = this.object(file, row, 'lot', 'lot', uri, p);
      if (v.quantity === undefined) {
        if (cellText(row, 'quantity') === '')
          p.add(file, row.n, 'quantity', 'missing value: a lot needs its quantity');
        ok = false;
      }
      const li = this.lots.find(uri);
      const knownUom = li === undefined ? undefined : this.strings.value(this.lots.get(li, L_UOM));
      let uom = v.uom ?? knownUom;
      if (v.uom && knownUom && v.uom !== knownUom) {
        const lf = this.lots.get(li!, L_OP) < 0 ? 'receipts.csv' : 'process_records.csv';
        p.add(
          file,
          row.n,
          'uom',
          `is ${v.uom} but lot "${cellText(row, 'lot')}" is counted in ${knownUom} (${this.table(lf).name} row ${this.lots.get(li!, L_ROW)}); give the quantity in ${knownUom}`,
        );
        uom = undefined;
        ok = false;
      } else if (!uom) {
        if (cellText(row, 'uom') === '' && li === undefined && looksLikeUri(cellText(row, 'lot')))
          p.add(
            file,
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
      p.add(file, row.n, 'uom', 'applies to a lot quantity only; leave it empty');
      ok = false;
    }
    if (picked === 'serial') {
      const uri = v.serial;
      if (cellText(row, 'quantity') !== '' && v.quantity !== undefined && v.quantity !== 1) {
        p.add(file, row.n, 'quantity', 'a serial is one unit: leave quantity empty or write 1');
        ok = false;
      }
      if (!uri || !this.object(file, row, 'serial', 'unit', uri, p) || !ok) return undefined;
      return { kind: 'unit', uri };
    }
    const uri = v.container;
    if (cellText(row, 'quantity') !== '') {
      p.add(file, row.n, 'quantity', `applies to a lot only; leave it empty for a container`);
      ok = false;
    }
    if (!uri || !this.object(file, row, containerColumn!, 'container', uri, p) || !ok) return undefined;
    return { kind: 'container', uri };
  }

  private out(file: FileName, key: string, r: Row<unknown>, item?: Item | null): void {
    this.spill.write(key, [
      FILE_INDEX(file),
      r.n,
      KEEP_RAW.has(file) ? r.raw : 0,
      r.v as Json,
      ...(item !== undefined ? [item] : []),
    ] as Spilled);
  }

  async run(): Promise<void> {
    const dir = this.dir;
    const bytes = this.totalBytes;
    const count = Math.min(
      MAX_PARTITIONS,
      Math.max(1, Math.ceil(bytes / (this.opts.partitionBytes ?? PARTITION_BYTES))),
    );
    this.spill = new Spill(dir, count);
    try {
      await this.pass1();
    } finally {
      this.spill.close();
    }
  }

  /** master-data elements, written in pass 1 in the document's order (parties, materials) */
  private masterLines: string[] = [];
  private masterFile = '';

  private async pass1(): Promise<void> {
    const masterFd = openSync((this.masterFile = join(this.spill.dir, 'master.jsonl')), 'w');
    const masterOut = (line: Json) => {
      this.masterLines.push(JSON.stringify(line));
      if (this.masterLines.length >= 1000) {
        writeSync(masterFd, this.masterLines.join('\n') + '\n');
        this.masterLines = [];
      }
    };
    try {
      for (const [file, column, set] of [
        ['suppliers.csv', 'supplier', this.suppliers],
        ['customers.csv', 'customer', this.customers],
      ] as const) {
        const name = this.table(file).name;
        await this.stream(file, file === 'suppliers.csv' ? SUPPLIERS : CUSTOMERS, (r, p) => {
          const v = r.v as { supplier?: string; customer?: string; name?: string; country?: string };
          const id = v[column];
          if (!id) return;
          const first = this.parties.get(id);
          if (first !== undefined) {
            const firstFile = first % 2 ? this.table('customers.csv').name : this.table('suppliers.csv').name;
            p.add(
              name,
              r.n,
              column,
              firstFile === name
                ? `duplicate ${column}: already in row ${Math.floor(first / 2)}`
                : `"${cellText(r, column)}" is already a party in ${firstFile} row ${Math.floor(first / 2)}; a code names one party`,
            );
          } else {
            this.parties.set(id, r.n * 2 + (column === 'customer' ? 1 : 0));
            set.add(id);
            masterOut({ t: PARTY_TYPE, e: partyElement(id, column, v.name, v.country) });
          }
        });
      }
      const materialsName = this.table('materials.csv').name;
      await this.stream('materials.csv', MATERIALS, (r, p) => {
        const id = r.v.material;
        if (!id) return;
        const first = this.materialRows.get(id);
        if (first !== undefined)
          p.add(materialsName, r.n, 'material', `duplicate material: already in row ${first}`);
        else {
          this.materialRows.set(id, r.n);
          this.materials.set(id, this.strings.id(r.v.uom));
          masterOut({ t: MATERIAL_TYPE, e: materialElement(r) });
          if (r.v.ftl === 'yes') this.listsFoods = true;
        }
      });
      const woName = this.table('work_orders.csv').name;
      await this.stream('work_orders.csv', WORK_ORDERS, (r, p) => {
        this.master(woName, r, 'material', r.v.material, this.materials, 'materials.csv', 'material', p);
        const id = r.v.work_order;
        if (!id) return;
        const first = this.workOrders.find(id);
        if (first !== undefined)
          p.add(
            woName,
            r.n,
            'work_order',
            `duplicate work order: already in row ${this.workOrders.get(first, W_ROW)}`,
          );
        else this.workOrders.add(id, r.n, this.strings.id(r.v.material));
      });
    } finally {
      if (this.masterLines.length) writeSync(masterFd, this.masterLines.join('\n') + '\n');
      closeSync(masterFd);
    }

    const receiptsName = this.table('receipts.csv').name;
    await this.stream('receipts.csv', RECEIPTS, (r, p) => {
      const materialOk = this.master(
        receiptsName,
        r,
        'material',
        r.v.material,
        this.materials,
        'materials.csv',
        'material',
        p,
      );
      this.master(receiptsName, r, 'supplier', r.v.supplier, this.suppliers, 'suppliers.csv', 'supplier', p);
      const uom =
        r.v.uom ?? (r.v.material ? this.strings.value(this.materials.get(r.v.material) ?? -1) : undefined);
      if (!uom && cellText(r, 'uom') === '' && materialOk)
        p.add(
          receiptsName,
          r.n,
          'uom',
          `missing value: give the unit, or list material "${cellText(r, 'material')}" with its uom in materials.csv`,
        );
      if (r.v.production_date && r.v.expiry_date && r.v.production_date > r.v.expiry_date)
        p.add(receiptsName, r.n, 'expiry_date', 'is before production_date');
      const lot = r.v.lot;
      if (!lot) return;
      const first = this.lots.find(lot);
      if (first !== undefined) {
        p.add(
          receiptsName,
          r.n,
          'lot',
          `duplicate lot: already received in row ${this.lots.get(first, L_ROW)}`,
        );
        return;
      }
      this.lots.add(lot, r.n, this.strings.id(uom), this.strings.id(r.v.material), -1);
      this.out('receipts.csv', lot, r);
    });

    // process_records.csv: operations and their outputs are registered here; the checks that
    // need all rows of an operation run in pass 2.
    await this.stream('process_records.csv', PROCESS_RECORDS, (r) => {
      const op = r.v.operation;
      if (!op) return;
      let oi = this.operations.find(op);
      if (oi === undefined) {
        const material =
          r.v.material ?? (r.v.work_order ? this.workOrderMaterial(r.v.work_order) : undefined);
        oi = this.operations.add(op, r.n, this.strings.id(material), 0);
      }
      const lotText = cellText(r, 'lot');
      const serialText = cellText(r, 'serial');
      if (lotText !== '' || serialText !== '')
        this.operations.set(oi, O_FLAGS, this.operations.get(oi, O_FLAGS) | HAS_OUTPUT);
      this.out('process_records.csv', op, r);
      if (lotText !== '' && serialText !== '') return;
      if (serialText !== '') {
        if (r.v.serial) this.units.add(r.v.serial);
        return;
      }
      const lot = r.v.lot;
      if (!lot || this.lots.has(lot)) return;
      const material = this.strings.value(this.operations.get(oi, O_MATERIAL));
      const uom = r.v.uom ?? (material ? this.strings.value(this.materials.get(material) ?? -1) : undefined);
      this.lots.add(lot, r.n, this.strings.id(uom), this.strings.id(material), oi);
    });

    await this.stream('packing.csv', PACKING, (r) => {
      if (r.v.container) this.containers.add(r.v.container);
    });

    const inspectionsName = this.table('inspections.csv').name;
    await this.stream('inspections.csv', INSPECTIONS, (r, p) => {
      const id = r.v.inspection;
      if (id) {
        const first = this.inspections.find(id);
        if (first !== undefined)
          p.add(
            inspectionsName,
            r.n,
            'inspection',
            `duplicate inspection: already in row ${this.inspections.get(first, 0)}`,
          );
        else this.inspections.add(id, r.n);
      }
      const column = this.pick(inspectionsName, r, ['lot', 'serial'], true, p);
      if (column === 'lot') this.object(inspectionsName, r, 'lot', 'lot', r.v.lot, p);
      if (column === 'serial') this.object(inspectionsName, r, 'serial', 'unit', r.v.serial, p);
      const { sample_size: sample, defective_quantity: defective } = r.v;
      if (sample !== undefined && defective !== undefined && defective > sample)
        p.add(inspectionsName, r.n, 'defective_quantity', `is larger than sample_size (${sample})`);
      if (id) this.out('inspections.csv', id, r);
    });

    const issuesName = this.table('material_issues.csv').name;
    await this.stream('material_issues.csv', MATERIAL_ISSUES, (r, p) => {
      const opOk = this.operation(issuesName, r, r.v.operation, p);
      const item = this.item(issuesName, r, r.v, ['lot', 'serial'], true, p);
      const oi = r.v.operation ? this.operations.find(r.v.operation) : undefined;
      if (oi !== undefined) this.operations.set(oi, O_FLAGS, this.operations.get(oi, O_FLAGS) | HAS_INPUT);
      if (!item || !opOk || !r.v.operation) return;
      this.out('material_issues.csv', r.v.operation, r, item);
    });

    const parametersName = this.table('process_parameters.csv').name;
    await this.stream('process_parameters.csv', PROCESS_PARAMETERS, (r, p) => {
      this.operation(parametersName, r, r.v.operation, p);
      if (r.v.operation && r.v.parameter) this.out('process_parameters.csv', r.v.operation, r);
    });

    const defectsName = this.table('defects.csv').name;
    await this.stream('defects.csv', DEFECTS, (r, p) => {
      const id = r.v.inspection;
      if (!id) return;
      this.out('defects.csv', id, r);
      if (this.inspections.has(id) || this.incomplete('inspections.csv', 'inspection')) return;
      const where = this.table('inspections.csv').present
        ? 'not in inspections.csv'
        : 'inspections.csv is not in the bundle';
      p.add(defectsName, r.n, 'inspection', `unknown inspection "${cellText(r, 'inspection')}": ${where}`);
    });

    const packingName = this.table('packing.csv').name;
    await this.stream(
      'packing.csv',
      PACKING,
      (r, p) => {
        const unpack = r.v.action === 'unpacked';
        const item = this.item(
          packingName,
          r,
          { ...r.v, container: r.v.child_container },
          ['child_container', 'lot', 'serial'],
          !unpack && r.v.action !== undefined,
          p,
        );
        if (item && item.uri === r.v.container)
          p.add(packingName, r.n, 'child_container', 'a container cannot be packed into itself');
        if (!r.v.container || !r.v.action || !r.v.time) return;
        this.out('packing.csv', packKey(r as PackRow), r, item ?? null);
      },
      true,
    );

    const shipmentsName = this.table('shipments.csv').name;
    await this.stream('shipments.csv', SHIPMENTS, (r, p) => {
      this.master(shipmentsName, r, 'customer', r.v.customer, this.customers, 'customers.csv', 'customer', p);
      const item = this.item(shipmentsName, r, r.v, ['container', 'lot', 'serial'], true, p);
      if (r.v.shipment) this.out('shipments.csv', r.v.shipment, r, item ?? null);
    });
  }

  /** materials.csv lists a food on the Food Traceability List */
  listsFoods = false;

  // ---- pass 2 ----

  /**
   * Reads the partitions one by one: checks what needs all rows of an event, and hands the
   * events on in batches while no problem has been found (`sink` undefined: check only).
   */
  async convert(sink?: (batch: CsvBatch) => Promise<void>): Promise<ConvertResult> {
    const batchSize = this.opts.batchSize ?? 2_000;
    let events = 0;
    let masterData = 0;
    const live = () => sink !== undefined && !this.p.any;
    const totalBytes = Array.from({ length: this.spill.count }, (_, i) => this.spill.size(i)).reduce(
      (a, b) => a + b,
      0,
    );
    let bytes = 0;
    let rows = 0;
    const progress = () => this.opts.onProgress?.({ phase: 'convert', rows, bytes, totalBytes, events });
    const signal = this.opts.signal;

    // master data first, as the document lists it
    signal?.throwIfAborted();
    if (live()) {
      let list: { t: string; e: Json }[] = [];
      const flush = async () => {
        if (!list.length || !live()) return;
        const byType = new Map<string, Json[]>();
        for (const x of list) byType.set(x.t, [...(byType.get(x.t) ?? []), x.e]);
        await sink!({
          vocabularyList: [...byType].map(([type, vocabularyElementList]) => ({
            type,
            vocabularyElementList,
          })),
          events: [],
        });
        masterData += list.length;
        list = [];
      };
      for await (const line of createInterface({ input: createReadStream(this.masterFile) })) {
        if (!line) continue;
        list.push(JSON.parse(line) as { t: string; e: Json });
        if (list.length >= batchSize) await flush();
      }
      await flush();
    }

    for (let i = 0; i < this.spill.count; i++) {
      signal?.throwIfAborted();
      const lines = this.spill.read(i);
      bytes += this.spill.size(i);
      rows += lines.length;
      const out = this.partition(lines);
      if (live()) {
        out.sort(eventOrder);
        for (let k = 0; k < out.length && live(); k += batchSize) {
          // events are built batch by batch: a partition's rows are held, not all its events
          signal?.throwIfAborted();
          const chunk = out.slice(k, k + batchSize).map((e) => e.event());
          await sink!({ vocabularyList: [], events: chunk });
          events += chunk.length;
        }
      }
      progress();
    }
    if (this.p.any) return { ok: false, problems: sortProblems(this.p.list), more: this.p.more };
    return { ok: true, events, masterData };
  }

  /** One partition: group checks and the events of its groups. */
  private partition(lines: Spilled[]): { ms: number; order: number; row: number; event: () => Json }[] {
    const p = this.p;
    const broken = FILE_NAMES.map((f) => this.table(f).broken);
    const receipts: Row<typeof RECEIPTS>[] = [];
    const ops = new Map<
      string,
      {
        records: RecordRow[];
        issues: { r: Row<unknown>; item: Item }[];
        params: Row<typeof PROCESS_PARAMETERS>[];
      }
    >();
    const inspections = new Map<
      string,
      { rows: Row<typeof INSPECTIONS>[]; defects: Row<typeof DEFECTS>[] }
    >();
    const packs = new Map<string, { rows: PackRow[]; items: (Item | null)[] }>();
    const ships = new Map<string, { rows: ShipRow[]; items: (Item | null)[] }>();
    const op = (k: string) => {
      let g = ops.get(k);
      if (!g) ops.set(k, (g = { records: [], issues: [], params: [] }));
      return g;
    };
    const insp = (k: string) => {
      let g = inspections.get(k);
      if (!g) inspections.set(k, (g = { rows: [], defects: [] }));
      return g;
    };
    for (const [f, n, raw, v, item] of lines) {
      if (broken[f]) continue;
      const r = { n, raw: raw === 0 ? {} : raw, v } as Row<never>;
      const file = FILE_NAMES[f]!;
      if (file === 'receipts.csv') receipts.push(r);
      else if (file === 'process_records.csv') op((v as { operation: string }).operation).records.push(r);
      else if (file === 'material_issues.csv')
        op((v as { operation: string }).operation).issues.push({ r, item: item! });
      else if (file === 'process_parameters.csv') op((v as { operation: string }).operation).params.push(r);
      else if (file === 'inspections.csv') insp((v as { inspection: string }).inspection).rows.push(r);
      else if (file === 'defects.csv') insp((v as { inspection: string }).inspection).defects.push(r);
      else if (file === 'packing.csv') {
        const key = packKey(r);
        const g = packs.get(key) ?? { rows: [], items: [] };
        packs.set(key, g);
        g.rows.push(r);
        g.items.push(item ?? null);
      } else if (file === 'shipments.csv') {
        const key = (v as { shipment: string }).shipment;
        const g = ships.get(key) ?? { rows: [], items: [] };
        ships.set(key, g);
        g.rows.push(r);
        g.items.push(item ?? null);
      }
    }

    const events: { ms: number; order: number; row: number; event: () => Json }[] = [];
    const build = !p.any;
    const push = (file: FileName, row: number, ms: () => number, event: () => Json) => {
      if (build && !p.any) events.push({ ms: ms(), order: FILE_INDEX(file), row, event });
    };

    for (const r of receipts)
      push(
        'receipts.csv',
        r.n,
        () => r.v.received_at!.ms,
        () => receiptEvent(r, this.lotUom(r.v.lot!)),
      );

    const recName = this.table('process_records.csv').name;
    const issuesName = this.table('material_issues.csv').name;
    const paramsName = this.table('process_parameters.csv').name;
    for (const [uri, g] of ops) {
      // issues of one operation add up per lot (csv.source.ts materialIssues)
      const inputs: { item: Item; row: number }[] = [];
      for (const { r, item } of g.issues) {
        const same = inputs.find((x) => x.item.uri === item.uri);
        if (same && item.kind === 'unit') {
          p.add(issuesName, r.n, 'serial', `is already issued to this operation in row ${same.row}`);
          continue;
        }
        if (same && same.item.kind === 'lot' && item.kind === 'lot') {
          if (same.item.uom !== item.uom)
            p.add(
              issuesName,
              r.n,
              'uom',
              `is ${item.uom} but row ${same.row} issues this lot in ${same.item.uom}`,
            );
          else same.item.quantity += item.quantity;
          continue;
        }
        inputs.push({ item, row: r.n });
      }
      const seenParams = new Map<string, number>();
      for (const r of g.params) {
        const first = seenParams.get(r.v.parameter!);
        if (first !== undefined)
          p.add(paramsName, r.n, 'parameter', `is already given for this operation in row ${first}`);
        else seenParams.set(r.v.parameter!, r.n);
      }
      if (!g.records.length) continue;
      const oi = this.operations.find(uri)!;
      this.checkOperation(recName, oi, g.records);
      const first = g.records[0]!;
      push(
        'process_records.csv',
        first.n,
        () => first.v.end!.ms,
        () =>
          operationEvent(
            uri,
            g.records,
            inputs.map((x) => x.item),
            g.params.map(sensorReport),
            first.v.work_order ? this.workOrderMaterial(first.v.work_order) : undefined,
            (lot) => this.lotUom(lot),
          ),
      );
    }

    for (const g of inspections.values())
      for (const r of g.rows)
        push(
          'inspections.csv',
          r.n,
          () => r.v.inspected_at!.ms,
          () => inspectionEvent(r, g.defects.map(defectEntry)),
        );

    const packName = this.table('packing.csv').name;
    for (const [key, g] of packs) {
      const first = g.rows[0]!;
      const seen = new Map<string, number>();
      g.rows.forEach((r, k) => {
        if (r !== first && cellText(r, 'location') !== cellText(first, 'location'))
          p.add(packName, r.n, 'location', `differs from row ${first.n} of the same container and time`);
        const item = g.items[k];
        const childGiven = ['child_container', 'lot', 'serial'].some((c) => cellText(r, c) !== '');
        if (!childGiven && r.v.action === 'unpacked' && g.rows.length > 1)
          p.add(
            packName,
            r.n,
            'child_container',
            'missing value: an unpack row without a child takes out everything, so it cannot share container and time with rows that list children',
          );
        if (!item) return;
        const again = seen.get(item.uri);
        if (again !== undefined)
          p.add(
            packName,
            r.n,
            item.kind === 'lot' ? 'lot' : item.kind === 'unit' ? 'serial' : 'child_container',
            `is already listed for this container and time in row ${again}`,
          );
        else seen.set(item.uri, r.n);
      });
      push(
        'packing.csv',
        first.n,
        () => first.v.time!.ms,
        () =>
          packEvent(
            key,
            g.rows,
            g.items.filter((x): x is Item => !!x),
          ),
      );
    }

    const shipName = this.table('shipments.csv').name;
    for (const [id, g] of ships) {
      const first = g.rows[0]!;
      const objects = new Map<string, number>();
      g.rows.forEach((r, k) => {
        if (r !== first)
          for (const c of ['customer', 'shipped_at', 'location'])
            if (cellText(r, c) !== cellText(first, c))
              p.add(
                shipName,
                r.n,
                c,
                `differs from row ${first.n} of shipment "${cellText(r, 'shipment')}" ("${cellText(first, c)}" there); a shipment has one customer, time and location`,
              );
        const item = g.items[k];
        if (!item) return;
        const again = objects.get(item.uri);
        if (again !== undefined)
          p.add(
            shipName,
            r.n,
            item.kind === 'lot' ? 'lot' : item.kind === 'unit' ? 'serial' : 'container',
            `is already in this shipment in row ${again}`,
          );
        else objects.set(item.uri, r.n);
      });
      push(
        'shipments.csv',
        first.n,
        () => first.v.shipped_at!.ms,
        () =>
          shipmentEvent(
            id,
            g.rows,
            g.items.filter((x): x is Item => !!x),
          ),
      );
    }
    return events;
  }

  /** The checks of one operation's rows (csv.source.ts processRecords, output, operationsHaveObjects). */
  private checkOperation(name: string, oi: number, rows: RecordRow[]): void {
    const p = this.p;
    const first = rows[0]!;
    const opCode = cellText(first, 'operation');
    for (const r of rows.slice(1))
      for (const c of OPERATION_COLUMNS)
        if (cellText(r, c) !== cellText(first, c))
          p.add(
            name,
            r.n,
            c,
            `differs from row ${first.n} of operation "${opCode}" ("${cellText(first, c)}" there); ` +
              'the operation columns must be equal on every row of an operation',
          );
    const woOk = this.master(
      name,
      first,
      'work_order',
      first.v.work_order,
      this.workOrders,
      'work_orders.csv',
      'work order',
      p,
    );
    this.master(name, first, 'material', first.v.material, this.materials, 'materials.csv', 'material', p);
    const { start, end } = first.v;
    if (start && end && start.ms > end.ms) p.add(name, first.n, 'start', 'is after end');
    if (first.v.best_before && end && first.v.best_before < end.text.slice(0, 10))
      p.add(name, first.n, 'best_before', 'is before the operation ends');
    const material =
      first.v.material ?? (first.v.work_order ? this.workOrderMaterial(first.v.work_order) : undefined);
    const hasOutput = rows.some((r) => cellText(r, 'lot') !== '' || cellText(r, 'serial') !== '');
    const materialCell = cellText(first, 'material') !== '';
    if (hasOutput && !material && !materialCell && woOk && !this.incomplete('work_orders.csv', 'material'))
      p.add(
        name,
        first.n,
        'material',
        `missing value: the outputs need a material; give it here or list work order "${cellText(first, 'work_order')}" in work_orders.csv`,
      );
    const seen = new Map<string, number>();
    for (const r of rows) this.output(name, r, oi, material, seen);
    if (
      !this.table('material_issues.csv').broken &&
      !hasOutput &&
      !(this.operations.get(oi, O_FLAGS) & HAS_INPUT)
    )
      p.add(
        name,
        first.n,
        'lot',
        `operation "${opCode}" has no output (lot or serial) and no input in material_issues.csv`,
      );
  }

  private output(
    name: string,
    r: RecordRow,
    oi: number,
    material: string | undefined,
    seen: Map<string, number>,
  ): void {
    const p = this.p;
    const lotText = cellText(r, 'lot');
    const serialText = cellText(r, 'serial');
    if (lotText !== '' && serialText !== '') {
      p.add(name, r.n, 'serial', 'give either lot or serial on a row, not both');
      return;
    }
    if (lotText === '' && serialText === '') {
      for (const c of ['quantity', 'uom'])
        if (cellText(r, c) !== '') p.add(name, r.n, c, 'is given without a lot');
      return;
    }
    const uri = r.v.lot ?? r.v.serial;
    if (uri) {
      const again = seen.get(uri);
      if (again !== undefined) {
        p.add(
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
        p.add(name, r.n, 'quantity', 'a serial is one unit: leave quantity empty or write 1');
      if (cellText(r, 'uom') !== '')
        p.add(name, r.n, 'uom', 'applies to a lot quantity only; leave it empty');
      return;
    }
    if (cellText(r, 'quantity') === '')
      p.add(name, r.n, 'quantity', 'missing value: a lot output needs its quantity');
    const uom = r.v.uom ?? (material ? this.strings.value(this.materials.get(material) ?? -1) : undefined);
    if (!uom && cellText(r, 'uom') === '' && (material || cellText(r, 'material') !== ''))
      p.add(
        name,
        r.n,
        'uom',
        `missing value: give the unit, or list material "${material ? material.replace(/^urn:lotgraph:material:/, '') : cellText(r, 'material')}" with its uom in materials.csv`,
      );
    const lot = r.v.lot;
    if (!lot) return;
    const li = this.lots.find(lot);
    if (li === undefined) return;
    const knownOp = this.lots.get(li, L_OP);
    const knownRow = this.lots.get(li, L_ROW);
    if (knownOp === oi && knownRow === r.n) return; // this row made the lot known
    if (knownOp < 0) {
      p.add(
        name,
        r.n,
        'lot',
        `lot "${lotText}" is received in ${this.table('receipts.csv').name} row ${knownRow}; a lot is either received or produced`,
      );
      return;
    }
    const knownMaterial = this.strings.value(this.lots.get(li, L_MATERIAL));
    const knownUom = this.strings.value(this.lots.get(li, L_UOM));
    if (knownMaterial && material && knownMaterial !== material)
      p.add(
        name,
        r.n,
        'lot',
        `lot "${lotText}" is also made in row ${knownRow} as another material (${knownMaterial})`,
      );
    else if (knownUom && uom && knownUom !== uom)
      p.add(name, r.n, 'uom', `is ${uom} but lot "${lotText}" is counted in ${knownUom} in row ${knownRow}`);
  }

  cleanUp(): void {
    this.keys.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Checks a bundle in streams (pass 1). Not ok: every problem found (up to the cap), the groups'
 * problems included. Ok: `convert` runs pass 2, handing events on in batches; it may still find
 * problems that need all rows of an event, and then says so (the caller drops what it was given).
 * The partition files are removed when convert ends, or at once when the bundle has problems.
 */
export async function checkCsvBundleStream(
  sources: CsvSource[],
  opts: StreamOptions,
): Promise<CheckResult & { listsFoods: boolean }> {
  const c = new StreamChecker(sources, opts);
  let handedOn = false;
  try {
    await c.run();
    if (c.p.any) {
      await c.convert();
      return {
        ok: false,
        read: c.read,
        problems: sortProblems(c.p.list),
        more: c.p.more,
        listsFoods: c.listsFoods,
      };
    }
    handedOn = true;
    return {
      ok: true,
      read: c.read,
      listsFoods: c.listsFoods,
      convert: async (sink) => {
        try {
          return await c.convert(sink);
        } finally {
          c.cleanUp();
        }
      },
    };
  } finally {
    if (!handedOn) c.cleanUp();
  }
}

/** A bundle's files as streams: every `*.csv` directly in a folder (sorted), or the given paths. */
export async function csvSources(dirOrFiles: string | string[]): Promise<CsvSource[]> {
  try {
    let paths: string[];
    if (typeof dirOrFiles === 'string' && (await stat(dirOrFiles)).isDirectory()) {
      const entries = await readdir(dirOrFiles, { withFileTypes: true });
      paths = entries
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
        .map((e) => e.name)
        .sort()
        .map((n) => join(dirOrFiles, n));
    } else paths = typeof dirOrFiles === 'string' ? [dirOrFiles] : dirOrFiles;
    return await Promise.all(
      paths.map(async (path) => ({
        name: baseName(path),
        size: (await stat(path)).size,
        open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
      })),
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AppError('INVALID_INPUT', `cannot read the CSV bundle: ${err.message}`, {
      cause: e,
      details: { path: err.path ?? dirOrFiles },
    });
  }
}

/** In-memory files as streams (tests, and bundles already read). */
export function textSources(files: CsvFile[]): CsvSource[] {
  return files.map((f) => ({
    name: f.name,
    size: Buffer.byteLength(f.content),
    open: () => Readable.from([Buffer.from(f.content)]),
  }));
}
