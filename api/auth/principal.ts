// The principal of a request, set by the authentication middleware, and the permission gate
// every route and GraphQL resolver goes through.
import type { RequestHandler, Request } from 'express';
import { AppError } from '../../domain/errors.ts';
import { can, ROLE_LABELS, type Permission, type Principal } from '../../domain/roles.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** who is asking; set by authenticate() when the request carries valid credentials */
    principal?: Principal;
  }
}

/** The request's principal, or 401 when it carries no valid credentials. */
export function principalOf(req: Request): Principal {
  if (!req.principal)
    throw new AppError('UNAUTHENTICATED', 'sign in, or send a bearer token in the Authorization header');
  return req.principal;
}

/** Throws 403 unless the principal holds the permission. Says which role lacks what, nothing about data. */
export function assertCan(p: Principal, perm: Permission): void {
  if (!can(p, perm))
    throw new AppError('FORBIDDEN', `the role "${ROLE_LABELS[p.role]}" may not do this (${perm})`, {
      details: { permission: perm },
    });
}

/** Route middleware: 401 without credentials, 403 without the permission. */
export const requirePermission =
  (perm: Permission): RequestHandler =>
  (req, _res, next) => {
    assertCan(principalOf(req), perm);
    next();
  };
