// The suppliers the plant has received lots from.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery } from './query.ts';

const list = defineQuery('supplier_list', {
  params: z.object({ supplier: z.string().nullable() }),
  row: z.object({ id: z.string(), name: z.string().nullable() }),
});

export interface SupplierRef {
  id: string;
  name: string | null;
}

/** Every supplier lots were received from, or only `supplier` when given. */
export const listSuppliers = (db: DuckStore, supplier: string | null = null): Promise<SupplierRef[]> =>
  list.all(db, { supplier });
