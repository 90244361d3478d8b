// Credentials for HTTP tests: the environment admin token every test server accepts, and users
// of any role created through the real REST API (no shortcut into the store).
import type { Role } from '../../domain/roles.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let counter = 0;

/** Creates a user through POST /api/users with the admin token. */
export async function createUser(
  base: string,
  u: { username: string; password: string; role: Role; supplierId?: string; displayName?: string },
): Promise<{ id: string; username: string }> {
  const res = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify(u),
  });
  if (res.status !== 201) throw new Error(`creating ${u.username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { user: { id: string; username: string } }).user;
}

/**
 * A fresh user of a role (named `username`, or a made-up name) and a bearer token for it, both
 * created through the REST API.
 */
export async function userWithToken(
  base: string,
  role: Role,
  opts: { supplierId?: string; username?: string } = {},
): Promise<{ id: string; token: string }> {
  const username = opts.username ?? `${role.replace(/_/g, '-')}-${++counter}-${Date.now().toString(36)}`;
  const user = await createUser(base, {
    username,
    password: `pw-${username}-secret`,
    role,
    ...(opts.supplierId ? { supplierId: opts.supplierId } : {}),
  });
  const res = await fetch(`${base}/api/users/${user.id}/tokens`, {
    method: 'POST',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test' }),
  });
  if (res.status !== 201) throw new Error(`token for ${username}: ${res.status} ${await res.text()}`);
  return { id: user.id, token: ((await res.json()) as { secret: string }).secret };
}

/** A fresh user of a role and a bearer token for it (created through the REST API). */
export const tokenFor = async (
  base: string,
  role: Role,
  opts: { supplierId?: string } = {},
): Promise<string> => (await userWithToken(base, role, opts)).token;

/** fetch with the admin token, for tests about something other than authorisation. */
export const adminFetch = (url: string, init: RequestInit = {}) =>
  fetch(url, {
    ...init,
    headers: { ...bearer(TEST_ADMIN_TOKEN), ...(init.headers as Record<string, string>) },
  });

/** The audit-trail actor (`user:<name>`) of a token's owner, as GET /api/auth/me names them. */
export async function actorFor(base: string, token: string): Promise<string> {
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: bearer(token) })).json()) as {
    user: { username: string };
  };
  return `user:${me.user.username}`;
}
