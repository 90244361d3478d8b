// Narrowing a recall scope with evidence. Placeholder: the contract below is filled in by the
// narrowing work; other services import only these names.
import { AppError } from '../../domain/errors.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import type { RecallScope } from './trace.service.ts';

export interface NarrowingCriteria {
  /** keep objects made (by an operation in the scope's chain) at or after this time (ISO 8601) */
  from?: string;
  /** … and before this time */
  to?: string;
  /** keep objects made on one of these lines (read point / business location ids) */
  lines?: string[];
  /** keep objects made on one of these pieces of equipment */
  equipment?: string[];
  /** keep objects made by an operation whose reading of a parameter was out of spec */
  parameter?: {
    name: string;
    op: 'gt' | 'gte' | 'lt' | 'lte';
    value: number;
    step?: string;
    equipment?: string;
    /** YYYY-MM-DD, the day the operation ran */
    day?: string;
  };
  /** keep objects that descend from this specific lot (a supplier lot of a multi-lot input) */
  inputLot?: string;
}

export interface RemovedItem {
  id: string;
  kind: string;
  code: string;
  reason: string;
}

export interface NarrowedScope {
  root: RecallScope['root'];
  criteria: NarrowingCriteria;
  scope: RecallScope;
  full: { lots: number; units: number; containers: number; shipments: number; customers: number };
  removed: {
    items: RemovedItem[];
    shipments: { id: string; customer: string | null; reason: string }[];
    customers: { id: string; name: string | null }[];
  };
  explanation: string[];
}

export async function narrowRecall(
  _stores: { graph: GraphStore; duck: DuckStore },
  _id: string,
  _criteria: NarrowingCriteria,
  _scope: { supplierId: string | null } = { supplierId: null },
): Promise<NarrowedScope> {
  throw new AppError('INVALID_INPUT', 'narrowing is not available yet');
}
