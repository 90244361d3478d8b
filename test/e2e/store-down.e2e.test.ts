// A store that is down: trace answers 503 naming Neo4j within a second or so (no hang), health
// says which store is down, capture and analytics keep working (the events wait in the log), and
// when Neo4j is back the graph catches up by itself, with no capture or restart to prompt it.
import { adminFetch } from '../support/auth.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../api/runtime.ts';
import { DuckStore } from '../../analytics/duckdb.ts';
import { logCounts } from '../../analytics/event-log.store.ts';
import { startLocalNeo4j, type RunningNeo4j } from '../../cypher/local-neo4j.ts';
import { GraphStore } from '../../cypher/neo4j.ts';
import { GraphProjector } from '../../etl/ingest.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let dir: string;
let neo: RunningNeo4j;
let port: number;
let rt: Runtime;
let projector: GraphProjector;
let server: TestServer | undefined;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-down-'));
  neo = await startLocalNeo4j({ dataDir: dir, boltPort: 0, heapMb: 512 });
  port = Number(new URL(neo.uri).port);
  const graph = await GraphStore.connect({ uri: neo.uri, user: neo.user, password: neo.password });
  const duck = await DuckStore.open(join(dir, 'lotgraph.duckdb'));
  const stores = { graph, duck };
  // retries after 200 ms, at most 1 s apart: the test waits seconds, not half a minute
  projector = new GraphProjector(stores, { retryMs: { first: 200, max: 1_000 } });
  rt = { stores, projector, localNeo4j: null, close: async () => undefined };
  server = await startTestServer(rt);
  base = server.base;
  await neo.stop(); // the graph store goes away while the API serves
});

afterAll(async () => {
  projector?.stop();
  await server?.close();
  await rt?.stores.graph.close();
  rt?.stores.duck.close();
  await neo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('with Neo4j down', () => {
  it('answers a trace with 503 naming the store, without query text, at once', async () => {
    const started = performance.now();
    const res = await adminFetch(`${base}/api/trace/backward?id=ANY`);
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; store: string; message: string } };
    expect(body.error).toMatchObject({ code: 'STORE_UNAVAILABLE', store: 'neo4j' });
    expect(body.error.message).not.toMatch(/MATCH|RETURN/);
    // promised: within a second; a generous bound for a shared machine, not a benchmark
    expect(ms).toBeLessThan(3_000);
  });

  it('answers GraphQL with 503 naming the store at once, once Neo4j is known to be away', async () => {
    const started = performance.now();
    const res = await adminFetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      errors: [
        { message: 'neo4j: the graph store is not reachable', extensions: { code: 'STORE_UNAVAILABLE' } },
      ],
    });
    expect(ms).toBeLessThan(3_000);
  });

  it('reports the store down in health', async () => {
    const res = await adminFetch(`${base}/api/health`);
    expect(res.status).toBe(503);
    const h = (await res.json()) as {
      status: string;
      stores: { neo4j: { status: string }; duckdb: { status: string } };
    };
    expect(h).toMatchObject({
      status: 'degraded',
      stores: { neo4j: { status: 'down' }, duckdb: { status: 'up' } },
    });
  });

  it('still captures events into the log, leaving the graph pending', async () => {
    const body = doc([receive({ lot: lot('LATE-1'), qty: 5, uom: 'KGM', supplier: party('S'), t: 0 })]);
    const res = await adminFetch(`${base}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ read: 1, graph: 'pending' });
    expect((await logCounts(rt.stores.duck)).events).toBe(1);
  });

  it('still answers analytics from DuckDB', async () => {
    const res = await adminFetch(`${base}/api/analytics/pareto?dimension=code`);
    expect(res.status).toBe(200);
  });

  it('catches the graph up by itself once Neo4j is back', async () => {
    neo = await startLocalNeo4j({ dataDir: dir, boltPort: port, heapMb: 512 });
    // nothing is captured, nothing restarted: the projector's own retries find Neo4j again
    await expect
      .poll(
        async () => {
          const h = (await (await adminFetch(`${base}/api/health`)).json()) as { graphLag?: number };
          return h.graphLag;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(0);
    const res = await adminFetch(`${base}/api/trace/forward?id=${encodeURIComponent(lot('LATE-1'))}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { root: { id: string } }).root.id).toBe(lot('LATE-1'));
  });
});
