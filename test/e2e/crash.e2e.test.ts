// Crash safety with real processes: `lotgraph start` (with its own local Neo4j) is killed with
// SIGKILL, Node and the Neo4j JVM together, in the middle of a DuckDB write to the event log, in
// the middle of a projection into Neo4j, in the middle of a many-file import, and in the middle
// of a CSV bundle imported in streams (batches in one open transaction), then started
// again. Every acknowledged event is in the log exactly once, no half batch is ever visible, the
// graph catches up by itself and answers as a clean load does, and re-sending what was not
// acknowledged adds nothing twice. The kill points are exact: the process waits at a named fault
// point (etl/fault-point.ts) until the test kills it, so nothing depends on timing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallScope, traceBackward, traceForward } from '../../api/services/trace.service.ts';
import type { CheckReport } from '../../etl/check.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  container,
  doc,
  inspect,
  lot,
  pack,
  party,
  receive,
  ship,
  transform,
  unit,
} from '../builders/epcis.builder.ts';
import { writeCsvBundle } from '../../etl/demo/csv-bundle.generator.ts';
import { bakery, electronics, masterData } from '../fixtures/plants.fixture.ts';
import { adminFetch, TEST_ADMIN_TOKEN } from '../support/auth.ts';
import {
  childEnv,
  freePort,
  killGroup,
  lotgraphChild,
  startServerChild,
  type Child,
} from '../support/child-process.ts';
import { openTestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;
const A = doc(bakery, masterData);
const B = doc(electronics);
const C1 = doc([
  receive({ lot: lot('FLOUR-X'), qty: 200, uom: 'KGM', supplier: party('MILL-A'), t: 30 }),
  transform({
    op: 'MIX-X',
    t: 31,
    step: 'mixing',
    inLots: [
      [lot('FLOUR-X'), 50, 'KGM'],
      [lot('ADD-1'), 1, 'KGM'],
    ],
    outLots: [[lot('DOUGH-X'), 60, 'KGM']],
  }),
]);
const C2 = doc([
  transform({
    op: 'BAKE-X',
    t: 32,
    step: 'baking',
    inLots: [[lot('DOUGH-X'), 60, 'KGM']],
    outLots: [[lot('BREAD-X'), 100, 'EA']],
  }),
  pack({ parent: container('CASE-X'), t: 33, lots: [[lot('BREAD-X'), 100, 'EA']] }),
]);
const C3 = doc([
  inspect({ target: lot('BREAD-X'), t: 34, kind: 'final', result: 'pass' }),
  ship({ shipment: 'SH-X', customer: party('CUST-A'), t: 35, epcs: [container('CASE-X')] }),
]);
const eventsOf = (d: Json) => ((d['epcisBody'] as Json)['eventList'] as unknown[]).length;

let dir: string;
let port: number;
let base: string;
let server: Child | null = null;
let files: string[];

const post = (d: Json) =>
  adminFetch(`${base}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(d),
  });
const check = async (): Promise<CheckReport> =>
  (await (await adminFetch(`${base}/api/check`)).json()) as CheckReport;
const kill = async () => {
  if (server) await killGroup(server, dir);
  server = null;
};

// What the crash-recovered server answers, beside what a clean in-process load answers.
const QUESTIONS: [kind: 'backward' | 'forward' | 'recall', id: string][] = [
  ['backward', unit('ECU-2')],
  ['forward', lot('FLOUR-1')],
  ['recall', 'ADD-1'],
  ['forward', lot('FLOUR-X')],
  ['backward', container('CASE-X')],
];
const sortTrace = (a: { nodes: { id: string }[]; edges: unknown[] }) => ({
  ...a,
  nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
  edges: a.edges.map((e) => JSON.stringify(e)).sort(),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-crash-'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  files = [C1, C2, C3].map((d, i) => {
    const f = join(dir, `c${i + 1}.json`);
    writeFileSync(f, JSON.stringify(d));
    return f;
  });
});
afterAll(async () => {
  if (server) {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

// Each case restarts the server (and the CLI) several times: minutes on a busy machine.
describe('crash safety', { timeout: 300_000 }, () => {
  it('killed inside the DuckDB write of a capture: the half-written batch is never visible and is gone after the restart', async () => {
    server = await startServerChild(dir, port, { LOTGRAPH_TEST_FAULT_POINT: 'log-commit:2' });
    const first = await post(A);
    expect(first.status).toBe(201);
    const pending = post(B).then(
      (r) => r.status,
      () => 'no answer',
    );
    await server.waitFor(/^LOTGRAPH_FAULT_POINT log-commit 2$/);
    // B's rows are in DuckDB's open transaction: another connection does not see them.
    const during = await check();
    expect(during).toMatchObject({ ok: true, log: { events: eventsOf(A), gapFree: true } });
    await kill();
    expect(await pending).toBe('no answer');
  });

  it('killed inside the Neo4j transaction of a projection: the log keeps the re-sent batch, the graph catches up at start', async () => {
    server = await startServerChild(dir, port, { LOTGRAPH_TEST_FAULT_POINT: 'graph-commit:1' });
    const after = await check();
    expect(after).toMatchObject({
      ok: true,
      log: { events: eventsOf(A), masterData: masterData.length, gapFree: true },
    });
    // The unacknowledged B is sent again; it is logged, and the server dies projecting it.
    const pending = post(B).then(
      (r) => r.status,
      () => 'no answer',
    );
    await server.waitFor(/^LOTGRAPH_FAULT_POINT graph-commit 1$/);
    await kill();
    expect(await pending).toBe('no answer');

    server = await startServerChild(dir, port);
    const caughtUp = await check();
    expect(caughtUp.sets.filter((s) => !s.ok)).toEqual([]);
    expect(caughtUp).toMatchObject({
      ok: true,
      log: { events: eventsOf(A) + eventsOf(B), gapFree: true },
      graph: { lag: 0 },
    });
    // Sent a third time: every event is known, nothing is added.
    const again = await post(B);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ read: eventsOf(B), captured: [], graph: 'projected' });
    expect((await check()).log.events).toBe(eventsOf(A) + eventsOf(B));
    await kill();
  });

  it('killed in the middle of a many-file import: the files before it stay, running the import again adds only the rest', async () => {
    server = await startServerChild(dir, port, { LOTGRAPH_TEST_FAULT_POINT: 'log-commit:2' });
    const cliEnv = childEnv(dir, port, { LOTGRAPH_TOKEN: TEST_ADMIN_TOKEN });
    const importing = lotgraphChild(['import', ...files], cliEnv);
    await server.waitFor(/^LOTGRAPH_FAULT_POINT log-commit 2$/);
    await kill();
    expect(await importing.exited).toBe(1);

    server = await startServerChild(dir, port);
    expect(await check()).toMatchObject({
      ok: true,
      log: { events: eventsOf(A) + eventsOf(B) + eventsOf(C1), gapFree: true },
    });
    const rerun = lotgraphChild(['import', ...files], cliEnv);
    expect(await rerun.exited).toBe(0);
    expect(rerun.lines).toEqual([
      `${files[0]}: ${eventsOf(C1)} events read, 0 captured, ${eventsOf(C1)} already known`,
      `${files[1]}: ${eventsOf(C2)} events read, ${eventsOf(C2)} captured, 0 already known`,
      `${files[2]}: ${eventsOf(C3)} events read, ${eventsOf(C3)} captured, 0 already known`,
    ]);
    const final = await check();
    expect(final.sets.filter((s) => !s.ok)).toEqual([]);
    expect(final).toMatchObject({
      ok: true,
      log: { events: eventsOf(A) + eventsOf(B) + eventsOf(C1) + eventsOf(C2) + eventsOf(C3), gapFree: true },
    });
  });

  it('answers every trace as a clean load of the same documents does', async () => {
    const recovered: unknown[] = [];
    for (const [kind, id] of QUESTIONS) {
      const path = kind === 'recall' ? '/api/recall' : `/api/trace/${kind}`;
      const res = await adminFetch(`${base}${path}?id=${encodeURIComponent(id)}`);
      expect(res.status, `${kind} ${id}`).toBe(200);
      const body = (await res.json()) as { nodes: { id: string }[]; edges: unknown[] };
      recovered.push(kind === 'recall' ? body : sortTrace(body));
    }
    const t = await openTestStores();
    try {
      for (const d of [A, B, C1, C2, C3]) await ingestDocument(t.stores, t.projector, d, { source: 'test' });
      const clean: unknown[] = [];
      for (const [kind, id] of QUESTIONS) {
        const g = t.stores.graph;
        const a =
          kind === 'recall'
            ? await recallScope(g, id)
            : sortTrace(await (kind === 'backward' ? traceBackward : traceForward)(g, id));
        clean.push(JSON.parse(JSON.stringify(a)));
      }
      expect(recovered).toEqual(clean);
    } finally {
      await t.close();
    }
  });

  it('killed in the middle of a streamed CSV import: none of its batches is there after the restart, importing again stores it whole', async () => {
    // runs on whatever the tests before left in the log
    server ??= await startServerChild(dir, port);
    const before = (await check()).log;
    await kill();
    const bundle = join(dir, 'bundle');
    // 600 units: 3,120 events, handed on as master data, 2,000 events, 1,120 events
    const g = writeCsvBundle(bundle, 600);
    const importing = lotgraphChild(
      ['import', '--stream', bundle],
      childEnv(dir, port, { LOTGRAPH_TEST_FAULT_POINT: 'csv-batch:2' }),
    );
    // the master data and the first 2,000 events are appended, inside the open transaction
    await importing.waitFor(/^LOTGRAPH_FAULT_POINT csv-batch 2$/);
    await killGroup(importing, dir);

    server = await startServerChild(dir, port);
    const after = await check();
    expect(after.sets.filter((s) => !s.ok)).toEqual([]);
    expect(after).toMatchObject({ ok: true, log: { ...before, gapFree: true } });
    await kill();

    const rerun = lotgraphChild(['import', '--stream', bundle], childEnv(dir, port));
    expect(await rerun.exited).toBe(0);
    expect(rerun.lines).toContain(
      `${bundle}: ${g.events} events read, ${g.events} captured, 0 already known`,
    );
    expect(rerun.lines.some((l) => /^lotgraph: csv: (checking|converting)/.test(l))).toBe(true);
    server = await startServerChild(dir, port);
    const final = await check();
    expect(final.sets.filter((s) => !s.ok)).toEqual([]);
    expect(final).toMatchObject({
      ok: true,
      log: { events: before.events + g.events, masterData: before.masterData + 18, gapFree: true },
      graph: { lag: 0 },
    });
    // five Neo4j starts (three servers, two imports) on a machine that may be shared
  }, 900_000);
});
