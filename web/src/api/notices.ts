// Quality notices: the list, one notice, raising drafts from a bad lot or a recall case, sending,
// links, answers and closing; and the customer's single-use link. The API owns the shapes; these
// are the web's copy (docs/notices.md).
import { path, query, request } from './client.ts';
import type { NarrowingCriteria } from './recall.ts';

export type NoticeKind = 'customer' | 'supplier';
export type NoticeStatus = 'draft' | 'sent' | 'acknowledged' | 'closed';
export const RECORDED_CHANNELS = ['phone', 'email', 'letter', 'meeting', 'other'] as const;
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

export interface QuantityLine {
  material: string | null;
  materialName: string | null;
  uom: string;
  qty: number;
}
export interface NoticeObject {
  id: string;
  code: string;
  material: string | null;
  materialName: string | null;
  shipments: string[];
}
export interface NoticeShipment {
  id: string;
  time: string;
  quantities: QuantityLine[];
}
export interface CustomerContent {
  kind: 'customer';
  customer: { id: string; name: string | null };
  shipments: NoticeShipment[];
  lots: NoticeObject[];
  units: NoticeObject[];
  containers: NoticeObject[];
  quantities: QuantityLine[];
}
export interface SupplierContent {
  kind: 'supplier';
  supplier: { id: string; name: string | null };
  lot: {
    id: string;
    code: string;
    material: string | null;
    materialName: string | null;
    supplierLot: string | null;
    receivedQty: number | null;
    uom: string | null;
  };
}
export interface NoticeAnswer {
  name: string;
  answer: string;
  channel: string;
  recordedBy: string | null;
  reason: string | null;
}
export type NoticeSource =
  { kind: 'lot'; lot: string; criteria: NarrowingCriteria | null } | { kind: 'recall'; caseId: string };

export interface NoticeSummary {
  id: string;
  batch: string;
  kind: NoticeKind;
  party: { id: string; name: string | null };
  title: string;
  root: { id: string; kind: string; code: string };
  status: NoticeStatus;
  raisedBy: string;
  raisedAt: string;
  sentAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  answeredAt: string | null;
  answer: NoticeAnswer | null;
  eightDCase: string | null;
  closedAt: string | null;
}
export interface NoticeLink {
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  state: 'open' | 'used' | 'revoked' | 'expired';
}
export interface Notice extends NoticeSummary {
  reason: string;
  source: NoticeSource | null;
  content: CustomerContent | SupplierContent;
  dueHours: number;
  sentBy: string | null;
  closedBy: string | null;
  closeReason: string | null;
  links: NoticeLink[];
  openEightD: string | null;
}
export interface IssuedLink {
  noticeId: string;
  token: string;
  path: string;
  expiresAt: string;
}
export interface PublicNotice {
  id: string;
  title: string;
  reason: string;
  customer: { id: string; name: string | null };
  sentAt: string;
  dueAt: string | null;
  shipments: NoticeShipment[];
  lots: NoticeObject[];
  units: NoticeObject[];
  containers: NoticeObject[];
  quantities: QuantityLine[];
  linkExpiresAt: string;
}

export interface NoticeFilter {
  status?: string;
  kind?: string;
  batch?: string;
  q?: string;
}
export interface RaiseInput {
  source: { kind: 'lot'; lot: string; criteria?: NarrowingCriteria } | { kind: 'recall'; caseId: string };
  title: string;
  reason: string;
  dueHours?: number;
}

export const listNotices = (f: NoticeFilter = {}) =>
  request<{ notices: NoticeSummary[] }>('GET', '/api/notices' + query({ ...f })).then((r) => r.notices);
export const noticesCsvUrl = (f: NoticeFilter = {}) => '/api/notices/export' + query({ format: 'csv', ...f });
export const getNotice = (id: string) => request<Notice>('GET', path`/api/notices/${id}`);
export const noticeEpcisUrl = (id: string) => path`/api/notices/${id}/epcis`;
export const raiseNotices = (b: RaiseInput) =>
  request<{ batch: string; notices: Notice[] }>('POST', '/api/notices', b);
export const sendBatch = (batch: string, expiresInDays?: number) =>
  request<{ batch: string; notices: Notice[]; links: IssuedLink[] }>(
    'POST',
    path`/api/notice-batches/${batch}/send`,
    expiresInDays ? { expiresInDays } : {},
  );
export const issueLink = (id: string, expiresInDays?: number) =>
  request<IssuedLink>('POST', path`/api/notices/${id}/links`, expiresInDays ? { expiresInDays } : {});
export const acknowledgeNotice = (id: string, b: { answer: string; name?: string }) =>
  request<Notice>('POST', path`/api/notices/${id}/acknowledge`, b);
export const recordAnswer = (
  id: string,
  b: { answeredBy: string; channel: string; answer: string; reason: string },
) => request<Notice>('POST', path`/api/notices/${id}/record`, b);
export const closeNotice = (id: string, reason: string) =>
  request<Notice>('POST', path`/api/notices/${id}/close`, { reason });

// The customer's link, signed out
export const publicNotice = (token: string) =>
  request<PublicNotice>('GET', path`/api/public/notices/${token}`);
export const acknowledgeByLink = (token: string, b: { name: string; answer: string }) =>
  request<{ id: string; acknowledgedAt: string }>('POST', path`/api/public/notices/${token}/acknowledge`, b);
