// Material status calls and answer shapes: the lots in the plant by state (GET /api/stock), the
// issue check (POST /api/interlocks/issue-check), and the holds the stock page places (hold one
// lot, extend a hold to everything made from it, release). See docs/material-status.md.
import { query, request } from './client.ts';

export type StockState =
  | 'quarantine'
  | 'released'
  | 'conditional'
  | 'deviation_expired'
  | 'on_hold'
  | 'rejected'
  | 'shipped'
  | 'consumed'
  | 'destroyed'
  | 'active';

/** The views of the stock list: a state, or expired / expiring by expiry date. */
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

export interface StockLot {
  id: string;
  key: string;
  code: string;
  material: string | null;
  materialName: string | null;
  supplier: string | null;
  supplierName: string | null;
  state: StockState;
  baseState: StockState;
  status: string | null;
  uom: string | null;
  quantity: number;
  consumed: number;
  shipped: number;
  remaining: number;
  location: string | null;
  locationName: string | null;
  receivedAt: string | null;
  productionDate: string | null;
  quarantineDays: number | null;
  expiry: string | null;
  expired: boolean;
  expiresInDays: number | null;
  decision: string | null;
  decisionTime: string | null;
  decisionBy: string | null;
  deviationReason: string | null;
  deviationUntil: string | null;
  deviationExpired: boolean;
  hold: { since: string | null; by: string | null; reason: string | null; caseId: string | null } | null;
  usable: boolean;
}

export interface StockAnswer {
  asOf: string;
  expiringWithinDays: number;
  /** each with the views it shows in (its state, and expired or expiring) */
  lots: (StockLot & { views: StockView[] })[];
  counts: Record<StockView, number>;
  materials: { id: string; name: string | null; lots: number }[];
}

export interface InterlockReason {
  code: string;
  message: string;
  lot: string;
  better?: { id: string; code: string; receivedAt: string | null; expiry: string | null }[];
}
export interface IssueCheck {
  lot: { id: string; code: string; material: string | null; state: string; expiry: string | null } | null;
  refusals: InterlockReason[];
  warnings: InterlockReason[];
}

export interface HeldObject {
  id: string;
  kind: string;
  code: string;
}
export interface HoldAnswer {
  held: HeldObject[];
  alreadyHeld: HeldObject[];
  eventId: string | null;
}
export interface ReleaseAnswer {
  released: HeldObject[];
  notHeld: HeldObject[];
  eventId: string | null;
}

export const getStock = (f: { state?: string; material?: string; days?: string }) =>
  request<StockAnswer>('GET', `/api/stock${query(f)}`);
export const checkIssue = (lot: string, workOrder?: string) =>
  request<IssueCheck>('POST', '/api/interlocks/issue-check', workOrder ? { lot, workOrder } : { lot });
export const holdObject = (id: string, reason: string) =>
  request<HoldAnswer>('POST', '/api/holds', { items: [id], reason });
export const extendHold = (id: string, reason: string) =>
  request<HoldAnswer>('POST', '/api/holds/extend', { id, reason });
export const releaseObject = (id: string, reason: string) =>
  request<ReleaseAnswer>('POST', '/api/holds/release', { items: [id], reason });
