// A large CSV bundle imported in streams (etl/csv/csv.import.ts) into the real stores: the log,
// the analytic tables and the graph hold exactly what the whole-file import of the same bundle
// gives; importing it again adds nothing; a bad row near the end, or a problem that only the
// rows of one event show (found while batches were already appended), stores nothing at all.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastSeq } from '../../analytics/event-log.store.ts';
import { checkConsistency, type CheckReport } from '../../etl/check.ts';
import { importCsvBundle, type CsvImportProgress } from '../../etl/csv/csv.import.ts';
import { csvBundleToEpcis, readCsvBundle } from '../../etl/csv/csv.source.ts';
import { csvSources, checkCsvBundleStream } from '../../etl/csv/csv.stream.ts';
import { writeCsvBundle, type GeneratedBundle } from '../../etl/demo/csv-bundle.generator.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { openTestStores } from '../support/stores.ts';

// The machine running the tests may be shared: sizes are small and time limits generous.
const UNITS = 1_000;
const LONG = 600_000;
let work: string;
let bundle: string;
let g: GeneratedBundle;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lotgraph-csv-stream-'));
  bundle = join(work, 'bundle');
  g = writeCsvBundle(bundle, UNITS);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the generated bundle with `edit` applied to it. */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(bundle, dir, { recursive: true });
  edit(dir);
  return dir;
}
/** The number of data rows of a file. */
const rowsOf = (dir: string, file: string) =>
  readFileSync(join(dir, file), 'utf8').trimEnd().split('\n').length - 1;
/** Replaces one cell of the last data row of a file. */
function lastRowCell(dir: string, file: string, column: string, value: string): number {
  const path = join(dir, file);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const i = lines[0]!.split(',').indexOf(column);
  const cells = lines[lines.length - 1]!.split(',');
  cells[i] = value;
  lines[lines.length - 1] = cells.join(',');
  writeFileSync(path, lines.join('\n') + '\n');
  return lines.length - 1;
}

const summary = (r: CheckReport) => Object.fromEntries(r.sets.map((s) => [`${s.store}:${s.what}`, s.actual]));

const MASTER_DATA = 10 + 5 + 3;
const KEY_BUDGET = 6 * 1024 * 1024;

