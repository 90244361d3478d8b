// The REST API over HTTP, on the real stores: capture, duplicates, bad input, trace, recall, health.
import { adminFetch } from '../support/auth.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { lot, unit } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer | undefined;
let base: string;

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t);
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const post = (body: unknown, type = 'application/ld+json') =>
  adminFetch(`${base}/api/events`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('REST API', () => {
  it('captures an EPCIS document, then answers duplicates on re-post', async () => {
    const doc = plantsDocument();
    const n = (doc['epcisBody'] as { eventList: unknown[] }).eventList.length;
    const first = await post(doc);
    expect(first.status).toBe(201);
    const r1 = (await first.json()) as { captured: string[]; duplicates: string[]; graph: string };
    expect(r1.captured).toHaveLength(n);
    expect(r1.graph).toBe('projected');
    const before = await logCounts(t.stores.duck);
    const again = await post(doc, 'application/json');
    expect(again.status).toBe(200);
    const r2 = (await again.json()) as { captured: string[]; duplicates: string[] };
    expect(r2.captured).toEqual([]);
    expect(r2.duplicates.sort()).toEqual([...r1.captured].sort());
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });

  it('refuses an invalid document with every problem and stores nothing', async () => {
    const before = await logCounts(t.stores.duck);
    const bad = plantsDocument() as { epcisBody: { eventList: Record<string, unknown>[] } };
    bad.epcisBody.eventList[0]!['action'] = 'CREATE';
    delete bad.epcisBody.eventList[3]!['eventTime'];
    const res = await post(bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; problems: { pointer: string; reason: string }[] };
    };
    expect(body.error.code).toBe('INVALID_EPCIS');
    expect(body.error.problems.map((p) => p.pointer)).toEqual([
      '/epcisBody/eventList/0/action',
      '/epcisBody/eventList/3/eventTime',
    ]);
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });

  it('refuses malformed JSON and other media types', async () => {
    const res = await post('{"type": "EPCISDocument",', 'application/json');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    expect((await post('<xml/>', 'text/plain')).status).toBe(415);
  });

  it('traces backward and forward by code', async () => {
    const back = await adminFetch(`${base}/api/trace/backward?id=ECU-4`);
    expect(back.status).toBe(200);
    const b = (await back.json()) as {
      root: { id: string };
      nodes: { id: string; kind: string; label: string }[];
      edges: { from: string; to: string; type: string }[];
    };
    expect(b.root.id).toBe(unit('ECU-4'));
    expect(
      b.nodes
        .filter((n) => n.kind === 'unit')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['B3', 'B3R', 'ECU-4']);
    expect(b.edges.find((e) => e.type === 'FEEDS' && e.from === unit('B3R'))).toMatchObject({
      to: unit('ECU-4'),
    });
    const fwd = await adminFetch(`${base}/api/trace/forward?id=${encodeURIComponent(lot('DOUGH-3'))}`);
    const f = (await fwd.json()) as { nodes: { id: string; kind: string }[] };
    expect(
      f.nodes
        .filter((n) => n.kind === 'lot')
        .map((n) => n.id)
        .sort(),
    ).toEqual([lot('BREAD-3'), lot('DOUGH-3')]);
  });

  it('traces forward in layers, and says which page parameter is wrong', async () => {
    const id = encodeURIComponent(lot('DOUGH-3'));
    const layers = (await (await adminFetch(`${base}/api/trace/forward/layers?id=${id}`)).json()) as {
      layers: { depth: number; objects: number }[];
    };
    expect(layers.layers).toEqual([
      { depth: 0, objects: 1, lots: 1, units: 0 },
      { depth: 1, objects: 1, lots: 1, units: 0 },
    ]);
    const page = await adminFetch(`${base}/api/trace/forward/layer?id=${id}&depth=1&limit=5`);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ depth: 1, offset: 0, limit: 5, total: 1 });
    for (const [query, field] of [
      ['', 'depth'],
      ['&depth=-1', 'depth'],
      ['&depth=x', 'depth'],
      ['&depth=0&limit=5001', 'limit'],
      ['&depth=0&offset=1.5', 'offset'],
    ] as const) {
      const res = await adminFetch(`${base}/api/trace/forward/layer?id=${id}${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; problems: { field: string }[] } };
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.problems.map((p) => p.field)).toEqual([field]);
    }
  });

  it('answers the recall scope', async () => {
    const res = await adminFetch(`${base}/api/recall?id=CAP-2`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as { customers: { id: string }[]; units: unknown[] };
    expect(r.customers.map((c) => c.id)).toEqual(['urn:lotgraph:party:OEM-B']);
    expect(r.units).toHaveLength(5);
  });

  it('answers 404 naming an unknown identifier, 400 without one', async () => {
    const res = await adminFetch(`${base}/api/trace/backward?id=LOT-404`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; id: string } };
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', id: 'LOT-404' });
    expect(body.error.message).toContain('LOT-404');
    expect((await adminFetch(`${base}/api/recall`)).status).toBe(400);
  });

  it('reports each store in health', async () => {
    const res = await adminFetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as {
      status: string;
      stores: { neo4j: { status: string }; duckdb: { status: string } };
      graphLag: number;
      eventLog: { events: number };
    };
    expect(h.status).toBe('ok');
    expect(h.stores.neo4j.status).toBe('up');
    expect(h.stores.duckdb.status).toBe('up');
    expect(h.graphLag).toBe(0);
    expect(h.eventLog.events).toBe(
      (plantsDocument()['epcisBody'] as { eventList: unknown[] }).eventList.length,
    );
  });
});
