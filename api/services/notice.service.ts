// Quality notices across the supply chain. From a bad lot (or a recall case's snapshotted scope)
// Lotgraph drafts one notice per affected customer, naming exactly that customer's shipments,
// lots, units, containers and quantities, and one to the lot's supplier, an 8D request. Drafts
// are the preview; sending opens (or links) the supplier's 8D case, notifies the supplier's users
// and issues each customer a single-use link (only its digest is stored) to acknowledge without
// an account. Quality may record an answer on a party's behalf; unanswered notices escalate once
// after their due time. Every change is audited in the transaction that makes it.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import { eightDById, listEightD } from '../../analytics/eightd.store.ts';
import {
  eventsOfNoticeObjects,
  insertNoticeLink,
  insertNotices,
  linksOfNotice,
  listNotices,
  markNoticeAnswered,
  markNoticeClosed,
  markNoticeEscalated,
  markNoticeSent,
  nextNoticeBatchSeq,
  noticeById,
  noticeLinkByHash,
  overdueNotices,
  revokeNoticeLinks,
  useNoticeLink,
  type NewNotice,
  type NoticeRow,
  type NoticeSummaryRow,
} from '../../analytics/notices.store.ts';
import { usersForNoticeOf } from '../../analytics/workflow.store.ts';
import { objectDetailRows } from '../../cypher/objects.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import {
  ackPathOf,
  DEFAULT_DUE_HOURS,
  DEFAULT_LINK_DAYS,
  linkActorOf,
  MAX_DUE_HOURS,
  MAX_LINK_DAYS,
  NOTICE_KINDS,
  NOTICE_STATUSES,
  noticeBatchIdOf,
  noticeIdOf,
  RECORDED_CHANNELS,
  type AnswerChannel,
  type NoticeKind,
  type NoticeStatus,
} from '../../domain/notices.ts';
import { actorOf, supplierScope, type Principal } from '../../domain/roles.ts';
import { digest, randomSecret } from '../auth/secrets.ts';
import type { Mailer } from '../mailer.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';
import { openEightD } from './eightd.service.ts';
import { epcisDocumentOfEvents } from './epcis-export.service.ts';
import { ESCALATION_ACTOR } from './escalation.service.ts';
import { getRecallCase } from './recall-case.service.ts';
import type { ExportFile } from './recall-export.service.ts';
import { narrowRecall, parseNarrowingCriteria, type NarrowingCriteria } from './recall-narrowing.service.ts';
import {
  recallScope,
  resolve,
  traceForward,
  type QuantityLine,
  type RecallScope,
  type TraceAnswer,
} from './trace.service.ts';
import { notifyInTx } from './workflow.service.ts';

// ---------------------------------------------------------------------------------------------
// Shapes the API answers with

export type NoticeSource =
  { kind: 'lot'; lot: string; criteria: NarrowingCriteria | null } | { kind: 'recall'; caseId: string };

