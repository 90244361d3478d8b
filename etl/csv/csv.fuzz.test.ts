// Property tests of the CSV bundle reader with hostile and broken files: one cell of the example
// bundle replaced by anything (quotes, separators, injection strings, line breaks), or a whole
// file replaced by junk: it never throws; it refuses the bundle whole with problems that name the
// file, row and column, or gives a document the EPCIS reader accepts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { csvBundleToEpcis, type CsvFile } from './csv.source.ts';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples/csv');
const EXAMPLE: CsvFile[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.csv'))
  .sort()
  .map((name) => ({ name, content: readFileSync(path.join(DIR, name), 'utf8') }));
const NAMES = EXAMPLE.map((f) => f.name);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const hostile = fc.oneof(
  fc.constantFrom(
    "FL-1' OR '1'='1",
    '"}) MATCH (n) DETACH DELETE n //',
    "'; DROP TABLE event_log; --",
    '=HYPERLINK("http://x")',
    'line\nbreak',
    '',
    ' ',
    '-1',
    '1e309',
    'NaN',
    '2024-02-30T25:61:00Z',
    'constructor',
    '__proto__',
  ),
  fc.string({ maxLength: 30 }),
);

/** The example bundle with the cell at (file, row, column) picked by numbers set to `value`. */
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

function expectCleanOutcome(files: CsvFile[]) {
  const r = csvBundleToEpcis(files);
  if (r.ok) {
    expect(parseEpcisDocument(r.document)).toMatchObject({ ok: true });
    return;
  }
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(NAMES).toContain(p.file);
    expect(p.row).toBeGreaterThanOrEqual(0);
    expect(p.reason.length).toBeGreaterThan(0);
  }
}

describe('csvBundleToEpcis on hostile and broken files', () => {
  it('the example bundle itself is accepted', () => {
    const r = csvBundleToEpcis(EXAMPLE);
    expect(r.ok && (r.document['epcisBody'] as { eventList: unknown[] }).eventList.length).toBe(15);
  });

  it('one cell replaced by anything: a refusal naming file and row, or a valid document', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), hostile, (f, r, c, v) =>
        expectCleanOutcome(withCell(f, r, c, v)),
      ),
      { numRuns: 400 },
    );
  });

  it('a whole file replaced by junk: never a crash', () => {
    fc.assert(
      fc.property(fc.nat(), fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (f, junk) =>
        expectCleanOutcome(
          EXAMPLE.map((x, i) => (i === f % EXAMPLE.length ? { name: x.name, content: junk } : x)),
        ),
      ),
      { numRuns: 300 },
    );
  });
});
