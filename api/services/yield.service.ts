// Query-string checks for the yield analysis, shared by REST and any other door.
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';

const scope = z.object({
  step: z.string().min(1),
  inspection: z.string().min(1),
  bins: z.coerce.number().int().min(2).max(50).default(10),
});

function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const r = schema.safeParse(query);
  if (!r.success)
    throw new AppError('INVALID_INPUT', 'the yield query is invalid', {
      problems: r.error.issues.map((i) => ({ field: String(i.path[0]), reason: i.message })),
    });
  return r.data;
}

/** step (the process step that made the units), inspection (the kind that judges them), bins. */
export const yieldScope = (query: unknown) => parse(scope, query);
/** The same plus the parameter to bin. */
export const parameterScope = (query: unknown) =>
  parse(scope.extend({ parameter: z.string().min(1) }), query);
