// The recall scope (full or narrowed) as files: one CSV per table, or one XLSX workbook with a
// sheet per table and a Summary sheet. Numbers stay numbers in the workbook.
import { stringify } from 'csv-stringify/sync';
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { AppError } from '../../domain/errors.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { narrowRecall, type NarrowingCriteria } from './recall-narrowing.service.ts';
import { recallScope, type QuantityLine, type RecallScope } from './trace.service.ts';

export const EXPORT_TABLES = ['lots', 'units', 'containers', 'shipments', 'customers'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A cell before it is written: text, a number, a yes/no, or empty. */
export type Value = string | number | boolean | null;
/** One table: its column headers and its rows, cells in header order. */
export interface Table {
  headers: string[];
  rows: Value[][];
}
/** A file to send. */
export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = { id: string } & Record<string, unknown>;
const t = (v: unknown): string | null => (typeof v === 'string' ? v : v == null ? null : String(v));
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const b = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const list = (v: unknown): string | null => (Array.isArray(v) && v.length ? v.join('; ') : null);
const quantities = (qs: QuantityLine[]) =>
  qs.length
    ? qs.map((q) => `${q.qty} ${q.uom} ${q.materialName ?? q.material ?? ''}`.trim()).join('; ')
    : null;

interface Column<R> {
  header: string;
  value: (r: R) => Value;
}
const col = <R>(header: string, value: (r: R) => Value): Column<R> => ({ header, value });

const COLUMNS: { [K in ExportTable]: Column<RecallScope[K][number]>[] } = {
  lots: [
    col<Row>('Lot', (r) => t(r['code'])),
    col<Row>('ID', (r) => r.id),
    col<Row>('Material', (r) => t(r['material'])),
    col<Row>('Unit of measure', (r) => t(r['uom'])),
    col<Row>('Quantity', (r) => n(r['quantity'])),
    col<Row>('Consumed', (r) => n(r['consumed'])),
    col<Row>('Shipped', (r) => n(r['shipped'])),
    col<Row>('Remaining', (r) => n(r['remaining'])),
    col<Row>('Where', (r) => t(r['where'])),
    col<Row>('Location', (r) => t(r['location'])),
    col<Row>('Work order', (r) => t(r['workOrder'])),
    col<Row>('Status', (r) => t(r['status'])),
    col<Row>('State', (r) => t(r['state'])),
    col<Row>('On hold', (r) => b(r['held'])),
    col<Row>('Shipments', (r) => list(r['shipments'])),
  ],
  units: [
    col<Row>('Serial number', (r) => t(r['code'])),
    col<Row>('ID', (r) => r.id),
    col<Row>('Material', (r) => t(r['material'])),
    col<Row>('Where', (r) => t(r['where'])),
    col<Row>('Location', (r) => t(r['location'])),
    col<Row>('Work order', (r) => t(r['workOrder'])),
    col<Row>('Status', (r) => t(r['status'])),
    col<Row>('State', (r) => t(r['state'])),
    col<Row>('On hold', (r) => b(r['held'])),
    col<Row>('Shipments', (r) => list(r['shipments'])),
  ],
  containers: [
    col<RecallScope['containers'][number]>('Container', (r) => r.code),
    col('ID', (r) => r.id),
    col('Holds scope objects now', (r) => r.holdsNow),
    col('State', (r) => t((r as Record<string, unknown>)['state'])),
    col('On hold', (r) => b((r as Record<string, unknown>)['held'])),
    col('Shipments', (r) => list(r.shipments)),
  ],
  shipments: [
    col<RecallScope['shipments'][number]>('Shipment', (r) => r.id),
    col('Shipped at', (r) => r.time),
    col('Customer', (r) => r.customer),
    col('Customer name', (r) => r.customerName),
    col('Lots', (r) => r.lots),
    col('Units', (r) => r.units),
    col('Quantities', (r) => quantities(r.quantities)),
  ],
  customers: [
    col<RecallScope['customers'][number]>('Customer', (r) => r.id),
    col('Name', (r) => r.name),
    col('Shipments', (r) => list(r.shipments)),
    col('Quantities', (r) => quantities(r.quantities)),
  ],
};

/** One table of a scope: headers and one row per object, shipment or customer. */
export function scopeTable(scope: RecallScope, table: ExportTable): Table {
  const cols = COLUMNS[table] as Column<unknown>[];
  return {
    headers: cols.map((c) => c.header),
    rows: (scope[table] as unknown[]).map((r) => cols.map((c) => c.value(r))),
  };
}

/** CSV with a header row; yes/no as true/false, empty cells for missing values. */
export function toCsv(table: Table): Buffer {
  return Buffer.from(
    stringify([table.headers, ...table.rows], {
      cast: { boolean: (v) => (v ? 'true' : 'false') },
    }),
    'utf8',
  );
}

const cell = (v: Value): Cell => (v === null ? null : v);
const sheetData = (table: Table): SheetData => [
  table.headers.map((h) => ({ value: h, fontWeight: 'bold' as const })),
  ...table.rows.map((r) => r.map(cell)),
];

/** An XLSX workbook, one sheet per named table (header row frozen). */
export async function toXlsx(sheets: { name: string; table: Table }[]): Promise<Buffer> {
  return writeXlsxFile(
    sheets.map((s) => ({
      data: sheetData(s.table),
      sheet: s.name,
      stickyRowsCount: 1,
      columns: s.table.headers.map((h) => ({ width: Math.min(60, Math.max(12, h.length + 2)) })),
    })),
  ).toBuffer();
}

/** A file-name-safe form of a code. */
export const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'scope';

export interface ScopeExportRequest {
  id: string;
  format: ExportFormat;
  table?: ExportTable | undefined;
  criteria?: NarrowingCriteria | undefined;
  /** who asks, for the Summary sheet */
  actor: string;
}

/**
 * The recall scope of an identifier (narrowed when criteria are given) as a CSV of one table or
 * an XLSX workbook (every table, or one, plus a Summary sheet).
 */
export async function exportScope(
  stores: { graph: GraphStore; duck: DuckStore },
  req: ScopeExportRequest,
  now = new Date(),
): Promise<ExportFile> {
  const narrowed = req.criteria ? await narrowRecall(stores, req.id, req.criteria) : null;
  const scope = narrowed ? narrowed.scope : await recallScope(stores.graph, req.id);
  const stem = `recall-${fileSafe(scope.root.code)}${narrowed ? '-narrowed' : ''}`;
  if (req.format === 'csv') {
    if (!req.table)
      throw new AppError('INVALID_INPUT', 'a CSV export holds one table: say which', {
        problems: [{ field: 'table', reason: `is required for CSV: one of ${EXPORT_TABLES.join(', ')}` }],
      });
    return {
      filename: `${stem}-${req.table}.csv`,
      contentType: CSV_TYPE,
      body: toCsv(scopeTable(scope, req.table)),
    };
  }
  const tables = req.table ? [req.table] : [...EXPORT_TABLES];
  const summary: Value[][] = [
    ['Root', scope.root.code],
    ['Root ID', scope.root.id],
    ['Root kind', scope.root.kind],
    ['Criteria', narrowed ? JSON.stringify(narrowed.criteria) : 'none: the full scope'],
    ...(narrowed ? narrowed.explanation.map((line, i): Value[] => [i === 0 ? 'Narrowing' : '', line]) : []),
    ['Generated at', now.toISOString()],
    ['Generated by', req.actor],
    ...EXPORT_TABLES.map((k): Value[] => [k[0]!.toUpperCase() + k.slice(1), scope[k].length]),
  ];
  const body = await toXlsx([
    ...tables.map((k) => ({ name: k[0]!.toUpperCase() + k.slice(1), table: scopeTable(scope, k) })),
    { name: 'Summary', table: { headers: ['Field', 'Value'], rows: summary } },
  ]);
  return {
    filename: `${stem}${req.table ? `-${req.table}` : ''}.xlsx`,
    contentType: XLSX_TYPE,
    body,
  };
}
