// Every analytic row of an event carries the event's position in the log (schema 0016, decision
// 048), the key the analytics join on instead of the event id. Checked against the log itself:
// each row's position is the one the log gives its event id. A store written before the column
// (rows without it, the two event-id indexes present) is finished on open: its rows get their
// positions, the indexes go, and its analytics answer exactly as a store written with them, before
// and after one more capture.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckStore } from '../../analytics/duckdb.ts';
import { defectPareto } from '../../analytics/pareto.ts';
import { supplierScorecard } from '../../analytics/scorecard.ts';
import { firstPassYieldTrend } from '../../analytics/yield.ts';
import { GraphProjector, ingestDocument, type Stores } from '../../etl/ingest.ts';
import { doc, inspect, lot } from '../builders/epcis.builder.ts';
import { bakery, electronics, masterData } from '../fixtures/plants.fixture.ts';

const TABLES = ['event_objects', 'sensor_readings', 'inspections', 'defects'] as const;
const OLD_INDEXES = ['events_event_id', 'inspections_event_id'];

let dir: string;
let written: DuckStore;
let upgraded: DuckStore;

const capture = (db: DuckStore, events: Record<string, unknown>[], md: typeof masterData = []) => {
  const stores = { duck: db, graph: null } as unknown as Stores;
  return ingestDocument(stores, new GraphProjector(stores), doc(events, md), {
    source: 'test',
    project: false,
  });
};

/** Each row of each table as [event id, position], and the log's position of every event id. */
async function positions(db: DuckStore) {
  const log = new Map(
    (await db.query("SELECT event_id, seq FROM event_log WHERE kind = 'event'")).map((r) => [
      String(r['event_id']),
      Number(r['seq']),
    ]),
  );
  const rows = Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [
        t,
        (await db.query(`SELECT event_id, seq FROM ${t}`)).map((r) => ({
          id: String(r['event_id']),
          seq: r['seq'] === null ? null : Number(r['seq']),
        })),
      ]),
    ),
  ) as Record<(typeof TABLES)[number], { id: string; seq: number | null }[]>;
  return { log, rows };
}

const indexes = async (db: DuckStore) =>
  (await db.query('SELECT index_name FROM duckdb_indexes()')).map((r) => String(r['index_name']));

const answers = async (db: DuckStore) => ({
  pareto: await defectPareto(db, { dimension: 'code' }),
  scorecard: await supplierScorecard(db, { period: 'month' }),
  yieldTrend: await firstPassYieldTrend(db, { period: 'week', by: 'step', inspection: 'fct' }),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-seq-'));
  const file = join(dir, 'written.duckdb');
  const db = await DuckStore.open(file);
  await capture(db, [], masterData);
  await capture(db, bakery);
  await capture(db, electronics);
  db.close();
  // The same store as an earlier version left it: no positions on the rows, both indexes.
  const old = join(dir, 'old.duckdb');
  copyFileSync(file, old);
  if (existsSync(`${file}.wal`)) copyFileSync(`${file}.wal`, `${old}.wal`);
  const before = await DuckStore.open(old);
  await before.transaction(async (tx) => {
    for (const t of TABLES) await tx.run(`UPDATE ${t} SET seq = NULL`);
    await tx.run('CREATE INDEX events_event_id ON events (event_id)');
    await tx.run('CREATE INDEX inspections_event_id ON inspections (event_id)');
  });
  const [nulls] = await before.query('SELECT count(*) AS n FROM event_objects WHERE seq IS NULL');
  expect(Number(nulls!['n'])).toBeGreaterThan(0);
  expect(await indexes(before)).toEqual(expect.arrayContaining(OLD_INDEXES));
  before.close();

  written = await DuckStore.open(file);
  upgraded = await DuckStore.open(old);
});
afterAll(() => {
  written?.close();
  upgraded?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the event's position on its analytic rows", () => {
  it('is on every row of every table, and is the position the log gives the event', async () => {
    const { log, rows } = await positions(written);
    for (const t of TABLES) {
      expect(rows[t].length, t).toBeGreaterThan(0);
      for (const r of rows[t]) expect(r.seq, `${t} ${r.id}`).toBe(log.get(r.id));
    }
    const names = await indexes(written);
    for (const name of OLD_INDEXES) expect(names).not.toContain(name);
    expect(names).toContain('event_objects_object_key');
  });

  it('is given to the rows of a store written before it, whose event-id indexes go', async () => {
    const { log, rows } = await positions(upgraded);
    const mine = await positions(written);
    for (const t of TABLES) {
      expect(rows[t].length, t).toBe(mine.rows[t].length);
      for (const r of rows[t]) expect(r.seq, `${t} ${r.id}`).toBe(log.get(r.id));
    }
    const names = await indexes(upgraded);
    for (const name of OLD_INDEXES) expect(names).not.toContain(name);
    expect(names).toContain('event_objects_object_key');
    expect(names.sort()).toEqual((await indexes(written)).sort());
  });

  it('gives the upgraded store the same analytics, before and after one more capture', async () => {
    const first = await answers(written);
    expect(first.pareto.length).toBeGreaterThan(0);
    expect(await answers(upgraded)).toEqual(first);

    const late = inspect({
      target: lot('FLOUR-1'),
      t: 40,
      kind: 'incoming',
      result: 'fail',
      sample: 20,
      defects: [['MOULD', 2, 'major']],
    });
    await capture(written, [late]);
    await capture(upgraded, [late]);
    const second = await answers(written);
    expect(second).not.toEqual(first);
    expect(await answers(upgraded)).toEqual(second);
    const { log, rows } = await positions(upgraded);
    for (const r of rows.inspections) expect(r.seq).toBe(log.get(r.id));
  });
});
