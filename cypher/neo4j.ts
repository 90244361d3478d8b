// The only module that talks to the Neo4j driver. Driver errors are translated here, once.
import neo4j, { type Driver, type ManagedTransaction, type QueryResult } from 'neo4j-driver';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../domain/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
}

/** Whether a driver error says the server cannot be reached (as opposed to refusing a statement). */
function unreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === 'ServiceUnavailable' ||
    e.code === 'SessionExpired' ||
    /ECONNREFUSED|connect/i.test(e.message ?? '')
  );
}

/**
 * Whether a failure was Neo4j ending a transaction that may simply run again (a deadlock it broke
 * between two writers), as opposed to a refused statement or an outage.
 */
export function isTransientConflict(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Neo.TransientError.Transaction.')) return true;
  }
  return false;
}

const NOT_REACHABLE = 'neo4j: the graph store is not reachable';

/** Translates a driver error into an AppError; never passes Cypher text on. */
export function translateNeo4jError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (unreachable(err))
    return new AppError('STORE_UNAVAILABLE', NOT_REACHABLE, {
      cause: err,
      details: { store: 'neo4j' },
    });
  if (code.startsWith('Neo.ClientError.Security'))
    return new AppError(
      'STORE_UNAVAILABLE',
      'neo4j: authentication failed (check NEO4J_USER / NEO4J_PASSWORD)',
      {
        cause: err,
        details: { store: 'neo4j' },
      },
    );
  return new AppError('INTERNAL', `neo4j: ${what} failed`, { cause: err, details: { store: 'neo4j' } });
}

export type Params = Record<string, unknown>;

/** How often a store found unreachable is asked again whether it is back. */
const PROBE_MS = 1_000;

export class GraphStore {
  /**
   * Set while the server is known to be unreachable: every call fails at once with it (no
   * waiting on connection and retry timeouts), and a probe asks every second whether it is back.
   */
  private down: AppError | null = null;
  private probe: NodeJS.Timeout | null = null;

  private constructor(
    readonly target: Neo4jTarget,
    private readonly driver: Driver,
  ) {}

  /** Fails at once while the server is known to be unreachable. */
  private ensureReachable(): void {
    if (this.down)
      throw new AppError('STORE_UNAVAILABLE', NOT_REACHABLE, {
        cause: this.down,
        details: { store: 'neo4j' },
      });
  }

  /** Translates a failure; one that says the server is unreachable starts the probe. */
  private failed(err: unknown, what: string): AppError {
    const translated = translateNeo4jError(err, what);
    if (!this.down && (unreachable(err) || translated.message === NOT_REACHABLE)) {
      this.down = translated;
      this.probe = setInterval(() => {
        this.driver.verifyConnectivity().then(
          () => this.markReachable(),
          () => undefined,
        );
      }, PROBE_MS);
      this.probe.unref();
    }
    return translated;
  }

  private markReachable(): void {
    this.down = null;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  /** Whether the server was unreachable at the last call or probe. */
  get reachable(): boolean {
    return this.down === null;
  }

  /** Connects, waits until the server answers, and applies cypher/schema/*.cypher in order. */
  static async connect(target: Neo4jTarget): Promise<GraphStore> {
    const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
      disableLosslessIntegers: true, // counts and quantities stay below 2^53
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 5_000,
      // Retries serve a cluster's leader changes; a longer wait only delays a 503 when Neo4j is gone.
      maxTransactionRetryTime: 1_000,
      logging: { level: 'error', logger: () => undefined },
    });
    try {
      await driver.verifyConnectivity();
    } catch (err) {
      await driver.close();
      throw translateNeo4jError(err, 'connect');
    }
    const store = new GraphStore(target, driver);
    const schemaDir = join(here, 'schema');
    for (const f of readdirSync(schemaDir)
      .filter((f) => f.endsWith('.cypher'))
      .sort())
      for (const stmt of statements(readFileSync(join(schemaDir, f), 'utf8')))
        await store.run(stmt, {}, 'WRITE');
    return store;
  }

  async run(cypher: string, params: Params, mode: 'READ' | 'WRITE'): Promise<QueryResult> {
    this.ensureReachable();
    const session = this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      if (mode === 'WRITE') return await session.executeWrite((tx) => tx.run(cypher, params));
      // A read is one statement in an auto-commit transaction: one round trip instead of BEGIN,
      // RUN and COMMIT (bench/README.md, "Genealogy peers"). It is tried once when Neo4j is gone,
      // so the caller hears 503 at once (docs/reliability.md); a transient failure of a running
      // Neo4j (a deadlock, a leader switch) is tried once more.
      try {
        return await session.run(cypher, params);
      } catch (err) {
        if (!neo4j.isRetryableError(err) || unreachable(err)) throw err;
        return await session.run(cypher, params);
      }
    } catch (err) {
      throw this.failed(err, mode === 'READ' ? 'read' : 'write');
    } finally {
      await session.close();
    }
  }

  /** Runs a statement in an auto-commit transaction (needed by CALL … IN TRANSACTIONS). */
  async runAutoCommit(cypher: string, params: Params): Promise<QueryResult> {
    this.ensureReachable();
    const session = this.driver.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.run(cypher, params);
    } catch (err) {
      throw this.failed(err, 'write');
    } finally {
      await session.close();
    }
  }

  /** Runs `fn` in one write transaction (retried by the driver on transient errors). */
  async writeTx<T>(fn: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    this.ensureReachable();
    const session = this.driver.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(fn);
    } catch (err) {
      throw this.failed(err, 'write');
    } finally {
      await session.close();
    }
  }

  /**
   * The driver itself, for cypher/graphql only: @neo4j/graphql opens its own sessions to run
   * the Cypher it generates, so it cannot go through run(). Nothing outside cypher/ calls this.
   */
  driverForGraphQL(): Driver {
    return this.driver;
  }

  async ping(): Promise<void> {
    await this.run('RETURN 1', {}, 'READ');
  }

  async close(): Promise<void> {
    this.markReachable();
    await this.driver.close();
  }
}

/** Splits a schema file into statements (one per `;`, comments dropped). */
function statements(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
