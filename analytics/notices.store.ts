// Typed access to quality notices and their single-use links in DuckDB. No rules live here:
// api/services/notice.service.ts decides, and audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const none = z.object({});
const kind = z.enum(['customer', 'supplier']);
const status = z.enum(['draft', 'sent', 'acknowledged', 'closed']);

const noticeRow = z.object({
  notice_id: text,
  batch_id: text,
  kind,
  party_id: text,
  party_name: optText,
  title: text,
  reason: text,
  source: text,
  root: text,
  content: text,
  due_hours: sqlNumber,
  status,
  raised_by: text,
  raised_at: text,
  sent_by: optText,
  sent_at: optText,
  due_at: optText,
  eightd_case: optText,
  escalated_at: optText,
  answered_at: optText,
  answer: optText,
  closed_by: optText,
  closed_at: optText,
  close_reason: optText,
});
export type NoticeRow = z.output<typeof noticeRow>;

const summaryRow = noticeRow.pick({
  notice_id: true,
  batch_id: true,
  kind: true,
  party_id: true,
  party_name: true,
  title: true,
  root: true,
  status: true,
  raised_by: true,
  raised_at: true,
  sent_at: true,
  due_at: true,
  eightd_case: true,
  escalated_at: true,
  answered_at: true,
  answer: true,
  closed_at: true,
});
export type NoticeSummaryRow = z.output<typeof summaryRow>;

const linkRow = z.object({
  notice_id: text,
  issued_at: text,
  expires_at: text,
  used_at: optText,
  revoked_at: optText,
});
export type NoticeLinkRow = z.output<typeof linkRow>;

