// The only module that opens DuckDB. One instance per data folder; writes go through one
// connection, serialised, so a batch is one transaction; reads use their own connection.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBListVector,
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBAppender,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';
import { AppError } from '../domain/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A value a query or an appended row may carry. */
export type SqlValue = DuckDBValue;

function translate(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  // DuckDB's own words for a full memory budget ("failed to pin block …") name no lock. At a
  // commit that builds an index it says "Failed to commit: failed to allocate data of size …".
  if (/Out of Memory Error|failed to (pin|allocate) (block|data)|could not allocate block/i.test(msg))
    return new AppError(
      'STORE_UNAVAILABLE',
      `duckdb: out of memory (${what}): its memory limit is reached; nothing of this transaction was written`,
      { cause: err, details: { store: 'duckdb', reason: 'memory' } },
    );
  if (/\block\b|Could not set lock|Conflicting lock/i.test(msg))
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

/** How a column of `DuckStore.columns` is read. */
export type ColumnKind = 'number' | 'numbers' | 'text';
/**
 * A column read whole: 'number' (any integer, floating or boolean column without NULLs) as a
 * Float64Array; 'numbers' (lists of those, never NULL: queries coalesce them) flattened, the list
 * of row i being values[offsets[i] .. offsets[i + 1]); 'text' as strings (or null).
 */
export type ColumnOf<K extends ColumnKind> = K extends 'number'
  ? Float64Array
  : K extends 'numbers'
    ? { offsets: Int32Array; values: Float64Array }
    : (string | null)[];

/** A cell of a numeric column as a JS number; anything else is refused. */
function numberAt(v: DuckDBVector, i: number, column: string): number {
  const x = v.getItem(i);
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new Error(`column ${column}: expected a number, got ${x === null ? 'NULL' : typeof x}`);
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The values of a fixed-width numeric vector as its typed array, and its NULL mask, when node-api
 * keeps them where its 1.5 vectors do (`items`, `validity.data`); else null, and the caller reads
 * item by item. Reading whole arrays avoids a call, and BigInt arithmetic on the mask, per value.
 */
function fixedWidth(
  v: DuckDBVector,
): { items: ArrayLike<number>; mask: Uint32Array | null; offset: number } | null {
  const raw = v as unknown as { items?: unknown; validity?: { data?: unknown; offset?: unknown } };
  const items = raw.items;
  const numeric =
    items instanceof Float64Array ||
    items instanceof Float32Array ||
    items instanceof Int32Array ||
    items instanceof Int16Array ||
    items instanceof Int8Array ||
    items instanceof Uint32Array ||
    items instanceof Uint16Array ||
    items instanceof Uint8Array;
  const validity = raw.validity;
  if (!numeric || !validity || typeof validity.offset !== 'number' || !LITTLE_ENDIAN) return null;
  if (validity.data === null) return { items, mask: null, offset: validity.offset };
  if (!(validity.data instanceof BigUint64Array)) return null;
  const data = validity.data;
  return {
    items,
    mask: new Uint32Array(data.buffer, data.byteOffset, data.length * 2),
    offset: validity.offset,
  };
}

/** Copies items [from, to) of a numeric vector into out at k; NULLs are refused. */
function copyNumbers(
  v: DuckDBVector,
  fast: ReturnType<typeof fixedWidth>,
  from: number,
  to: number,
  out: Float64Array,
  k: number,
  column: string,
): void {
  if (!fast) {
    for (let j = from; j < to; j++) out[k++] = numberAt(v, j, column);
    return;
  }
  const { items, mask, offset } = fast;
  for (let j = from; j < to; j++) {
    if (mask) {
      const bit = offset + j; // little-endian: bit b of the 64-bit words is bit b & 31 of 32-bit word b >> 5
      if ((mask[bit >>> 5]! & (1 << (bit & 31))) === 0)
        throw new Error(`column ${column}: expected a number, got NULL`);
    }
    out[k++] = items[j]!;
  }
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

  /**
   * Runs a read-only statement and reads the named columns whole, without a JS object per row or
   * per list: large numeric results (yield readings, operations, lots) cross many times faster.
   */
  async columns<S extends Record<string, ColumnKind>>(
    sql: string,
    params: Record<string, SqlValue>,
    spec: S,
  ): Promise<{ rows: number; columns: { [K in keyof S]: ColumnOf<S[K]> } }> {
    try {
      const result = await this.reader.run(sql, params);
      const names = result.columnNames();
      // (a chunk's rowCount is a native call: read it once)
      const chunks: { vector: (i: number) => DuckDBVector; rows: number }[] = [];
      for (let c = await result.fetchChunk(); c; c = await result.fetchChunk()) {
        const n = c.rowCount;
        if (n === 0) break;
        const chunk = c;
        chunks.push({ vector: (i) => chunk.getColumnVector(i), rows: n });
      }
      const rows = chunks.reduce((n, c) => n + c.rows, 0);
      const columns: Record<string, unknown> = {};
      for (const [name, kind] of Object.entries(spec)) {
        const index = names.indexOf(name);
        if (index < 0) throw new Error(`the result has no column ${name}`);
        if (kind === 'number') {
          const out = new Float64Array(rows);
          let k = 0;
          for (const c of chunks) {
            const v = c.vector(index);
            copyNumbers(v, fixedWidth(v), 0, c.rows, out, k, name);
            k += c.rows;
          }
          columns[name] = out;
        } else if (kind === 'numbers') {
          const offsets = new Int32Array(rows + 1);
          let size = 0;
          const lists: { v: DuckDBListVector; rows: number }[] = [];
          for (const c of chunks) {
            const v = c.vector(index);
            if (!(v instanceof DuckDBListVector)) throw new Error(`column ${name}: expected a list`);
            lists.push({ v, rows: c.rows });
            for (let i = 0; i < c.rows; i++) size += v.getEntryLength(i);
          }
          const values = new Float64Array(size);
          let k = 0;
          let r = 0;
          for (const { v, rows: n } of lists) {
            const child = v.childVector;
            const fast = fixedWidth(child);
            for (let i = 0; i < n; i++) {
              const from = v.getEntryOffset(i);
              const length = v.getEntryLength(i);
              copyNumbers(child, fast, from, from + length, values, k, name);
              k += length;
              offsets[++r] = k;
            }
          }
          columns[name] = { offsets, values };
        } else {
          const out: (string | null)[] = [];
          for (const c of chunks) {
            const v = c.vector(index);
            for (let i = 0; i < c.rows; i++) {
              const x = v.getItem(i);
              if (x !== null && typeof x !== 'string') throw new Error(`column ${name}: expected text`);
              out.push(x);
            }
          }
          columns[name] = out;
        }
      }
      return { rows, columns: columns as { [K in keyof S]: ColumnOf<S[K]> } };
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
    } catch (err) {
      // After a failed flush, closing fails too ("the transaction is aborted"): the first error
      // says why (an out-of-memory, say), so the close's error must not replace it.
      try {
        appender.closeSync();
      } catch {
        // the first error stands
      }
      throw err;
    }
    appender.closeSync();
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
