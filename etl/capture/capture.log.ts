// A captured form becomes one event in the log, appended in the same DuckDB transaction as the
// submission row and its audit entry (the caller's `within`), so a capture lands whole or not at
// all; the graph follows from the log (the caller catches the projector up). Like etl/holds.ts,
// but with the caller's rows in the transaction.
import { appendLog, lastSeq } from '../../analytics/event-log.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import { validateEvent } from '../../domain/epcis.ts';
import { AppError } from '../../domain/errors.ts';
import { writeAnalytics } from '../event-log.ts';
import { normaliseEvent } from '../normalise/epcis.normaliser.ts';
import { EPCIS_CONTEXT } from '../../domain/trace-event.ts';

export interface CapturedAppend<T> {
  eventId: string;
  /** the event's position in the log */
  seq: number;
  result: T;
}

/**
 * Appends one event built inside the transaction. `build` gets the transaction (to number the
 * submission) and returns the raw event and `store`, which stores the caller's rows once the event
 * has its log position. An event the EPCIS check refuses is an INVALID_INPUT naming its fields.
 */
export async function appendCaptured<T>(
  duck: DuckStore,
  source: string,
  build: (tx: DuckTx) => Promise<{ event: Record<string, unknown>; store: (seq: number) => Promise<T> }>,
): Promise<CapturedAppend<T>> {
  return duck.transaction(async (tx) => {
    const { event: raw, store } = await build(tx);
    const checked = validateEvent(raw, '/event');
    if (!checked.event)
      throw new AppError('INVALID_INPUT', 'the capture does not make a valid EPCIS event', {
        problems: checked.problems,
      });
    const eventId = checked.event.eventID!;
    const seq = (await lastSeq(tx)) + 1;
    const t = normaliseEvent(checked.event, eventId, seq, EPCIS_CONTEXT);
    await appendLog(tx, [
      {
        seq,
        eventId,
        kind: 'event',
        eventType: checked.event.type,
        eventTime: t.eventTime,
        recordTime: new Date().toISOString(),
        source,
        body: JSON.stringify({ '@context': EPCIS_CONTEXT, ...checked.event }),
      },
    ]);
    await writeAnalytics(tx, [t], []);
    return { eventId, seq, result: await store(seq) };
  });
}
