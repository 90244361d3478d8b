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

/** Translates a driver error into an AppError; never passes Cypher text on. */
export function translateNeo4jError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    /ECONNREFUSED|connect/i.test(e.message ?? '')
  )
    return new AppError('STORE_UNAVAILABLE', 'neo4j: the graph store is not reachable', {
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

export class GraphStore {
  private constructor(
    readonly target: Neo4jTarget,
    private readonly driver: Driver,
  ) {}

  /** Connects, waits until the server answers, and applies cypher/schema/*.cypher in order. */
  static async connect(target: Neo4jTarget): Promise<GraphStore> {
    const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
      disableLosslessIntegers: true, // counts and quantities stay below 2^53
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 5_000,
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
    const session = this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      if (mode === 'WRITE') return await session.executeWrite((tx) => tx.run(cypher, params));
      // A read is one statement: in an auto-commit transaction it costs one round trip instead of
      // BEGIN, RUN and COMMIT (bench/README.md, "Genealogy peers"). A transient failure is tried
      // again in a managed read transaction, which retries as before.
      try {
        return await session.run(cypher, params);
      } catch (err) {
        if (!neo4j.isRetryableError(err)) throw err;
        return await session.executeRead((tx) => tx.run(cypher, params));
      }
    } catch (err) {
      throw translateNeo4jError(err, mode === 'READ' ? 'read' : 'write');
    } finally {
      await session.close();
    }
  }

  /** Runs a statement in an auto-commit transaction (needed by CALL … IN TRANSACTIONS). */
  async runAutoCommit(cypher: string, params: Params): Promise<QueryResult> {
    const session = this.driver.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.run(cypher, params);
    } catch (err) {
      throw translateNeo4jError(err, 'write');
    } finally {
      await session.close();
    }
  }

  /** Runs `fn` in one write transaction (retried by the driver on transient errors). */
  async writeTx<T>(fn: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(fn);
    } catch (err) {
      throw translateNeo4jError(err, 'write');
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
