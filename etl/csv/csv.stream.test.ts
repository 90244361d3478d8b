// The streaming reader of CSV bundles (csv.stream.ts) against the whole-file reader
// (csv.source.ts): the same events and master data for a valid bundle, whatever the number of
// partitions, and the same problems for a broken one (property tests over the example bundle with
// one cell or one file replaced, as csv.fuzz.test.ts does).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvBundleToEpcis, type CsvFile, type CsvProblem } from './csv.source.ts';
import { KeyBudget, KeyState } from './csv.keys.ts';
import { KeyTable, checkCsvBundleStream, textSources, type CsvBatch } from './csv.stream.ts';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples/csv');
const EXAMPLE: CsvFile[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.csv'))
  .sort()
  .map((name) => ({ name, content: readFileSync(path.join(DIR, name), 'utf8') }));
const work = mkdtempSync(path.join(tmpdir(), 'lotgraph-csv-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Json = Record<string, unknown>;

/** Streams a bundle; the events and master data it hands on, or its problems. */
async function streamed(
  files: CsvFile[],
  partitionBytes = 4 * 1024 * 1024,
  batchSize = 2_000,
  keyMemoryBytes?: number,
) {
  const r = await checkCsvBundleStream(textSources(files), {
    workDir: work,
    partitionBytes,
    batchSize,
    maxProblems: Infinity,
    ...(keyMemoryBytes !== undefined ? { keyMemoryBytes } : {}),
  });
  if (!r.ok) return { ok: false as const, read: r.read, problems: r.problems };
  const batches: CsvBatch[] = [];
  const c = await r.convert(async (b) => {
    batches.push(b);
  });
  if (!c.ok) return { ok: false as const, read: r.read, problems: c.problems };
  return { ok: true as const, read: r.read, batches, counts: c };
}

const byId = (events: Json[]) =>
  [...events].sort((a, b) => String(a['eventID']).localeCompare(String(b['eventID'])));
const problemSet = (list: CsvProblem[]) => list.map((p) => JSON.stringify(p)).sort();

/** What the whole-file reader gives: events by id, master-data elements per type, in order. */
function wholeFile(files: CsvFile[]) {
  const r = csvBundleToEpcis(files);
  if (!r.ok) return { ok: false as const, read: r.read, problems: r.problems };
  const body = r.document['epcisBody'] as { eventList: Json[] };
  const header = r.document['epcisHeader'] as
    { epcisMasterData: { vocabularyList: { type: string; vocabularyElementList: Json[] }[] } } | undefined;
  return {
    ok: true as const,
    read: r.read,
    events: body.eventList,
    vocabulary: header?.epcisMasterData.vocabularyList ?? [],
  };
}

async function expectSameOutcome(
  files: CsvFile[],
  partitionBytes?: number,
  batchSize?: number,
  keyMemoryBytes?: number,
) {
  const whole = wholeFile(files);
  const s = await streamed(files, partitionBytes, batchSize, keyMemoryBytes);
  expect(s.ok).toBe(whole.ok);
  expect(s.read).toBe(whole.read);
  if (!whole.ok || !s.ok) {
    expect(problemSet(s.ok ? [] : s.problems)).toEqual(problemSet(whole.ok ? [] : whole.problems));
    return;
  }
  const events = s.batches.flatMap((b) => b.events);
  expect(byId(events)).toEqual(byId(whole.events));
  const vocabulary = new Map<string, Json[]>();
  for (const b of s.batches)
    for (const v of b.vocabularyList)
      vocabulary.set(v.type, [...(vocabulary.get(v.type) ?? []), ...v.vocabularyElementList]);
  expect([...vocabulary].map(([type, vocabularyElementList]) => ({ type, vocabularyElementList }))).toEqual(
    whole.vocabulary,
  );
  expect(s.counts).toEqual({
    ok: true,
    events: whole.events.length,
    masterData: whole.vocabulary.reduce((n, v) => n + v.vocabularyElementList.length, 0),
  });
}

/**
 * Key-state budgets: the default (all in memory), none (every key table on disk from its first
 * key), and one that moves only the largest table (the empty tables keep about 520 kB).
 */
const KEY_BUDGETS = [undefined, 0, 450_000];

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
function withCell(fileN: number, rowN: number, colN: number, value: string): CsvFile[] {
  return EXAMPLE.map((f, i) => {
    if (i !== fileN % EXAMPLE.length) return f;
    const lines = f.content.trimEnd().split('\n');
    const row = rowN % lines.length;
    const cells = lines[row]!.split(',');
    cells[colN % cells.length] = quote(value);
    lines[row] = cells.join(',');
    return { name: f.name, content: lines.join('\n') + '\n' };
  });
}
/** A cell value taken from another cell of the example (a real code, time, word), or junk. */
const realCells = [
  ...new Set(
    EXAMPLE.flatMap((f) =>
      f.content
        .split('\n')
        .slice(1)
        .flatMap((l) => l.split(',')),
    ),
  ),
];
const cellValue = fc.oneof(
  fc.constantFrom(...realCells),
  fc.constantFrom('', ' ', '-1', '0', '2', 'EA', 'KGM', 'unpacked', 'line\nbreak', '"', 'urn:lotgraph:lot:X'),
  fc.string({ maxLength: 12 }),
);

describe('the streaming reader against the whole-file reader', () => {
  it('gives the example bundle the same events and master data, in one partition or many, in batches of any size', async () => {
    await expectSameOutcome(EXAMPLE);
    await expectSameOutcome(EXAMPLE, 64, 1);
    await expectSameOutcome(EXAMPLE, 1_000, 3);
  });

  it('gives the same with the key state on disk, all of it or the largest table', async () => {
    for (const budget of KEY_BUDGETS) {
      await expectSameOutcome(EXAMPLE, undefined, undefined, budget);
      await expectSameOutcome(EXAMPLE, 64, 1, budget);
    }
  });

  it('one cell replaced by another cell, a word or junk: the same problems, or the same events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.nat(),
        cellValue,
        fc.constantFrom(64, 4_000_000),
        fc.constantFrom(...KEY_BUDGETS),
        (f, r, c, v, pb, kb) => expectSameOutcome(withCell(f, r, c, v), pb, 4, kb),
      ),
      { numRuns: 300 },
    );
  });

  it('two cells replaced: the same problems, or the same events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.nat(), fc.nat(), fc.nat(), cellValue),
        fc.tuple(fc.nat(), fc.nat(), fc.nat(), cellValue),
        fc.constantFrom(...KEY_BUDGETS),
        async ([f1, r1, c1, v1], [f2, r2, c2, v2], kb) => {
          const once = withCell(f1, r1, c1, v1);
          const i = f2 % EXAMPLE.length;
          const lines = once[i]!.content.trimEnd().split('\n');
          const row = r2 % lines.length;
          const cells = lines[row]!.split(',');
          cells[c2 % cells.length] = quote(v2);
          lines[row] = cells.join(',');
          const twice = once.map((f, k) =>
            k === i ? { name: f.name, content: lines.join('\n') + '\n' } : f,
          );
          await expectSameOutcome(twice, 200, 5, kb);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a whole file replaced by junk: the same problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.oneof(fc.string(), fc.string({ unit: 'binary' })),
        fc.constantFrom(...KEY_BUDGETS),
        (f, junk, kb) =>
          expectSameOutcome(
            EXAMPLE.map((x, i) => (i === f % EXAMPLE.length ? { name: x.name, content: junk } : x)),
            undefined,
            undefined,
            kb,
          ),
      ),
      { numRuns: 150 },
    );
  });

  it('a bundle without files, an unknown file and a file given twice: the same problems', async () => {
    await expectSameOutcome([]);
    await expectSameOutcome([...EXAMPLE, { name: 'notes.csv', content: 'a\n1\n' }, EXAMPLE[0]!]);
  });
});

