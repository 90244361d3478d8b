// Typed queries for narrowing a recall (cypher/queries/narrowing): the scope's genealogy with
// the operations that made each object.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();

const makers = defineQuery('narrowing/scope_makers', {
  params: z.object({ key: str }),
  row: z.object({
    key: str,
    id: str,
    code: str,
    kind: z.enum(['lot', 'unit', 'container']),
    supplierLot: optStr,
    supplied: z.boolean(),
    children: z.array(str),
    ops: z.array(
      z.object({ id: str, step: optStr, start: optStr, end: optStr, line: optStr, equipment: optStr }),
    ),
  }),
  mode: 'READ',
});

export type ScopeMakerRow = z.output<typeof makers.row>;
export type MakerOperation = ScopeMakerRow['ops'][number];

/** Every object of an object's forward scope (root included), what it feeds and what made it. */
export const scopeMakerRows = (graph: GraphStore, key: string) => makers.run(graph, { key });

/** Every narrowing statement by name, for the EXPLAIN and PROFILE checks. */
export const narrowingQueries = { makers };
