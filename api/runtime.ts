// Brings the stores up (the local Neo4j unless NEO4J_URI points elsewhere, the DuckDB file),
// catches the graph up with the event log, and takes everything down again in order.
import { join } from 'node:path';
import { DuckStore } from '../analytics/duckdb.ts';
import { startLocalNeo4j, type RunningNeo4j } from '../cypher/local-neo4j.ts';
import { GraphStore } from '../cypher/neo4j.ts';
import { attachReachIndex, detachReachIndex } from '../cypher/reach-index.ts';
import { GraphProjector, type Progress, type Stores } from '../etl/ingest.ts';
import type { Config } from './config.ts';

export interface Runtime {
  stores: Stores;
  projector: GraphProjector;
  /** the local Neo4j, when this process started one */
  localNeo4j: RunningNeo4j | null;
  close(): Promise<void>;
}

/** The DuckDB file (event log, audit trail, analytic tables) of a configuration. */
export const duckFile = (cfg: Config) => join(cfg.dataDir, 'lotgraph.duckdb');

export async function openRuntime(
  cfg: Config,
  log: Progress,
  opts: {
    /** false: leave the graph where it is (the consistency check reads it as found) */
    catchUp?: boolean;
    /** load the reach index and keep it following the graph (the server; decision 032) */
    reachIndex?: boolean;
  } = {},
): Promise<Runtime> {
  const duck = await DuckStore.open(duckFile(cfg));
  let localNeo4j: RunningNeo4j | null = null;
  let graph: GraphStore;
  try {
    let target = cfg.neo4j;
    if (!target) {
      log(`starting the local Neo4j (data in ${join(cfg.dataDir, 'neo4j')}) …`);
      localNeo4j = await startLocalNeo4j({
        dataDir: cfg.dataDir,
        boltPort: cfg.localBoltPort,
        onProgress: log,
      });
      target = { uri: localNeo4j.uri, user: localNeo4j.user, password: localNeo4j.password };
      log(`local Neo4j ready at ${localNeo4j.uri}`);
    } else log(`using the Neo4j server at ${target.uri}`);
    graph = await GraphStore.connect(target);
  } catch (err) {
    await localNeo4j?.stop();
    duck.close();
    throw err;
  }
  const stores = { duck, graph };
  const projector = new GraphProjector(stores);
  const lag = opts.catchUp === false ? 0 : await projector.lag();
  if (lag > 0) {
    log(`graph: catching up ${lag} log entries …`);
    await projector.catchUp(log);
  }
  // Loaded while the projection holds still, so its pages read one state of the graph.
  if (opts.reachIndex)
    await projector
      .whilePaused(() => attachReachIndex(graph, { onProgress: log }))
      .catch((err: unknown) => {
        // Without the index every reach is a Neo4j query: slower, never wrong.
        log(`reach index: not loaded (${(err as Error).message}); recall reaches go to Neo4j`);
      });
  let closed = false;
  return {
    stores,
    projector,
    localNeo4j,
    async close() {
      if (closed) return;
      closed = true;
      projector.stop();
      detachReachIndex(graph);
      await graph.close().catch(() => undefined);
      await localNeo4j?.stop();
      duck.close();
    },
  };
}