/** A lot, unit or container a customer notice names, with the customer's shipments that carried it. */
export interface NoticeObject {
  id: string;
  code: string;
  material: string | null;
  materialName: string | null;
  /** the customer's shipments it reached (itself, in a container, or made into what shipped) */
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
  /** what the customer received of the scope, by material and unit of measure */
  quantities: QuantityLine[];
}
export interface SupplierContent {
  kind: 'supplier';
  supplier: { id: string; name: string | null };
  /** the supplier's lot found bad */
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
export type NoticeContent = CustomerContent | SupplierContent;

export interface NoticeAnswer {
  /** who answered, as they gave their name */
  name: string;
  answer: string;
  channel: AnswerChannel;
  /** quality's user who recorded it on the party's behalf, else null */
  recordedBy: string | null;
  /** why quality recorded it (recorded answers only) */
  reason: string | null;
}

export interface NoticeSummary {
  id: string;
  batch: string;
  kind: NoticeKind;
  party: { id: string; name: string | null };
  title: string;
  /** the bad lot the notices were raised from */
  root: { id: string; kind: string; code: string };
  status: NoticeStatus;
  raisedBy: string;
  raisedAt: string;
  sentAt: string | null;
  dueAt: string | null;
  /** sent, unanswered and past its due time */
  overdue: boolean;
  escalatedAt: string | null;
  answeredAt: string | null;
  answer: NoticeAnswer | null;
  /** a supplier notice's 8D case */
  eightDCase: string | null;
  closedAt: string | null;
}
export interface NoticeLinkView {
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  state: 'open' | 'used' | 'revoked' | 'expired';
}
export interface Notice extends NoticeSummary {
  reason: string;
  /** staff only: what it was raised from (a supplier's user gets null) */
  source: NoticeSource | null;
  content: NoticeContent;
  dueHours: number;
  sentBy: string | null;
  closedBy: string | null;
  closeReason: string | null;
  /** staff only: the customer links issued, newest first */
  links: NoticeLinkView[];
  /** a supplier notice's open 8D case on the lot, before sending links it (staff only) */
  openEightD: string | null;
}
/** A customer link's secret, answered once: at sending and when a new link is issued. */
export interface IssuedLink {
  noticeId: string;
  token: string;
  /** the web path the customer opens, signed out */
  path: string;
  expiresAt: string;
}
/** What a customer sees through its link: the notice, its shipments and objects, nothing else. */
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

// ---------------------------------------------------------------------------------------------
// Reading

const notFound = (id: string) =>
  new AppError('NOT_FOUND', `no notice is known as "${id}"`, { details: { noticeId: id } });

/** A notice the principal may see: a supplier's user only its supplier's sent notices (else 404). */
async function visibleNotice(db: DuckStore | DuckTx, p: Principal, id: string): Promise<NoticeRow> {
  const n = await noticeById(db, id);
  const scope = supplierScope(p);
  if (!n || (scope !== null && (n.kind !== 'supplier' || n.party_id !== scope || n.status === 'draft')))
    throw notFound(id);
  return n;
}

const summaryOf = (r: NoticeSummaryRow, now: string): NoticeSummary => ({
  id: r.notice_id,
  batch: r.batch_id,
  kind: r.kind,
  party: { id: r.party_id, name: r.party_name },
  title: r.title,
  root: JSON.parse(r.root) as NoticeSummary['root'],
  status: r.status,
  raisedBy: r.raised_by,
  raisedAt: r.raised_at,
  sentAt: r.sent_at,
  dueAt: r.due_at,
  overdue: r.status === 'sent' && r.due_at !== null && r.due_at < now,
  escalatedAt: r.escalated_at,
  answeredAt: r.answered_at,
  answer: r.answer === null ? null : (JSON.parse(r.answer) as NoticeAnswer),
  eightDCase: r.eightd_case,
  closedAt: r.closed_at,
});

const linkState = (
  l: { used_at: string | null; revoked_at: string | null; expires_at: string },
  now: string,
) => (l.used_at ? 'used' : l.revoked_at ? 'revoked' : l.expires_at <= now ? 'expired' : 'open');

/** One notice (404 for a supplier's user unless it is its supplier's sent notice). */
export async function getNotice(rt: Runtime, p: Principal, id: string, now = new Date()): Promise<Notice> {
  const db = rt.stores.duck;
  const r = await visibleNotice(db, p, id);
  const at = now.toISOString();
  const staff = supplierScope(p) === null;
  const root = JSON.parse(r.root) as NoticeSummary['root'];
  const links = staff ? await linksOfNotice(db, r.notice_id) : [];
  return {
    ...summaryOf(r, at),
    reason: r.reason,
    source: staff ? (JSON.parse(r.source) as NoticeSource) : null,
    content: JSON.parse(r.content) as NoticeContent,
    dueHours: r.due_hours,
    sentBy: r.sent_by,
    closedBy: r.closed_by,
    closeReason: r.close_reason,
    links: links.map((l) => ({
      issuedBy: l.issued_by,
      issuedAt: l.issued_at,
      expiresAt: l.expires_at,
      usedAt: l.used_at,
      revokedAt: l.revoked_at,
      state: linkState(l, at),
    })),
    openEightD:
      staff && r.kind === 'supplier' && r.status === 'draft'
        ? await openEightDOn(db, r.party_id, root.id, now)
        : null,
  };
}

const listQuery = z.object({
  status: z.enum(NOTICE_STATUSES).optional(),
  kind: z.enum(NOTICE_KINDS).optional(),
  batch: z.string().trim().max(100).optional(),
  party: z.string().trim().max(1000).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(300).optional(),
});

/** The notices the principal sees (a supplier's user: its supplier's sent notices), filtered. */
export async function listNoticeSummaries(
  db: DuckStore,
  p: Principal,
  query: unknown = {},
  now = new Date(),
): Promise<NoticeSummary[]> {
  const f = parseInput(listQuery, query, 'notice filter');
  const rows = await listNotices(db, {
    supplierId: supplierScope(p),
    status: f.status ?? null,
    kind: f.kind ?? null,
    batchId: f.batch || null,
    partyId: f.party || null,
  });
  const q = f.q?.toLowerCase();
  const at = now.toISOString();
  return rows
    .map((r) => summaryOf(r, at))
    .filter((n) => f.overdue === undefined || n.overdue === (f.overdue === 'true'))
    .filter(
      (n) =>
        !q ||
        n.id.toLowerCase().includes(q) ||
        n.title.toLowerCase().includes(q) ||
        (n.party.name ?? n.party.id).toLowerCase().includes(q) ||
        n.root.code.toLowerCase().includes(q),
    );
}

// ---------------------------------------------------------------------------------------------
// Raising: the drafts, computed from the recall scope

const required = (what: string, max = 2000) => z.string().trim().min(1, `is required: ${what}`).max(max);
const raiseBody = z.object({
  source: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('lot'),
      lot: required('the lot found bad (code, EPC or id)', 1000),
      criteria: z.unknown().optional(),
    }),
    z.object({ kind: z.literal('recall'), caseId: required('the recall case', 100) }),
  ]),
  title: required('a short title for the notices', 300),
  reason: required('what was found and what the party should do', 4000),
  dueHours: z.number().int().min(1).max(MAX_DUE_HOURS).optional(),
});

