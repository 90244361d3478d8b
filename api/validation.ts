// Request input checked against a zod schema: anything wrong is one 400 that names each bad
// field (a dotted path, e.g. `counts.1.qty`) with its JSON pointer and the reason.
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';

/**
 * The parsed input, or an INVALID_INPUT error saying "the <what> is invalid". `at` prefixes the
 * field names when the input sits inside a larger body (e.g. `criteria`).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
  at?: string,
): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new AppError('INVALID_INPUT', `the ${what} is invalid`, {
    problems: r.error.issues.map((i) => {
      const path = [...(at ? [at] : []), ...i.path.map(String)];
      return {
        field: path.length ? path.join('.') : 'body',
        pointer: `/${path.join('/')}`,
        reason: i.message,
      };
    }),
  });
}
