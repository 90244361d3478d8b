// Scheduled jobs (node-cron), started with the server: the overdue-task escalation, the
// escalation of unanswered quality notices, the incoming-inspection sweep and the retention of
// ended CSV import jobs. A job that fails reports and runs again at its next time; a run
// never overlaps the previous one of the same job.
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from './config.ts';
import { smtpMailer } from './mailer.ts';
import type { Runtime } from './runtime.ts';
import { purgeEndedImports } from './services/csv-import.service.ts';
import { escalateOverdue } from './services/escalation.service.ts';
import { sweepIncomingInspections } from './services/incoming-inspection.service.ts';
import { escalateOverdueNotices } from './services/notice.service.ts';
import type { Progress } from '../etl/ingest.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

/** One job: a name, a schedule and what it does (returns a line to log, or null for nothing). */
export interface Job {
  name: string;
  schedule: string;
  /** also run once when the scheduler starts */
  atStart?: boolean;
  run(): Promise<string | null>;
}

/** How each job has fared in this process, for health: runs, failures, the last outcome. */
export interface JobStatus {
  runs: number;
  failures: number;
  lastRunAt: string | null;
  lastOk: boolean | null;
  lastError: string | null;
}
const statuses = new Map<string, JobStatus>();

/** Every job's status so far (GET /api/health shows it to staff). */
export function jobStatuses(): Record<string, JobStatus> {
  return Object.fromEntries([...statuses].map(([name, s]) => [name, { ...s }]));
}

/** Runs a job once, reporting instead of throwing (the next run tries again). */
export async function runJob(job: Job, log: Progress): Promise<boolean> {
  const status = statuses.get(job.name) ?? {
    runs: 0,
    failures: 0,
    lastRunAt: null,
    lastOk: null,
    lastError: null,
  };
  statuses.set(job.name, status);
  status.runs++;
  status.lastRunAt = new Date().toISOString();
  try {
    const line = await job.run();
    if (line) log(`${job.name}: ${line}`);
    status.lastOk = true;
    status.lastError = null;
    return true;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    status.failures++;
    status.lastOk = false;
    status.lastError = reason;
    log(`${job.name} failed, runs again at its next time: ${reason}`);
    return false;
  }
}

/** The jobs of a configuration. */
export function jobsOf(rt: Runtime, cfg: Config): { jobs: Job[]; close(): void } {
  const mailer = cfg.mail ? smtpMailer(cfg.mail) : null;
  const jobs: Job[] = [
    {
      name: 'escalation',
      schedule: cfg.schedule.escalation,
      async run() {
        const r = await escalateOverdue(rt, new Date(), mailer);
        if (r.escalated.length === 0 && r.mailFailures.length === 0) return null;
        return (
          `${r.escalated.length} overdue task${r.escalated.length === 1 ? '' : 's'} escalated, ${r.mailed} e-mail${r.mailed === 1 ? '' : 's'} sent` +
          (r.mailFailures.length
            ? `; e-mail failed for ${r.mailFailures.length}: ${r.mailFailures[0]!.reason}`
            : '')
        );
      },
    },
    {
      // on the tasks' schedule: a notice unanswered at its due time escalates like an overdue task
      name: 'notice escalation',
      schedule: cfg.schedule.escalation,
      async run() {
        const r = await escalateOverdueNotices(rt, new Date(), mailer);
        if (r.escalated.length === 0 && r.mailFailures.length === 0) return null;
        return (
          `${r.escalated.length} unanswered notice${r.escalated.length === 1 ? '' : 's'} escalated, ${r.mailed} e-mail${r.mailed === 1 ? '' : 's'} sent` +
          (r.mailFailures.length
            ? `; e-mail failed for ${r.mailFailures.length}: ${r.mailFailures[0]!.reason}`
            : '')
        );
      },
    },
    {
      // once at start too, so lots imported while the server was down get their task soon
      name: 'incoming-inspection sweep',
      schedule: cfg.schedule.inspectionSweep,
      atStart: true,
      async run() {
        const opened = await sweepIncomingInspections(rt);
        return opened.length
          ? `${opened.length} incoming inspection${opened.length === 1 ? '' : 's'} opened`
          : null;
      },
    },
  ];
  // 0 days keeps every import job: no retention runs (decision 044)
  const keepDays = cfg.csvImport.keepDays;
  if (keepDays > 0)
    jobs.push({
      name: 'import-job retention',
      schedule: cfg.schedule.importJobRetention,
      atStart: true,
      async run() {
        const r = await purgeEndedImports(rt.stores.duck, { now: new Date(), keepDays });
        return r.deleted
          ? `${r.deleted} ended CSV import job${r.deleted === 1 ? '' : 's'} deleted (finished before ${r.cutoff})`
          : null;
      },
    });
  return { jobs, close: () => mailer?.close() };
}

export function startScheduler(
  rt: Runtime,
  cfg: Config,
  log: Progress,
  /** the jobs to schedule (tests give their own) */
  given: { jobs: Job[]; close(): void } = jobsOf(rt, cfg),
): Scheduler {
  const { jobs, close } = given;
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    if (!cron.validate(job.schedule)) {
      log(`${job.name}: the schedule "${job.schedule}" is not a cron expression; the job does not run`);
      continue;
    }
    tasks.push(
      cron.schedule(job.schedule, () => runJob(job, log).then(() => undefined), {
        name: job.name,
        noOverlap: true,
      }),
    );
  }
  // The jobs that also run at start, one after the other (none begins once stopping).
  let stopping = false;
  const first = (async () => {
    for (const job of jobs) if (job.atStart && !stopping) await runJob(job, log);
  })();
  return {
    async stop() {
      stopping = true;
      for (const t of tasks) await t.stop();
      for (const t of tasks) await t.destroy();
      await first.catch(() => undefined);
      close();
    },
  };
}
