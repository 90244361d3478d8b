// The only module that opens DuckDB. One instance per data folder; writes go through one
// connection, serialised, so a batch is one transaction; reads use their own connection.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBAppender,
  type DuckDBValue,
} from '@duckdb/node-api';
import { AppError } from '../domain/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A value a query or an appended row may carry. */
export type SqlValue = DuckDBValue;

function translate(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/lock|Could not set lock|Conflicting lock/i.test(msg))
    return new AppError(
      'STORE_UNAVAILABLE',
      `duckdb: the database file is locked by another process (${what})`,
      {
        cause: err,
        details: { store: 'duckdb' },
      },
    );
  if (/No space left|disk is full/i.test(msg))
    return new AppError('STORE_UNAVAILABLE', 'duckdb: the disk is full', {
      cause: err,
      details: { store: 'duckdb' },
    });
  return new AppError('INTERNAL', `duckdb: ${what} failed`, { cause: err, details: { store: 'duckdb' } });
}

/**
 * Plain JS rows of a result, read column by column: the same values as getRowObjectsJS (the same
 * converter), several times faster on large results, which visit every row's vectors.
 */
function rowsOf(r: DuckDBResultReader): Record<string, unknown>[] {
  const names = r.deduplicatedColumnNames();
  const columns = r.getColumnsJS();
  const n = columns[0]?.length ?? 0;
  const rows = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![i];
    rows[i] = row;
  }
  return rows;
}

export class DuckStore {
  private writeChain: Promise<unknown> = Promise.resolve();
  /** Write transactions committed through this store so far (derived tables compare it). */
  commits = 0;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  /** Opens (or creates) the DuckDB file and applies the schema files in analytics/schema. */
  static async open(file: string): Promise<DuckStore> {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // Without the ICU extension (never downloaded) DuckDB works in UTC, as storage must.
      instance = await DuckDBInstance.create(file);
    } catch (err) {
      throw translate(err, `open ${file}`);
    }
    const writer = await instance.connect();
    const reader = await instance.connect();
    const store = new DuckStore(file, instance, writer, reader);
    const schemaDir = join(here, 'schema');
    for (const f of readdirSync(schemaDir)
      .filter((f) => f.endsWith('.sql'))
      .sort())
      await writer.run(readFileSync(join(schemaDir, f), 'utf8'));
    return store;
  }

  /** Runs a read-only statement and returns plain JS rows. */
  async query(sql: string, params: Record<string, SqlValue> = {}): Promise<Record<string, unknown>[]> {
    try {
      return rowsOf(await this.reader.runAndReadAll(sql, params));
    } catch (err) {
      throw translate(err, 'query');
    }
  }

  /** Runs `fn` in one write transaction; concurrent callers queue. */
  async transaction<T>(fn: (tx: DuckTx) => Promise<T>): Promise<T> {
    const run = async () => {
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const result = await fn(new DuckTx(this.writer));
        await this.writer.run('COMMIT');
        this.commits++;
        return result;
      } catch (err) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw translate(err, 'write');
      }
    };
    const next = this.writeChain.then(run, run);
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  /** Runs EXPLAIN on a statement (the query-file check). */
  async explain(sql: string, params: Record<string, SqlValue> = {}): Promise<void> {
    await this.reader.runAndReadAll(`EXPLAIN ${sql}`, params);
  }

  close(): void {
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/** The write side inside one transaction. */
export class DuckTx {
  constructor(private readonly conn: DuckDBConnection) {}

  async run(sql: string, params: Record<string, SqlValue> = {}): Promise<Record<string, unknown>[]> {
    return rowsOf(await this.conn.runAndReadAll(sql, params));
  }

  /** Appends rows (values in table column order) through DuckDB's appender: no row-by-row INSERT. */
  async append(table: string, rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.conn.createAppender(table);
    try {
      const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i).typeId);
      for (const row of rows) {
        for (let i = 0; i < types.length; i++) appendCell(appender, types[i]!, row[i]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

function appendCell(a: DuckDBAppender, type: DuckDBTypeId, v: unknown): void {
  if (v === null || v === undefined) return a.appendNull();
  switch (type) {
    case DuckDBTypeId.BIGINT:
      return a.appendBigInt(BigInt(v as number));
    case DuckDBTypeId.INTEGER:
      return a.appendInteger(v as number);
    case DuckDBTypeId.DOUBLE:
      return a.appendDouble(v as number);
    case DuckDBTypeId.BOOLEAN:
      return a.appendBoolean(v as boolean);
    default:
      // VARCHAR, JSON, TIMESTAMPTZ: the appender casts text to the column type.
      return a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v));
  }
}
