// The yield factors against the way they were computed before 2026-12-07 (the pieces of 0013 as
// they were, and every level's cells recounted every round: test/fixtures/yield-factors-before), on
// random plants with the awkward cases: bin boundaries inside operations, values whose serial
// numbers interleave, parameters read twice, operations without readings or lots, retests, a bad
// reel and a hot band that make several stepwise rounds. Every answer must be the same, number for
// number, tie for tie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yieldFactors } from '../../analytics/yield.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, material, party, receive, transform, unit } from '../builders/epcis.builder.ts';
import { yieldFactorsBefore } from '../fixtures/yield-factors-before/yield-factors-before.ts';
import { random } from '../support/random.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

const REELS = Array.from({ length: 14 }, (_, i) => `D${i}`);
const SEEDS = [3, 17, 29, 41];

/** One plant per seed, each its own step, its boards serial-numbered apart from the others'. */
function plant(seed: number): Json[] {
  const rnd = random(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const step = `reflow-${seed}`;
  const events: Json[] = [];
  let serial = 0;
  const next = () => unit(`S${seed}-${String(serial++).padStart(5, '0')}`);
  const held: string[][] = [];
  const operations = 160 + int(0, 80);
  for (let r = 0; r < operations; r++) {
    let units: string[];
    if (r % 7 === 6 && held.length) units = held.shift()!;
    else {
      units = Array.from({ length: int(1, 9) }, next);
      // some operations leave gaps in their serials that a later one of the same value fills
      if (r % 5 === 0 && units.length > 1) {
        const gaps = units.map(next);
        held.push(gaps.filter((_, k) => k % 2 === 0));
        units = units.map((u, k) => (k % 2 === 0 ? u : gaps[k]!));
      }
    }
    // few values, so that ties are many and bin boundaries fall inside operations
    const interleaved = r % 5 === 0 || r % 7 === 6;
    const peak = interleaved ? 246 : 240 + int(0, 12);
    const readings: [string, number, string][] = [];
    if (r % 13 !== 12) readings.push(['peak', peak, 'CEL']);
    if (r % 9 !== 8) readings.push(['tal', 60 + int(0, 6) * 2, 'SEC']);
    if (r % 11 === 4) readings.push(['tal', 60 + int(0, 6) * 2, 'SEC']); // read twice
    if (r % 3 === 0) readings.push(['speed', 1 + int(0, 3) / 10, 'MTR']);
    const lots =
      r % 17 === 16
        ? []
        : [...new Set(Array.from({ length: int(1, 3) }, () => REELS[int(0, REELS.length - 1)]!))];
    events.push(
      transform({
        op: `OP${seed}-${r}`,
        t: 10 + r,
        step,
        inLots: lots.map((l) => [lot(l), units.length, 'H87'] as [string, number, string]),
        outUnits: units,
        params: readings,
      }),
    );
    for (const u of units) {
      const risk = 0.08 + (lots.includes('D3') ? 0.35 : 0) + (peak >= 249 ? 0.25 : 0);
      const fail = rnd() < risk;
      events.push(
        inspect({ target: u, t: 400 + r + rnd() / 2, kind: 'fct', result: fail ? 'fail' : 'pass' }),
      );
      if (fail && rnd() < 0.4) events.push(inspect({ target: u, t: 800 + r, kind: 'fct', result: 'pass' }));
    }
  }
  return events;
}

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
  const events: Json[] = REELS.map((r, i) =>
    receive({
      lot: lot(r),
      qty: 100_000,
      uom: 'H87',
      supplier: party(`S${i % 3}`),
      material: material(i % 2 ? 'CAP' : 'RES'),
      t: 0,
    }),
  );
  for (const seed of SEEDS) events.push(...plant(seed));
  await ingestDocument(t.stores, t.projector, doc(events), { source: 'test', project: false });
});
afterAll(async () => t?.close());

describe('yield factors, against the computation before', () => {
  it.each(SEEDS)('give the same answer on plant %i, for every bin count', async (seed) => {
    let rounds = 0;
    for (const bins of [2, 3, 4, 7, 10]) {
      for (const maxDrivers of [5, 12]) {
        const scope = { step: `reflow-${seed}`, inspection: 'fct', bins, maxDrivers };
        const now = await yieldFactors(t.stores.duck, scope);
        const before = await yieldFactorsBefore(t.stores.duck, scope);
        expect(now).toEqual(before);
        rounds += now.drivers.length;
      }
    }
    // the stepwise rounds were run, not only the first
    expect(rounds).toBeGreaterThan(10);
  });

  it('give the same empty answer for a step without operations', async () => {
    const scope = { step: 'smt_reflow', inspection: 'fct' };
    expect(await yieldFactors(t.stores.duck, scope)).toEqual(await yieldFactorsBefore(t.stores.duck, scope));
  });
});
