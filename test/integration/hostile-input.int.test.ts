// Hostile and broken input over HTTP, on the real stores. Deeply nested JSON is refused before it
// is parsed, an oversized body before it is read, DTD entities before any is expanded; injection
// strings in identifiers and query parameters answer cleanly and change nothing; names every
// object has ("constructor") are plain names. Every refusal says what and where, and the log,
// the analytic tables and the graph are exactly as before (the consistency check's hashes).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJobsSettled } from '../../api/services/epcis-capture.service.ts';
import { checkConsistency, type CheckReport } from '../../etl/check.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, lot, party, receive, transform } from '../builders/epcis.builder.ts';
import { adminFetch, TEST_ADMIN_TOKEN } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer;
const INJECTIONS = [
  "FL-1' OR '1'='1",
  '"}) MATCH (n) DETACH DELETE n //',
  "'; DROP TABLE event_log; --",
  '$where',
  '*',
  '%',
  '../../etc/passwd',
  'constructor',
  '__proto__',
];
// what the stores hold, as the consistency check sums it up
const fingerprint = (r: CheckReport) => ({
  log: r.log,
  sets: r.sets.map((s) => [s.what, s.store, s.actual]),
});
let before: ReturnType<typeof fingerprint>;

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t);
  // objects whose codes are injection strings, captured as URIs (percent-encoded)
  const hostileLots = INJECTIONS.map((c) => lot(encodeURIComponent(c)));
  await ingestDocument(
    t.stores,
    t.projector,
    doc([
      ...hostileLots.map((l, i) => receive({ lot: l, qty: 1, uom: 'KGM', supplier: party('S-1'), t: i })),
      transform({
        op: 'MIX-H',
        t: 20,
        step: 'mixing',
        inLots: hostileLots.map((l): [string, number, string] => [l, 1, 'KGM']),
        outLots: [[lot('OUT-H'), 9, 'KGM']],
      }),
    ]),
    { source: 'test' },
  );
  before = fingerprint(await checkConsistency(t.stores));
});
afterAll(async () => {
  await captureJobsSettled();
  await server?.close();
  await t?.close();
});

const post = (path: string, body: string, type = 'application/json') =>
  adminFetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
const unchanged = async () => {
  const now = await checkConsistency(t.stores);
  expect(now.ok).toBe(true);
  expect(fingerprint(now)).toEqual(before);
};

