// Lotgraph's built-in ("embedded") Neo4j: Neo4j community run on the local JDK by the small Java
// launcher in cypher/launcher, reachable over Bolt on 127.0.0.1 only, with a password of its own.
// Used when no NEO4J_URI is configured.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../domain/errors.ts';

export interface LocalNeo4jOptions {
  /** Lotgraph's data folder; the store goes to <dataDir>/neo4j, the password to <dataDir>/neo4j-password */
  dataDir: string;
  /** Bolt port on 127.0.0.1; 0 = pick a free port */
  boltPort: number;
  /** JVM heap; default env LOTGRAPH_NEO4J_HEAP (e.g. "2g", "1536m"), else 2 GiB */
  heapMb?: number;
  /** Neo4j page cache; default 512 MiB */
  pageCacheMb?: number;
  /** further Neo4j settings (neo4j.conf names), for benchmarks' experiments */
  settings?: Record<string, string>;
  /** further JVM options, for benchmarks' experiments (a collector given here replaces ours) */
  jvmOptions?: string[];
  onProgress?: (msg: string) => void;
}

export interface RunningNeo4j {
  uri: string;
  user: string;
  password: string;
  pid: number;
  /** Shuts Neo4j down cleanly (SIGKILL after 60 s); safe to call more than once. */
  stop(): Promise<void>;
}

interface LauncherInfo {
  classpath: string;
  mainClass: string;
}

interface LauncherModule {
  ensureLauncherBuilt(opts: { quiet?: boolean; onProgress?: (msg: string) => void }): Promise<LauncherInfo>;
  javaAndMavenProblem(): string | null;
}

// install.mjs is plain JavaScript (npm runs it at postinstall, before any TypeScript tooling), and
// has no type declarations: a computed specifier keeps tsc from asking for them; LauncherModule
// above states what this module relies on.
const launcherModuleUrl = new URL('./launcher/install.mjs', import.meta.url).href;
const launcher = (await import(launcherModuleUrl)) as LauncherModule;

const USER = 'neo4j';
const DEFAULT_HEAP_MB = 2048;
const DEFAULT_PAGE_CACHE_MB = 512;
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;
const LOG_LINES_KEPT = 15;

// Lines the launcher prints on stdout for us (see LocalNeo4j.java).
const READY_LINE = /^LOTGRAPH_NEO4J_READY \d+$/;
const FAILED_LINE = /^LOTGRAPH_NEO4J_FAILED (\w+) (.*)$/;
// Stack frames only matter in a failure report, which takes them from the kept lines.
const STACK_FRAME = /^\s+(at |\.\.\. \d+ more)/;

const JVM_OPTIONS = [
  // A JVM that ran out of heap may limp on half-broken; dying lets the caller see it and restart.
  '-XX:+ExitOnOutOfMemoryError',
  // Without these Neo4j falls back to slower page-cache buffers and cannot advise the kernel on
  // its transaction logs (it says so in debug.log).
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
];

/**
 * The garbage collector (decision 045): the parallel (throughput) collector by default, which
 * loaded the graph 18 % faster with 12 % less CPU than G1 on this 2-core machine, with shorter
 * young pauses and no worse trace latency (Neo4j's live heap is small: the page cache is
 * off-heap); LOTGRAPH_NEO4J_GC=g1 for G1. api/config.ts checks the same two values at start.
 */
const COLLECTORS: Record<string, string> = { parallel: '-XX:+UseParallelGC', g1: '-XX:+UseG1GC' };
function gcOption(): string {
  const name = process.env.LOTGRAPH_NEO4J_GC ?? 'parallel';
  const option = Object.hasOwn(COLLECTORS, name) ? COLLECTORS[name] : undefined;
  if (!option) throw new AppError('CONFIG', `LOTGRAPH_NEO4J_GC must be "parallel" or "g1", not "${name}".`);
  return option;
}

/** The one-paragraph explanation when Java 17+ or Maven is missing here, else null. */
export function javaAndMavenProblem(): string | null {
  return launcher.javaAndMavenProblem();
}

