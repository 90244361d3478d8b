// The real `lotgraph` command as a child process in its own process group, for the crash,
// backup and load tests: start it, read its output line by line, wait for a line, and kill it
// (with everything it started, the local Neo4j's JVM included) as a power cut would.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TEST_ADMIN_TOKEN } from './auth.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface Child {
  proc: ChildProcess;
  /** every line so far, stdout and stderr */
  lines: string[];
  /** resolves with the first line (from now or earlier) that matches; rejects when the process ends first */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** resolves with the exit code (null after a signal) */
  exited: Promise<number | null>;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a child that runs on `dataDir` with its own local Neo4j (a small heap, any
 * free Bolt port), demo mode off, the test admin token, and nothing inherited that points it
 * at another Neo4j.
 */
export function childEnv(
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('NEO4J_') || k.startsWith('LOTGRAPH_') || k === 'PORT') delete env[k];
  return {
    ...env,
    LOTGRAPH_DATA_DIR: dataDir,
    PORT: String(port),
    LOTGRAPH_DEMO: 'off',
    LOTGRAPH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOTGRAPH_NEO4J_BOLT_PORT: '0',
    LOTGRAPH_NEO4J_HEAP: '512m',
    ...extra,
  };
}

/** Runs `lotgraph <args>` in its own process group. */
export function lotgraphChild(args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn('node', [join(root, 'bin/lotgraph.mjs'), ...args], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (process.env['LOTGRAPH_TEST_CHILD_OUTPUT'] === '1')
      process.stderr.write(`[child ${proc.pid}] ${line}\n`);
    for (const w of [...waiters])
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  };
  createInterface({ input: proc.stdout! }).on('line', onLine);
  createInterface({ input: proc.stderr! }).on('line', onLine);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 240_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no line like ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`),
            ),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`exited (${code}) before a line like ${pattern}:\n${lines.slice(-20).join('\n')}`),
          );
        });
      });
    },
  };
}

/** Pids of the processes whose command line mentions `text` (the JVM names its store folder). */
function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text)) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * SIGKILL to the child's whole process group (Node and the local Neo4j's JVM at once, as a power
 * cut); waits until both are gone.
 */
export async function killGroup(child: Child, dataDir: string): Promise<void> {
  try {
    process.kill(-child.proc.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await child.exited;
  const store = join(dataDir, 'neo4j');
  for (let i = 0; i < 200 && pidsMentioning(store).length; i++) await new Promise((r) => setTimeout(r, 50));
}

/** Starts `lotgraph start` on `dataDir` and waits until it serves. */
export async function startServerChild(
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
): Promise<Child> {
  const child = lotgraphChild(['start'], childEnv(dataDir, port, extra));
  await child.waitFor(/Lotgraph is running at/);
  return child;
}
