// Scheduled jobs (node-cron), started with the server (stub: to be written).
import type { Config } from './config.ts';
import type { Runtime } from './runtime.ts';
import type { Progress } from '../etl/ingest.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(_rt: Runtime, _cfg: Config, _log: Progress): Scheduler {
  return { stop: async () => undefined };
}
