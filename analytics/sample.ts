import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery } from './query.ts';

const sample = defineQuery('sample_objects', {
  params: z.object({
    kind: z.enum(['lot', 'unit', 'container']),
    seed: z.string(),
    n: z.number().int().positive(),
  }),
  row: z.object({ object_id: z.string() }),
});

/** A repeatable pseudo-random sample of captured objects of one kind. */
export async function sampleObjects(
  db: DuckStore,
  kind: 'lot' | 'unit' | 'container',
  n: number,
  seed = '1',
): Promise<string[]> {
  return (await sample.all(db, { kind, seed, n })).map((r) => r.object_id);
}