describe('KeyTable', () => {
  it('numbers keys in the order they were added and finds each, as a Map does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 30 })), {
          maxLength: 3_000,
        }),
        (keys) => {
          const t = new KeyTable();
          const m = new Map<string, number>();
          for (const k of keys) {
            if (!m.has(k)) m.set(k, m.size);
            expect(t.add(k)).toBe(m.get(k));
          }
          expect(t.size).toBe(m.size);
          for (const [k, i] of m) expect(t.find(k)).toBe(i);
          expect(t.has('\u0000not added')).toBe(m.has('\u0000not added'));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('KeyState', () => {
  const PREFIX = 'urn:lotgraph:lot:';
  /** a second column value; a stored 0 reads back as 0, never -0 */
  const neg = (v: number) => (v === 0 ? 0 : -v);
  /** keys with and without the prefix, short and long (past the 32 bytes kept in a record) */
  const key = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((k) => PREFIX + k),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(PREFIX, PREFIX + 'A', 'A', '\u00ffA'),
  );

  it('numbers keys and keeps their columns as a Map does, moved to disk at any point', () => {
    fc.assert(
      fc.property(
        // columns are 32-bit integers: -v of the smallest one is not one
        fc.array(fc.tuple(key, fc.integer({ min: -0x7fffffff }), fc.boolean(), fc.boolean()), {
          maxLength: 2_000,
        }),
        fc.nat(),
        (steps, spillAt) => {
          const dir = mkdtempSync(path.join(work, 'keys-'));
          const budget = new KeyBudget(Infinity, dir);
          const t = new KeyState('t', PREFIX, 2, budget);
          const m = new Map<string, { i: number; cols: [number, number] }>();
          try {
            steps.forEach(([k, v, update, askFirst], n) => {
              if (n === spillAt % (steps.length + 1)) t.spill();
              const known = m.get(k);
              // asked before it is added or changed, as the checks do
              if (askFirst) expect(t.find(k)).toBe(known?.i);
              if (known && update) {
                // a column changed after the key was added (as an operation's flags are)
                t.set(known.i, 1, v);
                known.cols[1] = v;
                return;
              }
              if (!known) m.set(k, { i: m.size, cols: [v, neg(v)] });
              else known.cols = [v, neg(v)];
              expect(t.add(k, v, neg(v))).toBe(m.get(k)!.i);
            });
            expect(t.size).toBe(m.size);
            for (const [k, { i, cols }] of m) {
              expect(t.find(k)).toBe(i);
              expect([t.get(i, 0), t.get(i, 1)]).toEqual(cols);
            }
            expect(t.has('urn:lotgraph:lot:\u0000not added')).toBe(false);
            expect(t.has('\u0000not added')).toBe(false);
          } finally {
            budget.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('on disk, grows past its first slot table and finds every key', () => {
    const dir = mkdtempSync(path.join(work, 'keys-'));
    const budget = new KeyBudget(0, dir);
    const t = new KeyState('t', PREFIX, 1, budget);
    try {
      for (let i = 0; i < 20_000; i++) expect(t.add(`${PREFIX}L-${i}`, i)).toBe(i);
      expect(t.onDisk).toBe(true);
      expect(budget.memoryBytes).toBe(0);
      for (let i = 0; i < 20_000; i += 7) {
        expect(t.find(`${PREFIX}L-${i}`)).toBe(i);
        expect(t.get(i, 0)).toBe(i);
      }
      expect(t.find(`${PREFIX}L-20000`)).toBeUndefined();
      expect(t.find(`L-1`)).toBeUndefined();
    } finally {
      budget.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the budget moves the largest tables to disk until the rest fit', () => {
    const dir = mkdtempSync(path.join(work, 'keys-'));
    const budget = new KeyBudget(300_000, dir);
    const big = new KeyState('big', PREFIX, 4, budget);
    const small = new KeyState('small', PREFIX, 0, budget);
    try {
      // big: 81,920 bytes of table and 4 × 4,096 of columns; small: 81,920
      small.add('s');
      big.add('b', 1, 2, 3, 4);
      expect([big.onDisk, small.onDisk]).toEqual([false, false]);
      for (let i = 0; i < 10_000; i++) big.add(`b${i}`, i, i, i, i);
      expect([big.onDisk, small.onDisk]).toEqual([true, false]);
      expect(budget.memoryBytes).toBeLessThanOrEqual(300_000);
      expect(big.get(big.find('b')!, 3)).toBe(4);
      expect(big.find('b9999')).toBe(10_000);
    } finally {
      budget.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