// A problem of the body's `source`, as a 400 naming it.
const sourceProblem = (field: string, reason: string, cause?: unknown) =>
  new AppError('INVALID_INPUT', 'the notices cannot be raised', {
    problems: [{ field: `source.${field}`, pointer: `/source/${field}`, reason }],
    cause,
  });

/** The scope the notices are raised from: the lot's (narrowed) recall scope, or a recall case's snapshot. */
async function scopeOf(rt: Runtime, source: z.output<typeof raiseBody>['source']) {
  if (source.kind === 'recall') {
    try {
      const rc = await getRecallCase(rt.stores.duck, source.caseId);
      return { scope: rc.scope, source: { kind: 'recall', caseId: rc.caseId } as NoticeSource };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND')
        throw sourceProblem('caseId', `no recall case is known as "${source.caseId}"`, err);
      throw err;
    }
  }
  let criteria: NarrowingCriteria | null = null;
  if (source.criteria !== undefined && source.criteria !== null) {
    try {
      criteria = parseNarrowingCriteria(source.criteria, '');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new AppError('INVALID_INPUT', 'the notices cannot be raised', {
        problems: err.problems.map((pr): Problem => ({
          ...pr,
          field: `source.criteria${pr.field && pr.field !== 'body' ? `.${pr.field}` : ''}`,
          pointer: `/source/criteria${pr.pointer === '/' ? '' : (pr.pointer ?? '')}`,
        })),
        cause: err,
      });
    }
  }
  try {
    const scope = criteria
      ? (await narrowRecall(rt.stores, source.lot, criteria)).scope
      : await recallScope(rt.stores.graph, source.lot);
    return { scope, source: { kind: 'lot', lot: scope.root.id, criteria } as NoticeSource };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      throw sourceProblem('lot', `no lot, unit or container is known as "${source.lot}"`, err);
    throw err;
  }
}

const overlaps = (a: string[], b: ReadonlySet<string>) => a.filter((x) => b.has(x));
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/**
 * The shipments each container of a scope went out in, its own or inside another container:
 * the scope names only the shipments that carried a container itself, so a case on a shipped
 * pallet takes the shipment from the path (in the forward trace's packing) between an object
 * the shipment carried and the container the shipment carried.
 */
export function containerShipments(scope: RecallScope, trace: TraceAnswer): Map<string, Set<string>> {
  const parents = new Map<string, string[]>();
  const carried = new Map<string, Set<string>>();
  for (const e of trace.edges) {
    if (e.type === 'PACKED_IN') parents.set(e.from, [...(parents.get(e.from) ?? []), e.to]);
    if (e.type === 'CARRIES') carried.set(e.from, (carried.get(e.from) ?? new Set()).add(e.to));
  }
  const out = new Map<string, Set<string>>();
  const mark = (c: string, s: string) => out.set(c, (out.get(c) ?? new Set()).add(s));
  for (const c of scope.containers) for (const s of c.shipments) mark(c.id, s);
  for (const o of [...scope.lots, ...scope.units])
    for (const s of (o['shipments'] as string[] | undefined) ?? []) {
      const took = carried.get(s);
      if (!took) continue;
      // every path upwards from the object to a container the shipment carried
      const walk = (at: string, path: string[]) => {
        if (path.length > 8) return;
        for (const up of parents.get(at) ?? []) {
          if (path.includes(up)) continue;
          if (took.has(up)) for (const c of [...path, up]) mark(c, s);
          walk(up, [...path, up]);
        }
      };
      walk(o.id, []);
    }
  return out;
}

