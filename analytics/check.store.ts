// What the event log and the analytic tables hold, read for the consistency check (etl/check.ts).
// Every read stops at a log position, so a check taken while the server captures sees one cut.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const upTo = z.object({ end: z.number().int().nonnegative() });
const q = {
  extent: defineQuery('check/log_extent', {
    params: upTo,
    row: z.object({ n: sqlNumber, first: sqlNumber, last: sqlNumber, distinct_seqs: sqlNumber }),
  }),
  events: defineQuery('check/events', { params: upTo, row: z.object({ id: z.string() }) }),
  masterData: defineQuery('check/master_data', { params: upTo, row: z.object({ seq: sqlNumber }) }),
  objects: defineQuery('check/objects', {
    params: upTo,
    row: z.object({ kind: z.string(), key: z.string() }),
  }),
  eventObjects: defineQuery('check/event_objects_count', { params: upTo, row: z.object({ n: sqlNumber }) }),
  operations: defineQuery('check/operations', { params: upTo, row: z.object({ id: z.string() }) }),
  inspections: defineQuery('check/inspections', {
    params: upTo,
    row: z.object({ event_id: z.string(), key: z.string() }),
  }),
  shipments: defineQuery('check/shipments', { params: upTo, row: z.object({ id: z.string() }) }),
};

export interface LogExtent {
  entries: number;
  first: number;
  last: number;
  /** seq runs 1..last with no gap and no repeat */
  gapFree: boolean;
}

/** How many entries the log holds up to `end`, and whether their positions run 1..n without gaps. */
export async function logExtent(db: DuckStore, end: number): Promise<LogExtent> {
  const [r] = await q.extent.all(db, { end });
  const n = r?.n ?? 0;
  const last = r?.last ?? 0;
  return {
    entries: n,
    first: r?.first ?? 0,
    last,
    gapFree: n === last && (r?.distinct_seqs ?? 0) === n && (n === 0 || r?.first === 1),
  };
}

/** The analytic projection's contents up to log position `end`, as comparable ids. */
export interface DuckProjectionIds {
  events: string[];
  masterData: string[];
  objects: string[];
  eventObjects: number;
  operations: string[];
  inspections: string[];
  shipments: string[];
}

/** Reads the analytic tables' ids up to `end` (ids of tuples are JSON arrays). */
export async function duckProjectionIds(db: DuckStore, end: number): Promise<DuckProjectionIds> {
  const [eo] = await q.eventObjects.all(db, { end });
  return {
    events: (await q.events.all(db, { end })).map((r) => r.id),
    masterData: (await q.masterData.all(db, { end })).map((r) => String(r.seq)),
    objects: (await q.objects.all(db, { end })).map((r) => JSON.stringify([r.kind, r.key])),
    eventObjects: eo?.n ?? 0,
    operations: (await q.operations.all(db, { end })).map((r) => r.id),
    inspections: (await q.inspections.all(db, { end })).map((r) => JSON.stringify([r.event_id, r.key])),
    shipments: (await q.shipments.all(db, { end })).map((r) => r.id),
  };
}
