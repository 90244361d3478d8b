// Query files under cypher/queries/<area>/<name>.cypher are loaded once, at import; a query
// runs only through the typed function defineQuery returns (zod checks rows at the boundary).
import type { ManagedTransaction } from 'neo4j-driver';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { loadQueryFiles } from '../domain/query-file.ts';
import { translateNeo4jError, type GraphStore } from './neo4j.ts';

const queriesDir = join(dirname(fileURLToPath(import.meta.url)), 'queries');

/** Every query file, by name (`area/name`). */
export const cypherFiles = loadQueryFiles(queriesDir, '.cypher', '//');
const defined = new Set<string>();
/** The names defineQuery has been called with so far (every file should be one). */
export const definedQueries = (): string[] => [...defined].sort();

export interface CypherQuery<P extends z.ZodType, R extends z.ZodType> {
  name: string;
  text: string;
  params: P;
  row: R;
  run(graph: GraphStore, params: z.input<P>): Promise<z.output<R>[]>;
  inTx(tx: ManagedTransaction, params: z.input<P>): Promise<z.output<R>[]>;
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(
  name: string,
  shape: { params: P; row: R; mode: 'READ' | 'WRITE' | 'AUTOCOMMIT' },
): CypherQuery<P, R> {
  const file = cypherFiles.get(name);
  if (!file) throw new Error(`cypher query file ${name}.cypher is missing`);
  if (defined.has(name)) throw new Error(`cypher query ${name} is defined twice`);
  defined.add(name);
  const rows = (records: { toObject(): Record<string, unknown> }[]) =>
    records.map((r) => shape.row.parse(r.toObject()) as z.output<R>);
  const args = (p: z.input<P>) => shape.params.parse(p) as Record<string, unknown>;
  return {
    name,
    text: file.text,
    params: shape.params,
    row: shape.row,
    run: async (graph, params) =>
      rows(
        (shape.mode === 'AUTOCOMMIT'
          ? await graph.runAutoCommit(file.text, args(params))
          : await graph.run(file.text, args(params), shape.mode)
        ).records,
      ),
    inTx: async (tx, params) => {
      try {
        return rows((await tx.run(file.text, args(params))).records);
      } catch (err) {
        throw translateNeo4jError(err, name);
      }
    },
  };
}
