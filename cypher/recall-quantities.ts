// Typed recall queries (cypher/queries/recall): the figures a mock-recall drill's mass balance needs.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const optStr = z.string().nullish();

const lotQuantities = defineQuery('recall/lot_quantities', {
  params: z.object({ ids: z.array(z.string()) }),
  row: z.object({
    id: z.string(),
    receivedQty: z.number(),
    producedQty: z.number(),
    consumedQty: z.number(),
    material: optStr,
    materialName: optStr,
    uom: optStr,
  }),
  mode: 'READ',
});

export type LotQuantities = z.output<typeof lotQuantities.row>;

/** Received, produced and consumed quantities of lots by id (lots not found are left out). */
export const lotQuantityRows = (graph: GraphStore, ids: string[]) => lotQuantities.run(graph, { ids });
