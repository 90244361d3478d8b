// The recall workspace's calls and answer shapes: the scope with each object's state, narrowing
// with evidence, holds, exports, recall cases and mock-recall drills. The API owns the shapes;
// these are the web's copy (see the recall contract in docs/recall-workspace.md).
import { path, query, request } from './client.ts';
import type { QuantityLine } from './types.ts';

/** What an object is now; on_hold wins over every other state. */
export type ObjectState =
  'quarantine' | 'released' | 'on_hold' | 'rejected' | 'shipped' | 'consumed' | 'destroyed' | 'active';

/** The hold fields every lot, unit and container row carries. */
export interface HoldState {
  held?: boolean;
  holdSince?: string;
  holdBy?: string;
  holdReason?: string;
  holdCase?: string;
  state?: ObjectState;
}

/** Where an object is and what made it (absent in scopes snapshotted before they existed). */
interface Whereabouts {
  /** the business location of its latest event that named one */
  location?: string | null;
  locationName?: string | null;
  /** the work order of the operation that made it */
  workOrder?: string | null;
}

export interface ScopeLot extends HoldState, Whereabouts {
  id: string;
  code: string;
  material: string | null;
  materialName?: string | null;
  /** the raw CBV disposition */
  status: string | null;
  shipments: string[];
  uom: string | null;
  quantity: number;
  consumed: number;
  shipped: number;
  remaining: number;
  /** in_stock, wip, none */
  where: string;
}

export interface ScopeUnit extends HoldState, Whereabouts {
  id: string;
  code: string;
  material: string | null;
  materialName?: string | null;
  status: string | null;
  shipments: string[];
  /** in_stock, wip, shipped, consumed, destroyed */
  where: string;
}

export interface ScopeContainer extends HoldState {
  id: string;
  code: string;
  holdsNow: boolean;
  shipments: string[];
}

export interface ScopeShipment {
  id: string;
  time: string;
  customer: string | null;
  customerName: string | null;
  lots: number;
  units: number;
  quantities: QuantityLine[];
}

export interface ScopeCustomer {
  id: string;
  name: string | null;
  shipments: string[];
  quantities: QuantityLine[];
}

export interface ObjectRef {
  id: string;
  kind: string;
  code: string;
}

/** GET /api/recall: everything downstream of one object, with quantities. */
export interface Scope {
  root: ObjectRef;
  lots: ScopeLot[];
  units: ScopeUnit[];
  containers: ScopeContainer[];
  shipments: ScopeShipment[];
  customers: ScopeCustomer[];
  quantities: {
    inStock: QuantityLine[];
    wip: QuantityLine[];
    shipped: QuantityLine[];
    /** absent in scopes snapshotted before they existed */
    inStockByLocation?: LocationQuantities[];
    wipByWorkOrder?: WorkOrderQuantities[];
  };
}

export interface LocationQuantities {
  location: string | null;
  locationName: string | null;
  quantities: QuantityLine[];
}
export interface WorkOrderQuantities {
  workOrder: string | null;
  quantities: QuantityLine[];
}

export type ParameterOp = 'gt' | 'gte' | 'lt' | 'lte';

export interface NarrowingCriteria {
  from?: string;
  to?: string;
  lines?: string[];
  equipment?: string[];
  parameter?: {
    name: string;
    op: ParameterOp;
    value: number;
    step?: string;
    equipment?: string;
    /** YYYY-MM-DD */
    day?: string;
  };
  inputLot?: string;
}

export interface RemovedItem {
  id: string;
  kind: string;
  code: string;
  reason: string;
}

export interface ScopeCounts {
  lots: number;
  units: number;
  containers: number;
  shipments: number;
  customers: number;
}

/** POST /api/recall/narrow: the smaller scope, what it left out and why. */
export interface NarrowedScope {
  root: ObjectRef;
  criteria: NarrowingCriteria;
  scope: Scope;
  full: ScopeCounts;
  removed: {
    items: RemovedItem[];
    shipments: { id: string; customer: string | null; reason: string }[];
    customers: { id: string; name: string | null; reason?: string }[];
  };
  explanation: string[];
}

export interface HoldAnswer {
  held: ObjectRef[];
  alreadyHeld: ObjectRef[];
  eventId: string | null;
}

export interface ReleaseAnswer {
  released: ObjectRef[];
  notHeld: ObjectRef[];
  eventId: string | null;
}

export interface Hold {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  since: string;
  by: string;
  reason: string;
  caseId: string | null;
}

export interface RecallCaseSummary {
  caseId: string;
  title: string;
  root: ObjectRef;
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  openLines: number;
}

