// Typed queries for one object's detail (cypher/queries/objects). Rows are checked by zod.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();

const detail = defineQuery('objects/object_detail', {
  params: z.object({ key: str }),
  row: z.object({
    item: z.record(str, z.unknown()),
    materialName: optStr,
    materialType: optStr,
    suppliers: z.array(z.object({ id: str, name: optStr })),
    inspections: z.array(
      z.object({
        id: str,
        kind: optStr,
        result: optStr,
        time: optStr,
        sampleSize: optNum,
        defectiveQty: optNum,
        step: optStr,
        equipment: optStr,
        defects: z.array(z.object({ code: str, qty: optNum, severity: optStr })),
      }),
    ),
    operations: z.array(
      z.object({
        id: str,
        step: optStr,
        start: optStr,
        end: optStr,
        line: optStr,
        equipment: optStr,
        operator: optStr,
        workOrder: optStr,
        qty: optNum,
        uom: optStr,
        inputs: z.array(
          z.object({
            id: str,
            kind: str,
            code: str,
            material: optStr,
            materialName: optStr,
            qty: optNum,
            uom: optStr,
          }),
        ),
      }),
    ),
  }),
  mode: 'READ',
});

const materialNames = defineQuery('objects/material_names', {
  params: z.object({ ids: z.array(str) }),
  row: z.object({ id: str, name: optStr }),
  mode: 'READ',
});

export type ObjectDetailRow = z.output<typeof detail.row>;

/** One object by canonical key: properties, material, suppliers, inspections, the operations that made it. */
export const objectDetailRows = (graph: GraphStore, key: string) => detail.run(graph, { key });
/** The names of materials, by id (materials without a name are left out). */
export async function materialNamesOf(graph: GraphStore, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await materialNames.run(graph, { ids: [...new Set(ids)] });
  return new Map(rows.filter((r) => r.name != null).map((r) => [r.id, r.name!]));
}

/** Every objects statement by name, for the EXPLAIN checks. */
export const objectQueries = { detail, materialNames };
