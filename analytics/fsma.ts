// FDA FSMA 204 critical tracking events of traceability lots (analytics/queries/fsma).
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const optText = z.string().nullable();

const ctes = defineQuery('fsma/critical_tracking_events', {
  // keys: a JSON array (DuckDB binds no untyped lists)
  params: z.object({ keys: z.string() }),
  row: z.object({
    cte: z.string(),
    event_id: z.string(),
    action: optText,
    event_time: z.string(),
    tlc: z.string(),
    tlc_id: z.string(),
    quantity: sqlNumber.nullable(),
    uom: optText,
    location: optText,
    location_name: optText,
    material: optText,
    material_name: optText,
    source_party: optText,
    source_name: optText,
    destination_party: optText,
    destination_name: optText,
    shipment: optText,
    inputs: z.array(z.string()),
    supplier_lot: optText,
    tlc_source: optText,
    tlc_source_name: optText,
    tlc_source_reference: optText,
  }),
});

export type CriticalTrackingEventRow = z.output<typeof ctes.row>;

/** The critical tracking events of traceability lots (canonical keys), by lot then time. */
export async function criticalTrackingEvents(
  db: DuckStore,
  keys: readonly string[],
): Promise<CriticalTrackingEventRow[]> {
  if (keys.length === 0) return [];
  return ctes.all(db, { keys: JSON.stringify(keys) });
}

const lotCodeEventsQuery = defineQuery('fsma/lot_code_events', {
  params: z.object({ keys: z.string() }),
  row: z.object({
    tlc: z.string(),
    tlc_id: z.string(),
    cte: z.string(),
    action: optText,
    event_time: z.string(),
    location: optText,
    location_name: optText,
    supplier_lot: optText,
    tlc_source: optText,
    tlc_source_name: optText,
    tlc_source_reference: optText,
  }),
});

export type LotCodeEventRow = z.output<typeof lotCodeEventsQuery.row>;

/** The events that can give these lots (canonical keys) their traceability lot code, by lot then time. */
export async function lotCodeEvents(db: DuckStore, keys: readonly string[]): Promise<LotCodeEventRow[]> {
  if (keys.length === 0) return [];
  return lotCodeEventsQuery.all(db, { keys: JSON.stringify(keys) });
}

const productLotsQuery = defineQuery('fsma/product_lots', {
  params: z.object({ material: z.string() }),
  row: z.object({ key: z.string(), object_id: z.string(), kind: z.enum(['lot', 'unit']) }),
});

/** The traceability lots (lots and serialized units) of a product, by the material they were received or made as. */
export const productLots = (db: DuckStore, material: string) => productLotsQuery.all(db, { material });

const productMaterialsQuery = defineQuery('fsma/product_materials', {
  params: z.object({}),
  row: z.object({ id: z.string(), name: optText, ftl: z.boolean(), lots: sqlNumber }),
});

/** The products with traceability lots (the materials lots were received or made as), by name. */
export const productMaterials = (db: DuckStore) => productMaterialsQuery.all(db, {});

const ftlMaterials = defineQuery('fsma/ftl_materials', {
  params: z.object({}),
  row: z.object({ id: z.string() }),
});
const objectMaterialsOf = defineQuery('fsma/object_materials_of', {
  params: z.object({ keys: z.string() }),
  row: z.object({ object_key: z.string(), material: z.string() }),
});

const knownObjectsQuery = defineQuery('fsma/known_objects', {
  params: z.object({ keys: z.string() }),
  row: z.object({ object_key: z.string() }),
});

/** Which of these objects (canonical keys) the event log already names, in any role. */
export async function knownObjects(db: DuckStore, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await knownObjectsQuery.all(db, { keys: JSON.stringify(keys) });
  return new Set(rows.map((r) => r.object_key));
}

/** The materials flagged as on the FDA Food Traceability List in the stored master data. */
export async function foodTraceabilityList(db: DuckStore): Promise<Set<string>> {
  return new Set((await ftlMaterials.all(db, {})).map((r) => r.id));
}

/** The stored material of each of these objects (canonical keys) that has one. */
export async function materialsOf(db: DuckStore, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await objectMaterialsOf.all(db, { keys: JSON.stringify(keys) });
  return new Map(rows.map((r) => [r.object_key, r.material]));
}
