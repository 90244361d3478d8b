// Holding stock: every object of a recall still in the plant, or objects named one by one, put
// on hold in one event (etl/holds.ts); release with a reason; the list of what is on hold.
import { z } from 'zod';
import { heldItemRows, itemStateRows, type ItemStateRow } from '../../cypher/holds.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import type { ItemKind } from '../../domain/trace-event.ts';
import { placeHold, releaseHold, type HoldTarget } from '../../etl/holds.ts';
import type { GraphProjector, Stores } from '../../etl/ingest.ts';
import { narrowRecall, type NarrowingCriteria } from './recall-narrowing.service.ts';
import { recallScope, resolve, type RecallScope } from './trace.service.ts';
import { parseInput } from '../validation.ts';

/** An object in a hold answer. */
export type HoldObject = HoldTarget;

export interface HoldAnswer {
  held: HoldObject[];
  alreadyHeld: HoldObject[];
  eventId: string | null;
}
export interface ReleaseAnswer {
  released: HoldObject[];
  notHeld: HoldObject[];
  eventId: string | null;
}
export interface HoldLine {
  id: string;
  kind: ItemKind;
  code: string;
  material: string | null;
  since: string | null;
  by: string | null;
  reason: string | null;
  caseId: string | null;
}

const MAX_ITEMS = 5_000;
const text = (what: string, max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : `must be ${what}`) })
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`);
const itemList = z
  .array(text('an identifier', 1000), {
    error: (i) => (i.input === undefined ? 'is required' : 'must be a list of identifiers'),
  })
  .min(1, 'must name at least one object')
  .max(MAX_ITEMS, `must name at most ${MAX_ITEMS} objects`);

const holdBody = z.object({
  recall: text('an identifier', 1000).optional(),
  criteria: z
    .record(z.string(), z.unknown(), { error: 'must be an object of narrowing criteria' })
    .optional(),
  items: itemList.optional(),
  reason: text('text', 2000),
  caseId: text('a recall case id', 200).optional(),
});
const releaseBody = z.object({ items: itemList, reason: text('text', 2000) });
const extendBody = z.object({ id: text('an identifier', 1000), reason: text('text', 2000) });

export type HoldRequest = z.output<typeof holdBody>;
export type ReleaseRequest = z.output<typeof releaseBody>;

/** Checks a hold request: exactly one of `recall` and `items`, a reason, criteria only with a recall. */
export function parseHoldRequest(body: unknown): HoldRequest {
  const req = parseInput(holdBody, body, 'hold');
  const problems: Problem[] = [];
  if ((req.recall === undefined) === (req.items === undefined))
    problems.push({
      field: 'recall',
      reason: 'give either recall (an identifier) or items (a list), not both',
    });
  if (req.criteria !== undefined && req.recall === undefined)
    problems.push({ field: 'criteria', reason: 'narrows a recall: give it with recall' });
  if (problems.length) throw new AppError('INVALID_INPUT', 'the hold is invalid', { problems });
  return req;
}

export const parseReleaseRequest = (body: unknown): ReleaseRequest =>
  parseInput(releaseBody, body, 'release');

export type ExtendRequest = z.output<typeof extendBody>;
export const parseExtendRequest = (body: unknown): ExtendRequest => parseInput(extendBody, body, 'hold');

/**
 * Extends a hold to everything made from an object: the object itself and every downstream lot,
 * unit and container still in the plant, held in one event with one audit entry (the recall-scope
 * hold: an unknown or ambiguous `id` names `id`). Already held ones are reported.
 */
export async function extendHold(
  stores: Stores,
  projector: GraphProjector,
  req: ExtendRequest,
  actor: string,
): Promise<HoldAnswer> {
  try {
    return await holdStock(stores, projector, { recall: req.id, reason: req.reason }, actor, {
      extendedFrom: req.id,
    });
  } catch (err) {
    if (err instanceof AppError && err.problems.some((p) => p.field === 'recall'))
      throw new AppError(err.code, err.message, {
        cause: err,
        problems: err.problems.map((p) => (p.field === 'recall' ? { ...p, field: 'id' } : p)),
        details: err.details,
      });
    throw err;
  }
}

const KIND_ORDER: Record<ItemKind, number> = { lot: 0, unit: 1, container: 2 };
const byKindAndId = (a: HoldObject, b: HoldObject) =>
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id);
const objectOf = (r: ItemStateRow): HoldObject => ({ id: r.id, kind: r.kind, code: r.code });

/**
 * Resolves identifiers to objects; an unknown or ambiguous one is a problem naming its place in
 * the list. Ids as trace answers give them are found in one query; only the rest (codes, supplier
 * lot numbers) are looked up one by one.
 */
async function resolveItems(stores: Stores, ids: string[]): Promise<string[]> {
  const candidates = ids.map(toCanonicalKey);
  const known = new Set((await itemStateRows(stores.graph, [...new Set(candidates)])).map((r) => r.key));
  const keys: string[] = [];
  const problems: Problem[] = [];
  for (const [n, id] of ids.entries()) {
    if (known.has(candidates[n]!)) {
      keys.push(candidates[n]!);
      continue;
    }
    try {
      keys.push((await resolve(stores.graph, id)).key);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'NOT_FOUND' && err.code !== 'CONFLICT')) throw err;
      problems.push({ field: `items.${n}`, reason: err.message });
    }
  }
  if (problems.length)
    throw new AppError('INVALID_INPUT', 'some of the objects are not known or not unique', { problems });
  return [...new Set(keys)];
}

/** The recall scope of an identifier, narrowed when criteria are given; a bad identifier names `recall`. */
async function scopeOf(stores: Stores, recall: string, criteria?: NarrowingCriteria): Promise<RecallScope> {
  try {
    return criteria
      ? (await narrowRecall(stores, recall, criteria)).scope
      : await recallScope(stores.graph, recall);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'CONFLICT'))
      throw new AppError(err.code, err.message, {
        cause: err,
        problems: [{ field: 'recall', reason: err.message }],
        details: err.details,
      });
    throw err;
  }
}

/**
 * What of a recall scope is still in the plant: lots with something left (in stock or WIP),
 * units in stock or WIP, containers holding scope objects now (shipped ones are left out later).
 */
export function inPlant(scope: RecallScope): string[] {
  const here = (r: Record<string, unknown>) => r['where'] === 'in_stock' || r['where'] === 'wip';
  return [
    ...scope.lots.filter(here).map((l) => l.id),
    ...scope.units.filter(here).map((u) => u.id),
    ...scope.containers.filter((c) => c.holdsNow && c.shipments.length === 0).map((c) => c.id),
  ];
}

/** Puts a recall's in-plant objects, or the named objects, on hold; already held ones are reported. */
export async function holdStock(
  stores: Stores,
  projector: GraphProjector,
  req: HoldRequest,
  actor: string,
  /** further facts for the audit entry */
  extra: Record<string, unknown> = {},
): Promise<HoldAnswer> {
  let keys: string[];
  let subject: string;
  let details: Record<string, unknown> = {};
  if (req.recall !== undefined) {
    const criteria = req.criteria as NarrowingCriteria | undefined;
    const scope = await scopeOf(stores, req.recall, criteria);
    keys = [...new Set(inPlant(scope).map(toCanonicalKey))];
    subject = scope.root.id;
    details = { recall: scope.root.id, criteria: criteria ?? null };
  } else {
    keys = await resolveItems(stores, req.items!);
    subject = keys.length === 1 ? keys[0]! : `${keys.length} objects`;
  }
  const rows = await itemStateRows(stores.graph, keys);
  // A container a shipment took away (itself or inside another) is no longer in the plant.
  const candidates = rows.filter(
    (r) => !(req.recall !== undefined && r.kind === 'container' && r.reachedShipment),
  );
  const alreadyHeld = candidates
    .filter((r) => r.held)
    .map(objectOf)
    .sort(byKindAndId);
  const toHold = candidates
    .filter((r) => !r.held)
    .map(objectOf)
    .sort(byKindAndId);
  if (toHold.length === 0) return { held: [], alreadyHeld, eventId: null };
  if (req.items !== undefined) subject = toHold.length === 1 ? toHold[0]!.id : `${toHold.length} objects`;
  const r = await placeHold(stores, projector, {
    items: toHold,
    reason: req.reason,
    actor,
    caseId: req.caseId ?? null,
    subject,
    details: { ...details, ...extra },
  });
  return { held: toHold, alreadyHeld, eventId: r.eventId };
}

/** Releases held objects with a reason; objects not on hold are reported and left alone. */
export async function releaseStock(
  stores: Stores,
  projector: GraphProjector,
  req: ReleaseRequest,
  actor: string,
): Promise<ReleaseAnswer> {
  const keys = await resolveItems(stores, req.items);
  const rows = await itemStateRows(stores.graph, keys);
  const release = rows
    .filter((r) => r.held)
    .map(objectOf)
    .sort(byKindAndId);
  const notHeld = rows
    .filter((r) => !r.held)
    .map(objectOf)
    .sort(byKindAndId);
  if (release.length === 0) return { released: [], notHeld, eventId: null };
  const r = await releaseHold(stores, projector, {
    items: release,
    reason: req.reason,
    actor,
    subject: release.length === 1 ? release[0]!.id : `${release.length} objects`,
  });
  return { released: release, notHeld, eventId: r.eventId };
}

/** Everything on hold now, oldest first; with `recall`, only objects of that identifier's recall scope. */
export async function listHolds(stores: Stores, recall?: string): Promise<{ holds: HoldLine[] }> {
  let rows = await heldItemRows(stores.graph);
  if (recall !== undefined) {
    const scope = await scopeOf(stores, recall);
    const ids = new Set([...scope.lots, ...scope.units, ...scope.containers].map((o) => o.id));
    rows = rows.filter((r) => ids.has(r.id));
  }
  return {
    holds: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      code: r.code,
      material: r.material ?? null,
      since: r.since ?? null,
      by: r.by ?? null,
      reason: r.reason ?? null,
      caseId: r.caseId ?? null,
    })),
  };
}
