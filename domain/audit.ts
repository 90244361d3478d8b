// The audit trail's hash chain: each entry holds the hash of the one before, so editing,
// removing or reordering a stored entry breaks the chain from that entry on.
import { createHash } from 'node:crypto';

export interface AuditFacts {
  /** who: a user, a token, or the part of Lotgraph that acted (`system:demo`) */
  actor: string;
  /** what kind of change: `events.capture`, `projections.rebuild`, … */
  action: string;
  /** what it changed: an object id, a document, a setting */
  subject: string;
  before: unknown;
  after: unknown;
  /** why, in the actor's words (required for holds and releases) */
  reason: string | null;
}

export interface AuditEntry extends AuditFacts {
  seq: number;
  /** ISO 8601 UTC */
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: object keys sorted at every level, so equal content hashes equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** The hash of an entry: SHA-256 over its content and the hash of the entry before it. */
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const content = [e.seq, e.at, e.actor, e.action, e.subject, e.before, e.after, e.reason, e.prevHash];
  return createHash('sha256').update(canonical(content)).digest('hex');
}

/** Chains new facts after the last entry (or the genesis). */
export function chainEntry(
  facts: AuditFacts,
  last: { seq: number; hash: string } | null,
  at: string,
): AuditEntry {
  const base = { ...facts, seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
  return { ...base, hash: auditHash(base) };
}

export type ChainCheck =
  { ok: true; entries: number } | { ok: false; entries: number; firstBroken: number; reason: string };

/**
 * Checks entries in order, continuing from `last` (null: from the genesis). Names the first
 * entry whose content does not match its hash, or that does not follow the one before.
 */
export function checkChain(entries: AuditEntry[], last: { seq: number; hash: string } | null): ChainCheck {
  let prev = last;
  for (const e of entries) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq)
      return {
        ok: false,
        entries: entries.length,
        firstBroken: expectedSeq,
        reason: `entry ${expectedSeq} is missing`,
      };
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH))
      return {
        ok: false,
        entries: entries.length,
        firstBroken: e.seq,
        reason: 'does not follow the entry before it',
      };
    if (auditHash(e) !== e.hash)
      return {
        ok: false,
        entries: entries.length,
        firstBroken: e.seq,
        reason: 'its content was changed after it was written',
      };
    prev = e;
  }
  return { ok: true, entries: entries.length };
}
