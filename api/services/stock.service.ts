// Material status of the lots in the plant: the state each is in (quarantine, released,
// conditionally released, on hold, rejected, …), what is left of it, its expiry, its age and
// its deviation. The state rule is domain/object-state.ts; docs/material-status.md explains it.
import { z } from 'zod';
import {
  daysToExpiry,
  deviationExpired,
  isExpired,
  lotUsage,
  objectState,
  type ObjectState,
} from '../../domain/object-state.ts';
import { lotFactRows, stockLotKeys, type LotFactsRow } from '../../cypher/stock.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { parseInput } from '../validation.ts';

/** One lot as the stock list and the interlocks see it. */
export interface StockLot {
  id: string;
  key: string;
  code: string;
  material: string | null;
  materialName: string | null;
  supplier: string | null;
  supplierName: string | null;
  /** the state now (a hold comes first), see domain/object-state.ts */
  state: ObjectState;
  /** the state it would have without its hold */
  baseState: ObjectState;
  /** the raw CBV disposition */
  status: string | null;
  uom: string | null;
  /** received + produced */
  quantity: number;
  consumed: number;
  shipped: number;
  remaining: number;
  location: string | null;
  locationName: string | null;
  receivedAt: string | null;
  productionDate: string | null;
  /** whole days since it was received, while it waits in quarantine */
  quarantineDays: number | null;
  expiry: string | null;
  expired: boolean;
  /** whole days to the expiry day (0 on it, negative once expired), null without an expiry */
  expiresInDays: number | null;
  decision: string | null;
  decisionTime: string | null;
  decisionBy: string | null;
  deviationReason: string | null;
  deviationUntil: string | null;
  deviationExpired: boolean;
  hold: { since: string | null; by: string | null; reason: string | null; caseId: string | null } | null;
  /** may be issued to production now: in the plant, released (or within its deviation or made here), not held, not expired */
  usable: boolean;
}

const EPSILON = 1e-6;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const LEAVING = new Set(['in_transit', 'retail_sold']);
const GONE: ReadonlySet<ObjectState> = new Set(['destroyed', 'shipped', 'consumed']);
const USABLE: ReadonlySet<ObjectState> = new Set(['released', 'conditional', 'active']);

/** A lot's facts read into its material status at `asOf` (ISO 8601). */
export function stockLotOf(r: LotFactsRow, asOf: string): StockLot {
  const received = r.receivedQty;
  const produced = r.producedQty;
  const usage = lotUsage({ received, produced, consumed: r.consumedQty, shipped: r.shippedQty });
  const made = received + produced;
  const remaining = r.status === 'destroyed' ? 0 : Math.max(0, round6(made - r.consumedQty - r.shippedQty));
  // A shipment's disposition (in_transit) lands on the whole lot; a lot partly shipped with
  // stock left is still here, so its state comes from its other facts (docs/holds.md).
  const status = remaining > EPSILON && LEAVING.has(r.status ?? '') ? null : (r.status ?? null);
  const facts = {
    kind: r.kind,
    status,
    held: r.held,
    received: r.received,
    inspected: r.inspected,
    decision: r.decision ?? null,
    deviationUntil: r.deviationUntil ?? null,
    asOf,
    ...usage,
  };
  const state = objectState(facts);
  const baseState = objectState({ ...facts, held: false });
  const expiry = r.expiry ?? null;
  const expired = isExpired(expiry, asOf);
  const receivedAt = r.receivedAt ?? null;
  const deviationUntil = r.decision === 'conditional_release' ? (r.deviationUntil ?? null) : null;
  return {
    id: r.id,
    key: r.key,
    code: r.code,
    material: r.material ?? null,
    materialName: r.materialName ?? null,
    supplier: r.supplier ?? null,
    supplierName: r.supplierName ?? null,
    state,
    baseState,
    status: r.status ?? null,
    uom: r.uom ?? null,
    quantity: round6(made),
    consumed: round6(r.consumedQty),
    shipped: round6(r.shippedQty),
    remaining,
    location: r.location ?? null,
    locationName: r.locationName ?? null,
    receivedAt,
    productionDate: r.productionDate ?? null,
    quarantineDays:
      baseState === 'quarantine' && receivedAt
        ? Math.max(0, Math.floor((Date.parse(asOf) - Date.parse(receivedAt)) / 86_400_000))
        : null,
    expiry,
    expired,
    expiresInDays: expiry ? daysToExpiry(expiry, asOf) : null,
    decision: r.decision ?? null,
    decisionTime: r.decisionTime ?? null,
    decisionBy: r.decisionBy ?? null,
    deviationReason: r.decision === 'conditional_release' ? (r.deviationReason ?? null) : null,
    deviationUntil,
    deviationExpired: r.decision === 'conditional_release' && deviationExpired(deviationUntil, asOf),
    hold: r.held
      ? {
          since: r.holdSince ?? null,
          by: r.holdBy ?? null,
          reason: r.holdReason ?? null,
          caseId: r.holdCase ?? null,
        }
      : null,
    usable: isInPlant(remaining, state) && USABLE.has(state) && !expired,
  };
}

