// Typed queries for labels (cypher/queries/labels). Rows are checked by zod.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();

const items = defineQuery('labels/label_items', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({
    key: str,
    item: z.record(str, z.unknown()),
    material: z
      .object({ id: str, name: optStr, gtin: z.union([str, z.number()]).nullish(), uom: optStr })
      .nullable(),
    supplier: z.object({ id: str, name: optStr }).nullable(),
    producedQty: optNum,
    producedUom: optStr,
    contents: z.array(
      z.object({
        id: str,
        kind: str,
        code: str,
        qty: optNum,
        uom: optStr,
        material: optStr,
        materialName: optStr,
      }),
    ),
  }),
  mode: 'READ',
});

const byGtin = defineQuery('labels/items_by_gtin', {
  params: z.object({ gtin: str, code: str, kind: z.enum(['lot', 'unit']), supplier: str.nullable() }),
  row: z.object({ key: str, id: str, kind: str, code: str, material: optStr }),
  mode: 'READ',
});

export type LabelItemRow = z.output<typeof items.row>;

/** What labels print about objects, by canonical key (unknown keys are left out). */
export const labelItemRows = (graph: GraphStore, keys: string[]) =>
  keys.length === 0 ? Promise.resolve([]) : items.run(graph, { keys: [...new Set(keys)] });

/**
 * Plant-internal lots or units named by a material's GTIN and their code, as a label's Digital
 * Link names them when the object's own id is not a GS1 key.
 */
export const itemsByGtin = (
  graph: GraphStore,
  p: { gtin: string; code: string; kind: 'lot' | 'unit'; supplier: string | null },
) => byGtin.run(graph, p);

/** Every labels statement by name, for the EXPLAIN checks. */
export const labelQueries = { items, byGtin };
