// FDA FSMA 204 sortable spreadsheet of a recall scope: one row per critical tracking event of
// each traceability lot in scope, the union of the key data elements as columns, sorted by lot
// then event time (docs/decisions/016).
import { criticalTrackingEvents, productLots, type CriticalTrackingEventRow } from '../../analytics/fsma.ts';
import { AppError } from '../../domain/errors.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { codeOf } from '../../etl/normalise/epcis.normaliser.ts';
import { narrowRecall, type NarrowingCriteria } from './recall-narrowing.service.ts';
import {
  fileSafe,
  toCsv,
  toXlsx,
  type ExportFile,
  type ExportFormat,
  type Table,
  type Value,
} from './recall-export.service.ts';
import { recallScope, type RecallScope } from './trace.service.ts';

export const FSMA_COLUMNS = [
  'Traceability Lot Code',
  'Traceability Lot Code ID',
  'Product Description',
  'Quantity',
  'Unit of Measure',
  'Critical Tracking Event',
  'Event Date',
  'Event Time (UTC)',
  'Location Description',
  'Location ID',
  'Traceability Lot Code Source',
  'Immediate Previous Source',
  'Immediate Subsequent Recipient',
  'Input Traceability Lot Codes',
  'Reference Document Type',
  'Reference Document Number',
] as const;

const CTE_NAMES: Record<string, string> = {
  harvesting: 'Harvesting',
  cooling: 'Cooling',
  initial_packing: 'Initial Packing',
  first_land_based_receiving: 'First Land-Based Receiving',
  receiving: 'Receiving',
  transformation: 'Transformation',
  shipping: 'Shipping',
};
// CTEs that assign a traceability lot code where they happen (the TLC source), first wins
const ASSIGNING = [
  'transformation',
  'initial_packing',
  'first_land_based_receiving',
  'harvesting',
  'receiving',
];

const place = (id: string | null, name: string | null) => name ?? id;
const party = (id: string | null, name: string | null) => (id ? (name ? `${name} (${id})` : id) : null);

/** The rows of the FSMA 204 sortable spreadsheet for the traceability lots of a scope. */
export function fsma204Table(duck: DuckStore, scope: RecallScope): Promise<Table> {
  // Every lot is a traceability lot; a serialized unit is a traceability lot of one.
  return tlcTable(duck, [
    ...scope.lots.map((x) => ({ id: x.id, code: String(x['code'] ?? codeOf(x.id)), unit: false })),
    ...scope.units.map((x) => ({ id: x.id, code: String(x['code'] ?? codeOf(x.id)), unit: true })),
  ]);
}

/** A time window on the event time: `from` inclusive, `to` exclusive (ISO 8601), either open. */
export interface EventWindow {
  from: string | null;
  to: string | null;
}

async function tlcTable(
  duck: DuckStore,
  tlcs: { id: string; code: string; unit: boolean }[],
  window: EventWindow = { from: null, to: null },
): Promise<Table> {
  const codeOfKey = new Map(tlcs.map((x) => [toCanonicalKey(x.id), x.code]));
  const units = new Set(tlcs.filter((x) => x.unit).map((x) => toCanonicalKey(x.id)));
  const all = await criticalTrackingEvents(duck, [...codeOfKey.keys()]);
  const from = window.from === null ? -Infinity : Date.parse(window.from);
  const to = window.to === null ? Infinity : Date.parse(window.to);
  const rows = all.filter((r) => Date.parse(r.event_time) >= from && Date.parse(r.event_time) < to);
  // The location that assigned each lot's code: where it was made, or else where it was received
  // (read over all its events, also those outside the window).
  const source = new Map<string, string | null>();
  for (const cte of ASSIGNING)
    for (const r of all)
      if (r.cte === cte && !source.has(r.tlc)) source.set(r.tlc, place(r.location, r.location_name));
  const out = rows.map((r): Value[] =>
    fsmaRow(r, codeOfKey.get(r.tlc) ?? codeOf(r.tlc_id), source, units.has(r.tlc)),
  );
  out.sort(
    (a, b) =>
      String(a[0]).localeCompare(String(b[0])) ||
      String(a[7]).localeCompare(String(b[7])) ||
      String(a[15]).localeCompare(String(b[15])),
  );
  return { headers: [...FSMA_COLUMNS], rows: out };
}

