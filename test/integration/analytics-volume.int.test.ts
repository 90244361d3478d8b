// The analytics benchmark's volume generator (bench/analytics-volume.ts) at scale 1: it writes the
// demo's year straight into the analytic tables, about ROWS_PER_SCALE inspection and parameter
// rows, and the analytics find its planted problems on top, as they do on the demo itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckStore } from '../../analytics/duckdb.ts';
import { defectPareto } from '../../analytics/pareto.ts';
import { yieldFactors } from '../../analytics/yield.ts';
import { ROWS_PER_SCALE, writeAnalyticsVolume, type VolumeFacts } from '../../bench/analytics-volume.ts';

let dir: string;
let db: DuckStore;
let facts: VolumeFacts;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-volume-'));
  db = await DuckStore.open(join(dir, 'volume.duckdb'));
  facts = await writeAnalyticsVolume(db, { scale: 1, seed: 1 });
}, 120_000);
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the analytics volume', () => {
  it('writes the rows it reports, about ROWS_PER_SCALE at scale 1', async () => {
    const [n] = await db.query(
      'SELECT (SELECT count(*) FROM inspections) AS inspections, (SELECT count(*) FROM sensor_readings) AS readings, (SELECT count(*) FROM defects) AS defects',
    );
    const inspections = Number(n!['inspections']);
    const readings = Number(n!['readings']);
    expect(facts.rows['inspections']).toBe(inspections);
    expect(facts.rows['sensor_readings']).toBe(readings);
    expect(facts.inspectionAndParameterRows).toBe(inspections + readings);
    expect(Math.abs(inspections + readings - ROWS_PER_SCALE) / ROWS_PER_SCALE).toBeLessThan(0.05);
  });

  it('plants the bad capacitor lot and the reflow band, and the yield factors find both on top', async () => {
    const f = await yieldFactors(db, { step: 'smt_reflow', inspection: 'fct' });
    const top2 = f.drivers.slice(0, 2);
    expect(top2.some((d) => d.kind === 'input_lot' && d.name === facts.badCapacitorLot)).toBe(true);
    expect(
      top2.some(
        (d) =>
          d.kind === 'parameter' &&
          d.name === facts.reflowBand.parameter &&
          d.level !== null &&
          d.level.hi >= facts.reflowBand.min,
      ),
    ).toBe(true);
  });

  it('counts every defect in the Pareto', async () => {
    // a defect belongs to the inspection of its object in the same event
    const [t] = await db.query(
      'SELECT sum(coalesce(d.quantity, 1)) AS n FROM defects d WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.event_id = d.event_id AND i.object_key = d.object_key)',
    );
    const bars = await defectPareto(db, { dimension: 'code' });
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(Number(t!['n']));
  });
});
