import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, chainEntry, checkChain, type AuditEntry } from './audit.ts';

const facts = (n: number) => ({
  actor: `user-${n}`,
  action: 'lot.hold',
  subject: `urn:lotgraph:lot:L-${n}`,
  before: { status: 'released' },
  after: { status: 'on_hold' },
  reason: `reason ${n}`,
});

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++)
    out.push(chainEntry(facts(i), out[out.length - 1] ?? null, `2025-01-0${i}T00:00:00.000Z`));
  return out;
}

describe('audit hash chain', () => {
  it('chains each entry to the one before, from the genesis', () => {
    const c = chain(3);
    expect(c.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c[0]!.prevHash).toBe(GENESIS_HASH);
    expect(c[1]!.prevHash).toBe(c[0]!.hash);
    expect(c[2]!.prevHash).toBe(c[1]!.hash);
    expect(checkChain(c, null)).toEqual({ ok: true, entries: 3 });
  });

  it('hashes content, not key order', () => {
    const e = chain(1)[0]!;
    const reordered = { ...e, after: { status: 'on_hold' }, before: { status: 'released' } };
    expect(auditHash(reordered)).toBe(e.hash);
    expect(auditHash({ ...e, after: { status: 'released' } })).not.toBe(e.hash);
  });

  it('names an entry whose content was edited', () => {
    const c = chain(4);
    c[1] = { ...c[1]!, reason: 'a better story' };
    expect(checkChain(c, null)).toMatchObject({
      ok: false,
      firstBroken: 2,
      reason: expect.stringContaining('changed'),
    });
  });

  it('names an entry rewritten with a fresh hash, because the next one no longer follows', () => {
    const c = chain(4);
    const forged = { ...c[1]!, actor: 'someone else' };
    c[1] = { ...forged, hash: auditHash(forged) };
    expect(checkChain(c, null)).toMatchObject({ ok: false, firstBroken: 3 });
  });

  it('names a removed entry', () => {
    const c = chain(4);
    c.splice(2, 1);
    expect(checkChain(c, null)).toMatchObject({ ok: false, firstBroken: 3, reason: 'entry 3 is missing' });
  });
});