describe('streamed CSV import into the real stores', () => {
  let streamed: CheckReport;

  it(
    'stores what the whole-file import stores, in many partitions and batches; again: nothing new',
    async () => {
      const t = await openTestStores();
      try {
        const progress: CsvImportProgress[] = [];
        const r = await importCsvBundle(t.stores, t.projector, await csvSources(bundle), {
          source: 'test',
          actor: 'test',
          workDir: t.dir,
          partitionBytes: 64 * 1024,
          batchSize: 500,
          onProgress: (p) => progress.push(p),
        });
        expect(r).toEqual({
          rows: g.rows,
          read: g.events,
          captured: g.events,
          duplicates: 0,
          masterData: { captured: MASTER_DATA, duplicates: 0 },
          graph: 'projected',
        });
        // progress was told in both passes; the last says every event
        expect(progress.some((p) => p.phase === 'check' && p.rows > 0)).toBe(true);
        expect(progress.at(-1)).toMatchObject({ phase: 'convert', events: g.events, stored: g.events });
        streamed = await checkConsistency(t.stores, { projector: t.projector });
        expect(streamed.sets.filter((s) => !s.ok)).toEqual([]);
        expect(streamed).toMatchObject({
          ok: true,
          log: { events: g.events, masterData: MASTER_DATA, gapFree: true },
          graph: { lag: 0 },
        });

        const again = await importCsvBundle(t.stores, t.projector, await csvSources(bundle), {
          source: 'test',
          actor: 'test',
          workDir: t.dir,
        });
        expect(again).toMatchObject({
          read: g.events,
          captured: 0,
          duplicates: g.events,
          masterData: { captured: 0, duplicates: MASTER_DATA },
        });
        expect(await lastSeq(t.stores.duck)).toBe(g.events + MASTER_DATA);
      } finally {
        await t.close();
      }

      const w = await openTestStores();
      try {
        const whole = csvBundleToEpcis(await readCsvBundle(bundle));
        if (!whole.ok) throw new Error('the generated bundle has problems');
        await ingestDocument(w.stores, w.projector, whole.document, { source: 'test' });
        const report = await checkConsistency(w.stores, { projector: w.projector });
        // the same events, master data, objects, operations, inspections, shipments and links, by
        // count and hash over their ids, in DuckDB and in Neo4j
        expect(summary(streamed)).toEqual(summary(report));
      } finally {
        await w.close();
      }
    },
    LONG,
  );

  it(
    'a bad cell and an unknown lot in the last rows: nothing is stored, each named by file, row and column',
    async () => {
      const dir = variant('bad-end', (d) => {
        lastRowCell(d, 'material_issues.csv', 'lot', 'FL-NOPE');
        lastRowCell(d, 'shipments.csv', 'shipped_at', '2024-03-09T10:00:00');
      });
      const t = await openTestStores();
      try {
        const r = importCsvBundle(t.stores, t.projector, await csvSources(dir), {
          source: 'test',
          actor: 'test',
          workDir: t.dir,
        });
        await expect(r).rejects.toMatchObject({
          code: 'INVALID_CSV',
          problems: [
            {
              file: 'material_issues.csv',
              row: rowsOf(dir, 'material_issues.csv'),
              field: 'lot',
              reason:
                'unknown lot "FL-NOPE": no row of receipts.csv or process_records.csv in this bundle has it; to refer to a lot of an earlier import write its URI (urn:lotgraph:lot:FL-NOPE)',
            },
            {
              file: 'shipments.csv',
              row: rowsOf(dir, 'shipments.csv'),
              field: 'shipped_at',
              reason:
                '"2024-03-09T10:00:00" has no time zone; add Z for UTC or the offset of the local time, e.g. 2024-03-04T08:30:00+01:00',
            },
          ],
        });
        await expect(r).rejects.toThrow('the CSV bundle has 2 problem(s); nothing was imported');
        expect(await lastSeq(t.stores.duck)).toBe(0);
      } finally {
        await t.close();
      }
    },
    LONG,
  );

  it(
    'a problem in the rows of one event, seen only after batches were appended, rolls every batch back',
    async () => {
      // the last shipment row names shipment SH-0 again with another customer
      const first = readFileSync(join(bundle, 'shipments.csv'), 'utf8').split('\n')[1]!.split(',');
      const dir = variant('bad-group', (d) =>
        appendFileSync(
          join(d, 'shipments.csv'),
          [first[0], 'C-4', 'PAL-1', '', '', '', '', first[7], first[8]].join(',') + '\n',
        ),
      );
      const t = await openTestStores();
      try {
        const stored: number[] = [];
        const r = importCsvBundle(t.stores, t.projector, await csvSources(dir), {
          source: 'test',
          actor: 'test',
          workDir: t.dir,
          partitionBytes: 64 * 1024,
          batchSize: 200,
          onProgress: (p) => stored.push(p.stored),
        });
        await expect(r).rejects.toMatchObject({
          code: 'INVALID_CSV',
          problems: [
            {
              file: 'shipments.csv',
              row: rowsOf(dir, 'shipments.csv'),
              field: 'customer',
              reason: `differs from row 1 of shipment "SH-0" ("C-0" there); a shipment has one customer, time and location`,
            },
          ],
        });
        // batches had been appended inside the transaction before the problem was found
        expect(Math.max(...stored)).toBeGreaterThan(0);
        expect(await lastSeq(t.stores.duck)).toBe(0);
        const report = await checkConsistency(t.stores, { projector: t.projector });
        expect(report).toMatchObject({ ok: true, log: { entries: 0 } });
      } finally {
        await t.close();
      }
    },
    LONG,
  );

  it(
    'reads a bundle of tens of MB with the live heap bounded by the key budget and one partition',
    async () => {
      const dir = join(work, 'large');
      const large = writeCsvBundle(dir, 45_000);
      expect(large.bytes).toBeGreaterThan(25e6);
      // a full collection before each reading, so that the figures are what is live; the key
      // tables' typed arrays are outside the heap (arrayBuffers)
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const live = () => {
        gc();
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      const before = live();
      let peak = 0;
      let onDisk = 0;
      const checked = await checkCsvBundleStream(await csvSources(dir), {
        workDir: work,
        // an eighth of what this bundle's keys take in memory (decision 037)
        keyMemoryBytes: KEY_BUDGET,
        onProgress: (p) => {
          onDisk = p.keys?.tablesOnDisk ?? onDisk;
        },
      });
      // what the check pass keeps for the convert pass: the key state, master data, the names
      const keys = live() - before;
      if (!checked.ok) throw new Error('the generated bundle has problems');
      let batches = 0;
      const converted = await checked.convert(async () => {
        if (batches++ % 10 === 0) peak = Math.max(peak, live() - before);
      });
      expect(converted).toEqual({ ok: true, events: large.events, masterData: MASTER_DATA });
      console.log(
        `${(large.bytes / 1e6).toFixed(0)} MB, ${large.rows} rows: keys ${(keys / 1e6).toFixed(1)} MB (${onDisk} tables on disk), live during convert ${(peak / 1e6).toFixed(1)} MB`,
      );
      // Measured: 4.2 MB after the check with a 6 MB budget (two tables on disk),
      // about 16 MB more while converting. All in memory the keys took 43 MB (78 bytes a row).
      // The whole-file reader holds the text, every row and the document: several times the
      // bundle's 33 MB.
      expect(onDisk).toBeGreaterThan(0);
      expect(keys).toBeLessThan(KEY_BUDGET + 8e6);
      expect(peak - keys).toBeLessThan(48e6);
    },
    LONG,
  );
});
