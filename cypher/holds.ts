// Typed hold queries (cypher/queries/holds): which objects are on hold, and the facts the state
// of an object derives from. Holds are written by the projection (projection/set_hold).
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();
const kind = z.enum(['lot', 'unit', 'container']);

const itemStates = defineQuery('holds/item_states', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({
    key: str,
    id: str,
    kind,
    code: str,
    material: optStr,
    status: optStr,
    held: z.boolean(),
    holdSince: optStr,
    holdBy: optStr,
    holdReason: optStr,
    holdCase: optStr,
    received: z.boolean(),
    inspected: z.boolean(),
    reachedShipment: z.boolean(),
    consumed: z.boolean(),
  }),
  mode: 'READ',
});

const heldItems = defineQuery('holds/held_items', {
  params: z.object({}),
  row: z.object({
    key: str,
    id: str,
    kind,
    code: str,
    material: optStr,
    materialName: optStr,
    since: optStr,
    by: optStr,
    reason: optStr,
    caseId: optStr,
  }),
  mode: 'READ',
});

export type ItemStateRow = z.output<typeof itemStates.row>;
export type HeldItemRow = z.output<typeof heldItems.row>;

/** The hold and state facts of objects by canonical key (unknown keys give no row). */
export const itemStateRows = (graph: GraphStore, keys: string[]) => itemStates.run(graph, { keys });
/** Every object on hold now, oldest hold first. */
export const heldItemRows = (graph: GraphStore) => heldItems.run(graph, {});

/** Every hold statement by name, for the EXPLAIN checks. */
export const holdQueries = { itemStates, heldItems };
