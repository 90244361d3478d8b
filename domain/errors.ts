// Every error the project raises on purpose carries one of these literal codes.
// The API maps codes to HTTP answers in one place (api/errors.ts).
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_EPCIS'
  | 'INVALID_CSV'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'NEO4J_SETUP'
  | 'CONFIG'
  | 'CONFLICT'
  | 'INTERLOCK'
  | 'INTERNAL';

/** One problem in an input: where it is and why it is wrong. */
export interface Problem {
  /** JSON pointer (RFC 6901) into a JSON document, for JSON input */
  pointer?: string;
  /** file name, for file input */
  file?: string;
  /** 1-based data row (header excluded), for CSV input */
  row?: number;
  /** field or column name */
  field?: string;
  /** 1-based line, for XML input */
  line?: number;
  /** 1-based column, for XML input */
  column?: number;
  reason: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  /** extra facts a client may see (never query text or stack) */
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; problems?: Problem[]; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.problems = opts.problems ?? [];
    this.details = opts.details ?? {};
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