export interface AccountingLine {
  shipment: string;
  customer: string | null;
  customerName: string | null;
  material: string | null;
  materialName: string | null;
  uom: string;
  shipped: number;
  recovered: number;
  destroyed: number;
  consumed: number;
  open: number;
}

/** One recorded quantity against a shipment line. */
export interface RecallRecord {
  seq: number;
  shipment: string;
  material: string | null;
  uom: string;
  recovered: number;
  destroyed: number;
  consumed: number;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface RecallCase extends RecallCaseSummary {
  reason: string;
  criteria: NarrowingCriteria | null;
  scope: Scope;
  accounting: AccountingLine[];
  records: RecallRecord[];
  closedBy: string | null;
  closeReason: string | null;
}

export interface RecordInput {
  shipment: string;
  material: string | null;
  uom: string;
  recovered?: number;
  destroyed?: number;
  consumed?: number;
  note?: string;
}

export interface BalanceLine {
  lot: string;
  code: string;
  material: string | null;
  materialName: string | null;
  uom: string | null;
  received: number;
  produced: number;
  consumed: number;
  inStock: number;
  shipped: number;
  scrapped: number;
  counted: number | null;
  difference: number;
}

export interface Drill {
  drillId: string;
  root: ObjectRef;
  status: 'running' | 'confirmed';
  startedBy: string;
  startedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  durationSeconds: number | null;
  note: string | null;
  scope: Scope;
  balance: BalanceLine[];
  balanced: boolean;
}

export interface DrillSummary {
  drillId: string;
  root: ObjectRef;
  status: 'running' | 'confirmed';
  startedBy: string;
  startedAt: string;
  confirmedAt: string | null;
  durationSeconds: number | null;
  lots: number;
  customers: number;
  balanced: boolean;
}

export type ScopeTable = 'lots' | 'units' | 'containers' | 'shipments' | 'customers';

/** Criteria as the address and the export links carry them; '' when there are none. */
export const criteriaParam = (c: NarrowingCriteria | null): string =>
  c && Object.keys(c).length > 0 ? JSON.stringify(c) : '';

// The scope and narrowing
export const getScope = (id: string) => request<Scope>('GET', path`/api/recall?id=${id}`);
export const narrowScope = (id: string, criteria: NarrowingCriteria) =>
  request<NarrowedScope>('POST', '/api/recall/narrow', { id, criteria });

// Exports: plain links, the session cookie goes with them.
export const exportUrl = (
  id: string,
  format: 'csv' | 'xlsx' | 'epcis',
  table: ScopeTable | null,
  criteria: NarrowingCriteria | null,
) => `/api/recall/export${query({ id, format, table, criteria: criteriaParam(criteria) })}`;
export const fsma204Url = (id: string, format: 'csv' | 'xlsx', criteria: NarrowingCriteria | null) =>
  `/api/recall/fsma204${query({ id, format, criteria: criteriaParam(criteria) })}`;

// Holds
export const holdRecall = (id: string, criteria: NarrowingCriteria | null, reason: string) =>
  request<HoldAnswer>(
    'POST',
    '/api/holds',
    criteria ? { recall: id, criteria, reason } : { recall: id, reason },
  );
export const releaseHolds = (items: string[], reason: string) =>
  request<ReleaseAnswer>('POST', '/api/holds/release', { items, reason });
export const listHolds = (recall?: string) =>
  request<{ holds: Hold[] }>('GET', `/api/holds${query({ recall })}`);

// Recall cases
export const openCase = (body: { id: string; title: string; reason: string; criteria?: NarrowingCriteria }) =>
  request<RecallCase>('POST', '/api/recalls', body);
export const listCases = () => request<{ cases: RecallCaseSummary[] }>('GET', '/api/recalls');
export const getCase = (caseId: string) => request<RecallCase>('GET', path`/api/recalls/${caseId}`);
export const recordCase = (caseId: string, body: RecordInput) =>
  request<RecallCase>('POST', path`/api/recalls/${caseId}/records`, body);
export const closeCase = (caseId: string, reason: string) =>
  request<RecallCase>('POST', path`/api/recalls/${caseId}/close`, { reason });

// Mock-recall drills
export const startDrill = (id: string) => request<Drill>('POST', '/api/drills', { id });
export const listDrills = () => request<{ drills: DrillSummary[] }>('GET', '/api/drills');
export const getDrill = (drillId: string) => request<Drill>('GET', path`/api/drills/${drillId}`);
export const confirmDrill = (
  drillId: string,
  body: { counts?: { lot: string; qty: number }[]; note?: string },
) => request<Drill>('POST', path`/api/drills/${drillId}/confirm`, body);
