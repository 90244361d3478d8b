// The one door from the browser to the API: JSON in and out, the session cookie, the CSRF header
// on every state change, and the API's error shape turned into ApiError.

/** One problem in an input, as the API names it. */
export interface Problem {
  field?: string;
  pointer?: string;
  reason: string;
}

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached */
  readonly status: number;
  readonly code: string;
  readonly problems: Problem[];
  /** the other fields of the error body, e.g. `candidates` of a 409 */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, problems: Problem[] = [], details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
    this.details = details;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

// The session's CSRF token, from login or /api/auth/me; the session module keeps it current.
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

// Called when a request outside /api/auth/ answers 401: the session ended (expired, signed out
// elsewhere, user disabled), so the app goes back to the sign-in page.
let sessionLost: () => void = () => {};
export const onSessionLost = (handler: () => void): void => {
  sessionLost = handler;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function errorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== 'object')
    return new ApiError(status, 'HTTP_' + status, `The server answered ${status} without an explanation.`);
  const { code, message, problems, ...details } = e;
  return new ApiError(
    status,
    typeof code === 'string' ? code : 'HTTP_' + status,
    typeof message === 'string' ? message : `The server answered ${status}.`,
    Array.isArray(problems) ? (problems as Problem[]) : [],
    details,
  );
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check the connection and try again.');
  }
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/')) sessionLost();
    throw errorOf(res.status, data);
  }
  return data as T;
}

/** A path with its parameters encoded: `path\`/api/users/${id}\`` */
export const path = (strings: TemplateStringsArray, ...values: (string | number)[]): string =>
  strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );

/** A query string from the parameters that have a value: `?a=1&b=x%20y`, or '' when none has. */
export const query = (params: Record<string, string | number | null | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
