// Query files under analytics/queries are loaded once, at import; a query runs only through
// the typed function defineQuery returns (zod checks what crosses the boundary).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadQueryFiles } from '../domain/query-file.ts';
import type { ColumnKind, ColumnOf, DuckStore, DuckTx, SqlValue } from './duckdb.ts';

/** A DuckDB BIGINT (a bigint in JS), DOUBLE or INTEGER as a JS number: counts and quantities stay below 2^53. */
export const sqlNumber = z.union([z.bigint(), z.number()]).transform(Number);

const queriesDir = join(dirname(fileURLToPath(import.meta.url)), 'queries');

/** Every query file, by name. */
export const sqlFiles = loadQueryFiles(queriesDir, '.sql', '--');
const defined = new Map<string, z.ZodType>();
/** The names defineQuery has been called with so far (every file should be one). */
export const definedQueries = (): string[] => [...defined.keys()].sort();
/** The parameter schema of a defined query (the EXPLAIN check builds example values from it). */
export const paramsOf = (name: string): z.ZodType | undefined => defined.get(name);

export interface SqlQuery<P extends z.ZodType, R extends z.ZodType> {
  name: string;
  text: string;
  params: P;
  row: R;
  /** Runs on the read connection. */
  all(db: DuckStore, params: z.input<P>): Promise<z.output<R>[]>;
  /** Runs inside a write transaction. */
  inTx(tx: DuckTx, params: z.input<P>): Promise<z.output<R>[]>;
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(
  name: string,
  shape: {
    params: P;
    row: R;
    /** Run before every read: queries over the derived fact tables bring them up to the log (facts.ts). */
    before?: (db: DuckStore) => Promise<void>;
  },
): SqlQuery<P, R> {
  const file = sqlFiles.get(name);
  if (!file) throw new Error(`analytics query file ${name}.sql is missing`);
  if (defined.has(name)) throw new Error(`analytics query ${name} is defined twice`);
  defined.set(name, shape.params);
  const fast = rowChecker(shape.row);
  const check = (rows: Record<string, unknown>[]) =>
    rows.map((r) => (fast?.(r) ?? shape.row.parse(r)) as z.output<R>);
  const args = (p: z.input<P>) => shape.params.parse(p) as Record<string, SqlValue>;
  return {
    name,
    text: file.text,
    params: shape.params,
    row: shape.row,
    all: async (db, params) => {
      const a = args(params);
      await shape.before?.(db);
      return check(await db.query(file.text, a));
    },
    inTx: async (tx, params) => check(await tx.run(file.text, args(params))),
  };
}

export interface ColumnsQuery<P extends z.ZodType, S extends Record<string, ColumnKind>> {
  name: string;
  text: string;
  params: P;
  /** Runs on the read connection and reads the declared columns whole (DuckStore.columns). */
  columns(
    db: DuckStore,
    params: z.input<P>,
  ): Promise<{ rows: number; columns: { [K in keyof S]: ColumnOf<S[K]> } }>;
}

/**
 * A query whose answer is read column by column into typed arrays instead of row objects: for
 * results of hundreds of thousands of numbers. The declared kinds are checked on every value.
 */
export function defineColumns<P extends z.ZodType, S extends Record<string, ColumnKind>>(
  name: string,
  shape: { params: P; columns: S; before?: (db: DuckStore) => Promise<void> },
): ColumnsQuery<P, S> {
  const file = sqlFiles.get(name);
  if (!file) throw new Error(`analytics query file ${name}.sql is missing`);
  if (defined.has(name)) throw new Error(`analytics query ${name} is defined twice`);
  defined.set(name, shape.params);
  return {
    name,
    text: file.text,
    params: shape.params,
    columns: async (db, params) => {
      const args = shape.params.parse(params) as Record<string, SqlValue>;
      await shape.before?.(db);
      return db.columns(file.text, args, shape.columns);
    },
  };
}

// The same check as `row.parse` for the common row shapes (objects of strings, numbers, booleans,
// enums, sqlNumber, and nullable ones), without zod's per-row machinery: large results (Pareto
// items, yield cells) cross the boundary many times faster. A row it cannot vouch for returns
// null and goes through zod, which then accepts it or throws its usual error.
const FAIL = Symbol('fail');
type FieldCheck = (v: unknown) => unknown;

function fieldCheck(t: z.ZodType): FieldCheck | null {
  if (t === sqlNumber)
    return (v) =>
      typeof v === 'bigint' ? Number(v) : typeof v === 'number' && Number.isFinite(v) ? v : FAIL;
  const def = (t as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (Array.isArray(def['checks']) && def['checks'].length > 0) return null;
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : FAIL);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : FAIL);
    case 'enum': {
      const values = new Set(Object.values(def['entries'] as Record<string, unknown>));
      return (v) => (values.has(v) ? v : FAIL);
    }
    case 'nullable': {
      const inner = fieldCheck(def['innerType'] as z.ZodType);
      return inner && ((v) => (v === null ? null : inner(v)));
    }
    default:
      return null;
  }
}

function rowChecker(row: z.ZodType): ((r: Record<string, unknown>) => unknown) | null {
  const def = (row as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (def.type !== 'object' || (Array.isArray(def['checks']) && def['checks'].length > 0)) return null;
  // z.object() strips unknown keys; a catchall or strict object is left to zod
  if (def['catchall'] !== undefined) return null;
  const fields: [string, FieldCheck][] = [];
  for (const [key, t] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
    const f = fieldCheck(t);
    if (!f) return null;
    fields.push([key, f]);
  }
  return (r) => {
    const out: Record<string, unknown> = {};
    for (const [key, f] of fields) {
      const v = f(r[key]);
      if (v === FAIL) return null;
      out[key] = v;
    }
    return out;
  };
}