function fsmaRow(
  r: CriticalTrackingEventRow,
  code: string,
  source: Map<string, string | null>,
  unit: boolean,
): Value[] {
  // a serialized unit is one piece
  const isUnit = unit && r.quantity === null;
  const shipping = r.cte === 'shipping';
  const receiving = r.cte === 'receiving' || r.cte === 'first_land_based_receiving';
  const reference: [string, string] =
    shipping && r.shipment ? ['Shipment', r.shipment] : ['EPCIS event', r.event_id];
  return [
    code,
    r.tlc_id,
    r.material_name ?? r.material,
    isUnit ? 1 : r.quantity,
    isUnit ? 'units' : r.uom,
    (Object.hasOwn(CTE_NAMES, r.cte) ? CTE_NAMES[r.cte] : undefined) ?? r.cte,
    r.event_time.slice(0, 10),
    r.event_time,
    place(r.location, r.location_name),
    r.location,
    source.get(r.tlc) ?? null,
    receiving ? party(r.source_party, r.source_name) : null,
    shipping ? party(r.destination_party, r.destination_name) : null,
    r.cte === 'transformation' ? r.inputs.map(codeOf).join('; ') || null : null,
    ...reference,
  ];
}

/** The FSMA 204 sortable spreadsheet of an identifier's recall scope (narrowed when criteria are given). */
export async function exportFsma204(
  stores: { graph: GraphStore; duck: DuckStore },
  req: { id: string; format: ExportFormat; criteria?: NarrowingCriteria | undefined; actor: string },
  now = new Date(),
): Promise<ExportFile> {
  const narrowed = req.criteria ? await narrowRecall(stores, req.id, req.criteria) : null;
  const scope = narrowed ? narrowed.scope : await recallScope(stores.graph, req.id);
  const table = await fsma204Table(stores.duck, scope);
  const stem = `fsma204-${fileSafe(scope.root.code)}${narrowed ? '-narrowed' : ''}`;
  return fsmaFile(stem, req.format, table, [
    ['Recall root', scope.root.code],
    ['Root ID', scope.root.id],
    ['Criteria', narrowed ? JSON.stringify(narrowed.criteria) : 'none: the full scope'],
    ['Traceability lots', scope.lots.length + scope.units.length],
    ['Critical tracking events', table.rows.length],
    ['Generated at', now.toISOString()],
    ['Generated by', req.actor],
  ]);
}

/** The sheet as CSV, or as XLSX with a Summary sheet. */
async function fsmaFile(
  stem: string,
  format: ExportFormat,
  table: Table,
  summary: Value[][],
): Promise<ExportFile> {
  if (format === 'csv')
    return { filename: `${stem}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(table) };
  return {
    filename: `${stem}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await toXlsx([
      { name: 'FSMA 204', table },
      { name: 'Summary', table: { headers: ['Field', 'Value'], rows: summary } },
    ]),
  };
}

/**
 * The FSMA 204 sortable spreadsheet of a product for a date range: every critical tracking event
 * in [from, to) of every traceability lot of that material (what FDA asks for within 24 hours).
 */
export async function exportFsma204Product(
  duck: DuckStore,
  req: { material: string; format: ExportFormat; window: EventWindow; actor: string },
  now = new Date(),
): Promise<ExportFile> {
  const lots = await productLots(duck, req.material);
  if (!lots.length)
    throw new AppError('NOT_FOUND', `no lot or unit was received or made as ${req.material}`, {
      problems: [{ field: 'material', reason: 'names no received or made lot' }],
    });
  const table = await tlcTable(
    duck,
    lots.map((l) => ({ id: l.object_id, code: codeOf(l.object_id), unit: l.kind === 'unit' })),
    req.window,
  );
  const stem = `fsma204-${fileSafe(codeOf(req.material))}${req.window.from ? `-from-${req.window.from.slice(0, 10)}` : ''}${req.window.to ? `-to-${req.window.to.slice(0, 10)}` : ''}`;
  return fsmaFile(stem, req.format, table, [
    ['Product', req.material],
    ['Events from (inclusive)', req.window.from ?? 'the first'],
    ['Events to (exclusive)', req.window.to ?? 'the last'],
    ['Traceability lots of the product', lots.length],
    ['Critical tracking events', table.rows.length],
    ['Generated at', now.toISOString()],
    ['Generated by', req.actor],
  ]);
}