/** One customer's part of a scope: its shipments and the objects that reached them. */
export function customerContent(
  scope: RecallScope,
  customer: RecallScope['customers'][number],
  shippedIn: Map<string, Set<string>>,
): CustomerContent {
  const mine = new Set(customer.shipments);
  const objects = (
    xs: ({ id: string } & Record<string, unknown>)[],
    shipments: (x: { id: string } & Record<string, unknown>) => string[],
  ): NoticeObject[] =>
    xs
      .map((x) => ({ x, shipments: overlaps(shipments(x), mine) }))
      .filter(({ shipments }) => shipments.length > 0)
      .map(({ x, shipments }) => ({
        id: x.id,
        code: str(x['code']) ?? x.id,
        material: str(x['material']),
        materialName: str(x['materialName']),
        shipments,
      }));
  const own = (x: Record<string, unknown>) => (x['shipments'] as string[] | undefined) ?? [];
  return {
    kind: 'customer',
    customer: { id: customer.id, name: customer.name },
    shipments: scope.shipments
      .filter((s) => mine.has(s.id))
      .map((s) => ({ id: s.id, time: s.time, quantities: s.quantities })),
    lots: objects(scope.lots, own),
    units: objects(scope.units, own),
    containers: objects(scope.containers, (c) => [...(shippedIn.get(c.id) ?? [])].sort()),
    quantities: customer.quantities,
  };
}

/** The suppliers of the scope's root, with what the supplier notice names of the lot. */
async function supplierContents(rt: Runtime, root: RecallScope['root']): Promise<SupplierContent[]> {
  const found = await resolve(rt.stores.graph, root.id);
  const [row] = await objectDetailRows(rt.stores.graph, found.key);
  if (!row) return [];
  const it = row.item;
  return row.suppliers.map((s) => ({
    kind: 'supplier',
    supplier: { id: s.id, name: s.name ?? null },
    lot: {
      id: found.id,
      code: found.code,
      material: str(it['material']),
      materialName: row.materialName ?? null,
      supplierLot: str(it['supplierLot']),
      receivedQty: num(it['receivedQty']),
      uom: str(it['uom']),
    },
  }));
}

/** The open 8D case of a supplier that concerns the lot, or null. */
async function openEightDOn(
  db: DuckStore,
  supplierId: string,
  lotId: string,
  now: Date,
): Promise<string | null> {
  for (const c of await listEightD(db, supplierId, now.toISOString())) {
    if (c.status !== 'open') continue;
    const full = await eightDById(db, c.case_id);
    if (full && (JSON.parse(full.lots) as string[]).includes(lotId)) return c.case_id;
  }
  return null;
}

export interface RaiseAnswer {
  batch: string;
  notices: Notice[];
}

/**
 * Raises the notices of a bad lot as drafts (the preview): one per customer its recall scope
 * reached (a recall case's snapshot when raised from a case; narrowed with criteria), naming
 * exactly that customer's shipments and objects, and one to each supplier of the lot. Audited
 * `notice.raise` per notice, the reason as the audit's reason.
 */
export async function raiseNotices(rt: Runtime, p: Principal, body: unknown): Promise<RaiseAnswer> {
  const b = parseInput(raiseBody, body, 'notices');
  const { scope, source } = await scopeOf(rt, b.source);
  const shippedIn = scope.customers.length
    ? containerShipments(scope, await traceForward(rt.stores.graph, scope.root.id))
    : new Map<string, Set<string>>();
  const customers = scope.customers.map((c) => customerContent(scope, c, shippedIn));
  const suppliers = await supplierContents(rt, scope.root);
  if (customers.length === 0 && suppliers.length === 0)
    throw sourceProblem(
      source.kind === 'recall' ? 'caseId' : 'lot',
      `${scope.root.code}: its scope reached no customer and it has no supplier, so there is no one to notify`,
    );
  const actor = actorOf(p);
  const raisedAt = new Date().toISOString();
  const year = Number(raisedAt.slice(0, 4));
  const dueHours = b.dueHours ?? DEFAULT_DUE_HOURS;
  const batch = await rt.stores.duck.transaction(async (tx) => {
    const seq = await nextNoticeBatchSeq(tx, year);
    const batch = noticeBatchIdOf(year, seq);
    const base = { batchId: batch, year, seq, title: b.title, reason: b.reason, source, dueHours };
    const rows: NewNotice[] = [
      ...suppliers.map((c, i) => ({
        ...base,
        noticeId: noticeIdOf(batch, 'supplier', i + 1),
        kind: 'supplier' as const,
        partyId: c.supplier.id,
        partyName: c.supplier.name,
        root: scope.root,
        content: c,
        raisedBy: actor,
        raisedAt,
      })),
      ...customers.map((c, i) => ({
        ...base,
        noticeId: noticeIdOf(batch, 'customer', i + 1),
        kind: 'customer' as const,
        partyId: c.customer.id,
        partyName: c.customer.name,
        root: scope.root,
        content: c,
        raisedBy: actor,
        raisedAt,
      })),
    ];
    await insertNotices(tx, rows);
    for (const n of rows)
      await appendAudit(tx, {
        actor,
        action: 'notice.raise',
        subject: n.noticeId,
        before: null,
        after: {
          batch,
          kind: n.kind,
          party: n.partyId,
          title: n.title,
          root: scope.root,
          source,
          dueHours,
          ...(n.kind === 'customer'
            ? {
                shipments: (n.content as CustomerContent).shipments.length,
                lots: (n.content as CustomerContent).lots.length,
                units: (n.content as CustomerContent).units.length,
                containers: (n.content as CustomerContent).containers.length,
              }
            : { lot: (n.content as SupplierContent).lot.id }),
        },
        reason: b.reason,
      });
    return batch;
  });
  return { batch, notices: await batchNotices(rt, p, batch) };
}

