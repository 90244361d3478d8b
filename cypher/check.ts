// What the graph projection holds, read for the consistency check (etl/check.ts).
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const none = z.object({});
const q = {
  items: defineQuery('check/items', {
    params: none,
    row: z.object({ key: z.string(), kind: z.string().nullable() }),
    mode: 'READ',
  }),
  operations: defineQuery('check/operations', {
    params: none,
    row: z.object({ id: z.string() }),
    mode: 'READ',
  }),
  inspections: defineQuery('check/inspections', {
    params: none,
    row: z.object({ id: z.string() }),
    mode: 'READ',
  }),
  shipments: defineQuery('check/shipments', {
    params: none,
    row: z.object({ id: z.string() }),
    mode: 'READ',
  }),
  links: defineQuery('check/links', {
    params: none,
    row: z.object({
      type: z.string(),
      source: z.string(),
      target: z.string(),
      eventId: z.string().nullable(),
    }),
    mode: 'READ',
  }),
};

/** The graph projection's contents as comparable ids (ids of tuples are JSON arrays). */
export interface GraphProjectionIds {
  objects: string[];
  operations: string[];
  inspections: string[];
  shipments: string[];
  links: string[];
}

/** Reads every object, operation, inspection, shipment and genealogy link of the graph. */
export async function graphProjectionIds(graph: GraphStore): Promise<GraphProjectionIds> {
  return {
    objects: (await q.items.run(graph, {})).map((r) => JSON.stringify([r.kind, r.key])),
    operations: (await q.operations.run(graph, {})).map((r) => r.id),
    inspections: (await q.inspections.run(graph, {})).map((r) => r.id),
    shipments: (await q.shipments.run(graph, {})).map((r) => r.id),
    links: (await q.links.run(graph, {})).map((r) => JSON.stringify([r.type, r.source, r.target, r.eventId])),
  };
}
