// The event log: an input is accepted once it is durably here. Each accepted batch lands in
// one DuckDB transaction together with its analytic rows; the graph follows from the log.
import { createHash } from 'node:crypto';
import {
  appendAnalytic,
  appendLog,
  existingIds,
  lastSeq,
  type LogRow,
} from '../analytics/event-log.store.ts';
import { appendAudit } from '../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../analytics/duckdb.ts';
import type { EpcisEvent, ParsedDocument, VocabularyElement } from '../domain/epcis.ts';
import { eventHashId } from '../domain/epcis-hash.ts';
import type { TraceEvent } from '../domain/trace-event.ts';
import { faultPoint } from './fault-point.ts';
import { normaliseEvent } from './normalise/epcis.normaliser.ts';
import { buildAnalyticRows } from './projectors/analytics.projector.ts';

export type MasterDataEntry = VocabularyElement;

/** One entry about to be appended: an event (with its document's context) or master data. */
export type NewEntry =
  | { kind: 'event'; id: string; event: EpcisEvent; context: unknown }
  | { kind: 'masterdata'; id: string; element: MasterDataEntry };

/** The log id of an event: its eventID, or the standard event hash. An error declaration gets its own id. */
export function eventLogId(event: EpcisEvent, context: unknown): string {
  const id = event.eventID ?? eventHashId(event as unknown as Record<string, unknown>, context);
  return event.errorDeclaration ? `${id}#errorDeclaration` : id;
}

export function masterDataLogId(el: MasterDataEntry): string {
  const h = createHash('sha256')
    .update(JSON.stringify([el.type, el.id, el.attributes]))
    .digest('hex');
  return `urn:lotgraph:md:${h}`;
}

/** A parsed document's log entries: its master data, then its events, each with its log id. */
export function logEntriesOf(doc: ParsedDocument): NewEntry[] {
  return [
    ...doc.masterData.map((element): NewEntry => ({
      kind: 'masterdata',
      id: masterDataLogId(element),
      element,
    })),
    ...doc.events.map(({ event }): NewEntry => ({
      kind: 'event',
      id: eventLogId(event, doc.context),
      event,
      context: doc.context,
    })),
  ];
}

/** Writes the analytic rows of normalised events and master-data rows ([seq, type, id, attributes]). */
export async function writeAnalytics(
  tx: DuckTx,
  events: TraceEvent[],
  masterRows: unknown[][],
): Promise<void> {
  const a = buildAnalyticRows(events);
  await appendAnalytic(tx, 'events', a.events);
  await appendAnalytic(tx, 'event_objects', a.event_objects);
  await appendAnalytic(tx, 'sensor_readings', a.sensor_readings);
  await appendAnalytic(tx, 'inspections', a.inspections);
  await appendAnalytic(tx, 'defects', a.defects);
  await appendAnalytic(tx, 'master_data', masterRows);
}

export interface AppendResult {
  appended: { id: string; seq: number }[];
  duplicates: string[];
  /** normalised events that were appended, for the caller's own use */
  events: TraceEvent[];
  lastSeq: number;
}

/** Reads a stored log row back into what it was captured as. */
export function entryFromLog(row: {
  seq: number;
  event_id: string;
  kind: string;
  body: string;
}): { kind: 'event'; event: TraceEvent } | { kind: 'masterdata'; element: MasterDataEntry } {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  if (row.kind === 'masterdata') return { kind: 'masterdata', element: body as unknown as MasterDataEntry };
  return {
    kind: 'event',
    event: normaliseEvent(body as unknown as EpcisEvent, row.event_id, row.seq, body['@context']),
  };
}

/**
 * What the audit entry of an append says instead of `events.capture`, for a change made
 * through the log (a hold, a release). `after` gets the log position added.
 */
export interface AuditOverride {
  action: string;
  subject: string;
  before: unknown;
  after: Record<string, unknown>;
  reason: string | null;
}

/**
 * Appends entries that are not in the log yet, in one transaction with their analytic rows.
 * Duplicates (already stored, or repeated within the batch) are reported, not stored.
 */
export async function appendEntries(
  duck: DuckStore,
  entries: NewEntry[],
  source: string,
  /** who captured them, for the audit trail */
  actor: string,
  /** the audit entry to write instead of `events.capture` (same transaction) */
  audit?: AuditOverride,
): Promise<AppendResult> {
  return duck.transaction(async (tx) => {
    const r = await appendEntriesIn(tx, entries, source);
    if (r.appended.length) await faultPoint('log-commit');
    if (r.appended.length)
      await appendAudit(
        tx,
        audit
          ? { actor, ...audit, after: { ...audit.after, logSeq: r.lastSeq } }
          : {
              actor,
              action: 'events.capture',
              subject: source,
              before: { logSeq: r.appended[0]!.seq - 1 },
              after: { logSeq: r.lastSeq, events: r.events.length, masterData: r.masterData },
              reason: null,
            },
      );
    return r;
  });
}

/**
 * Appends entries inside a transaction the caller holds (a streamed import appends many batches
 * in one); the caller writes the audit entry. Same duplicate rules as appendEntries.
 */
export async function appendEntriesIn(
  tx: DuckTx,
  entries: NewEntry[],
  source: string,
): Promise<AppendResult & { masterData: number }> {
  const seen = new Set<string>();
  const batchDuplicates: string[] = [];
  const unique = entries.filter((e) => {
    if (seen.has(e.id)) {
      batchDuplicates.push(e.id);
      return false;
    }
    seen.add(e.id);
    return true;
  });
  const stored = unique.length
    ? await existingIds(
        tx,
        unique.map((e) => e.id),
      )
    : new Set<string>();
  const fresh = unique.filter((e) => !stored.has(e.id));
  let seq = await lastSeq(tx);
  const recordTime = new Date().toISOString();
  const rows: LogRow[] = [];
  const events: TraceEvent[] = [];
  const masterRows: unknown[][] = [];
  const appended: AppendResult['appended'] = [];
  for (const e of fresh) {
    seq += 1;
    appended.push({ id: e.id, seq });
    if (e.kind === 'event') {
      const body =
        e.event['@context'] === undefined && e.context !== undefined
          ? { '@context': e.context, ...e.event }
          : e.event;
      const t = normaliseEvent(e.event, e.id, seq, e.context);
      events.push(t);
      rows.push({
        seq,
        eventId: e.id,
        kind: 'event',
        eventType: e.event.type,
        eventTime: t.eventTime,
        recordTime,
        source,
        body: JSON.stringify(body),
      });
    } else {
      rows.push({
        seq,
        eventId: e.id,
        kind: 'masterdata',
        eventType: e.element.type,
        eventTime: null,
        recordTime,
        source,
        body: JSON.stringify(e.element),
      });
      masterRows.push([seq, e.element.type, e.element.id, JSON.stringify(e.element.attributes)]);
    }
  }
  await appendLog(tx, rows);
  await writeAnalytics(tx, events, masterRows);
  return {
    appended,
    duplicates: [...batchDuplicates, ...stored],
    events,
    lastSeq: seq,
    masterData: masterRows.length,
  };
}
