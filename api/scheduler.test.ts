// A scheduled job that throws is reported and runs again at its next time (real node-cron,
// every second): the scheduler survives the failing run, logs it, and counts it for health.
import { describe, expect, it } from 'vitest';
import type { Config } from './config.ts';
import type { Runtime } from './runtime.ts';
import { jobStatuses, startScheduler } from './scheduler.ts';

describe('the scheduler', () => {
  it('reports a failing run and runs the job again at its next time', async () => {
    const lines: string[] = [];
    let calls = 0;
    const job = {
      name: 'flaky test job',
      schedule: '* * * * * *', // every second
      async run() {
        calls++;
        if (calls === 1) throw new Error('the store said no');
        return `run ${calls} fine`;
      },
    };
    const scheduler = startScheduler({} as Runtime, {} as Config, (l) => lines.push(l), {
      jobs: [job],
      close: () => undefined,
    });
    try {
      await expect.poll(() => calls, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    } finally {
      await scheduler.stop();
    }
    expect(lines.slice(0, 2)).toEqual([
      'flaky test job failed, runs again at its next time: the store said no',
      'flaky test job: run 2 fine',
    ]);
    expect(jobStatuses()['flaky test job']).toMatchObject({
      runs: calls,
      failures: 1,
      lastOk: true,
      lastError: null,
    });
  });
});
