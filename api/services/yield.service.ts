// Query-string checks for the yield analysis, shared by REST and any other door.
import { z } from 'zod';
import { SPC_PERIODS } from '../../analytics/spc.ts';
import { FPY_KEYS } from '../../analytics/yield.ts';
import { parseInput } from '../validation.ts';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const id = z.string().min(1);

const scope = z.object({
  step: id,
  inspection: id,
  bins: z.coerce.number().int().min(2).max(50).default(10),
});

const parse = <T extends z.ZodType>(schema: T, query: unknown) => parseInput(schema, query, 'yield query');

/** step (the process step that made the units), inspection (the kind that judges them), bins. */
export const yieldScope = (query: unknown) => parse(scope, query);
/** The same plus the parameter to bin. */
export const parameterScope = (query: unknown) => parse(scope.extend({ parameter: id }), query);

/** First-pass yield over time: period, by (step | line | equipment), inspection, from, to. */
export const fpyQuery = (query: unknown) =>
  parse(
    z.object({
      period: z.enum(SPC_PERIODS).default('month'),
      by: z.enum(FPY_KEYS).default('step'),
      inspection: id,
      from: isoTime.optional(),
      to: isoTime.optional(),
    }),
    query,
  );

/** Heatmap of parameter bin × input lot: the parameter scope (5 bins unless told), material, maxLots. */
export const heatmapQuery = (query: unknown) =>
  parse(
    scope.extend({
      parameter: id,
      bins: z.coerce.number().int().min(2).max(50).default(5),
      material: id.optional(),
      maxLots: z.coerce.number().int().min(1).max(200).default(30),
    }),
    query,
  );

/** Scatter points of one parameter: step, inspection, parameter, limit (at most 50 000). */
export const pointsQuery = (query: unknown) =>
  parse(
    z.object({
      step: id,
      inspection: id,
      parameter: id,
      limit: z.coerce.number().int().min(1).max(50_000).default(5000),
    }),
    query,
  );