async function batchNotices(rt: Runtime, p: Principal, batch: string): Promise<Notice[]> {
  const rows = await listNotices(rt.stores.duck, {
    supplierId: supplierScope(p),
    status: null,
    kind: null,
    batchId: batch,
    partyId: null,
  });
  return Promise.all(rows.map((r) => getNotice(rt, p, r.notice_id)));
}

// ---------------------------------------------------------------------------------------------
// Sending and links

const linkBody = z.object({ expiresInDays: z.number().int().min(1).max(MAX_LINK_DAYS).optional() });

async function issueLinkInTx(
  tx: DuckTx,
  actor: string,
  noticeId: string,
  days: number,
  at: Date,
): Promise<IssuedLink> {
  const before = (await linksOfNotice(tx, noticeId)).filter(
    (l) => linkState(l, at.toISOString()) === 'open',
  ).length;
  await revokeNoticeLinks(tx, noticeId, at.toISOString());
  // 256 random bits: only the digest is stored, so the table cannot give a link away
  const token = randomSecret(32);
  const expiresAt = new Date(at.getTime() + days * 86_400_000).toISOString();
  await insertNoticeLink(tx, {
    tokenHash: digest(token),
    noticeId,
    issuedBy: actor,
    issuedAt: at.toISOString(),
    expiresAt,
  });
  await appendAudit(tx, {
    actor,
    action: 'notice.link',
    subject: noticeId,
    before: before ? { openLinks: before } : null,
    after: { expiresAt, revoked: before },
    reason: null,
  });
  return { noticeId, token, path: ackPathOf(token), expiresAt };
}

export interface SendAnswer {
  batch: string;
  notices: Notice[];
  /** each customer's single-use link: the secret is shown this once */
  links: IssuedLink[];
}

/**
 * Sends a batch's drafts: each gets its due time; a supplier notice opens an 8D case on the lot
 * for the supplier (or links its open one) and notifies the supplier's users; a customer notice
 * gets a single-use link. Audited `notice.send` and `notice.link`.
 */
export async function sendBatch(
  rt: Runtime,
  p: Principal,
  batch: string,
  body: unknown,
): Promise<SendAnswer> {
  const db = rt.stores.duck;
  const b = parseInput(linkBody, body, 'sending');
  const all = await listNotices(db, {
    supplierId: null,
    status: null,
    kind: null,
    batchId: batch,
    partyId: null,
  });
  if (all.length === 0)
    throw new AppError('NOT_FOUND', `no notice batch is known as "${batch}"`, { details: { batch } });
  const drafts = all.filter((n) => n.status === 'draft');
  if (drafts.length === 0)
    throw new AppError('CONFLICT', `the notices of ${batch} were sent already; nothing is left to send`, {
      details: { batch },
    });
  const now = new Date();
  // The 8D case first (its own audited transaction); a retry after a failure links it.
  const cases = new Map<string, string>();
  for (const d of drafts.filter((n) => n.kind === 'supplier')) {
    const full = (await noticeById(db, d.notice_id))!;
    const root = JSON.parse(full.root) as NoticeSummary['root'];
    const source = JSON.parse(full.source) as NoticeSource;
    const existing = await openEightDOn(db, d.party_id, root.id, now);
    cases.set(
      d.notice_id,
      existing ??
        (
          await openEightD(rt, p, {
            title: full.title,
            source: source.kind === 'recall' ? source : { kind: 'lot', lot: root.id },
            supplierId: d.party_id,
            description: `${full.notice_id}: ${full.reason}`,
          })
        ).id,
    );
  }
  const actor = actorOf(p);
  const links = await db.transaction(async (tx) => {
    const out: IssuedLink[] = [];
    for (const d of drafts) {
      const n = await noticeById(tx, d.notice_id);
      if (!n || n.status !== 'draft') continue; // sent or closed meanwhile
      const dueAt = new Date(now.getTime() + n.due_hours * 3_600_000).toISOString();
      const eightDCase = cases.get(n.notice_id) ?? null;
      await markNoticeSent(tx, {
        noticeId: n.notice_id,
        sentBy: actor,
        sentAt: now.toISOString(),
        dueAt,
        eightDCase,
      });
      await appendAudit(tx, {
        actor,
        action: 'notice.send',
        subject: n.notice_id,
        before: { status: 'draft' },
        after: { status: 'sent', kind: n.kind, party: n.party_id, dueAt, eightDCase },
        reason: null,
      });
      if (n.kind === 'supplier')
        await notifyInTx(
          tx,
          [
            {
              recipientUser: null,
              recipientRole: 'supplier',
              supplierId: n.party_id,
              text: `Quality notice ${n.notice_id} "${n.title}": please acknowledge by ${dueAt} (8D case ${eightDCase})`,
              link: `/notices/${n.notice_id}`,
              taskId: null,
            },
          ],
          now,
        );
      else out.push(await issueLinkInTx(tx, actor, n.notice_id, b.expiresInDays ?? DEFAULT_LINK_DAYS, now));
    }
    return out;
  });
  return { batch, notices: await batchNotices(rt, p, batch), links };
}

