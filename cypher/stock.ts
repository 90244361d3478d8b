// Typed material-status queries (cypher/queries/stock): the facts a lot's state, its quantity
// left, its expiry and its age derive from. The rules (state, interlocks) live in domain/ and api/.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();
// Neo4j sums of integers come back as integers, of floats as floats: both are numbers here.
const qty = z.number();

const lotKeys = defineQuery('stock/lot_keys', {
  params: z.object({ material: str.nullable() }),
  row: z.object({ key: str }),
  mode: 'READ',
});

const lotFacts = defineQuery('stock/lot_facts', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({
    key: str,
    id: str,
    kind: z.enum(['lot', 'unit', 'container']),
    code: str,
    material: optStr,
    materialName: optStr,
    supplier: optStr,
    supplierName: optStr,
    status: optStr,
    held: z.boolean(),
    holdSince: optStr,
    holdBy: optStr,
    holdReason: optStr,
    holdCase: optStr,
    decision: optStr,
    decisionTime: optStr,
    decisionBy: optStr,
    deviationReason: optStr,
    deviationUntil: optStr,
    received: z.boolean(),
    inspected: z.boolean(),
    expiry: optStr,
    receivedAt: optStr,
    productionDate: optStr,
    receivedQty: qty,
    producedQty: qty,
    consumedQty: qty,
    shippedQty: qty,
    uom: optStr,
    location: optStr,
    locationName: optStr,
  }),
  mode: 'READ',
});

export type LotFactsRow = z.output<typeof lotFacts.row>;

/** The keys of lots that may still be in the plant, of one material or of all (null). */
export async function stockLotKeys(graph: GraphStore, material: string | null): Promise<string[]> {
  return (await lotKeys.run(graph, { material })).map((r) => r.key);
}

/** The material-status facts of objects by canonical key (unknown keys give no row). */
export async function lotFactRows(graph: GraphStore, keys: string[]): Promise<LotFactsRow[]> {
  if (keys.length === 0) return [];
  return lotFacts.run(graph, { keys });
}

/** Every stock statement by name, for the EXPLAIN checks. */
export const stockQueries = { lotKeys, lotFacts };
