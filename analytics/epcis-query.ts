// Typed access to the EPCIS 2.0 SimpleEventQuery over the event log (analytics/queries/epcis).
// The REST binding's parameters are parsed and checked in api/services/epcis-query.service.ts;
// here they arrive as plain lists, times and match groups.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string().nullable();

/** One MATCH_ parameter: some object of the event, in one of `fields`, has a key in `exact` or LIKE one of `patterns`. */
export interface MatchGroup {
  fields: string[];
  exact: string[];
  patterns: string[];
}

export interface EventQuery {
  types: string[] | null;
  actions: string[] | null;
  bizSteps: string[] | null;
  dispositions: string[] | null;
  readPoints: string[] | null;
  bizLocations: string[] | null;
  eventIds: string[] | null;
  geEventTime: string | null;
  ltEventTime: string | null;
  geRecordTime: string | null;
  ltRecordTime: string | null;
  /** true: only error declarations */
  errorDeclared: true | null;
  match: MatchGroup[];
  orderBy: 'eventTime' | 'recordTime';
  descending: boolean;
}

export interface Cursor {
  key: number;
  seq: number;
}

const eventsQuery = defineQuery('epcis/events_query', {
  params: z.object({
    types: text,
    actions: text,
    biz_steps: text,
    dispositions: text,
    read_points: text,
    biz_locations: text,
    event_ids: text,
    ge_event_time: text,
    lt_event_time: text,
    ge_record_time: text,
    lt_record_time: text,
    error_declared: z.boolean().nullable(),
    match: text,
    order_by: z.enum(['eventTime', 'recordTime']),
    descending: z.boolean(),
    after_key: z.number().nullable(),
    after_seq: z.number().nullable(),
    limit: z.number().int().positive(),
  }),
  row: z.object({
    seq: sqlNumber,
    event_id: z.string(),
    record_time: z.string(),
    body: z.string(),
    sort_key: sqlNumber,
    seq_key: sqlNumber,
  }),
});
export type EventQueryRow = z.output<typeof eventsQuery.row>;

const json = (v: string[] | null) => (v === null ? null : JSON.stringify(v));

/** The first `limit` events matching `q` after `cursor`, in the query's order. */
export async function queryEvents(
  db: DuckStore,
  q: EventQuery,
  cursor: Cursor | null,
  limit: number,
): Promise<EventQueryRow[]> {
  return eventsQuery.all(db, {
    types: json(q.types),
    actions: json(q.actions),
    biz_steps: json(q.bizSteps),
    dispositions: json(q.dispositions),
    read_points: json(q.readPoints),
    biz_locations: json(q.bizLocations),
    event_ids: json(q.eventIds),
    ge_event_time: q.geEventTime,
    lt_event_time: q.ltEventTime,
    ge_record_time: q.geRecordTime,
    lt_record_time: q.ltRecordTime,
    error_declared: q.errorDeclared,
    match: q.match.length ? JSON.stringify(q.match.map((m, g) => ({ g, ...m }))) : null,
    order_by: q.orderBy,
    descending: q.descending,
    after_key: cursor?.key ?? null,
    after_seq: cursor?.seq ?? null,
    limit,
  });
}

const eventsOfObjects = defineQuery('epcis/events_of_objects', {
  params: z.object({ keys: z.string() }),
  row: z.object({ seq: sqlNumber, event_id: z.string(), record_time: z.string(), body: z.string() }),
});
const masterDataOf = defineQuery('epcis/master_data_of', {
  params: z.object({ ids: z.string() }),
  row: z.object({ vocabulary_type: z.string(), id: z.string(), attributes: z.string() }),
});

/** Every logged event naming one of these objects (canonical keys), oldest first. */
export const eventsNaming = (db: DuckStore, keys: string[]) =>
  eventsOfObjects.all(db, { keys: JSON.stringify(keys) });

/** The latest master data of these identifiers, by vocabulary type and id. */
export const masterDataFor = (db: DuckStore, ids: string[]) =>
  masterDataOf.all(db, { ids: JSON.stringify(ids) });
