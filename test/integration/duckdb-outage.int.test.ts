// DuckDB outages with the real thing: a data file locked by another process is refused with a
// clear error naming the lock; a disk that fills up in the middle of captures (a small tmpfs
// mounted for the test, so the test needs root, as the project's test machines run) refuses the
// capture that does not fit with 503 "the disk is full", keeps every acknowledged event and no
// part of the refused one, stays usable, and takes captures again once there is room. A memory
// limit reached inside a transaction, while appending or at the commit, is called out of memory,
// and the transaction leaves nothing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DuckStore, type DuckTx } from '../../analytics/duckdb.ts';
import { logCounts } from '../../analytics/event-log.store.ts';
import { GraphStore } from '../../cypher/neo4j.ts';
import { clearGraph } from '../../cypher/projection.ts';
import { AppError } from '../../domain/errors.ts';
import { checkConsistency } from '../../etl/check.ts';
import { GraphProjector, type Stores } from '../../etl/ingest.ts';
import { doc, party, receive, unit } from '../builders/epcis.builder.ts';
import { adminFetch } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let dir: string;
let holder: ChildProcess | null = null;
const root = new URL('../..', import.meta.url).pathname;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-duck-outage-'));
});
afterAll(() => {
  holder?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh store with one committed row in `table` (made by `schema`), then a write under a 16 MB
 * limit: it must be refused as out of memory, keep nothing, and leave the store taking writes.
 * Returns how many rows the write appended before it was refused.
 */
async function refusedForMemory(
  file: string,
  schema: string[],
  write: (tx: DuckTx, appended: { n: number }) => Promise<void>,
): Promise<number> {
  const duck = await DuckStore.open(join(dir, file));
  try {
    await duck.transaction(async (tx) => {
      for (const sql of schema) await tx.run(sql);
      await tx.run("INSERT INTO t VALUES ('kept')");
    });
    await duck.transaction((tx) => tx.run("SET memory_limit = '16MB'"));
    const appended = { n: 0 };
    const err = await duck.transaction((tx) => write(tx, appended)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message:
        'duckdb: out of memory (write): its memory limit is reached; nothing of this transaction was written',
      details: { store: 'duckdb', reason: 'memory' },
    });
    await duck.transaction((tx) => tx.run("SET memory_limit = '1GB'"));
    await duck.transaction((tx) => tx.append('t', [['after']]));
    expect(await duck.query('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'after' }, { k: 'kept' }]);
    return appended.n;
  } finally {
    duck.close();
  }
}

/** A million long keys in batches of 10,000, as the import appends them. */
async function appendKeys(tx: DuckTx, appended: { n: number }) {
  for (let b = 0; b < 100; b++) {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`key-${b}-${i}-${'x'.repeat(60)}`]);
    await tx.append('t', rows);
    appended.n += rows.length;
  }
}

describe('a DuckDB memory limit reached inside a transaction', () => {
  it('is refused as out of memory (not as a lock), and nothing of the transaction is kept', async () => {
    // An index of a million long keys in one transaction needs far more than 16 MB pinned.
    await refusedForMemory('small-memory.duckdb', ['CREATE TABLE t (k VARCHAR PRIMARY KEY)'], async (tx) => {
      await tx.run("INSERT INTO t SELECT 'key-' || i || repeat('x', 60) FROM range(1000000) t(i)");
    });
  });

  it('is refused as out of memory while appending: the appender closed after the failure does not hide it', async () => {
    // The key's index no longer fits part of the way through.
    const appended = await refusedForMemory(
      'small-memory-append.duckdb',
      ['CREATE TABLE t (k VARCHAR PRIMARY KEY)'],
      appendKeys,
    );
    expect(appended).toBeGreaterThan(0);
    expect(appended).toBeLessThan(1_000_000);
  });

  it("is refused as out of memory at the commit, where a plain index takes the transaction's keys", async () => {
    const appended = await refusedForMemory(
      'small-memory-commit.duckdb',
      ['CREATE TABLE t (k VARCHAR)', 'CREATE INDEX t_k ON t (k)'],
      appendKeys,
    );
    expect(appended).toBe(1_000_000);
  });
});

describe('a DuckDB file locked by another process', () => {
  it('is refused with an error that names the lock', async () => {
    const file = join(dir, 'locked.duckdb');
    holder = spawn(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         await DuckDBInstance.create(${JSON.stringify(file)});
         console.log('holding');
         setInterval(() => {}, 1 << 30);`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      createInterface({ input: holder!.stdout! }).on('line', (l) => l === 'holding' && resolve()),
    );
    const err = await DuckStore.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `duckdb: the database file is locked by another process (open ${file})`,
      details: { store: 'duckdb' },
    });
    holder.kill('SIGKILL');
  });
});

describe('a disk that fills up', () => {
  let mnt: string;
  let duck: DuckStore;
  let graph: GraphStore;
  let stores: Stores;
  let projector: GraphProjector;
  let server: TestServer;
  let n = 0;
  // one document of 20 receipts with long serials, so that a few MB fill up after some dozens
  const nextDoc = () =>
    JSON.stringify(
      doc(
        Array.from({ length: 20 }, () =>
          receive({
            lot: unit(`U-${++n}-${'x'.repeat(300)}`),
            qty: 1,
            uom: 'EA',
            supplier: party('S'),
            t: n,
          }),
        ),
      ),
    );
  const post = (body: string) =>
    adminFetch(`${server.base}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  beforeAll(async () => {
    mnt = join(dir, 'small-disk');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
    duck = await DuckStore.open(join(mnt, 'lotgraph.duckdb'));
    graph = await GraphStore.connect(inject('neo4j'));
    await clearGraph(graph);
    stores = { duck, graph };
    projector = new GraphProjector(stores);
    server = await startTestServer({ stores, projector, localNeo4j: null, close: async () => undefined });
  });
  afterAll(async () => {
    await server?.close();
    projector?.stop();
    await graph?.close();
    duck?.close();
    execFileSync('umount', [mnt]);
  });

  it('refuses the capture that does not fit with 503 naming the disk, keeping exactly what was acknowledged', async () => {
    let acknowledged = 0;
    let refused: Response | null = null;
    for (let i = 0; i < 500 && !refused; i++) {
      const res = await post(nextDoc());
      if (res.status === 201) acknowledged += 20;
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(await refused!.json()).toEqual({
      error: { code: 'STORE_UNAVAILABLE', message: 'duckdb: the disk is full', store: 'duckdb' },
    });
    expect(acknowledged).toBeGreaterThan(0);
    expect((await logCounts(duck)).events).toBe(acknowledged);
    const check = await checkConsistency(stores);
    expect(check.sets.filter((s) => !s.ok)).toEqual([]);
    expect(check).toMatchObject({ ok: true, log: { events: acknowledged, gapFree: true } });
  });

  it('takes captures again once there is room, without a restart, and keeps everything over a reopen', async () => {
    const before = (await logCounts(duck)).events;
    execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
    const res = await post(nextDoc());
    expect(res.status).toBe(201);
    expect((await logCounts(duck)).events).toBe(before + 20);
    await server.close();
    duck.close();
    duck = await DuckStore.open(join(mnt, 'lotgraph.duckdb'));
    stores = { duck, graph };
    projector = new GraphProjector(stores);
    server = await startTestServer({ stores, projector, localNeo4j: null, close: async () => undefined });
    expect((await logCounts(duck)).events).toBe(before + 20);
    expect(await checkConsistency(stores)).toMatchObject({ ok: true });
  });
});
