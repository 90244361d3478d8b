// The analytic facts (analytics/facts.ts) follow the log incrementally: a store that read every
// analytic after a first batch and then took a second batch (new runs, a reel used again, and
// inspections that arrive late but happened earlier, so first-pass outcomes and first incoming
// verdicts of old objects change) answers exactly as a store that took both batches at once and
// computed its facts in one go. First-pass figures are also checked against a count made here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastFactsRefresh } from '../../analytics/facts.ts';
import { defectPareto, paretoItems } from '../../analytics/pareto.ts';
import { supplierScorecard } from '../../analytics/scorecard.ts';
import { defectsUChart, incomingPChart } from '../../analytics/spc.ts';
import {
  firstPassYieldTrend,
  parameterPoints,
  parameterYield,
  yieldFactors,
  yieldHeatmap,
} from '../../analytics/yield.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, material, party, receive, transform, unit } from '../builders/epcis.builder.ts';
import { random } from '../support/random.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

const SUPPLIERS = ['S1', 'S2', 'S3'];
const CODES = ['SOLDER', 'TOMBSTONE', 'LEAK'];
const BOARDS = 4;

/** Each board's FCT results as (time, result): the first by time is its first-pass outcome. */
const fct = new Map<string, [number, 'pass' | 'fail'][]>();

