// Process parameters of operations (sensor readings), for an object's detail panel.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery } from './query.ts';

const optText = z.string().nullable();
const parameters = defineQuery('objects/operation_parameters', {
  params: z.object({ operation: z.string() }),
  row: z.object({
    name: z.string(),
    value: z.number().nullable(),
    string_value: optText,
    uom: optText,
    measurement_type: optText,
    time: optText,
  }),
});

export interface OperationParameter {
  name: string;
  value: number | null;
  stringValue: string | null;
  uom: string | null;
  measurementType: string | null;
  /** ISO 8601 UTC */
  time: string | null;
}

/** The parameters one operation recorded, by time then name. */
export async function operationParameters(db: DuckStore, operation: string): Promise<OperationParameter[]> {
  const rows = await parameters.all(db, { operation });
  return rows.map((r) => ({
    name: r.name,
    value: r.value,
    stringValue: r.string_value,
    uom: r.uom,
    measurementType: r.measurement_type,
    time: r.time,
  }));
}
