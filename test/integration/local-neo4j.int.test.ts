// The built-in local Neo4j for real: a JVM started from Node, Bolt with a password of its own,
// a clean stop that leaves no process, and a store that outlives a restart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalNeo4j, type LocalNeo4jOptions, type RunningNeo4j } from '../../cypher/local-neo4j.ts';

// Small enough that this file's Neo4j fits beside the one the global setup runs.
const SIZE: Pick<LocalNeo4jOptions, 'heapMb' | 'pageCacheMb'> = { heapMb: 1024, pageCacheMb: 128 };
const SLOW = { timeout: 240_000 };

const dirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lotgraph-local-neo4j-'));
  dirs.push(dir);
  return dir;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function query(neo: RunningNeo4j, cypher: string, params: Record<string, unknown> = {}) {
  const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password));
  try {
    return (await driver.executeQuery(cypher, params)).records;
  } finally {
    await driver.close();
  }
}

/** The collector flags the running JVM has on (jcmd, from the JDK that runs Neo4j). */
function collectorsOf(pid: number): string[] {
  const flags = execFileSync('jcmd', [String(pid), 'VM.flags'], { encoding: 'utf8' });
  return (flags.match(/-XX:\+Use\w+GC\b/g) ?? []).sort();
}

async function loginWith(uri: string, password: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
  try {
    await driver.executeQuery('RETURN 1');
  } finally {
    await driver.close();
  }
}

describe('local Neo4j', () => {
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves Bolt on a free port with its own password, and stops without leaving a JVM', SLOW, async () => {
    const dataDir = freshDataDir();
    const neo = await startLocalNeo4j({ dataDir, boltPort: 0, ...SIZE });
    try {
      expect(neo.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
      expect(neo.user).toBe('neo4j');
      expect(statSync(join(dataDir, 'neo4j-password')).mode & 0o777).toBe(0o600);

      const [one] = await query(neo, 'RETURN 1 AS x');
      expect(one?.get('x').toNumber()).toBe(1);
      await query(neo, 'CREATE (:Lot {id: $id})', { id: 'LOT-1' });
      const lots = await query(neo, 'MATCH (l:Lot) RETURN l.id AS id');
      expect(lots.map((r) => r.get('id'))).toEqual(['LOT-1']);

      const unauthorized = { code: 'Neo.ClientError.Security.Unauthorized' };
      await expect(loginWith(neo.uri, 'not-the-password')).rejects.toMatchObject(unauthorized);
      // Neo4j's factory default must not work either.
      await expect(loginWith(neo.uri, 'neo4j')).rejects.toMatchObject(unauthorized);
      // The throughput collector by default (decision 045).
      expect(collectorsOf(neo.pid)).toEqual(['-XX:+UseParallelGC']);
    } finally {
      await neo.stop();
    }
    expect(isRunning(neo.pid)).toBe(false);
    await neo.stop(); // a second stop is harmless
  });

  it(
    'keeps data and password across a restart, and refuses a second instance on the same folder',
    SLOW,
    async () => {
      const dataDir = freshDataDir();
      const first = await startLocalNeo4j({ dataDir, boltPort: 0, ...SIZE });
      try {
        await query(first, 'CREATE (:Lot {id: $id})', { id: 'LOT-KEPT' });
        await expect(startLocalNeo4j({ dataDir, boltPort: 0, ...SIZE })).rejects.toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining(`another Lotgraph/Neo4j is using ${join(dataDir, 'neo4j')}`),
        });
      } finally {
        await first.stop();
      }

      const second = await startLocalNeo4j({ dataDir, boltPort: 0, ...SIZE });
      try {
        expect(second.password).toBe(first.password);
        const lots = await query(second, 'MATCH (l:Lot) RETURN l.id AS id');
        expect(lots.map((r) => r.get('id'))).toEqual(['LOT-KEPT']);
      } finally {
        await second.stop();
      }
    },
  );

  it(
    'runs G1 with LOTGRAPH_NEO4J_GC=g1, refuses an unknown collector before starting, and passes settings through',
    SLOW,
    async () => {
      const dataDir = freshDataDir();
      const before = process.env.LOTGRAPH_NEO4J_GC;
      try {
        process.env.LOTGRAPH_NEO4J_GC = 'shenandoah';
        await expect(startLocalNeo4j({ dataDir, boltPort: 0, ...SIZE })).rejects.toMatchObject({
          code: 'CONFIG',
          message: 'LOTGRAPH_NEO4J_GC must be "parallel" or "g1", not "shenandoah".',
        });
        process.env.LOTGRAPH_NEO4J_GC = 'g1';
        const neo = await startLocalNeo4j({
          dataDir,
          boltPort: 0,
          ...SIZE,
          settings: { 'db.transaction.timeout': '17s' },
        });
        try {
          expect(collectorsOf(neo.pid)).toEqual(['-XX:+UseG1GC']);
          const [setting] = await query(
            neo,
            "SHOW SETTINGS YIELD name, value WHERE name = 'db.transaction.timeout' RETURN value",
          );
          expect(setting?.get('value')).toBe('17s');
        } finally {
          await neo.stop();
        }
      } finally {
        if (before === undefined) delete process.env.LOTGRAPH_NEO4J_GC;
        else process.env.LOTGRAPH_NEO4J_GC = before;
      }
    },
  );
});
