// The consistency check against real stores: it agrees with a clean load, tells a graph that is
// only behind from one that lost something, finds a node deleted from Neo4j and a row doubled
// in DuckDB by name, and analytic rows under another event's position, and a rebuild makes it
// pass again. Also over HTTP, for staff only.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency, type CheckReport } from '../../etl/check.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';
import { doc, lot, party, receive, ship, transform } from '../builders/epcis.builder.ts';
import { bakery, electronics, masterData } from '../fixtures/plants.fixture.ts';

type Json = Record<string, unknown>;
let t: TestStores;
let server: TestServer;
const captured: string[] = [];

const capture = async (events: Json[], md: typeof masterData = [], project = true) => {
  const r = await ingestDocument(t.stores, t.projector, doc(events, md), { source: 'test', project });
  captured.push(...r.captured);
  return r;
};
const declared = (e: Json): Json => ({
  ...e,
  errorDeclaration: { declarationTime: '2025-03-05T00:00:00Z', reason: 'incorrect_data' },
});
const mixWrong = transform({
  op: 'MIX-W',
  t: 2,
  step: 'mixing',
  inLots: [[lot('FLOUR-W'), 10, 'KGM']],
  outLots: [[lot('DOUGH-W'), 12, 'KGM']],
});
const shipWrong = ship({
  shipment: 'SH-W',
  customer: party('CUST-W'),
  t: 4,
  lots: [[lot('DOUGH-W'), 1, 'KGM']],
});

const sha256Lines = (ids: string[]) =>
  createHash('sha256')
    .update(
      [...ids]
        .sort()
        .map((id) => `${id}\n`)
        .join(''),
    )
    .digest('hex');
const set = (r: CheckReport, what: string, store: string) =>
  r.sets.find((s) => s.what === what && s.store === store)!;
const failing = (r: CheckReport) => r.sets.filter((s) => !s.ok).map((s) => `${s.what}/${s.store}`);

