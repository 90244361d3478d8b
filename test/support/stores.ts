// Real stores for one test file: a fresh DuckDB file and the run's Neo4j, emptied first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { DuckStore } from '../../analytics/duckdb.ts';
import { GraphStore } from '../../cypher/neo4j.ts';
import { clearGraph } from '../../cypher/projection.ts';
import { attachReachIndex, detachReachIndex } from '../../cypher/reach-index.ts';
import { GraphProjector, type Stores } from '../../etl/ingest.ts';
import type { Runtime } from '../../api/runtime.ts';

export interface TestStores extends Runtime {
  dir: string;
}

export async function openTestStores(): Promise<TestStores> {
  const dir = mkdtempSync(join(tmpdir(), 'lotgraph-test-'));
  const duck = await DuckStore.open(join(dir, 'lotgraph.duckdb'));
  const graph = await GraphStore.connect(inject('neo4j'));
  await clearGraph(graph);
  // As the server runs: the reach index follows the graph from its (empty) start.
  await attachReachIndex(graph);
  const stores: Stores = { duck, graph };
  const projector = new GraphProjector(stores);
  return {
    dir,
    stores,
    projector,
    localNeo4j: null,
    async close() {
      projector.stop();
      detachReachIndex(graph);
      await graph.close();
      duck.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
