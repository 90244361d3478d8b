import { Router, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { permissionsOf, ROLE_LABELS, ROLES } from '../../domain/roles.ts';
import { csrfTokenOf, SESSION_COOKIE } from '../auth/authenticate.ts';
import type { Identity } from '../auth/identity.service.ts';
import { principalOf } from '../auth/principal.ts';
import { jsonBody } from '../validation.ts';

export interface AuthRouteOptions {
  /** cookies only over HTTPS (set when served behind TLS) */
  secureCookies: boolean;
  /** sign-in attempts per client address per 15 minutes */
  loginAttemptsPerWindow: number;
}

const json = jsonBody({ limit: '16kb' });

/** Sign-in (public), sign-out, who am I, password change, the list of roles. */
export function authRoutes(identity: Identity, opts: AuthRouteOptions): { open: Router; signedIn: Router } {
  const open = Router();
  const cookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
      path: '/',
      maxAge: maxAgeMs,
    });
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: opts.loginAttemptsPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({
        error: {
          code: 'RATE_LIMITED',
          message: 'too many sign-in attempts from this address: wait 15 minutes',
        },
      });
    },
  });

  open.post('/auth/login', limiter, json, async (req, res) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const s = await identity.login(body.username, body.password);
    cookie(res, s.sessionId, identity.settings.sessionHours * 3_600_000);
    res.json({ user: s.user, permissions: permissionsOf(s.user.role), csrfToken: s.csrfToken });
  });
  open.get('/auth/roles', (_req, res) => {
    res.json({ roles: ROLES.map((id) => ({ id, label: ROLE_LABELS[id], permissions: permissionsOf(id) })) });
  });

  const signedIn = Router();
  signedIn.get('/auth/me', async (req, res) => {
    const p = principalOf(req);
    res.json({ user: await identity.me(p), permissions: permissionsOf(p.role), csrfToken: csrfTokenOf(res) });
  });
  signedIn.post('/auth/logout', async (req, res) => {
    const p = principalOf(req);
    const sid = res.locals['sessionId'] as string | undefined;
    if (sid) await identity.logout(sid, p);
    res.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
    });
    res.status(204).end();
  });
  signedIn.post('/auth/password', json, async (req, res) => {
    const body = (req.body ?? {}) as { current?: unknown; next?: unknown };
    await identity.changeOwnPassword(
      principalOf(req),
      body.current,
      body.next,
      res.locals['sessionId'] as string | undefined,
    );
    res.status(204).end();
  });
  return { open, signedIn };
}