describe('hostile input over HTTP', () => {
  it('refuses deeply nested JSON before parsing it, saying where, at every JSON door', async () => {
    const deep = `{"type":"EPCISDocument","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const single = await post('/epcis/events', deep);
    expect(single.status).toBe(400);
    expect(await single.json()).toMatchObject({
      type: 'epcisException:ValidationException',
      title: expect.stringMatching(/^the JSON nests deeper than 64 levels/),
      problems: [{ line: 1, column: 28 + 64 }],
    });
    for (const path of ['/api/events', '/api/holds']) {
      const res = await post(path, deep);
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/^the JSON nests deeper than 64 levels \(line 1, column \d+\)/),
          problems: [
            { line: 1, column: 28 + 64, reason: expect.stringContaining('nests deeper than 64 levels') },
          ],
        },
      });
    }
    // the capture job of the EPCIS binding fails the same way, storing nothing
    const job = await post('/epcis/capture', deep);
    expect(job.status).toBe(202);
    await captureJobsSettled();
    const outcome = (await (await adminFetch(`${server.base}${job.headers.get('location')}`)).json()) as {
      success: boolean;
      errors: { type: string; problems: unknown[] }[];
    };
    expect(outcome).toMatchObject({
      success: false,
      errors: [{ type: 'epcisException:ValidationException', problems: [{ line: 1, column: 92 }] }],
    });
    await unchanged();
  });

  it('answers an oversized body with 413 before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${server.base}/api/events`);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
            'content-type': 'application/json',
            'content-length': String(200 * 1024 * 1024),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"type":"EPCISDocument"'); // 200 MB announced, a few bytes sent
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'INVALID_INPUT', message: 'the body is too large' },
    });
    await unchanged();
  });

  it('refuses DTD entities (billion laughs, an external file) in EPCIS XML before any is read', async () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"/>`;
    const xxe = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"/>`;
    for (const [xml, line] of [
      [laughs, 2],
      [xxe, 1],
    ] as const) {
      const job = await post('/epcis/capture', xml, 'application/xml');
      expect(job.status).toBe(202);
      await captureJobsSettled();
      const outcome = (await (
        await adminFetch(`${server.base}${job.headers.get('location')}`)
      ).json()) as unknown;
      expect(outcome).toMatchObject({
        success: false,
        errors: [
          {
            type: 'epcisException:ValidationException',
            problems: [{ line, column: 1, field: 'DOCTYPE', reason: expect.stringContaining('refused') }],
          },
        ],
      });
      expect(JSON.stringify(outcome)).not.toContain('root:');
    }
    await unchanged();
  });

  it('traces objects whose codes are injection strings, and answers injection strings as unknown ids', async () => {
    for (const code of INJECTIONS) {
      const id = lot(encodeURIComponent(code));
      const res = await adminFetch(`${server.base}/api/trace/forward?id=${encodeURIComponent(id)}`);
      expect(res.status, code).toBe(200);
      const body = (await res.json()) as { root: { id: string }; nodes: { id: string }[] };
      expect(body.root.id).toBe(id);
      expect(body.nodes.map((n) => n.id).sort()).toEqual([id, lot('OUT-H')].sort());
      const raw = await adminFetch(`${server.base}/api/trace/backward?id=${encodeURIComponent(`x${code}`)}`);
      expect(raw.status, code).toBe(404);
      expect(await raw.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    await unchanged();
  });

  it('answers injection strings in query parameters cleanly (found nothing, or a 400 naming the field)', async () => {
    const paths = (v: string) => [
      `/api/audit?actor=${v}&action=${v}`,
      `/epcis/events?EQ_bizStep=${v}&MATCH_epc=${v}`,
      `/api/analytics/suppliers/scorecard?period=month&supplier=${v}`,
      `/api/analytics/pareto?dimension=${v}`,
      `/api/analytics/pareto/items?dimension=code&value=${v}`,
      `/api/resolve?q=${v}`,
      `/api/objects/detail?id=${v}`,
      `/api/stock?state=${v}`,
      `/api/recall?id=${v}`,
    ];
    for (const code of INJECTIONS)
      for (const path of paths(encodeURIComponent(code))) {
        const res = await adminFetch(`${server.base}${path}`);
        expect([200, 400, 404], `${path} -> ${res.status}`).toContain(res.status);
        const text = await res.text();
        // no driver error or stack reaches the client (the value itself may be echoed back)
        expect(text, path).not.toMatch(/Neo\.ClientError|Binder Error|Parser Error|Catalog Error|\.ts:\d+/);
        if (res.status === 400)
          expect(JSON.parse(text), path).toHaveProperty(['error', 'problems', 0, 'field']);
      }
    await unchanged();
  });

  it('takes names every object has as plain names: a vocabulary "constructor" is stored and projected, an event type "valueOf" refused', async () => {
    const refused = await post(
      '/api/events',
      JSON.stringify(doc([{ type: 'valueOf', eventTime: '2025-01-01T00:00:00Z' }])),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { problems: [{ pointer: '/epcisBody/eventList/0/type', field: 'type' }] },
    });
    await unchanged();
    const md = await post(
      '/api/events',
      JSON.stringify(doc([], [{ type: 'constructor', id: 'urn:x:1', attrs: { 'lg:name': 'x' } }])),
    );
    expect(md.status).toBe(200);
    expect(await md.json()).toMatchObject({ masterData: { captured: 1 }, graph: 'projected' });
    const after = await checkConsistency(t.stores);
    expect(after).toMatchObject({ ok: true, log: { masterData: before.log.masterData + 1 } });
  });
});
