// Query files under analytics/queries are loaded once, at import; a query runs only through
// the typed function defineQuery returns (zod checks what crosses the boundary).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadQueryFiles } from '../domain/query-file.ts';
import type { DuckStore, DuckTx, SqlValue } from './duckdb.ts';

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
  shape: { params: P; row: R },
): SqlQuery<P, R> {
  const file = sqlFiles.get(name);
  if (!file) throw new Error(`analytics query file ${name}.sql is missing`);
  if (defined.has(name)) throw new Error(`analytics query ${name} is defined twice`);
  defined.set(name, shape.params);
  const check = (rows: Record<string, unknown>[]) => rows.map((r) => shape.row.parse(r) as z.output<R>);
  const args = (p: z.input<P>) => shape.params.parse(p) as Record<string, SqlValue>;
  return {
    name,
    text: file.text,
    params: shape.params,
    row: shape.row,
    all: async (db, params) => check(await db.query(file.text, args(params))),
    inTx: async (tx, params) => check(await tx.run(file.text, args(params))),
  };
}
