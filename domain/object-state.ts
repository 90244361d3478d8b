// The state a lot, unit or container is in, as people say it (quarantine, released, on hold, …),
// derived from facts the projections keep. The raw CBV disposition stays beside it as `status`.
// Pure: the same facts always give the same state. docs/holds.md explains the rule.
import type { ItemKind } from './trace-event.ts';

export const OBJECT_STATES = [
  'quarantine',
  'released',
  'conditional',
  'deviation_expired',
  'on_hold',
  'rejected',
  'shipped',
  'consumed',
  'destroyed',
  'active',
] as const;
export type ObjectState = (typeof OBJECT_STATES)[number];

/** What the state is derived from. */
export interface StateFacts {
  kind: ItemKind;
  /** the latest CBV disposition (short name), or null when no event set one */
  status: string | null;
  /** on hold now (the hold overlay, not a disposition) */
  held: boolean;
  /** entered the plant by receiving from a supplier (not made here) */
  received: boolean;
  /** at least one inspection is recorded for it */
  inspected: boolean;
  /** what is left of it went out on a shipment: nothing of it is in the plant */
  shipped: boolean;
  /** used up in production: nothing of it is left as itself */
  consumed: boolean;
  /**
   * the latest incoming-inspection decision (`lg:decision`, or read from an inspection's
   * disposition): release, reject or conditional_release; null or absent when none
   */
  decision?: string | null;
  /** a conditional release's deviation is valid through this day (YYYY-MM-DD, UTC) */
  deviationUntil?: string | null;
  /**
   * when the state is asked for (ISO 8601): a deviation runs out after its `until` day. Without
   * it a conditional release counts as still within its deviation.
   */
  asOf?: string | null;
}

// Dispositions that say the object is gone for good.
const GONE = new Set(['destroyed', 'disposed']);
// Dispositions that say the object is on its way out.
const LEAVING = new Set(['in_transit', 'retail_sold']);

/**
 * The state of an object, first rule that applies:
 * on hold; destroyed (disposition destroyed or disposed); rejected (non_conformant);
 * shipped (in_transit or retail_sold, or nothing left but what went out on a shipment);
 * consumed (used up in production); conditional (released under a deviation, decision
 * conditional_release) or deviation_expired (that deviation ran out before `asOf`); released
 * (conformant, or a release decision); quarantine (a received lot never inspected); otherwise
 * active. docs/material-status.md explains the rule.
 */
export function objectState(f: StateFacts): ObjectState {
  if (f.held) return 'on_hold';
  if (f.status !== null && GONE.has(f.status)) return 'destroyed';
  if (f.status === 'non_conformant' || f.decision === 'reject') return 'rejected';
  if ((f.status !== null && LEAVING.has(f.status)) || f.shipped) return 'shipped';
  if (f.consumed) return 'consumed';
  if (f.decision === 'conditional_release')
    return deviationExpired(f.deviationUntil ?? null, f.asOf ?? null) ? 'deviation_expired' : 'conditional';
  if (f.status === 'conformant' || f.decision === 'release') return 'released';
  if (f.kind === 'lot' && f.received && !f.inspected) return 'quarantine';
  return 'active';
}

/**
 * Whether a deviation valid through `until` (YYYY-MM-DD, UTC, inclusive) has run out at `asOf`.
 * A deviation without a day never runs out by date; without `asOf` nothing has run out.
 */
export function deviationExpired(until: string | null, asOf: string | null): boolean {
  if (!until || !asOf) return false;
  return asOf.slice(0, 10) > until.slice(0, 10);
}

/** Whether a lot whose expiry date is `expiry` (YYYY-MM-DD, usable through that day) is expired at `asOf`. */
export function isExpired(expiry: string | null, asOf: string): boolean {
  if (!expiry) return false;
  return asOf.slice(0, 10) > expiry.slice(0, 10);
}

/** Whole days from `asOf` to the expiry day (0 on the day itself, negative once expired). */
export function daysToExpiry(expiry: string, asOf: string): number {
  const day = (s: string) => Date.parse(`${s.slice(0, 10)}T00:00:00Z`);
  return Math.round((day(expiry) - day(asOf)) / 86_400_000);
}

/** A lot's quantities: what tells whether anything of it is still here. */
export interface LotQuantities {
  received: number;
  produced: number;
  consumed: number;
  shipped: number;
}

const EPSILON = 1e-6;

/**
 * Whether a lot is used up or gone out: nothing is left once consumption and shipments are
 * taken off; gone out when some of it was shipped, used up when none was.
 */
export function lotUsage(q: LotQuantities): { shipped: boolean; consumed: boolean } {
  const made = q.received + q.produced;
  const left = made - q.consumed - q.shipped;
  const nothingLeft = made > 0 && left <= EPSILON;
  return {
    shipped: nothingLeft && q.shipped > EPSILON,
    consumed: nothingLeft && q.shipped <= EPSILON && q.consumed > EPSILON,
  };
}