function plant() {
  const rnd = random(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const first: Json[] = [];
  const second: Json[] = [];
  const reels: string[] = [];
  // Six reels from three suppliers, of two materials; each inspected at receipt.
  for (let i = 0; i < 6; i++) {
    const code = `REEL-${i}`;
    reels.push(code);
    first.push(
      receive({
        lot: lot(code),
        qty: 1000,
        uom: 'H87',
        supplier: party(SUPPLIERS[i % 3]!),
        material: material(i % 2 ? 'CAP' : 'RES'),
        t: i,
      }),
      inspect({
        target: lot(code),
        t: 10 + i,
        kind: 'incoming',
        result: i === 4 ? 'fail' : 'pass',
        sample: 50,
        defects: i === 4 ? [['CRACK', 3, 'critical']] : i === 1 ? [['SCRATCH', 1, 'minor']] : [],
      }),
    );
  }
  const run = (r: number, into: Json[], usable: string[], t0: number) => {
    const boards = Array.from({ length: BOARDS }, (_, k) => `B${r}-${k}`);
    const reel = pick(usable);
    const peak = 238 + Math.round(rnd() * 16 * 10) / 10;
    into.push(
      transform({
        op: `R${r}`,
        t: t0,
        step: 'reflow',
        inLots: [[lot(reel), BOARDS, 'H87']],
        outUnits: boards.map(unit),
        params: [
          ['peak', peak, 'CEL'],
          ['tal', 60 + Math.round(rnd() * 30), 'SEC'],
        ],
      }),
    );
    for (const b of boards) {
      const failed = rnd() < (reel === 'REEL-3' ? 0.5 : 0.1) + (peak > 250 ? 0.3 : 0);
      const result = failed ? 'fail' : 'pass';
      fct.set(b, [...(fct.get(b) ?? []), [t0 + 5, result]]);
      into.push(
        inspect({
          target: unit(b),
          t: t0 + 5,
          kind: 'fct',
          result,
          step: 'fct',
          defects: failed ? [[pick(CODES), 1 + Math.floor(rnd() * 2)]] : [],
        }),
      );
    }
  };
  for (let r = 0; r < 30; r++) run(r, first, reels.slice(0, 4), 100 + r * 10);
  // The second batch: ten more runs, reels 0-5 (two of them new to production), a new receipt.
  second.push(receive({ lot: lot('REEL-6'), qty: 500, uom: 'H87', supplier: party('S2'), t: 500 }));
  for (let r = 30; r < 40; r++) run(r, second, reels, 600 + r * 10);
  // Late arrivals that happened earlier: boards B0-0 and B2-1 were first tested (and failed) before
  // the results of the first batch; REEL-2 was first inspected (failed) before its pass.
  for (const b of ['B0-0', 'B2-1']) {
    const t0 = fct.get(b)![0]![0] - 1;
    fct.set(b, [...fct.get(b)!, [t0, 'fail']]);
    second.push(inspect({ target: unit(b), t: t0, kind: 'fct', result: 'fail', defects: [['LEAK', 1]] }));
  }
  second.push(
    inspect({
      target: lot('REEL-2'),
      t: 9,
      kind: 'incoming',
      result: 'fail',
      sample: 20,
      defects: [['CRACK', 2]],
    }),
  );
  return { first, second };
}

const firstPassFails = () =>
  [...fct.values()].filter((rs) => [...rs].sort((a, b) => a[0] - b[0])[0]![1] === 'fail').length;

/** Every analytic the facts feed, as the API would ask for them. */
async function everything(t: TestStores) {
  const db = t.stores.duck;
  const scope = { step: 'reflow', inspection: 'fct' };
  const byCode = await defectPareto(db, { dimension: 'code' });
  return {
    byCode,
    bySupplier: await defectPareto(db, { dimension: 'supplier' }),
    byMaterial: await defectPareto(db, { dimension: 'material' }),
    items: await Promise.all(byCode.map((b) => paretoItems(db, { dimension: 'code', value: b.name }))),
    scorecard: await supplierScorecard(db, { period: 'month' }),
    pChart: await incomingPChart(db, 'month'),
    uChart: await defectsUChart(db, { period: 'month', inspection: 'fct' }),
    fpy: await firstPassYieldTrend(db, { period: 'month', by: 'step', inspection: 'fct' }),
    bins: await parameterYield(db, { ...scope, parameter: 'peak', bins: 4 }),
    factors: await yieldFactors(db, { ...scope, bins: 4 }),
    heatmap: await yieldHeatmap(db, { ...scope, parameter: 'peak', bins: 4 }),
    points: await parameterPoints(db, { ...scope, parameter: 'tal' }),
  };
}

let inc: TestStores;
let full: TestStores;
const { first, second } = plant();
const ingest = (t: TestStores, events: Json[]) =>
  ingestDocument(t.stores, t.projector, doc(events), { source: 'test', project: false });

beforeAll(async () => {
  inc = await openTestStores();
  full = await openTestStores();
});
afterAll(async () => {
  await inc?.close();
  await full?.close();
});

describe('analytic facts', () => {
  let before: Awaited<ReturnType<typeof everything>>;

  it('are computed in full on the first read', async () => {
    await ingest(inc, first);
    before = await everything(inc);
    expect(lastFactsRefresh(inc.stores.duck)?.full).toBe(true);
    expect(before.factors.units).toBe(30 * BOARDS);
  });

  it('follow a second batch incrementally and answer as a store that computed them at once', async () => {
    await ingest(inc, second);
    const after = await everything(inc);
    const refresh = lastFactsRefresh(inc.stores.duck)!;
    expect(refresh.full).toBe(false);
    expect(refresh.from).toBeGreaterThan(0);

    await ingest(full, [...first, ...second]);
    expect(await everything(full)).toEqual(after);
    expect(lastFactsRefresh(full.stores.duck)?.full).toBe(true);

    // First pass as counted here: the late, earlier failures of B0-0 and B2-1 count.
    expect(after.factors.units).toBe(40 * BOARDS);
    expect(after.factors.fails).toBe(firstPassFails());
    expect(after.bins.bins.reduce((s, b) => s + b.fails, 0)).toBe(firstPassFails());
    expect(after).not.toEqual(before);
    // REEL-2's first incoming verdict is now the earlier failure.
    const s3 = after.scorecard.find((r) => r.supplier === party('S3'))!;
    const s3Before = before.scorecard.find((r) => r.supplier === party('S3'))!;
    expect([s3Before.lotsInspected, s3Before.lotsPassed]).toEqual([2, 2]);
    expect([s3.lotsInspected, s3.lotsPassed]).toEqual([2, 1]);
  });

  it('cost nothing to check when nothing was written since', async () => {
    const db = inc.stores.duck;
    const last = lastFactsRefresh(db);
    await everything(inc);
    expect(lastFactsRefresh(db)).toBe(last);
  });
});
