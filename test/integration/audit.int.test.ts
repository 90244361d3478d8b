// The audit trail on the real DuckDB file: captures and rebuilds are recorded with who, what,
// before and after; re-sending changes nothing and records nothing; an edited entry is found.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAudit } from '../../analytics/audit.store.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import { doc } from '../builders/epcis.builder.ts';
import { bakery, electronics } from '../fixtures/plants.fixture.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer | undefined;
let base: string;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, doc(bakery), { source: 'file:bakery.json', actor: 'cli:qa' });
  await ingestDocument(t.stores, t.projector, doc(electronics), { source: 'api', actor: 'api' });
  await ingestDocument(t.stores, t.projector, doc(bakery), { source: 'file:bakery.json', actor: 'cli:qa' }); // all duplicates
  await rebuild(t.stores, t.projector, { actor: 'cli:ops' });
  server = await startTestServer(t);
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('audit trail', () => {
  it('records each capture and the rebuild, and nothing for a duplicate document', async () => {
    const entries = await readAudit(t.stores.duck);
    expect(entries.map((e) => [e.seq, e.actor, e.action, e.subject])).toEqual([
      [1, 'cli:qa', 'events.capture', 'file:bakery.json'],
      [2, 'api', 'events.capture', 'api'],
      [3, 'cli:ops', 'projections.rebuild', 'graph, analytic tables'],
    ]);
    expect(entries[0]).toMatchObject({
      before: { logSeq: 0 },
      after: { logSeq: bakery.length, events: bakery.length, masterData: 0 },
    });
    expect(entries[1]).toMatchObject({
      before: { logSeq: bakery.length },
      after: { logSeq: bakery.length + electronics.length, events: electronics.length },
    });
  });

  it('filters by action and actor over HTTP', async () => {
    const res = await adminFetch(`${base}/api/audit?action=events.capture&actor=api`);
    const body = (await res.json()) as { entries: { seq: number }[]; next: number | null };
    expect(body.entries.map((e) => e.seq)).toEqual([2]);
    expect(body.next).toBeNull();
    const bad = await adminFetch(`${base}/api/audit?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems[0]!.field,
    ).toBe('from');
  });

  it('exports the filtered trail as evidence for auditors only, and records the export', async () => {
    const auditor = await tokenFor(base, 'auditor');
    const qe = await tokenFor(base, 'quality_engineer');
    expect((await fetch(`${base}/api/audit/export`, { headers: bearer(qe) })).status).toBe(403);

    const res = await fetch(`${base}/api/audit/export?format=csv&action=events.capture`, {
      headers: bearer(auditor),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="lotgraph-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    const [metaLine, ...csv] = text.split('\n');
    const meta = JSON.parse(metaLine!.slice(2)) as {
      chain: { ok: boolean };
      head: { seq: number; hash: string };
    };
    const rows = parse(csv.join('\n'), { columns: true }) as Record<string, string>[];
    const expected = await readAudit(t.stores.duck, { action: 'events.capture' });
    expect(rows.map((r) => [Number(r['seq']), r['actor'], r['subject'], r['hash']])).toEqual(
      expected.map((e) => [e.seq, e.actor, e.subject, e.hash]),
    );
    expect(JSON.parse(rows[0]!['after']!)).toEqual(expected[0]!.after);
    expect(meta.chain.ok).toBe(true);
    const all = await readAudit(t.stores.duck, {});
    const exportEntry = all.at(-1)!;
    expect(exportEntry.action).toBe('audit.export');
    expect(exportEntry.actor).toMatch(/^user:auditor-/);
    expect(exportEntry.after).toEqual({ format: 'csv', filter: { action: 'events.capture' } });
    // the head named in the export is the export's own record, to anchor elsewhere
    expect(meta.head).toEqual({ seq: exportEntry.seq, hash: exportEntry.hash });

    const jsonl = await fetch(`${base}/api/audit/export?format=jsonl`, { headers: bearer(auditor) });
    const lines = (await jsonl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq?: number });
    expect(lines.slice(1).map((l) => l.seq)).toEqual([...all.map((e) => e.seq), exportEntry.seq + 1]);
  });

  it('verifies the chain, then finds an entry edited in the store', async () => {
    const n = (await readAudit(t.stores.duck, {})).length;
    expect(await verifyAudit(t.stores.duck)).toEqual({ ok: true, entries: n });
    // Someone with file access rewrites who did the first capture.
    await t.stores.duck.transaction((tx) =>
      tx.run(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1`),
    );
    expect(await verifyAudit(t.stores.duck)).toMatchObject({ ok: false, firstBroken: 1 });
    const res = await adminFetch(`${base}/api/audit/verify`);
    expect(await res.json()).toMatchObject({
      ok: false,
      firstBroken: 1,
      reason: 'its content was changed after it was written',
    });
  });
});
