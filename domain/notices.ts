// Quality notices: when a supplier's lot is found bad, one notice goes to each affected customer
// (a recall notice naming that customer's shipments and objects) and one to the lot's supplier
// (an 8D request). Their ids, states and limits; the rules live in api/services/notice.service.ts.

export const NOTICE_KINDS = ['customer', 'supplier'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * draft: raised, not sent (staff only; the preview) · sent: waiting for the answer ·
 * acknowledged: answered (in the portal, through the link, or recorded by quality) · closed.
 */
export const NOTICE_STATUSES = ['draft', 'sent', 'acknowledged', 'closed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** How an answer reached the plant: the portal, the single-use link, or told to quality. */
export const ANSWER_CHANNELS = ['portal', 'link', 'phone', 'email', 'letter', 'meeting', 'other'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];
/** The channels quality may record an answer as (portal and link answers are the party's own). */
export const RECORDED_CHANNELS = ['phone', 'email', 'letter', 'meeting', 'other'] as const;

/** Hours from sending to the due time, unless the raise says otherwise. */
export const DEFAULT_DUE_HOURS = 48;
export const MAX_DUE_HOURS = 2160;
/** Days a customer's link stays valid, unless its issue says otherwise. */
export const DEFAULT_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 90;

/** The id of the notices raised together: QN-<year>-<number in the year, 4 digits or more>. */
export const noticeBatchIdOf = (year: number, seq: number) => `QN-${year}-${String(seq).padStart(4, '0')}`;
/** One notice of a batch: `-S1` the supplier's, `-C1`, `-C2`, … the customers' (by customer id). */
export const noticeIdOf = (batch: string, kind: NoticeKind, n: number) =>
  `${batch}-${kind === 'supplier' ? 'S' : 'C'}${n}`;

/** The web path a customer opens, signed out, with the single-use token. */
export const ackPathOf = (token: string) => `/ack/${token}`;
/** Audit actor of an acknowledgement given through a notice's link (the customer has no account). */
export const linkActorOf = (noticeId: string) => `link:${noticeId}`;
