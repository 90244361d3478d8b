// Deterministic demo data: two plants (a bakery and an automotive electronics plant) over 2025,
// emitted as EPCIS 2.0 JSON documents in time order, with planted quality problems to find.
// Same options -> byte-identical output: every random draw comes from a PRNG seeded by `seed`.
import { Bakery } from './bakery.ts';
import { vocabularyList } from './catalog.ts';
import { DemoContext } from './context.ts';
import { Electronics, REFLOW_BAND } from './electronics.ts';
import { Rng } from './prng.ts';
import { Sim, type EpcisEventJson } from './sim.ts';
import { EPCIS_CONTEXT } from '../../domain/trace-event.ts';

export interface DemoOptions {
  /** 1 = realistic plant; fractional scales like 0.05 are allowed for tests */
  scale: number;
  seed: number;
}

export interface DemoFacts {
  contaminatedAdditiveLot: string;
  /** the additive lot feeding the most mixing batches; by design NOT the contaminated one (see below) */
  mostUsedAdditiveLot: string;
  badCapacitorLot: string;
  reflowBand: { parameter: 'peakTemperature'; min: number; max: number; uom: 'CEL' };
  sampleUnit: string;
  counts: { events: number; lots: number; units: number; containers: number; shipments: number };
}

export const DEFAULT_BATCH_SIZE = 5000;

/**
 * Yields EPCIS documents in time order. The first carries the master data
 * (epcisHeader.epcisMasterData.vocabularyList); every document holds at most `batchSize`
 * events. `documents` can be iterated again (it regenerates the same output); `facts()` is
 * valid once the documents have been fully iterated.
 *
 * The contaminated additive lot is a smaller BakePro lot (200 kg), while the hub that feeds the
 * most batches is a 300 kg Enzymatica lot: the biggest hub is deliberately not the culprit.
 */
export function generateDemo(opts: DemoOptions & { batchSize?: number }): {
  documents: Iterable<Record<string, unknown>>;
  facts: () => DemoFacts;
} {
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale))
    throw new RangeError('scale must be a positive number');
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  let finished: (() => DemoFacts) | null = null;
  return {
    documents: {
      *[Symbol.iterator]() {
        finished = null;
        const run = simulate(opts);
        yield* toDocuments(run.events, batchSize);
        finished = run.facts;
      },
    },
    facts: () => {
      if (!finished) throw new Error('demo facts are known once the documents have been fully iterated');
      return finished();
    },
  };
}

function simulate(opts: DemoOptions): { events: Iterable<EpcisEventJson>; facts: () => DemoFacts } {
  const sim = new Sim(new Rng(opts.seed, 1));
  const ctx = new DemoContext(sim, new Rng(opts.seed, 2), opts.scale);
  const bakery = new Bakery(ctx);
  const electronics = new Electronics(ctx);
  bakery.start();
  electronics.start();
  return {
    events: sim.run(),
    facts: () => {
      const { contaminatedAdditiveLot } = bakery.facts;
      const { badCapacitorLot, sampleUnit } = electronics.facts;
      const mostUsed = [...bakery.facts.additiveBatches].sort(
        (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
      )[0];
      if (!contaminatedAdditiveLot || !badCapacitorLot || !sampleUnit || !mostUsed)
        throw new Error('the demo year was too short to plant its problems (scale too small?)');
      return {
        contaminatedAdditiveLot,
        mostUsedAdditiveLot: mostUsed[0],
        badCapacitorLot,
        reflowBand: { ...REFLOW_BAND },
        sampleUnit,
        counts: { events: sim.eventCount, ...ctx.totals },
      };
    },
  };
}

function* toDocuments(
  events: Iterable<EpcisEventJson>,
  batchSize: number,
): Generator<Record<string, unknown>> {
  let batch: EpcisEventJson[] = [];
  let first = true;
  const doc = (eventList: EpcisEventJson[]) => {
    const d: Record<string, unknown> = {
      '@context': EPCIS_CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      // Deterministic: the time of the document's last event, not the wall clock.
      creationDate: eventList.length ? eventList[eventList.length - 1]!.eventTime : '2025-01-01T00:00:00Z',
    };
    if (first) d['epcisHeader'] = { epcisMasterData: { vocabularyList: vocabularyList() } };
    d['epcisBody'] = { eventList };
    first = false;
    return d;
  };
  for (const e of events) {
    batch.push(e);
    if (batch.length >= batchSize) {
      yield doc(batch);
      batch = [];
    }
  }
  if (batch.length || first) yield doc(batch);
}
