// Traces must visit each node once on genealogies full of diamonds: one additive lot feeding
// 1,000 batches that are blended and re-blended through five fully connected layers, giving
// 10^4 x 2,000 paths but only 1,151 lots. PROFILE must show a pruning (BFS) var-length
// expand, and the database hits must stay proportional to the graph, not to the paths.
import type { QueryResult } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceQueries } from '../../cypher/trace.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { traceBackward, traceForward } from '../../api/services/trace.service.ts';
import { doc, lot, party, receive, transform } from '../builders/epcis.builder.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const BATCHES = 1000;
const BLENDS = 100;
const LAYERS = 5;
const WIDTH = 10;

const batch = (i: number) => lot(`BATCH-${i}`);
const blend = (j: number) => lot(`BLEND-${j}`);
const layer = (k: number, j: number) => lot(`L${k}-${j}`);

function diamondDocument() {
  const events = [receive({ lot: lot('ADD-H'), qty: 5000, uom: 'KGM', supplier: party('CHEM-A'), t: 0 })];
  for (let i = 0; i < BATCHES; i++)
    events.push(
      transform({
        op: `MIX-${i}`,
        t: 1,
        step: 'mixing',
        inLots: [[lot('ADD-H'), 1, 'KGM']],
        outLots: [[batch(i), 100, 'KGM']],
      }),
    );
  // Each batch goes into two blends.
  for (let j = 0; j < BLENDS; j++) {
    const inputs: [string, number, string][] = [];
    for (let i = 0; i < BATCHES; i++)
      if (i % BLENDS === j || (i + 1) % BLENDS === j) inputs.push([batch(i), 50, 'KGM']);
    events.push(
      transform({
        op: `BLEND-${j}`,
        t: 2,
        step: 'blending',
        inLots: inputs,
        outLots: [[blend(j), 1000, 'KGM']],
      }),
    );
  }
  // Blends into layer 1 (each blend into one lot), then fully connected layers.
  for (let j = 0; j < WIDTH; j++) {
    const inputs: [string, number, string][] = [];
    for (let b = 0; b < BLENDS; b++) if (b % WIDTH === j) inputs.push([blend(b), 100, 'KGM']);
    events.push(
      transform({
        op: `L1-${j}`,
        t: 3,
        step: 'blending',
        inLots: inputs,
        outLots: [[layer(1, j), 1000, 'KGM']],
      }),
    );
  }
  for (let k = 2; k <= LAYERS; k++)
    for (let j = 0; j < WIDTH; j++) {
      const inputs = Array.from({ length: WIDTH }, (_, p): [string, number, string] => [
        layer(k - 1, p),
        10,
        'KGM',
      ]);
      events.push(
        transform({
          op: `L${k}-${j}`,
          t: 3 + k,
          step: 'blending',
          inLots: inputs,
          outLots: [[layer(k, j), 100, 'KGM']],
        }),
      );
    }
  return doc(events);
}

// Expected sets, by construction.
const allLots = [
  lot('ADD-H'),
  ...Array.from({ length: BATCHES }, (_, i) => batch(i)),
  ...Array.from({ length: BLENDS }, (_, j) => blend(j)),
  ...Array.from({ length: LAYERS * WIDTH }, (_, n) => layer(Math.floor(n / WIDTH) + 1, n % WIDTH)),
].sort();
// FEEDS edges: 1,000 (mix) + 2,000 (blends) + 100 (layer 1) + 4 x 100 (full layers).
const FEEDS = BATCHES + 2 * BATCHES + BLENDS + (LAYERS - 1) * WIDTH * WIDTH;

interface PlanNode {
  operatorType: string;
  dbHits: number;
  children: PlanNode[];
}
const operators = (p: PlanNode): string[] => [p.operatorType, ...p.children.flatMap(operators)];
const dbHits = (p: PlanNode): number => p.dbHits + p.children.reduce((s, c) => s + dbHits(c), 0);

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, diamondDocument(), { source: 'test' });
});
afterAll(async () => t?.close());

describe('trace plans on diamonds', () => {
  it('forward trace of the hub lot reaches every lot once', async () => {
    const a = await traceForward(t.stores.graph, lot('ADD-H'));
    expect(a.nodes.map((n) => n.id).sort()).toEqual(allLots);
    expect(a.edges.filter((e) => e.type === 'FEEDS')).toHaveLength(FEEDS);
  });

  it('backward trace of a last-layer lot reaches every lot once', async () => {
    const a = await traceBackward(t.stores.graph, layer(LAYERS, 3));
    const expected = allLots.filter((id) => !id.includes(`:L${LAYERS}-`) || id === layer(LAYERS, 3));
    expect(
      a.nodes
        .filter((n) => n.kind === 'lot')
        .map((n) => n.id)
        .sort(),
    ).toEqual(expected);
  });

  it.each([
    ['trace_forward', traceQueries.forward.text, lot('ADD-H')],
    ['trace_backward', traceQueries.backward.text, layer(LAYERS, 3)],
    ['reach_forward', traceQueries.reachForward.text, lot('ADD-H')],
  ])('%s plans a pruning var-length expand and stays linear in the graph', async (name, text, id) => {
    const key = id; // internal ids are their own canonical key
    const params = name === 'reach_forward' ? { keys: [key] } : { key };
    const r: QueryResult = await t.stores.graph.run(`PROFILE ${text}`, params, 'READ');
    const plan = r.summary.profile as unknown as PlanNode;
    const ops = operators(plan);
    expect(
      ops.some((o) => /VarLengthExpand\(Pruning|BFSPruningVarLengthExpand|PruningVarLengthExpand/.test(o)),
    ).toBe(true);
    // Every node and relationship is touched a bounded number of times, whatever the path count.
    const graphSize = allLots.length + FEEDS;
    expect(dbHits(plan)).toBeLessThan(40 * graphSize);
  });
});