/** A sent customer notice's new single-use link; earlier open links stop working. Audited `notice.link`. */
export async function issueLink(rt: Runtime, p: Principal, id: string, body: unknown): Promise<IssuedLink> {
  const b = parseInput(linkBody, body, 'link');
  return rt.stores.duck.transaction(async (tx) => {
    const n = await visibleNotice(tx, p, id);
    if (n.kind !== 'customer')
      throw new AppError('CONFLICT', `${id} goes to a supplier, who answers in the portal: it has no link`, {
        details: { noticeId: id },
      });
    if (n.status !== 'sent') throw stateConflict(n, 'a link is issued for a sent notice');
    return issueLinkInTx(tx, actorOf(p), id, b.expiresInDays ?? DEFAULT_LINK_DAYS, new Date());
  });
}

const stateConflict = (n: NoticeRow, what: string) =>
  new AppError('CONFLICT', `${n.notice_id} is ${n.status}: ${what}`, {
    details: { noticeId: n.notice_id, status: n.status },
  });

// ---------------------------------------------------------------------------------------------
// Answers: the supplier in the portal, the customer through its link, or quality on their behalf

const answerText = required('the answer (e.g. "stock quarantined, 40 pieces")', 2000);
const portalBody = z.object({ answer: answerText, name: z.string().trim().max(200).optional() });
const linkAnswerBody = z.object({ name: required('your name', 200), answer: answerText });
const recordBody = z.object({
  answeredBy: required('who answered', 200),
  channel: z.enum(RECORDED_CHANNELS),
  answer: answerText,
  reason: required('why it is recorded on their behalf'),
});

async function answerInTx(
  tx: DuckTx,
  n: NoticeRow,
  actor: string,
  action: 'notice.acknowledge' | 'notice.record',
  answer: NoticeAnswer,
  at: Date,
): Promise<void> {
  await markNoticeAnswered(tx, n.notice_id, at.toISOString(), answer);
  await revokeNoticeLinks(tx, n.notice_id, at.toISOString());
  await appendAudit(tx, {
    actor,
    action,
    subject: n.notice_id,
    before: { status: 'sent' },
    after: { status: 'acknowledged', name: answer.name, answer: answer.answer, channel: answer.channel },
    reason: answer.reason,
  });
  await notifyInTx(
    tx,
    [
      {
        recipientUser: null,
        recipientRole: 'quality_engineer',
        supplierId: null,
        text: `Notice ${n.notice_id} was acknowledged by ${n.party_name ?? n.party_id} (${answer.name}, ${answer.channel}): ${answer.answer}`,
        link: `/notices/${n.notice_id}`,
        taskId: null,
      },
    ],
    at,
  );
}

/** A supplier's user acknowledges its supplier's sent notice in the portal. Audited `notice.acknowledge`. */
export async function acknowledgeNotice(
  rt: Runtime,
  p: Principal,
  id: string,
  body: unknown,
): Promise<Notice> {
  if (p.role !== 'supplier')
    throw new AppError(
      'FORBIDDEN',
      "only the supplier's users acknowledge in the portal; quality records an answer on their behalf",
      { details: { permission: 'notices:respond' } },
    );
  await visibleNotice(rt.stores.duck, p, id);
  const b = parseInput(portalBody, body, 'acknowledgement');
  await rt.stores.duck.transaction(async (tx) => {
    const n = await visibleNotice(tx, p, id);
    if (n.status !== 'sent') throw stateConflict(n, 'only a sent notice is acknowledged');
    await answerInTx(
      tx,
      n,
      actorOf(p),
      'notice.acknowledge',
      { name: b.name || p.displayName, answer: b.answer, channel: 'portal', recordedBy: null, reason: null },
      new Date(),
    );
  });
  return getNotice(rt, p, id);
}

