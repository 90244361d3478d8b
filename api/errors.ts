// The one place AppError codes become HTTP answers. Query text and stacks never reach a client.
import type { ErrorRequestHandler } from 'express';
import { AppError, type ErrorCode } from '../domain/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_EPCIS: 400,
  INVALID_CSV: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  INTERLOCK: 409,
  STORE_UNAVAILABLE: 503,
  NEO4J_SETUP: 503,
  CONFIG: 500,
  INTERNAL: 500,
};

export function httpError(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof AppError) {
    // A few refusals have a status of their own (413 too large, 411 no length): details.httpStatus.
    const { httpStatus, ...details } = err.details as { httpStatus?: number };
    const status = httpStatus ?? STATUS[err.code];
    const message = status === 500 ? 'internal error' : err.message;
    const body: Record<string, unknown> = { code: err.code, message };
    if (err.problems.length) body['problems'] = err.problems;
    if (status !== 500) Object.assign(body, details);
    return { status, body: { error: body } };
  }
  // body-parser's errors: malformed JSON, too large, wrong charset
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed')
    return {
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message: 'the body is not valid JSON',
          problems: [{ pointer: '', reason: e.message ?? 'not JSON' }],
        },
      },
    };
  if (e.type === 'entity.too.large')
    return { status: 413, body: { error: { code: 'INVALID_INPUT', message: 'the body is too large' } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}

export const errorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  void next;
  const { status, body } = httpError(err);
  // A full queue or a rate limit says when to come back.
  if (err instanceof AppError && typeof err.details['retryAfter'] === 'number')
    res.set('Retry-After', String(err.details['retryAfter']));
  if (status >= 500 && !(err instanceof AppError && err.code === 'STORE_UNAVAILABLE')) console.error(err);
  res.status(status).json(body);
};
