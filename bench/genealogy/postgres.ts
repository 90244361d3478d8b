// PostgreSQL 15 as a peer: Debian's server binaries, a cluster made by initdb under the work
// folder, a postmaster on a free loopback port for the run only, the genealogy files loaded with
// COPY, covering indexes for both directions, and recursive CTEs whose UNION keeps every node
// once (node-unique, as the other engines).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { GenealogyMeta } from './generate.ts';

const BIN = process.env['LOTGRAPH_BENCH_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** Why PostgreSQL cannot run here, or null. */
export function postgresProblem(): string | null {
  if (!existsSync(join(BIN, 'postgres')))
    return `PostgreSQL 15 is not installed (no ${BIN}/postgres): apt-get install postgresql-15`;
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, and there is no "postgres" user to run the server as';
  return null;
}

export interface PostgresSettings {
  sharedBuffersMb: number;
  workMemMb: number;
}

/** Runs a command as the postgres user when we are root (the server refuses root). */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Lets the server user read the generated files (and the folders above them). */
function readableByServer(file: string) {
  for (let d = dirname(file); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, mode | 0o005);
  }
  const mode = statSync(file).mode;
  if ((mode & 0o004) === 0) chmodSync(file, mode | 0o004);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS nodes (n integer PRIMARY KEY, kind text NOT NULL, layer smallint NOT NULL, supplier integer, material integer);
CREATE TABLE IF NOT EXISTS feeds (src integer NOT NULL, dst integer NOT NULL, qty real);
CREATE TABLE IF NOT EXISTS packed (child integer NOT NULL, parent integer NOT NULL);
`;
const INDEXES = `
CREATE INDEX IF NOT EXISTS feeds_down ON feeds (src) INCLUDE (dst);
CREATE INDEX IF NOT EXISTS feeds_up ON feeds (dst) INCLUDE (src);
CREATE INDEX IF NOT EXISTS packed_up ON packed (child) INCLUDE (parent);
`;
// Recall: downstream over FEEDS, then the containers above; UNION discards rows seen before.
const FORWARD = `
WITH RECURSIVE down(n) AS (
  SELECT unnest($1::integer[])
  UNION
  SELECT f.dst FROM down JOIN feeds f ON f.src = down.n
), up(n) AS (
  SELECT n FROM down
  UNION
  SELECT p.parent FROM up JOIN packed p ON p.child = up.n
)
SELECT n FROM up`;
const BACKWARD = `
WITH RECURSIVE up(n) AS (
  SELECT $1::integer
  UNION
  SELECT f.src FROM up JOIN feeds f ON f.dst = up.n
)
SELECT n FROM up`;

export class PostgresPeer {
  private constructor(
    readonly dir: string,
    private readonly server: ChildProcess,
    private readonly client: pg.Client,
    readonly port: number,
    readonly settings: PostgresSettings,
  ) {}

  /** initdb (once) into `dir`, then starts the server on a free loopback port and connects. */
  static async start(
    dir: string,
    settings: PostgresSettings,
    log: (m: string) => void,
  ): Promise<PostgresPeer> {
    const problem = postgresProblem();
    if (problem) throw new Error(problem);
    const root = process.getuid?.() === 0;
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (root) {
        const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString());
        const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString());
        chownSync(dir, uid, gid);
        readableByServer(join(dir, '.')); // the folders above it
      }
      const [cmd, args] = asServerUser(join(BIN, 'initdb'), [
        '-D',
        dir,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ]);
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
      log(`postgres: cluster initialised in ${dir}`);
    }
    const port = await freePort();
    const [cmd, args] = asServerUser(join(BIN, 'postgres'), [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      `shared_buffers=${settings.sharedBuffersMb}MB`,
      '-c',
      `work_mem=${settings.workMemMb}MB`,
      '-c',
      'maintenance_work_mem=512MB',
      '-c',
      'effective_cache_size=4GB',
      // The load is a benchmark's, rebuilt at will: no crash safety needed while it runs.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_wal_size=4GB',
      // Short queries: the JIT's compile time would dominate.
      '-c',
      'jit=off',
      // Plan each trace for its own sources: a generic plan of the prepared statement (chosen
      // after five runs) joined by hash over the whole table even for one source (325 ms
      // instead of 5 ms in one run).
      '-c',
      'plan_cache_mode=force_custom_plan',
      '-c',
      'logging_collector=off',
      '-c',
      'log_min_messages=warning',
    ]);
    const server = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const lines: string[] = [];
    server.stderr!.on('data', (b: Buffer) => {
      lines.push(b.toString());
      if (lines.length > 20) lines.shift();
    });
    let client: pg.Client;
    for (let i = 0; ; i++) {
      // A client connects once: a new one per attempt while the server starts.
      client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      try {
        await client.connect();
        break;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (server.exitCode !== null || i > 300)
          throw new Error(`postgres did not start: ${lines.join('')}`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    log(`postgres: server up on 127.0.0.1:${port} (pid ${server.pid})`);
    return new PostgresPeer(dir, server, client, port, settings);
  }

  async version(): Promise<string> {
    const r = await this.client.query<{ v: string }>('SELECT version() AS v');
    return r.rows[0]!.v;
  }

  /** COPY the files in, then index and analyse; returns rows loaded and seconds (COPY, indexes). */
  async load(meta: GenealogyMeta): Promise<{ rows: number; copySeconds: number; indexSeconds: number }> {
    await this.client.query(SCHEMA);
    await this.client.query('DELETE FROM nodes WHERE n >= $1 AND n < $2', [
      meta.offset,
      meta.offset + meta.nodes,
    ]);
    await this.client.query('DELETE FROM feeds WHERE dst >= $1 AND dst < $2', [
      meta.offset,
      meta.offset + meta.nodes,
    ]);
    await this.client.query('DELETE FROM packed WHERE child >= $1 AND child < $2', [
      meta.offset,
      meta.offset + meta.nodes,
    ]);
    const t0 = performance.now();
    for (const [table, file] of [
      ['nodes', meta.files.nodes],
      ['feeds', meta.files.feeds],
      ['packed', meta.files.packed],
    ] as const) {
      readableByServer(file);
      // Server-side COPY of a generated file: a literal path, checked above, never user input.
      await this.client.query(
        `COPY ${table} FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
      );
    }
    const copySeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await this.client.query(INDEXES);
    await this.client.query('VACUUM ANALYZE nodes, feeds, packed');
    return {
      rows: meta.nodes + meta.feeds + meta.packed,
      copySeconds,
      indexSeconds: (performance.now() - t1) / 1000,
    };
  }

  async forward(sources: readonly number[]): Promise<number[]> {
    const r = await this.client.query<{ n: number }>({ name: 'forward', text: FORWARD, values: [sources] });
    return r.rows.map((x) => x.n);
  }

  async backward(source: number): Promise<number[]> {
    const r = await this.client.query<{ n: number }>({ name: 'backward', text: BACKWARD, values: [source] });
    return r.rows.map((x) => x.n);
  }

  /** The server's resident memory in MiB (postmaster and its children), from /proc. */
  rssMb(): number {
    try {
      const pid = Number(readFileSync(join(this.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Math.round(
        Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
      );
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    await this.client.end().catch(() => undefined);
    if (this.server.exitCode !== null) return;
    const done = new Promise((r) => this.server.once('close', r));
    // SIGINT: the server's fast shutdown.
    this.server.kill('SIGINT');
    const timer = setTimeout(() => this.server.kill('SIGKILL'), 30_000);
    await done;
    clearTimeout(timer);
  }
}
