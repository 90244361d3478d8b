// FDA FSMA 204 sortable spreadsheet of a recall scope or of a product and a date range: one row
// per critical tracking event of each traceability lot, the union of the key data elements as
// columns, sorted by traceability lot code then event time (docs/decisions/016 and 029).
import {
  criticalTrackingEvents,
  lotCodeEvents,
  productLots,
  productMaterials,
  type CriticalTrackingEventRow,
  type LotCodeEventRow,
} from '../../analytics/fsma.ts';
import { AppError } from '../../domain/errors.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { carriesGs1LotCode } from '../../domain/fsma204.ts';
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
  'Internal Lot Code',
  'Product Description',
  'Quantity',
  'Unit of Measure',
  'Critical Tracking Event',
  'Event Date',
  'Event Time (UTC)',
  'Location Description',
  'Location ID',
  'Traceability Lot Code Source',
  'Traceability Lot Code Source Reference',
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
// CTEs that assign a traceability lot code where they happen (21 CFR 1.1320), first wins
const ASSIGNING = ['transformation', 'initial_packing', 'first_land_based_receiving'];
const column = (name: (typeof FSMA_COLUMNS)[number]) => FSMA_COLUMNS.indexOf(name);
const SORT = [
  column('Traceability Lot Code'),
  column('Event Time (UTC)'),
  column('Reference Document Number'),
];

/** What an event tells of where a lot got its code (a spreadsheet row, or an input's event). */
type CodeEvent = Pick<CriticalTrackingEventRow, keyof LotCodeEventRow>;

/** A lot's traceability lot code and where it was assigned. */
interface Origin {
  code: string;
  source: string | null;
  reference: string | null;
}

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
  // Each lot's code and its source, read over all its events (also those outside the window),
  // and those of the inputs of its transformations, which the rows name by their codes.
  const inputs = [...new Set(rows.flatMap((r) => r.inputs))].filter(
    (id) => !codeOfKey.has(toCanonicalKey(id)),
  );
  const inputEvents = await lotCodeEvents(duck, [...new Set(inputs.map(toCanonicalKey))]);
  const eventsOf = new Map<string, CodeEvent[]>();
  for (const r of [...all, ...inputEvents]) {
    const list = eventsOf.get(r.tlc);
    if (list) list.push(r);
    else eventsOf.set(r.tlc, [r]);
  }
  const origins = new Map<string, Origin>();
  for (const [key, code] of codeOfKey) origins.set(key, originOf(eventsOf.get(key) ?? [], code));
  for (const id of inputs)
    origins.set(toCanonicalKey(id), originOf(eventsOf.get(toCanonicalKey(id)) ?? [], codeOf(id)));
  const tlcOf = (id: string) => origins.get(toCanonicalKey(id))?.code ?? codeOf(id);
  const out = rows.map((r): Value[] => {
    const code = codeOfKey.get(r.tlc) ?? codeOf(r.tlc_id);
    const inputCodes = r.inputs.map(tlcOf).sort((a, b) => a.localeCompare(b));
    return fsmaRow(r, code, origins.get(r.tlc) ?? originOf([], code), units.has(r.tlc), inputCodes);
  });
  out.sort((a, b) => {
    for (const i of SORT) {
      const c = String(a[i] ?? '').localeCompare(String(b[i] ?? ''));
      if (c) return c;
    }
    return 0;
  });
  return { headers: [...FSMA_COLUMNS], rows: out };
}

/**
 * Where a lot got its traceability lot code: made here (transformation, initial packing, first
 * land-based receiving), the code is ours and its source the place where that happened; received
 * from a supplier, the code is the supplier's (its GS1 lot identifier's, else ILMD lg:supplierLot)
 * and the source what the receiving captured (lg:tlcSource, lg:tlcSourceReference).
 */
function originOf(events: CodeEvent[], internal: string): Origin {
  for (const cte of ASSIGNING) {
    const made = events.find((r) => r.cte === cte);
    if (made) return { code: internal, source: place(made.location, made.location_name), reference: null };
  }
  const received = events.find((r) => r.cte === 'receiving' && r.action === 'ADD');
  if (!received) return { code: internal, source: null, reference: null };
  return {
    code: carriesGs1LotCode(received.tlc_id) ? internal : (received.supplier_lot ?? internal),
    source: received.tlc_source ? place(received.tlc_source, received.tlc_source_name) : null,
    reference: received.tlc_source_reference,
  };
}

function fsmaRow(
  r: CriticalTrackingEventRow,
  internal: string,
  origin: Origin,
  unit: boolean,
  inputCodes: string[],
): Value[] {
  // a serialized unit is one piece
  const isUnit = unit && r.quantity === null;
  const shipping = r.cte === 'shipping';
  const receiving = r.cte === 'receiving' || r.cte === 'first_land_based_receiving';
  const reference: [string, string] =
    shipping && r.shipment ? ['Shipment', r.shipment] : ['EPCIS event', r.event_id];
  return [
    origin.code,
    r.tlc_id,
    internal,
    r.material_name ?? r.material,
    isUnit ? 1 : r.quantity,
    isUnit ? 'units' : r.uom,
    (Object.hasOwn(CTE_NAMES, r.cte) ? CTE_NAMES[r.cte] : undefined) ?? r.cte,
    r.event_time.slice(0, 10),
    r.event_time,
    place(r.location, r.location_name),
    r.location,
    origin.source,
    origin.reference,
    receiving ? party(r.source_party, r.source_name) : null,
    shipping ? party(r.destination_party, r.destination_name) : null,
    r.cte === 'transformation' ? inputCodes.join('; ') || null : null,
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

/** A product the spreadsheet can be asked for: a material with traceability lots. */
export interface FsmaProduct {
  id: string;
  name: string | null;
  /** on the Food Traceability List */
  ftl: boolean;
  /** its traceability lots (lots and serialized units received or made as it) */
  lots: number;
}

/** The products with traceability lots, by name: what the product spreadsheet can be asked for. */
export async function fsmaProducts(duck: DuckStore): Promise<FsmaProduct[]> {
  return (await productMaterials(duck)).map((m) => ({ id: m.id, name: m.name, ftl: m.ftl, lots: m.lots }));
}