/** Something of it is still here: not used up, shipped or destroyed. */
const isInPlant = (remaining: number, state: ObjectState) => remaining > EPSILON && !GONE.has(state);
export const inPlant = (l: StockLot) => isInPlant(l.remaining, l.state);

/** The lots by canonical key, read at `asOf` (unknown keys are left out). */
export async function stockLots(graph: GraphStore, keys: string[], asOf: string): Promise<StockLot[]> {
  return (await lotFactRows(graph, keys)).map((r) => stockLotOf(r, asOf));
}

/** Every lot of a material (or of all, null) that may still be in the plant, read at `asOf`. */
export async function materialLots(graph: GraphStore, material: string | null, asOf: string) {
  return stockLots(graph, await stockLotKeys(graph, material), asOf);
}

export const STOCK_VIEWS = [
  'quarantine',
  'conditional',
  'deviation_expired',
  'on_hold',
  'rejected',
  'released',
  'active',
  'expired',
  'expiring',
] as const;
export type StockView = (typeof STOCK_VIEWS)[number];

const filters = z.object({
  state: z.enum(STOCK_VIEWS, { error: `must be one of ${STOCK_VIEWS.join(', ')}` }).optional(),
  material: z.string().trim().min(1, 'must not be blank').max(1000).optional(),
  days: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(0, 'must be 0 or more')
    .max(3650, 'must be at most 3650')
    .optional(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).optional(),
});
export type StockFilters = z.output<typeof filters>;

/** Checks the query of `GET /api/stock`: state (a state, expired or expiring), material, days, at. */
export const parseStockFilters = (query: unknown): StockFilters => parseInput(filters, query, 'stock filter');

export interface StockAnswer {
  asOf: string;
  /** `expiring` means: expires within this many days from `asOf` (not yet expired) */
  expiringWithinDays: number;
  /** each with the views it shows in (its state, and expired or expiring) */
  lots: (StockLot & { views: StockView[] })[];
  /** how many lots in the plant are in each view, before the filters */
  counts: Record<StockView, number>;
  /** materials of the lots in the plant, for the filter */
  materials: { id: string; name: string | null; lots: number }[];
}

const STATE_ORDER: ObjectState[] = [
  'quarantine',
  'deviation_expired',
  'conditional',
  'on_hold',
  'rejected',
  'released',
  'active',
];

/** Whether a lot shows in a view. */
export function inView(l: StockLot, view: StockView, days: number): boolean {
  if (view === 'expired') return l.expired;
  if (view === 'expiring') return !l.expired && l.expiresInDays !== null && l.expiresInDays <= days;
  return l.state === view;
}

/** The lots in the plant by state, with the filters applied; quarantine oldest first. */
export async function listStock(graph: GraphStore, f: StockFilters, now = new Date()): Promise<StockAnswer> {
  const asOf = f.at ? new Date(f.at).toISOString() : now.toISOString();
  const days = f.days ?? 30;
  const all = (await materialLots(graph, null, asOf)).filter(inPlant);
  const counts = Object.fromEntries(
    STOCK_VIEWS.map((v) => [v, all.filter((l) => inView(l, v, days)).length]),
  ) as Record<StockView, number>;
  const materials = new Map<string, { id: string; name: string | null; lots: number }>();
  for (const l of all) {
    if (!l.material) continue;
    const m = materials.get(l.material) ?? { id: l.material, name: l.materialName, lots: 0 };
    m.lots += 1;
    materials.set(l.material, m);
  }
  const lots = all
    .filter(
      (l) =>
        (f.material === undefined || l.material === f.material) && (!f.state || inView(l, f.state, days)),
    )
    .sort(
      (a, b) =>
        STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
        (a.receivedAt ?? a.productionDate ?? '').localeCompare(b.receivedAt ?? b.productionDate ?? '') ||
        a.code.localeCompare(b.code) ||
        a.id.localeCompare(b.id),
    )
    .map((l) => ({ ...l, views: STOCK_VIEWS.filter((v) => inView(l, v, days)) }));
  return {
    asOf,
    expiringWithinDays: days,
    lots,
    counts,
    materials: [...materials.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)),
  };
}
