// Holds and releases go through the event log like every other fact: one EPCIS ObjectEvent
// (bizStep holding, extension lg:hold) for all the objects, appended in one DuckDB transaction
// with its audit entry, then projected to the graph in one batch. `rebuild` replays them.
// See docs/holds.md and docs/decisions/014-holds-as-events.md.
import { randomUUID } from 'node:crypto';
import { validateEvent } from '../domain/epcis.ts';
import { AppError } from '../domain/errors.ts';
import { EPCIS_CONTEXT, type ItemKind } from '../domain/trace-event.ts';
import { appendEntries } from './event-log.ts';
import type { GraphProjector, Stores } from './ingest.ts';

/** An object a hold names, as the graph knows it. */
export interface HoldTarget {
  id: string;
  kind: ItemKind;
  code: string;
}

export interface HoldInput {
  items: HoldTarget[];
  /** why, in the actor's words (required) */
  reason: string;
  /** who, as the audit trail names actors */
  actor: string;
  /** the recall case the hold belongs to */
  caseId?: string | null;
  /** what the audit entry is about (a recall's root, or the objects themselves) */
  subject?: string;
  /** further facts for the audit entry (the recall, its criteria) */
  details?: Record<string, unknown>;
}

export interface HoldResult {
  eventId: string;
  /** the event's position in the log */
  seq: number;
  /** whether the graph shows it yet (it will after the next catch-up if not) */
  graph: 'projected' | 'pending';
}

/** The EPCIS 2.0 ObjectEvent of a hold or a release: lots in quantityList, the rest in epcList. */
export function holdEvent(
  action: 'hold' | 'release',
  input: Pick<HoldInput, 'items' | 'reason' | 'actor' | 'caseId'>,
  eventId: string,
  time: string,
): Record<string, unknown> {
  const lots = input.items.filter((i) => i.kind === 'lot');
  const others = input.items.filter((i) => i.kind !== 'lot');
  const hold: Record<string, unknown> = {
    'lg:action': action,
    'lg:reason': input.reason,
    'lg:by': input.actor,
  };
  if (input.caseId) hold['lg:case'] = input.caseId;
  return {
    type: 'ObjectEvent',
    eventID: eventId,
    eventTime: time,
    eventTimeZoneOffset: '+00:00',
    action: 'OBSERVE',
    bizStep: 'holding',
    ...(others.length ? { epcList: others.map((i) => i.id) } : {}),
    ...(lots.length ? { quantityList: lots.map((i) => ({ epcClass: i.id })) } : {}),
    'lg:hold': hold,
  };
}

async function record(
  stores: Stores,
  projector: GraphProjector,
  action: 'hold' | 'release',
  input: HoldInput,
): Promise<HoldResult> {
  if (input.items.length === 0) throw new Error(`a ${action} needs at least one object`);
  const eventId = `urn:uuid:${randomUUID()}`;
  const raw = holdEvent(action, input, eventId, new Date().toISOString());
  const checked = validateEvent(raw, '');
  if (!checked.event)
    throw new AppError('INVALID_INPUT', `the ${action} cannot be recorded as an EPCIS event`, {
      problems: checked.problems,
    });
  const items = input.items.map((i) => ({ id: i.id, kind: i.kind, code: i.code }));
  const r = await appendEntries(
    stores.duck,
    [{ kind: 'event', id: eventId, event: checked.event, context: EPCIS_CONTEXT }],
    `api:${action}`,
    input.actor,
    {
      action: action === 'hold' ? 'stock.hold' : 'stock.release',
      subject: input.subject ?? items.map((i) => i.id).join(', '),
      before: { held: action !== 'hold' },
      after: {
        held: action === 'hold',
        eventId,
        items,
        caseId: input.caseId ?? null,
        ...input.details,
      },
      reason: input.reason,
    },
  );
  const seq = r.appended[0]!.seq;
  let graph: HoldResult['graph'] = 'pending';
  try {
    graph = (await projector.catchUp()) >= seq ? 'projected' : 'pending';
  } catch (err) {
    // The log holds the hold; the graph shows it once Neo4j is back and catches up.
    if (!(err instanceof AppError && err.code === 'STORE_UNAVAILABLE')) throw err;
  }
  return { eventId, seq, graph };
}

/** Puts objects on hold: one event, one audit entry `stock.hold`, one graph batch. */
export const placeHold = (stores: Stores, projector: GraphProjector, input: HoldInput) =>
  record(stores, projector, 'hold', input);

/** Releases objects from hold: one event, one audit entry `stock.release`, one graph batch. */
export const releaseHold = (stores: Stores, projector: GraphProjector, input: HoldInput) =>
  record(stores, projector, 'release', input);
