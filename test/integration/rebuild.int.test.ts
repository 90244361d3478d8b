// The projections are only projections: replaying the log into empty stores gives the same
// answers and the same analytic rows as the live projection did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallScope, traceBackward, traceForward } from '../../api/services/trace.service.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import { lot, unit } from '../builders/epcis.builder.ts';
import { SUGAR_DL, bakery, electronics, masterData } from '../fixtures/plants.fixture.ts';
import { doc } from '../builders/epcis.builder.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
  // Three documents, so the log holds several batches.
  await ingestDocument(t.stores, t.projector, doc([], masterData), { source: 'test' });
  await ingestDocument(t.stores, t.projector, doc(bakery), { source: 'test' });
  await ingestDocument(t.stores, t.projector, doc(electronics), { source: 'test' });
});
afterAll(async () => t?.close());

const answers = async () => {
  const g = t.stores.graph;
  const sortTrace = (a: Awaited<ReturnType<typeof traceBackward>>) => ({
    root: a.root,
    nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
    edges: a.edges.map((e) => JSON.stringify(e)).sort(),
  });
  return {
    ecu: sortTrace(await traceBackward(g, unit('ECU-2'))),
    bread: sortTrace(await traceForward(g, lot('FLOUR-1'))),
    sugar: sortTrace(await traceForward(g, SUGAR_DL)),
    recallAdd: await recallScope(g, 'ADD-1'),
    recallCap: await recallScope(g, lot('CAP-1')),
  };
};

const tableCounts = () =>
  t.stores.duck.query(
    `SELECT (SELECT count(*) FROM events)::INT AS events, (SELECT count(*) FROM event_objects)::INT AS objects,
            (SELECT count(*) FROM sensor_readings)::INT AS readings, (SELECT count(*) FROM inspections)::INT AS inspections,
            (SELECT count(*) FROM defects)::INT AS defects, (SELECT count(*) FROM master_data)::INT AS master`,
  );

describe('rebuild', () => {
  it('replays the log into empty projections with the same answers', async () => {
    const live = await answers();
    const liveCounts = await tableCounts();
    expect(liveCounts[0]).toMatchObject({
      events: bakery.length + electronics.length,
      master: masterData.length,
      readings: 3,
      defects: 2,
    });
    const r = await rebuild(t.stores, t.projector, { actor: 'test' });
    expect(r.entries).toBe(bakery.length + electronics.length + masterData.length);
    expect(await t.projector.lag()).toBe(0);
    const replayed = await answers();
    for (const k of Object.keys(live) as (keyof typeof live)[]) expect(replayed[k], k).toEqual(live[k]);
    expect(await tableCounts()).toEqual(liveCounts);
  });
});
