import { logCounts } from '../../analytics/event-log.store.ts';
import { isAppError } from '../../domain/errors.ts';
import type { Runtime } from '../runtime.ts';
import { jobStatuses, type JobStatus } from '../scheduler.ts';

export interface Health {
  service: 'lotgraph';
  status: 'ok' | 'degraded';
  stores: {
    neo4j: { status: 'up' | 'down'; uri: string; local: boolean; error?: string };
    duckdb: { status: 'up' | 'down'; file: string; error?: string };
  };
  eventLog?: { events: number; masterData: number };
  /** log entries the graph has not applied yet */
  graphLag?: number;
  /** scheduled jobs that ran in this process: runs, failures, the last outcome */
  jobs: Record<string, JobStatus>;
}

const reason = (err: unknown) => (isAppError(err) ? err.message : 'unavailable');

/** Asks each store whether it answers, and how far the graph is behind the log. */
export async function healthOf(rt: Runtime): Promise<Health> {
  const { graph, duck } = rt.stores;
  const h: Health = {
    service: 'lotgraph',
    status: 'ok',
    stores: {
      neo4j: { status: 'up', uri: graph.target.uri, local: rt.localNeo4j !== null },
      duckdb: { status: 'up', file: duck.file },
    },
    jobs: jobStatuses(),
  };
  try {
    h.eventLog = await logCounts(duck);
  } catch (err) {
    h.stores.duckdb = { ...h.stores.duckdb, status: 'down', error: reason(err) };
  }
  try {
    await graph.ping();
    if (h.stores.duckdb.status === 'up') h.graphLag = await rt.projector.lag();
  } catch (err) {
    h.stores.neo4j = { ...h.stores.neo4j, status: 'down', error: reason(err) };
  }
  if (h.stores.neo4j.status === 'down' || h.stores.duckdb.status === 'down') h.status = 'degraded';
  return h;
}
