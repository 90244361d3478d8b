// Reads the credentials of a request: a bearer token (API token or the environment's admin
// token) or the browser's session cookie. A cookie-authenticated state change must carry the
// session's CSRF token in X-CSRF-Token; bearer requests cannot be forged by another site.
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors.ts';
import type { Identity } from './identity.service.ts';
import { sameSecret } from './secrets.ts';

export const SESSION_COOKIE = 'lg_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One cookie's value from the Cookie header, or null. */
export function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The CSRF token of the request's session, once authenticate() has run. */
export const csrfTokenOf = (res: Response): string | null => (res.locals['csrfToken'] as string) ?? null;

/**
 * Sets req.principal when the request carries valid credentials. A bearer token that is sent
 * but not valid is a 401 at once (no silent fall-back to anonymous).
 */
export function authenticate(identity: Identity): RequestHandler {
  return async (req, res, next) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const p = m ? await identity.fromBearer(m[1]!) : null;
      if (!p)
        throw new AppError('UNAUTHENTICATED', 'the bearer token is not valid (unknown, expired or revoked)');
      req.principal = p;
      return next();
    }
    const sid = cookieOf(req, SESSION_COOKIE);
    if (sid) {
      const s = await identity.fromSession(sid);
      if (s) {
        req.principal = s.principal;
        res.locals['csrfToken'] = s.csrfToken;
        res.locals['sessionId'] = sid;
        if (!SAFE.has(req.method)) {
          const sent = req.get(CSRF_HEADER);
          if (!sent || !sameSecret(sent, s.csrfToken))
            throw new AppError(
              'FORBIDDEN',
              'the CSRF token is missing or wrong: reload the page and try again',
            );
        }
      }
    }
    next();
  };
}
