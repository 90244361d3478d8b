// Query-string checks for the analytics endpoints; the numbers come from analytics/.
import { z } from 'zod';
import { PARETO_DIMENSIONS } from '../../analytics/pareto.ts';
import { SCORECARD_PERIODS, type ScorecardConfig } from '../../analytics/scorecard.ts';
import { SPC_PERIODS } from '../../analytics/spc.ts';
import { AppError } from '../../domain/errors.ts';
import { parseInput } from '../validation.ts';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date');
const id = z.string().min(1);

const schemas = {
  scorecard: z.object({
    period: z.enum(SCORECARD_PERIODS).default('month'),
    from: isoTime.optional(),
    to: isoTime.optional(),
    supplier: id.optional(),
    material: id.optional(),
  }),
  scorecardLots: z.object({ supplier: id, period: z.enum(SCORECARD_PERIODS).default('month'), start: day }),
  pareto: z.object({
    dimension: z.enum(PARETO_DIMENSIONS),
    from: isoTime.optional(),
    to: isoTime.optional(),
    material: id.optional(),
    supplier: id.optional(),
  }),
  paretoItems: z.object({
    dimension: z.enum(PARETO_DIMENSIONS),
    value: id,
    limit: z.coerce.number().int().min(1).max(10_000).default(500),
    offset: z.coerce.number().int().min(0).default(0),
    from: isoTime.optional(),
    to: isoTime.optional(),
    material: id.optional(),
    supplier: id.optional(),
  }),
  spc: z.object({ period: z.enum(SPC_PERIODS).default('month'), supplier: id.optional() }),
  spcDefects: z.object({
    period: z.enum(SPC_PERIODS).default('month'),
    inspection: id,
    step: id.optional(),
    line: id.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
  }),
};

/** Parses one endpoint's query string; bad values are a 400 naming each field. */
export function analyticsQuery<K extends keyof typeof schemas>(
  which: K,
  query: unknown,
): z.output<(typeof schemas)[K]> {
  return parseInput(schemas[which], query, 'analytics query') as z.output<(typeof schemas)[K]>;
}

const scorecardConfig = z.object({
  config: z.object({
    weights: z.object({ acceptance: z.number(), ppm: z.number(), onTime: z.number() }),
    ppmZero: z.number(),
    gradeA: z.number(),
    gradeB: z.number(),
  }),
  reason: z.string().trim().min(1, 'is required: say why the scorecard changes').max(2000),
});

/** The body of a scorecard settings change: `{ config, reason }`; the ranges are checked in analytics/. */
export function scorecardConfigChange(body: unknown): { config: ScorecardConfig; reason: string } {
  const r = scorecardConfig.safeParse(body ?? {});
  if (!r.success)
    throw new AppError('INVALID_INPUT', 'the scorecard settings are invalid', {
      problems: r.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, reason: i.message })),
    });
  return r.data;
}
