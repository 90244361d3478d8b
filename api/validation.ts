// Request input checked against a zod schema: anything wrong is one 400 that names each bad
// field (a dotted path, e.g. `counts.1.qty`) with its JSON pointer and the reason.
import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { checkJsonDepth, MAX_JSON_DEPTH } from '../domain/json-limits.ts';

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

/** A JSON text nested deeper than MAX_JSON_DEPTH, refused before it is parsed (where it goes too deep). */
export function refuseDeepJson(text: Uint8Array | string, file?: string): void {
  const r = checkJsonDepth(text);
  if (r.ok) return;
  throw new AppError(
    'INVALID_INPUT',
    `the JSON nests deeper than ${MAX_JSON_DEPTH} levels (line ${r.line}, column ${r.column}); nothing was read or stored`,
    {
      problems: [
        {
          ...(file ? { file } : {}),
          line: r.line,
          column: r.column,
          reason: `nests deeper than ${MAX_JSON_DEPTH} levels here (byte ${r.offset})`,
        },
      ],
    },
  );
}

/**
 * express.json with the depth check on the raw bytes before parsing, so every JSON door refuses
 * a deeply nested body at once (400, where it goes too deep) instead of walking it.
 */
export function jsonBody(opts: { limit: string; type?: string | string[] }): RequestHandler {
  return withBodyLimit(
    bytesOf(opts.limit),
    express.json({ ...opts, verify: (_req, _res, buf) => refuseDeepJson(buf) }),
  );
}

/** A body parser behind bodyLimit: one handler, so routes keep their types. */
export function withBodyLimit(max: number, parser: RequestHandler): RequestHandler {
  const guard = bodyLimit(max);
  return (req, res, next) => guard(req, res, (err?: unknown) => (err ? next(err) : parser(req, res, next)));
}

/** '64mb', '16kb', '1mb' as bytes. */
function bytesOf(limit: string): number {
  const m = /^(\d+)\s*(kb|mb)$/i.exec(limit.trim());
  if (!m) throw new Error(`a body limit like "64mb" or "16kb", not "${limit}"`);
  return Number(m[1]) * (m[2]!.toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * Refuses a body whose Content-Length says it is larger than `max` bytes with 413 at once,
 * before a byte of it is read, and closes the connection (the body parser alone would read the
 * whole announced body first).
 */
export function bodyLimit(max: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > max) {
      res.set('Connection', 'close');
      next(
        Object.assign(new Error(`the body of ${declared} bytes is larger than ${max}`), {
          type: 'entity.too.large',
          status: 413,
        }),
      );
      return;
    }
    next();
  };
}
