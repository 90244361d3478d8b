// Typed access to the audit trail in DuckDB. Entries are chained inside the caller's write
// transaction, so a change and its audit entry land together or not at all.
import { z } from 'zod';
import {
  chainEntry,
  checkChain,
  type AuditEntry,
  type AuditFacts,
  type ChainCheck,
} from '../domain/audit.ts';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const optText = z.string().nullable();

const last = defineQuery('audit_last', {
  params: z.object({}),
  row: z.object({ seq: sqlNumber, hash: z.string() }),
});
const read = defineQuery('audit_read', {
  params: z.object({
    after: z.number().int(),
    limit: z.number().int().positive(),
    actor: optText,
    action: optText,
    subject: optText,
    from: optText,
    to: optText,
  }),
  row: z.object({
    seq: sqlNumber,
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    before: optText,
    after: optText,
    reason: optText,
    prev_hash: z.string(),
    hash: z.string(),
  }),
});

/** Appends one audit entry, chained after the newest, inside a write transaction. */
export async function appendAudit(tx: DuckTx, facts: AuditFacts): Promise<AuditEntry> {
  const [prev] = await last.inTx(tx, {});
  const e = chainEntry(facts, prev ?? null, new Date().toISOString());
  await tx.append('audit_log', [
    [e.seq, e.at, e.actor, e.action, e.subject, json(e.before), json(e.after), e.reason, e.prevHash, e.hash],
  ]);
  return e;
}

/** Records a change that touches nothing else in DuckDB (an export, a graph-side action). */
export const recordAudit = (db: DuckStore, facts: AuditFacts): Promise<AuditEntry> =>
  db.transaction((tx) => appendAudit(tx, facts));

/** The newest entry's position and hash (the head to anchor elsewhere), or null. */
export async function auditHead(db: DuckStore): Promise<{ seq: number; hash: string } | null> {
  return (await last.all(db, {}))[0] ?? null;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export interface AuditFilter {
  actor?: string;
  action?: string;
  subject?: string;
  /** ISO 8601; entries at or after */
  from?: string;
  /** ISO 8601; entries before */
  to?: string;
}

function toEntry(r: z.output<typeof read.row>): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    reason: r.reason,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Audit entries in order after a position, filtered. Times are compared in UTC. */
export async function readAudit(
  db: DuckStore,
  f: AuditFilter & { after?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const utc = (t: string | undefined) => (t === undefined ? null : new Date(t).toISOString());
  const rows = await read.all(db, {
    after: f.after ?? 0,
    limit: f.limit ?? 1000,
    actor: f.actor ?? null,
    action: f.action ?? null,
    subject: f.subject ?? null,
    from: utc(f.from),
    to: utc(f.to),
  });
  return rows.map(toEntry);
}

/** Verifies the whole chain, page by page; names the first broken entry. */
export async function verifyAudit(db: DuckStore): Promise<ChainCheck> {
  let prev: AuditEntry | null = null;
  let count = 0;
  for (;;) {
    const page = await readAudit(db, { after: prev?.seq ?? 0, limit: 10_000 });
    if (page.length === 0) return { ok: true, entries: count };
    const r = checkChain(page, prev);
    if (!r.ok) return { ...r, entries: count + r.entries };
    count += page.length;
    prev = page[page.length - 1]!;
  }
}
