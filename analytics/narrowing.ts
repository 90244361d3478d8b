// Process-parameter readings for narrowing a recall (analytics/queries/narrowing).
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery } from './query.ts';

const readings = defineQuery('narrowing/operation_readings', {
  // ops: a JSON array (DuckDB binds no untyped lists)
  params: z.object({ ops: z.string(), parameter: z.string() }),
  row: z.object({
    operation: z.string(),
    value: z.number(),
    uom: z.string().nullable(),
    reading_time: z.string().nullable(),
  }),
});

export interface ParameterReading {
  operation: string;
  value: number;
  uom: string | null;
  time: string | null;
}

/** The numeric readings of one parameter taken by the given operations, lowest first per operation. */
export async function operationReadings(
  db: DuckStore,
  ops: readonly string[],
  parameter: string,
): Promise<ParameterReading[]> {
  if (ops.length === 0) return [];
  const rows = await readings.all(db, { ops: JSON.stringify(ops), parameter });
  return rows.map((r) => ({ operation: r.operation, value: r.value, uom: r.uom, time: r.reading_time }));
}