/** Quality records a party's answer given otherwise (phone, e-mail …), with why. Audited `notice.record`. */
export async function recordAnswer(rt: Runtime, p: Principal, id: string, body: unknown): Promise<Notice> {
  await visibleNotice(rt.stores.duck, p, id);
  const b = parseInput(recordBody, body, 'answer');
  const actor = actorOf(p);
  await rt.stores.duck.transaction(async (tx) => {
    const n = await visibleNotice(tx, p, id);
    if (n.status !== 'sent') throw stateConflict(n, 'only a sent notice gets an answer');
    await answerInTx(
      tx,
      n,
      actor,
      'notice.record',
      { name: b.answeredBy, answer: b.answer, channel: b.channel, recordedBy: actor, reason: b.reason },
      new Date(),
    );
  });
  return getNotice(rt, p, id);
}

const closeBody = z.object({ reason: required('why the notice is closed') });

/** Closes a notice (a draft: discarded; a sent one: no answer is expected any more). Audited `notice.close`. */
export async function closeNotice(rt: Runtime, p: Principal, id: string, body: unknown): Promise<Notice> {
  await visibleNotice(rt.stores.duck, p, id);
  const b = parseInput(closeBody, body, 'closing');
  const actor = actorOf(p);
  await rt.stores.duck.transaction(async (tx) => {
    const n = await visibleNotice(tx, p, id);
    if (n.status === 'closed') throw stateConflict(n, 'it cannot be closed again');
    const at = new Date().toISOString();
    await markNoticeClosed(tx, { noticeId: id, closedBy: actor, closedAt: at, reason: b.reason });
    await revokeNoticeLinks(tx, id, at);
    await appendAudit(tx, {
      actor,
      action: 'notice.close',
      subject: id,
      before: { status: n.status },
      after: { status: 'closed' },
      reason: b.reason,
    });
  });
  return getNotice(rt, p, id);
}

// ---------------------------------------------------------------------------------------------
// The customer's link (no account): view and acknowledge, once

const INVALID_LINK =
  'this link is not valid: it may have been used already or have expired. Ask the sender for a new one';

/** The notice and link a token opens, or one 404 for every reason it does not (unknown, used, expired …). */
async function openLink(db: DuckStore | DuckTx, token: string, now: Date) {
  const invalid = () => new AppError('NOT_FOUND', INVALID_LINK);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalid();
  const hash = digest(token);
  const link = await noticeLinkByHash(db, hash);
  if (!link || linkState(link, now.toISOString()) !== 'open') throw invalid();
  const n = await noticeById(db, link.notice_id);
  if (!n || n.kind !== 'customer' || n.status !== 'sent') throw invalid();
  return { n, link, hash };
}

/** What the customer sees through its link: this notice's shipments and objects, nothing else. */
export async function noticeByToken(db: DuckStore, token: string, now = new Date()): Promise<PublicNotice> {
  const { n, link } = await openLink(db, token, now);
  const c = JSON.parse(n.content) as CustomerContent;
  return {
    id: n.notice_id,
    title: n.title,
    reason: n.reason,
    customer: c.customer,
    sentAt: n.sent_at!,
    dueAt: n.due_at,
    shipments: c.shipments,
    lots: c.lots,
    units: c.units,
    containers: c.containers,
    quantities: c.quantities,
    linkExpiresAt: link.expires_at,
  };
}

/** The customer acknowledges through its link, which is then used up. Audited `notice.acknowledge`. */
export async function acknowledgeByToken(
  db: DuckStore,
  token: string,
  body: unknown,
  now = new Date(),
): Promise<{ id: string; acknowledgedAt: string }> {
  await openLink(db, token, now);
  const b = parseInput(linkAnswerBody, body, 'acknowledgement');
  return db.transaction(async (tx) => {
    // again inside the write transaction: a link acknowledges once, however many try at once
    const { n, hash } = await openLink(tx, token, now);
    await useNoticeLink(tx, hash, now.toISOString());
    await answerInTx(
      tx,
      n,
      linkActorOf(n.notice_id),
      'notice.acknowledge',
      { name: b.name, answer: b.answer, channel: 'link', recordedBy: null, reason: null },
      now,
    );
    return { id: n.notice_id, acknowledgedAt: now.toISOString() };
  });
}

// ---------------------------------------------------------------------------------------------
// Escalation

const QUALITY = 'quality_engineer';
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface NoticeEscalationReport {
  escalated: { noticeId: string; dueAt: string }[];
  mailed: number;
  mailFailures: { noticeId: string; reason: string }[];
}

/**
 * Escalates every sent notice still unanswered at `now` past its due time, once: in-app
 * notifications to quality (and, for a supplier notice, to the supplier's users), an e-mail where
 * SMTP is configured, audited `notice.escalate`. The scheduler calls it with the clock.
 */