beforeAll(async () => {
  t = await openTestStores();
  await capture([], masterData);
  await capture(bakery);
  await capture(electronics);
  // an event declared erroneous: the graph withdraws what it made, DuckDB keeps both rows
  await capture([
    receive({ lot: lot('FLOUR-W'), qty: 5, uom: 'KGM', supplier: party('MILL-W'), t: 0 }),
    mixWrong,
    shipWrong,
  ]);
  await capture([declared(mixWrong), declared(shipWrong)]);
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('lotgraph check', () => {
  it('agrees with a clean load: every set, the positions and the checkpoint', async () => {
    const r = await checkConsistency(t.stores);
    expect(failing(r)).toEqual([]);
    const entries = bakery.length + electronics.length + 5 + masterData.length;
    expect(r).toMatchObject({
      ok: true,
      consistent: true,
      log: {
        entries,
        events: bakery.length + electronics.length + 5,
        masterData: masterData.length,
        lastSeq: entries,
        gapFree: true,
      },
      graph: { checkpoint: entries, lag: 0 },
    });
    // the hash is SHA-256 over the sorted ids, one per line: worked out here from what ingest reported
    expect(set(r, 'events', 'duckdb').actual).toEqual({
      count: captured.length,
      sha256: sha256Lines(captured),
    });
    // the declared shipment and operation are gone from the graph, kept in DuckDB
    expect(set(r, 'shipments', 'neo4j').expected.count).toBe(
      set(r, 'shipments', 'duckdb').expected.count - 1,
    );
    expect(set(r, 'operations', 'neo4j').expected.count).toBe(
      set(r, 'operations', 'duckdb').expected.count - 1,
    );
  });

  it('tells a graph that is only behind from one that lost something', async () => {
    const late = await capture(
      [receive({ lot: lot('LATE-1'), qty: 1, uom: 'KGM', supplier: party('MILL-A'), t: 9 })],
      [],
      false,
    );
    expect(late.captured).toHaveLength(1);
    const behind = await checkConsistency(t.stores);
    expect(behind).toMatchObject({ ok: false, consistent: true, graph: { lag: 1 } });
    expect(failing(behind)).toEqual([]);
    await t.projector.catchUp();
    expect(await checkConsistency(t.stores)).toMatchObject({ ok: true, graph: { lag: 0 } });
  });

  it('finds a node deleted from the graph and a row doubled in DuckDB; a rebuild repairs both', async () => {
    const [flour] = (
      await t.stores.graph.run(
        'MATCH (i:Item {id: $id}) RETURN i.key AS key, i.kind AS kind',
        { id: lot('FLOUR-1') },
        'READ',
      )
    ).records.map((x) => ({ key: x.get('key') as string, kind: x.get('kind') as string }));
    expect(flour).toBeDefined();
    const links = (
      await t.stores.graph.run(
        'MATCH (i:Item {key: $key})<-[r:CONSUMED]-(o:Operation) RETURN o.id AS op, r.eventId AS eventId',
        { key: flour!.key },
        'READ',
      )
    ).records.map((x) => JSON.stringify(['CONSUMED', x.get('op'), flour!.key, x.get('eventId')]));
    expect(links.length).toBeGreaterThan(0);
    await t.stores.graph.run('MATCH (i:Item {key: $key}) DETACH DELETE i', { key: flour!.key }, 'WRITE');
    const doubled = captured[3]!;
    await t.stores.duck.transaction((tx) =>
      tx.run('INSERT INTO events SELECT * FROM events WHERE event_id = $id', { id: doubled }),
    );

    const broken = await checkConsistency(t.stores);
    expect(broken).toMatchObject({ ok: false, consistent: false });
    expect(failing(broken).sort()).toEqual(['events/duckdb', 'links/neo4j', 'objects/neo4j']);
    expect(set(broken, 'objects', 'neo4j')).toMatchObject({
      missing: [JSON.stringify([flour!.kind, flour!.key])],
      unexpected: [],
    });
    expect(set(broken, 'links', 'neo4j').missing.sort()).toEqual(links.sort());
    expect(set(broken, 'events', 'duckdb')).toMatchObject({ missing: [], unexpected: [doubled] });
    expect(set(broken, 'events', 'duckdb').actual.count).toBe(captured.length + 1);

    await rebuild(t.stores, t.projector, { actor: 'test' });
    const repaired = await checkConsistency(t.stores);
    expect(failing(repaired)).toEqual([]);
    expect(repaired.ok).toBe(true);
  });

  it("finds analytic rows filed under another event's position (decision 048); a rebuild repairs them", async () => {
    // An object row and an inspection row of two events moved to the position of another event:
    // joins by position would give them to that event.
    const [inspected] = await t.stores.duck.query(
      'SELECT event_id, object_key, seq FROM inspections ORDER BY seq, object_key LIMIT 1',
    );
    const [moved] = await t.stores.duck.query(
      `SELECT event_id, object_key, seq FROM event_objects WHERE seq <> $seq ORDER BY seq, object_key LIMIT 1`,
      { seq: Number(inspected!['seq']) },
    );
    const [other] = await t.stores.duck.query('SELECT max(seq) AS seq FROM events');
    await t.stores.duck.transaction(async (tx) => {
      await tx.run('UPDATE inspections SET seq = $to WHERE event_id = $id AND object_key = $key', {
        to: Number(other!['seq']),
        id: String(inspected!['event_id']),
        key: String(inspected!['object_key']),
      });
      await tx.run('UPDATE event_objects SET seq = $to WHERE event_id = $id AND object_key = $key', {
        to: Number(other!['seq']),
        id: String(moved!['event_id']),
        key: String(moved!['object_key']),
      });
    });
    const [rows] = await t.stores.duck.query(
      'SELECT count(*) AS n FROM event_objects WHERE event_id = $id AND object_key = $key',
      { id: String(moved!['event_id']), key: String(moved!['object_key']) },
    );

    const broken = await checkConsistency(t.stores);
    expect(failing(broken).sort()).toEqual(['eventObjects/duckdb', 'inspections/duckdb']);
    const eo = set(broken, 'eventObjects', 'duckdb');
    expect(eo.expected.count - eo.actual.count).toBe(Number(rows!['n']));
    expect(set(broken, 'inspections', 'duckdb')).toMatchObject({
      missing: [JSON.stringify([inspected!['event_id'], inspected!['object_key']])],
      unexpected: [],
    });

    await rebuild(t.stores, t.projector, { actor: 'test' });
    expect(failing(await checkConsistency(t.stores))).toEqual([]);
  });

  it('answers over HTTP for staff who read the audit trail, not for a supplier', async () => {
    const res = await adminFetch(`${server.base}/api/check`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as CheckReport;
    expect(body).toMatchObject({ ok: true, consistent: true, log: { events: captured.length } });
    const supplier = await tokenFor(server.base, 'supplier', { supplierId: party('MILL-A') });
    expect((await fetch(`${server.base}/api/check`, { headers: bearer(supplier) })).status).toBe(403);
  });
});
