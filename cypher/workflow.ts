// Typed workflow queries (cypher/queries/workflow): the received lots the incoming-inspection
// sweep opens instances for.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const optStr = z.string().nullish();
const quarantined = defineQuery('workflow/quarantined_lots', {
  params: z.object({ limit: z.number().int().positive() }),
  row: z.object({
    id: z.string(),
    code: z.string(),
    material: optStr,
    supplier: optStr,
    receivedAt: z.unknown().transform((v) => (v === null || v === undefined ? null : String(v))),
  }),
  mode: 'READ',
});

export type QuarantinedLotRow = z.output<typeof quarantined.row>;

/** Received lots still in quarantine, oldest receipt first. */
export const quarantinedLotRows = (graph: GraphStore, limit = 500) => quarantined.run(graph, { limit });

/** Every workflow statement by name, for the EXPLAIN checks. */
export const workflowQueries = { quarantined };