export async function escalateOverdueNotices(
  rt: Runtime,
  now: Date,
  mailer?: Mailer | null,
): Promise<NoticeEscalationReport> {
  const db = rt.stores.duck;
  const report: NoticeEscalationReport = { escalated: [], mailed: 0, mailFailures: [] };
  for (const n of await overdueNotices(db, now.toISOString())) {
    const text = `Unanswered since ${n.due_at}: notice ${n.notice_id} "${n.title}" to ${n.party_name ?? n.party_id}`;
    const recipients = [
      { recipientUser: null, recipientRole: QUALITY, supplierId: null },
      ...(n.kind === 'supplier'
        ? [{ recipientUser: null, recipientRole: 'supplier', supplierId: n.party_id }]
        : []),
    ];
    const done = await db.transaction(async (tx) => {
      const still = (await overdueNotices(tx, now.toISOString())).some((x) => x.notice_id === n.notice_id);
      if (!still) return false;
      await markNoticeEscalated(tx, n.notice_id, now.toISOString());
      await notifyInTx(
        tx,
        recipients.map((r) => ({ ...r, text, link: `/notices/${n.notice_id}`, taskId: null })),
        now,
      );
      await appendAudit(tx, {
        actor: ESCALATION_ACTOR,
        action: 'notice.escalate',
        subject: n.notice_id,
        before: { escalated: false },
        after: {
          escalated: true,
          dueAt: n.due_at,
          notified: recipients.map((r) => `${r.recipientRole}${r.supplierId ? ` of ${r.supplierId}` : ''}`),
        },
        reason: `unanswered at ${now.toISOString()}`,
      });
      return true;
    });
    if (!done) continue;
    report.escalated.push({ noticeId: n.notice_id, dueAt: n.due_at });
    if (!mailer) continue;
    try {
      const users = (
        await Promise.all(
          recipients.map((r) =>
            usersForNoticeOf(db, { userId: null, role: r.recipientRole, supplierId: r.supplierId }),
          ),
        )
      ).flat();
      const to = [
        ...new Set([...users.map((u) => u.username).filter((u) => ADDRESS.test(u)), ...mailer.extraTo]),
      ];
      if (to.length === 0) continue;
      await mailer.send({
        to,
        subject: `[Lotgraph] Unanswered notice: ${n.notice_id} ${n.title}`,
        text: `${text}\n\nOpen it: /notices/${n.notice_id}\n`,
      });
      report.mailed++;
    } catch (err) {
      report.mailFailures.push({
        noticeId: n.notice_id,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Exports

/** The objects (canonical keys) and shipments a notice names. */
export function namedBy(content: NoticeContent): { objects: string[]; shipments: string[] } {
  if (content.kind === 'supplier') return { objects: [content.lot.id], shipments: [] };
  return {
    objects: [...content.lots, ...content.units, ...content.containers].map((o) => o.id),
    shipments: content.shipments.map((s) => s.id),
  };
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * A notice as an EPCIS 2.0 document for a partner not on Lotgraph: the logged events that name its
 * objects and nothing else (a shipping event only of its shipments), with their master data.
 */
export async function noticeEpcis(
  rt: Runtime,
  p: Principal,
  id: string,
  now = new Date(),
): Promise<ExportFile> {
  const n = await visibleNotice(rt.stores.duck, p, id);
  const named = namedBy(JSON.parse(n.content) as NoticeContent);
  const rows = await eventsOfNoticeObjects(
    rt.stores.duck,
    [...new Set(named.objects.map(toCanonicalKey))],
    named.shipments,
  );
  const { document } = await epcisDocumentOfEvents(rt.stores.duck, rows, now);
  return {
    filename: `notice-${fileSafe(n.notice_id)}.epcis.jsonld`,
    contentType: 'application/ld+json',
    body: Buffer.from(JSON.stringify(document, null, 1)),
  };
}

const CSV_HEADERS = [
  'Notice',
  'Batch',
  'Kind',
  'Party',
  'Party name',
  'Title',
  'Lot',
  'Status',
  'Raised at',
  'Raised by',
  'Sent at',
  'Due at',
  'Overdue',
  'Escalated at',
  'Answered at',
  'Answered by',
  'Channel',
  'Answer',
  '8D case',
  'Closed at',
];

/** The notice list (as filtered) as CSV. */
export async function noticesCsv(db: DuckStore, p: Principal, query: unknown): Promise<ExportFile> {
  const rows = (await listNoticeSummaries(db, p, query)).map((n) => [
    n.id,
    n.batch,
    n.kind,
    n.party.id,
    n.party.name,
    n.title,
    n.root.code,
    n.status,
    n.raisedAt,
    n.raisedBy,
    n.sentAt,
    n.dueAt,
    n.overdue ? 'yes' : 'no',
    n.escalatedAt,
    n.answeredAt,
    n.answer?.name ?? null,
    n.answer?.channel ?? null,
    n.answer?.answer ?? null,
    n.eightDCase,
    n.closedAt,
  ]);
  return {
    filename: 'notices.csv',
    contentType: 'text/csv; charset=utf-8',
    body: Buffer.from(stringify([CSV_HEADERS, ...rows])),
  };
}