const nextSeq = defineQuery('notices/batch_next_seq', {
  params: z.object({ year: z.number().int() }),
  row: z.object({ seq: sqlNumber }),
});
const noticeGet = defineQuery('notices/notice_get', {
  params: z.object({ notice_id: text }),
  row: noticeRow,
});
const noticeList = defineQuery('notices/notice_list', {
  params: z.object({
    supplier_id: optText,
    status: optText,
    kind: optText,
    batch_id: optText,
    party_id: optText,
  }),
  row: summaryRow,
});
const noticeSend = defineQuery('notices/notice_send', {
  params: z.object({
    notice_id: text,
    sent_by: text,
    sent_at: text,
    due_at: text,
    eightd_case: optText,
  }),
  row: none,
});
const noticeAnswer = defineQuery('notices/notice_answer', {
  params: z.object({ notice_id: text, answered_at: text, answer: text }),
  row: none,
});
const noticeClose = defineQuery('notices/notice_close', {
  params: z.object({ notice_id: text, closed_by: text, closed_at: text, close_reason: text }),
  row: none,
});
const noticeOverdue = defineQuery('notices/notice_overdue', {
  params: z.object({ now: text }),
  row: z.object({
    notice_id: text,
    kind,
    party_id: text,
    party_name: optText,
    title: text,
    due_at: text,
  }),
});
const noticeMarkEscalated = defineQuery('notices/notice_mark_escalated', {
  params: z.object({ notice_id: text, at: text }),
  row: none,
});
const linkGet = defineQuery('notices/link_get', { params: z.object({ token_hash: text }), row: linkRow });
const linksOf = defineQuery('notices/links_of', {
  params: z.object({ notice_id: text }),
  row: z.object({
    issued_by: text,
    issued_at: text,
    expires_at: text,
    used_at: optText,
    revoked_at: optText,
  }),
});
const linkUse = defineQuery('notices/link_use', {
  params: z.object({ token_hash: text, at: text }),
  row: none,
});
const linksRevoke = defineQuery('notices/links_revoke', {
  params: z.object({ notice_id: text, at: text }),
  row: none,
});
const eventsOfNotice = defineQuery('notices/events_of_notice', {
  params: z.object({ keys: text, shipments: text }),
  row: z.object({ seq: sqlNumber, event_id: text, record_time: text, body: text }),
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** The next batch number of a year (inside the transaction that raises the batch). */
export const nextNoticeBatchSeq = async (tx: DuckTx, year: number) =>
  (await nextSeq.inTx(tx, { year }))[0]!.seq;
/** One notice with its content and answer (JSON text), or null. */
export const noticeById = async (db: Db, noticeId: string) =>
  (await run(noticeGet, db, { notice_id: noticeId }))[0] ?? null;

export interface NoticeFilter {
  /** only this supplier's sent supplier notices (a supplier's user), or null */
  supplierId: string | null;
  status: string | null;
  kind: string | null;
  batchId: string | null;
  partyId: string | null;
}
/** Notices newest batch first, filtered (at most 5,000). */
export const listNotices = (db: Db, f: NoticeFilter) =>
  run(noticeList, db, {
    supplier_id: f.supplierId,
    status: f.status,
    kind: f.kind,
    batch_id: f.batchId,
    party_id: f.partyId,
  });

export interface NewNotice {
  noticeId: string;
  batchId: string;
  year: number;
  seq: number;
  kind: 'customer' | 'supplier';
  partyId: string;
  partyName: string | null;
  title: string;
  reason: string;
  source: unknown;
  root: unknown;
  content: unknown;
  dueHours: number;
  raisedBy: string;
  raisedAt: string;
}
/** Stores new draft notices. */
export async function insertNotices(tx: DuckTx, ns: NewNotice[]): Promise<void> {
  await tx.append(
    'notices',
    ns.map((n) => [
      n.noticeId,
      n.batchId,
      n.year,
      n.seq,
      n.kind,
      n.partyId,
      n.partyName,
      n.title,
      n.reason,
      JSON.stringify(n.source),
      JSON.stringify(n.root),
      JSON.stringify(n.content),
      n.dueHours,
      'draft',
      n.raisedBy,
      n.raisedAt,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]),
  );
}

/** Marks a draft sent. */
export const markNoticeSent = async (
  tx: DuckTx,
  s: { noticeId: string; sentBy: string; sentAt: string; dueAt: string; eightDCase: string | null },
) =>
  void (await noticeSend.inTx(tx, {
    notice_id: s.noticeId,
    sent_by: s.sentBy,
    sent_at: s.sentAt,
    due_at: s.dueAt,
    eightd_case: s.eightDCase,
  }));
/** Records a sent notice's answer. */
export const markNoticeAnswered = async (tx: DuckTx, noticeId: string, at: string, answer: unknown) =>
  void (await noticeAnswer.inTx(tx, {
    notice_id: noticeId,
    answered_at: at,
    answer: JSON.stringify(answer),
  }));
/** Closes a notice. */
export const markNoticeClosed = async (
  tx: DuckTx,
  c: { noticeId: string; closedBy: string; closedAt: string; reason: string },
) =>
  void (await noticeClose.inTx(tx, {
    notice_id: c.noticeId,
    closed_by: c.closedBy,
    closed_at: c.closedAt,
    close_reason: c.reason,
  }));
/** Sent notices unanswered past their due time, not escalated yet. */
export const overdueNotices = (db: Db, now: string) => run(noticeOverdue, db, { now });
/** Marks a notice escalated. */
export const markNoticeEscalated = async (tx: DuckTx, noticeId: string, at: string) =>
  void (await noticeMarkEscalated.inTx(tx, { notice_id: noticeId, at }));

/** Stores a new link by the digest of its token. */
export async function insertNoticeLink(
  tx: DuckTx,
  l: { tokenHash: string; noticeId: string; issuedBy: string; issuedAt: string; expiresAt: string },
): Promise<void> {
  await tx.append('notice_links', [
    [l.tokenHash, l.noticeId, l.issuedBy, l.issuedAt, l.expiresAt, null, null],
  ]);
}
/** A link by the digest of its token, or null. */
export const noticeLinkByHash = async (db: Db, tokenHash: string) =>
  (await run(linkGet, db, { token_hash: tokenHash }))[0] ?? null;
/** A notice's links, newest first, without their digests. */
export const linksOfNotice = (db: Db, noticeId: string) => run(linksOf, db, { notice_id: noticeId });
/** Uses a link up. */
export const useNoticeLink = async (tx: DuckTx, tokenHash: string, at: string) =>
  void (await linkUse.inTx(tx, { token_hash: tokenHash, at }));
/** Revokes a notice's open links. */
export const revokeNoticeLinks = async (tx: DuckTx, noticeId: string, at: string) =>
  void (await linksRevoke.inTx(tx, { notice_id: noticeId, at }));

/**
 * The logged events a notice may pass on to a partner: each names some of the notice's objects
 * (canonical keys) and nothing else, and a shipping event is one of the notice's shipments.
 */
export const eventsOfNoticeObjects = (db: DuckStore, keys: string[], shipments: string[]) =>
  eventsOfNotice.all(db, { keys: JSON.stringify(keys), shipments: JSON.stringify(shipments) });