export async function startLocalNeo4j(opts: LocalNeo4jOptions): Promise<RunningNeo4j> {
  const say = opts.onProgress ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const home = path.join(dataDir, 'neo4j');
  const passwordFile = path.join(dataDir, 'neo4j-password');
  const heapMb = opts.heapMb ?? heapFromEnv() ?? DEFAULT_HEAP_MB;
  const pageCacheMb = opts.pageCacheMb ?? DEFAULT_PAGE_CACHE_MB;
  const extraJvm = opts.jvmOptions ?? [];
  // The JVM refuses two collectors: one chosen by the caller replaces ours.
  const gc = extraJvm.some((o) => /^-XX:\+Use\w+GC$/.test(o)) ? [] : [gcOption()];

  await mkdir(home, { recursive: true });
  const password = await readOrCreatePassword(passwordFile);
  const info = await buildLauncher(opts.onProgress);
  const port = opts.boltPort === 0 ? await freePort() : opts.boltPort;
  const settings = Object.entries(opts.settings ?? {});
  const configFile = path.join(dataDir, 'neo4j-settings.conf');
  if (settings.length)
    await writeFile(configFile, settings.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });

  const child = spawn(
    'java',
    [
      `-Xmx${heapMb}m`,
      ...gc,
      ...JVM_OPTIONS,
      ...extraJvm,
      '-cp',
      info.classpath,
      info.mainClass,
      '--home',
      home,
      '--port',
      String(port),
      '--password-file',
      passwordFile,
      '--pagecache-mb',
      String(pageCacheMb),
      ...(settings.length ? ['--config-file', configFile] : []),
    ],
    // stdin stays open while we live: the launcher shuts down when it reaches EOF, so even a
    // SIGKILLed Node leaves no JVM behind. cwd = home keeps JVM crash files out of the project.
    { cwd: home, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // Closing stdin of a JVM that already died must not become an unhandled 'error'.
  child.stdin.on('error', () => {});

  const lastLines: string[] = [];
  let onLine: (line: string) => void = () => {};
  const keep = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > LOG_LINES_KEPT) lastLines.shift();
    onLine(line);
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', keep);

  // 'close' (not 'exit'): it comes after the last output line, and also after a failed spawn.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  // Last resort when Node exits without stop(): 'exit' handlers must be synchronous, and a
  // signal is. SIGTERM still lets the JVM close the store cleanly.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const failure = (message: string) =>
    new AppError(
      'STORE_UNAVAILABLE',
      `${message}\nLast lines from Neo4j:\n${lastLines.join('\n') || '(none)'}\nMore in ${path.join(home, 'logs', 'debug.log')}`,
      { details: { dataDir, port } },
    );
  // The launcher names the failures a person can act on; anything else comes with the log lines.
  const startFailure = (kind: string, reason: string): AppError => {
    if (kind === 'LOCKED') {
      return new AppError(
        'STORE_UNAVAILABLE',
        `Cannot start the local Neo4j: another Lotgraph/Neo4j is using ${home}. Stop that one first, or use another data folder.`,
        { details: { dataDir } },
      );
    }
    if (kind === 'PORT_IN_USE') {
      return new AppError(
        'STORE_UNAVAILABLE',
        `Cannot start the local Neo4j: port ${port} on 127.0.0.1 is already in use. Choose another port, or 0 for any free one.`,
        { details: { port } },
      );
    }
    return failure(`Neo4j failed to start: ${reason}`);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(failure(`Neo4j did not get ready within ${READY_TIMEOUT_MS / 1000} s.`)),
        READY_TIMEOUT_MS,
      );
      const settle = (err?: Error) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      child.once('error', (err: NodeJS.ErrnoException) =>
        settle(
          err.code === 'ENOENT'
            ? new AppError('NEO4J_SETUP', javaAndMavenProblem() ?? 'Cannot run `java`.', { cause: err })
            : failure(`Could not start java: ${err.message}`),
        ),
      );
      void exited.then((code) => settle(failure(`Neo4j exited (code ${code}) before it was ready.`)));
      onLine = (line) => {
        const failed = FAILED_LINE.exec(line);
        if (READY_LINE.test(line)) settle();
        else if (failed) settle(startFailure(failed[1] ?? '', failed[2] ?? ''));
        else if (!STACK_FRAME.test(line)) say(`neo4j: ${line}`);
      };
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }

  let exitExpected = false;
  onLine = (line) => {
    if (!STACK_FRAME.test(line)) say(`neo4j: ${line}`);
  };
  void exited.then((code) => {
    if (!exitExpected) say(`Lotgraph: Neo4j (pid ${child.pid}) exited unexpectedly with code ${code}.`);
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      exitExpected = true;
      child.stdin.end();
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        say(`Lotgraph: Neo4j did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it.`);
        child.kill('SIGKILL');
        await exited;
      }
    })();
    return stopping;
  };

  return { uri: `bolt://127.0.0.1:${port}`, user: USER, password, pid: child.pid as number, stop };
}

async function buildLauncher(onProgress: ((msg: string) => void) | undefined): Promise<LauncherInfo> {
  try {
    // Without a listener, stay quiet: a library must not write to the host's stdout.
    return await launcher.ensureLauncherBuilt(onProgress ? { onProgress } : { quiet: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const missingTools = err instanceof Error && 'missingTools' in err;
    throw new AppError(
      'NEO4J_SETUP',
      missingTools ? message : `Could not build the local Neo4j launcher (cypher/launcher): ${message}`,
      { cause: err },
    );
  }
}

/** The password of user neo4j: made once per data folder, readable by its owner only. */
async function readOrCreatePassword(file: string): Promise<string> {
  try {
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, password, { mode: 0o600, flag: 'wx' });
    return password;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new AppError('NEO4J_SETUP', `Cannot write the Neo4j password file ${file}.`, { cause: err });
    }
  }
  const password = (await readFile(file, 'utf8')).trim();
  if (password.length < 8) {
    throw new AppError(
      'NEO4J_SETUP',
      `The Neo4j password file ${file} holds fewer than 8 characters; delete it and a new password is made.`,
    );
  }
  return password;
}

/** LOTGRAPH_NEO4J_HEAP as MiB: "2g", "1536m" or a plain number of MiB. */
function heapFromEnv(): number | undefined {
  const raw = process.env.LOTGRAPH_NEO4J_HEAP?.trim();
  if (!raw) return undefined;
  const m = /^(\d+)\s*([mg]?)b?$/i.exec(raw);
  if (!m || Number(m[1]) === 0) {
    throw new AppError('CONFIG', `LOTGRAPH_NEO4J_HEAP must look like "2g" or "1536m", not "${raw}".`);
  }
  return Number(m[1]) * (m[2]?.toLowerCase() === 'g' ? 1024 : 1);
}

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
