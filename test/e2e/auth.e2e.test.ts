// Sign-in, sessions with CSRF, API tokens, lockout, the role table on every route, and the
// audit trail of it all, against the real server and stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAudit } from '../../analytics/audit.store.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { adminFetch, bearer, createUser, TEST_ADMIN_TOKEN, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer;
let base: string;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(
    t.stores,
    t.projector,
    doc([receive({ lot: lot('L1'), qty: 5, uom: 'KGM', supplier: party('S1'), t: 0 })]),
    { source: 'test', actor: 'test' },
  );
  server = await startTestServer(t, { lockoutAttempts: 3, loginAttemptsPerWindow: 1000 });
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Signs in and returns the session cookie (name=value) and the CSRF token. */
async function signIn(username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, json({ username, password }));
  const body = (await res.json()) as { csrfToken: string; user: { username: string; role: string } };
  const setCookie = res.headers.getSetCookie();
  return { status: res.status, body, setCookie, cookie: setCookie[0]?.split(';')[0] ?? '' };
}

describe('sign-in and sessions', () => {
  beforeAll(async () => {
    await createUser(base, { username: 'qe', password: 'correct horse 1', role: 'quality_engineer' });
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const s = await signIn('QE', 'correct horse 1'); // user names are case-insensitive
    expect(s.status).toBe(200);
    expect(s.body.user.username).toBe('qe');
    expect(s.setCookie).toHaveLength(1);
    expect(s.setCookie[0]).toMatch(
      /^lg_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/,
    );
    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { role: string }; permissions: string[]; csrfToken: string };
    expect(body.user.role).toBe('quality_engineer');
    expect(body.csrfToken).toBe(s.body.csrfToken);
    expect(body.permissions).toContain('recall:read');
    expect(body.permissions).not.toContain('users:manage');
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await signIn('qe', 'not the password');
    const unknown = await signIn('nobody-here', 'not the password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.setCookie).toEqual([]);
  });

  it('refuses a state change with the cookie but without the CSRF token', async () => {
    const s = await signIn('qe', 'correct horse 1');
    const body = doc([receive({ lot: lot('L2'), qty: 1, uom: 'KGM', supplier: party('S1'), t: 1 })]);
    const without = await fetch(`${base}/api/events`, json(body, { cookie: s.cookie }));
    expect(without.status).toBe(403);
    const forged = await fetch(
      `${base}/api/events`,
      json(body, { cookie: s.cookie, 'x-csrf-token': 'guess' }),
    );
    expect(forged.status).toBe(403);
    const ok = await fetch(
      `${base}/api/events`,
      json(body, { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken }),
    );
    expect(ok.status).toBe(201);
    const entries = await readAudit(t.stores.duck, { action: 'events.capture' });
    expect(entries.at(-1)?.actor).toBe('user:qe');
  });

  it('ends the session on sign-out', async () => {
    const s = await signIn('qe', 'correct horse 1');
    const out = await fetch(`${base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${base}/api/auth/me`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('locks a user after repeated failures, even for the right password, until an admin resets it', async () => {
    const u = await createUser(base, { username: 'clumsy', password: 'right password', role: 'auditor' });
    for (let i = 0; i < 3; i++) expect((await signIn('clumsy', 'wrong password')).status).toBe(401);
    const locked = await signIn('clumsy', 'right password');
    expect(locked.status).toBe(429);
    expect((locked.body as unknown as { error: { message: string } }).error.message).toMatch(
      /try again after/,
    );
    const reset = await adminFetch(`${base}/api/users/${u.id}`, {
      ...json({ password: 'a new password', reason: 'locked out at the audit' }),
      method: 'PATCH',
    });
    expect(reset.status).toBe(200);
    expect((await signIn('clumsy', 'a new password')).status).toBe(200);
    const trail = await readAudit(t.stores.duck, { subject: 'user:clumsy' });
    expect(trail.map((e) => e.action)).toEqual([
      'user.create',
      'auth.login_failed',
      'auth.login_failed',
      'auth.lockout',
      'user.password_reset',
      'auth.login',
    ]);
    expect(trail[4]!.reason).toBe('locked out at the audit');
  });

  it('lets users change their own password with the current one', async () => {
    await createUser(base, { username: 'changer', password: 'first password', role: 'procurement' });
    const s = await signIn('changer', 'first password');
    const headers = { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken };
    const bad = await fetch(
      `${base}/api/auth/password`,
      json({ current: 'nope', next: 'second password' }, headers),
    );
    expect(bad.status).toBe(400);
    const short = await fetch(
      `${base}/api/auth/password`,
      json({ current: 'first password', next: 'short' }, headers),
    );
    expect(short.status).toBe(400);
    const ok = await fetch(
      `${base}/api/auth/password`,
      json({ current: 'first password', next: 'second password' }, headers),
    );
    expect(ok.status).toBe(204);
    expect((await signIn('changer', 'first password')).status).toBe(401);
    expect((await signIn('changer', 'second password')).status).toBe(200);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, and stops working when revoked', async () => {
    const u = await createUser(base, { username: 'erp', password: 'integration pw', role: 'operator' });
    const created = await adminFetch(
      `${base}/api/users/${u.id}/tokens`,
      json({ name: 'ERP export', expiresInDays: 30 }),
    );
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as {
      token: { id: string; prefix: string };
      secret: string;
    };
    expect(secret).toMatch(/^lgt_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);

    const listed = (await (await adminFetch(`${base}/api/users/${u.id}/tokens`)).json()) as {
      tokens: object[];
    };
    expect(JSON.stringify(listed)).not.toContain(secret);
    const stored = await t.stores.duck.query('SELECT * FROM api_tokens');
    expect(JSON.stringify(stored, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).not.toContain(secret);
    const users = await t.stores.duck.query("SELECT password_hash FROM users WHERE username = 'erp'");
    expect(String(users[0]!['password_hash'])).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(String(users[0]!['password_hash'])).not.toContain('integration pw');

    // the operator may capture, not trace
    expect((await fetch(`${base}/api/trace/backward?id=L1`, { headers: bearer(secret) })).status).toBe(403);
    const me = await fetch(`${base}/api/auth/me`, { headers: bearer(secret) });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('erp');

    // another user cannot revoke it, and learns nothing about it
    const other = await tokenFor(base, 'auditor');
    const foreign = await fetch(`${base}/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: bearer(other),
    });
    expect(foreign.status).toBe(404);
    const own = await fetch(`${base}/api/tokens/${token.id}`, { method: 'DELETE', headers: bearer(secret) });
    expect(own.status).toBe(204);
    const after = await fetch(`${base}/api/auth/me`, { headers: bearer(secret) });
    expect(after.status).toBe(401);

    const trail = await readAudit(t.stores.duck, { subject: `token:${token.id}` });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['token.create', 'env:admin-token'],
      ['token.revoke', 'user:erp'],
    ]);
  });

  it('a disabled user’s token stops working; enabling it restores it', async () => {
    const u = await createUser(base, { username: 'leaver', password: 'leaver password', role: 'auditor' });
    const res = await adminFetch(`${base}/api/users/${u.id}/tokens`, json({ name: 'laptop' }));
    const { secret } = (await res.json()) as { secret: string };
    expect((await fetch(`${base}/api/audit/verify`, { headers: bearer(secret) })).status).toBe(200);
    const patch = (body: object) =>
      adminFetch(`${base}/api/users/${u.id}`, { ...json(body), method: 'PATCH' });
    expect((await patch({ disabled: true, reason: 'left the company' })).status).toBe(200);
    expect((await fetch(`${base}/api/audit/verify`, { headers: bearer(secret) })).status).toBe(401);
    expect((await signIn('leaver', 'leaver password')).status).toBe(401);
    expect((await patch({ disabled: false })).status).toBe(200);
    expect((await fetch(`${base}/api/audit/verify`, { headers: bearer(secret) })).status).toBe(200);
  });

  it('answers 401 for a made-up bearer token', async () => {
    const res = await fetch(`${base}/api/health`, { headers: bearer('lgt_madeup') });
    expect(res.status).toBe(401);
  });
});

describe('users (admin)', () => {
  it('checks new users field by field and names each problem', async () => {
    const res = await adminFetch(
      `${base}/api/users`,
      json({ username: 'A B', role: 'wizard', password: 'short' }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { problems: { field: string }[] } };
    expect(body.error.problems.map((p) => p.field).sort()).toEqual(['password', 'role', 'username']);
    const sup = await adminFetch(
      `${base}/api/users`,
      json({ username: 'sup', role: 'supplier', password: 'long enough pw' }),
    );
    expect(((await sup.json()) as { error: { problems: { field: string }[] } }).error.problems).toEqual([
      { field: 'supplierId', reason: 'a supplier user must belong to a supplier' },
    ]);
    await createUser(base, { username: 'twice', password: 'long enough pw', role: 'auditor' });
    const dup = await adminFetch(
      `${base}/api/users`,
      json({ username: 'twice', role: 'auditor', password: 'long enough pw' }),
    );
    expect(dup.status).toBe(409);
  });

  it('never writes a password or secret into the audit trail, and the chain stays intact', async () => {
    const all = JSON.stringify(await readAudit(t.stores.duck, {}));
    for (const secret of [
      'correct horse 1',
      'right password',
      'a new password',
      'integration pw',
      TEST_ADMIN_TOKEN,
    ])
      expect(all).not.toContain(secret);
    expect(all).not.toContain('scrypt$');
    expect((await verifyAudit(t.stores.duck)).ok).toBe(true);
  });
});

describe('the role table on every route', () => {
  // status per role: admin, quality_engineer, procurement, process_engineer, auditor, operator, supplier
  const ROLES = [
    'admin',
    'quality_engineer',
    'procurement',
    'process_engineer',
    'auditor',
    'operator',
    'supplier',
  ] as const;
  const table: [string, number[]][] = [
    ['/api/trace/backward?id=L1', [200, 200, 200, 200, 200, 403, 404]],
    ['/api/recall?id=L1', [200, 200, 200, 200, 200, 403, 403]],
    ['/api/analytics/pareto?dimension=code', [200, 200, 200, 200, 200, 403, 200]],
    ['/api/analytics/yield/factors?step=x&inspection=y', [200, 200, 200, 200, 200, 403, 403]],
    ['/api/analytics/spc/defects?inspection=fct', [200, 200, 200, 200, 200, 403, 403]],
    ['/api/analytics/spc/incoming', [200, 200, 200, 200, 200, 403, 200]],
    ['/api/audit?limit=1', [200, 200, 403, 403, 200, 403, 403]],
    ['/api/users', [200, 403, 403, 403, 403, 403, 403]],
    ['/api/suppliers', [200, 200, 200, 200, 200, 403, 200]],
    ['/api/tokens', [200, 200, 200, 200, 200, 200, 200]],
  ];
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    for (const r of ROLES)
      tokens.set(r, await tokenFor(base, r, r === 'supplier' ? { supplierId: party('S2') } : {}));
  });

  it.each(table)('%s', async (path, expected) => {
    const got: number[] = [];
    for (const r of ROLES) got.push((await fetch(base + path, { headers: bearer(tokens.get(r)!) })).status);
    expect(got).toEqual(expected);
  });

  it('answers 401 without credentials everywhere but sign-in and health', async () => {
    for (const [path] of table) expect((await fetch(base + path)).status, path).toBe(401);
    expect((await fetch(`${base}/graphql`, json({ query: '{ __typename }' }))).status).toBe(401);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(Object.keys((await health.json()) as object).sort()).toEqual(['service', 'status', 'stores']);
  });
});

describe('hardening', () => {
  it('sends security headers and no CORS headers unless configured', async () => {
    const res = await fetch(`${base}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();

    const withCors = await startTestServer(t, { corsOrigins: ['https://portal.example'] });
    try {
      const ok = await fetch(`${withCors.base}/api/health`, {
        headers: { origin: 'https://portal.example' },
      });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example');
      const no = await fetch(`${withCors.base}/api/health`, { headers: { origin: 'https://evil.example' } });
      expect(no.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
  });

  it('limits sign-in body size and attempts per address', async () => {
    const big = await fetch(`${base}/api/auth/login`, json({ username: 'x', password: 'y'.repeat(20_000) }));
    expect(big.status).toBe(413);
    const limited = await startTestServer(t, { loginAttemptsPerWindow: 2 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (await fetch(`${limited.base}/api/auth/login`, json({ username: 'qe', password: 'wrong pw!' })))
            .status,
        );
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('GraphQL rate limit', () => {
  it('answers 429 once a caller exceeds its GraphQL requests per minute', async () => {
    const limited = await startTestServer(t, { graphqlPerMinute: 2 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await fetch(
              `${limited.base}/graphql`,
              json({ query: '{ __typename }' }, bearer(TEST_ADMIN_TOKEN)),
            )
          ).status,
        );
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('settings', () => {
  it('lets only an admin change the scorecard weights, with a reason, audited', async () => {
    const admin = await tokenFor(base, 'admin');
    const qe = await tokenFor(base, 'quality_engineer');
    const url = `${base}/api/analytics/suppliers/scorecard/config`;
    const put = (token: string, body: unknown) => fetch(url, { ...json(body, bearer(token)), method: 'PUT' });
    const before = ((await (await fetch(url, { headers: bearer(qe) })).json()) as { config: object }).config;
    const config = {
      weights: { acceptance: 0.5, ppm: 0.5, onTime: 0 },
      ppmZero: 5000,
      gradeA: 85,
      gradeB: 70,
    };

    expect((await put(qe, { config, reason: 'x' })).status).toBe(403);
    const noReason = await put(admin, { config });
    expect(
      ((await noReason.json()) as { error: { problems: { pointer: string }[] } }).error.problems,
    ).toEqual([{ pointer: '/reason', reason: 'Invalid input: expected string, received undefined' }]);
    const bad = await put(admin, { config: { ...config, gradeB: 90 }, reason: 'try' });
    expect(bad.status).toBe(400);
    const ok = await put(admin, { config, reason: 'PPM matters as much as acceptance from Q3' });
    expect(ok.status).toBe(200);
    expect(((await (await fetch(url, { headers: bearer(qe) })).json()) as { config: object }).config).toEqual(
      config,
    );

    const [entry] = await readAudit(t.stores.duck, { action: 'scorecard.config' });
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^user:admin-/),
      before,
      after: config,
      reason: 'PPM matters as much as acceptance from Q3',
    });
  });
});
