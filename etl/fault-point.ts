// Named points inside the writes where the crash tests stop a process on purpose
// (test/e2e/crash.e2e.test.ts, docs/reliability.md). Only LOTGRAPH_TEST_FAULT_POINT=<point>[:<n>]
// arms one: the n-th time (default the first) the process reaches that point it says so on
// stderr and waits there for ever, inside the open transaction, so that a test can look at the
// other connections and then kill it. Unset (always, outside those tests) it does nothing.
export type FaultPointName =
  /** inside the DuckDB transaction that appends to the event log, before COMMIT */
  | 'log-commit'
  /** inside the one DuckDB transaction of a streamed CSV import, after a batch is appended */
  | 'csv-batch'
  /** inside the Neo4j transaction that applies a batch and moves the checkpoint, before commit */
  | 'graph-commit';

const reached = new Map<string, number>();

export async function faultPoint(name: FaultPointName): Promise<void> {
  const spec = process.env['LOTGRAPH_TEST_FAULT_POINT'];
  if (!spec) return;
  const [point, nth = '1'] = spec.split(':');
  if (point !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count !== Number(nth)) return;
  process.stderr.write(`LOTGRAPH_FAULT_POINT ${name} ${count}\n`);
  // A timer keeps even a command-line process alive while it waits.
  await new Promise<void>(() => setInterval(() => undefined, 60_000));
}
