// Users, sign-in, sessions and API tokens: the rules. Every change is written with its audit
// entry in one DuckDB transaction, so the trail names who created, changed, disabled, signed in,
// or issued and revoked a token, and never holds a password or a secret.
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import {
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  insertSession,
  insertToken,
  insertUser,
  listTokens,
  listUsers,
  revokeToken,
  sessionByHash,
  tokenByIdentifier,
  tokenBySecretHash,
  touchSession,
  touchToken,
  updateUser,
  userById,
  userByUsername,
  type TokenRow,
  type UserRow,
} from '../../analytics/identity.store.ts';
import { listSuppliers } from '../../analytics/suppliers.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { actorOf, can, ROLE_LABELS, ROLES, type Principal, type Role } from '../../domain/roles.ts';
import { assertPassword, dummyHash, hashPassword, passwordProblems, verifyPassword } from './passwords.ts';
import { digest, newApiToken, newId, randomSecret, sameSecret } from './secrets.ts';

export interface AuthSettings {
  /** LOTGRAPH_ADMIN_TOKEN: an admin bearer token from the environment (automation, tests) */
  adminToken: string | null;
  /** absolute session length */
  sessionHours: number;
  /** a session unused this long ends */
  idleMinutes: number;
  /** consecutive failed sign-ins that lock a user */
  lockoutAttempts: number;
  lockoutMinutes: number;
}

export const DEFAULT_AUTH: AuthSettings = {
  adminToken: null,
  sessionHours: 12,
  idleMinutes: 120,
  lockoutAttempts: 5,
  lockoutMinutes: 15,
};

/** A user as the API shows it: never the password hash or lockout counters. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  supplierId: string | null;
  supplierName: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface PublicToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewUser {
  username: unknown;
  displayName?: unknown;
  role: unknown;
  supplierId?: unknown;
  password: unknown;
}

export interface UserChange {
  displayName?: unknown;
  role?: unknown;
  supplierId?: unknown;
  disabled?: unknown;
  password?: unknown;
}

const ENV_ADMIN: Principal = {
  userId: 'env-admin',
  username: 'env-admin',
  displayName: 'Administrator (environment token)',
  role: 'admin',
  supplierId: null,
  via: 'env',
};

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const TOUCH_MS = 60_000; // last-seen and last-used times move at most once a minute
const iso = (ms: number) => new Date(ms).toISOString();
const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/** The audit view of a user: what an auditor needs, never a hash. */
const auditView = (u: UserRow) => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  supplierId: u.supplier_id,
  disabled: u.disabled,
});

const tokenView = (t: TokenRow): PublicToken => ({
  id: t.id,
  userId: t.user_id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.created_at,
  createdBy: t.created_by,
  expiresAt: t.expires_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

const principalOfRow = (u: UserRow, via: Principal['via']): Principal => ({
  userId: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role as Role,
  supplierId: u.supplier_id,
  via,
});

function invalid(message: string, problems: Problem[]): never {
  throw new AppError('INVALID_INPUT', message, { problems });
}

export class Identity {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: DuckStore,
    readonly settings: AuthSettings = DEFAULT_AUTH,
  ) {}

  // ---- reading credentials -------------------------------------------------------------

  /** The principal of a bearer token: an API token, or the environment's admin token. */
  async fromBearer(secret: string): Promise<Principal | null> {
    if (this.settings.adminToken && sameSecret(secret, this.settings.adminToken)) return ENV_ADMIN;
    const row = await tokenBySecretHash(this.db, digest(secret));
    const now = Date.now();
    if (!row || row.disabled || row.token_revoked_at) return null;
    if (row.token_expires_at && Date.parse(row.token_expires_at) <= now) return null;
    if (this.due(`t:${row.token_id}`, now))
      await this.db.transaction((tx) => touchToken(tx, row.token_id, iso(now)));
    return principalOfRow(row, 'token');
  }

  /** The principal and CSRF token of a session cookie, or null when unknown, expired or idle. */
  async fromSession(sessionId: string): Promise<{ principal: Principal; csrfToken: string } | null> {
    const hash = digest(sessionId);
    const row = await sessionByHash(this.db, hash);
    if (!row) return null;
    const now = Date.now();
    const idle = Date.parse(row.session_last_seen_at) + this.settings.idleMinutes * 60_000 <= now;
    if (row.disabled || Date.parse(row.session_expires_at) <= now || idle) {
      await this.db.transaction((tx) => deleteSession(tx, hash));
      return null;
    }
    if (this.due(`s:${hash}`, now)) await this.db.transaction((tx) => touchSession(tx, hash, iso(now)));
    return { principal: principalOfRow(row, 'session'), csrfToken: row.session_csrf_token };
  }

  private due(key: string, now: number): boolean {
    const last = this.touched.get(key) ?? 0;
    if (now - last < TOUCH_MS) return false;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(key, now);
    return true;
  }

  // ---- signing in and out --------------------------------------------------------------

  /**
   * Checks a user name and password and opens a session. Wrong credentials are one answer
   * whatever was wrong; a user locked after repeated failures is told until when.
   */
  async login(
    username: unknown,
    password: unknown,
  ): Promise<{ user: PublicUser; sessionId: string; csrfToken: string }> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      invalid('user name and password are required', [
        ...(typeof username === 'string' && username ? [] : [{ field: 'username', reason: 'is required' }]),
        ...(typeof password === 'string' && password ? [] : [{ field: 'password', reason: 'is required' }]),
      ]);
    const name = username.trim().toLowerCase();
    const wrong = () => new AppError('UNAUTHENTICATED', 'the user name or password is wrong');
    const u = await userByUsername(this.db, name);
    if (!u) {
      await verifyPassword(password, await dummyHash());
      throw wrong();
    }
    const now = Date.now();
    if (u.locked_until && Date.parse(u.locked_until) > now)
      throw new AppError('RATE_LIMITED', `too many failed sign-ins: try again after ${u.locked_until}`, {
        details: { retryAfter: Math.ceil((Date.parse(u.locked_until) - now) / 1000) },
      });
    const ok = await verifyPassword(password, u.password_hash);
    if (!ok || u.disabled) {
      if (!ok) await this.recordFailure(u, now);
      throw wrong();
    }
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const user = await this.db.transaction(async (tx) => {
      const next: UserRow = { ...u, failed_logins: 0, locked_until: null, last_login_at: iso(now) };
      await updateUser(tx, next);
      await insertSession(tx, {
        idHash: digest(sessionId),
        userId: u.id,
        csrfToken,
        createdAt: iso(now),
        expiresAt: iso(now + this.settings.sessionHours * 3_600_000),
      });
      await deleteExpiredSessions(tx, iso(now), iso(now - this.settings.idleMinutes * 60_000));
      await appendAudit(tx, {
        actor: `user:${u.username}`,
        action: 'auth.login',
        subject: `user:${u.username}`,
        before: null,
        after: { via: 'password' },
        reason: null,
      });
      return next;
    });
    return { user: await this.toPublic(user), sessionId, csrfToken };
  }

  private async recordFailure(u: UserRow, now: number): Promise<void> {
    const failed = u.failed_logins + 1;
    const locks = failed >= this.settings.lockoutAttempts;
    const lockedUntil = locks ? iso(now + this.settings.lockoutMinutes * 60_000) : null;
    await this.db.transaction(async (tx) => {
      await updateUser(tx, { ...u, failed_logins: locks ? 0 : failed, locked_until: lockedUntil });
      await appendAudit(tx, {
        actor: 'anonymous',
        action: locks ? 'auth.lockout' : 'auth.login_failed',
        subject: `user:${u.username}`,
        before: { failedLogins: u.failed_logins },
        after: locks ? { lockedUntil } : { failedLogins: failed },
        reason: null,
      });
    });
  }

  /** Ends a session. */
  async logout(sessionId: string, p: Principal): Promise<void> {
    await this.db.transaction(async (tx) => {
      await deleteSession(tx, digest(sessionId));
      await appendAudit(tx, {
        actor: actorOf(p),
        action: 'auth.logout',
        subject: `user:${p.username}`,
        before: null,
        after: null,
        reason: null,
      });
    });
  }

  /** Changes one's own password (the current one is required); ends one's other sessions. */
  async changeOwnPassword(
    p: Principal,
    current: unknown,
    next: unknown,
    keepSession?: string,
  ): Promise<void> {
    if (p.via === 'env') throw new AppError('FORBIDDEN', 'the environment admin token has no password');
    const u = await userById(this.db, p.userId);
    if (!u) throw new AppError('UNAUTHENTICATED', 'the user no longer exists');
    if (typeof current !== 'string' || !(await verifyPassword(current, u.password_hash)))
      invalid('the current password is wrong', [{ field: 'current', reason: 'does not match' }]);
    const password = assertPassword(next, u.username, 'next');
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await updateUser(tx, { ...u, password_hash: hash, updated_at: iso(Date.now()) });
      await deleteSessionsOf(tx, u.id);
      if (keepSession) await this.reopen(tx, keepSession, u.id);
      await appendAudit(tx, {
        actor: actorOf(p),
        action: 'user.password',
        subject: `user:${u.username}`,
        before: null,
        after: { changed: true },
        reason: 'changed by the user',
      });
    });
  }

  // Keeps the caller's own session alive across a password change.
  private async reopen(tx: DuckTx, sessionId: string, userId: string) {
    const now = Date.now();
    await insertSession(tx, {
      idHash: digest(sessionId),
      userId,
      csrfToken: randomSecret(),
      createdAt: iso(now),
      expiresAt: iso(now + this.settings.sessionHours * 3_600_000),
    });
  }

  // ---- users ---------------------------------------------------------------------------

  async listUsers(): Promise<PublicUser[]> {
    const names = await this.supplierNames();
    return (await listUsers(this.db)).map((u) => this.publicOf(u, names));
  }

  async user(id: string): Promise<PublicUser> {
    const u = await userById(this.db, id);
    if (!u) throw new AppError('NOT_FOUND', 'no such user', { details: { id } });
    return this.toPublic(u);
  }

  /** Whether a user exists, is enabled and has this password (demo users' clean-up). */
  async hasPassword(username: string, password: string): Promise<PublicUser | null> {
    const u = await userByUsername(this.db, username);
    return u && !u.disabled && (await verifyPassword(password, u.password_hash)) ? this.toPublic(u) : null;
  }

  countUsers(): Promise<number> {
    return countUsers(this.db);
  }

  /** Creates a user; a supplier user must name its supplier. */
  async createUser(actor: string, input: NewUser, reason: string | null): Promise<PublicUser> {
    const problems: Problem[] = [];
    const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : '';
    if (!USERNAME.test(username))
      problems.push({
        field: 'username',
        reason: '2 to 64 characters: lower-case letters, digits and . _ @ -, starting with a letter or digit',
      });
    if (!isRole(input.role)) problems.push({ field: 'role', reason: `must be one of ${ROLES.join(', ')}` });
    const displayName = input.displayName === undefined ? username : input.displayName;
    if (typeof displayName !== 'string' || !displayName.trim() || displayName.length > 200)
      problems.push({ field: 'displayName', reason: 'must be 1 to 200 characters' });
    const supplierId = await this.supplierOf(input.role, input.supplierId, problems);
    problems.push(...passwordProblems(input.password, username || '\u0000'));
    if (problems.length) invalid('the user is invalid', problems);
    if (await userByUsername(this.db, username))
      throw new AppError('CONFLICT', `a user named "${username}" exists already`, {
        problems: [{ field: 'username', reason: 'is taken' }],
      });
    const now = iso(Date.now());
    const u: UserRow = {
      id: newId(),
      username,
      display_name: (displayName as string).trim(),
      role: input.role as Role,
      supplier_id: supplierId,
      password_hash: await hashPassword(input.password as string),
      disabled: false,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction(async (tx) => {
      await insertUser(tx, u);
      await appendAudit(tx, {
        actor,
        action: 'user.create',
        subject: `user:${u.username}`,
        before: null,
        after: auditView(u),
        reason,
      });
    });
    return this.toPublic(u);
  }

  /**
   * Changes a user (admin). Disabling, a new role or supplier, or a reset password ends the
   * user's sessions; tokens stay but act with the new role (and not at all while disabled).
   */
  async updateUser(
    actor: Principal,
    id: string,
    change: UserChange,
    reason: string | null,
  ): Promise<PublicUser> {
    const u = await userById(this.db, id);
    if (!u) throw new AppError('NOT_FOUND', 'no such user', { details: { id } });
    const problems: Problem[] = [];
    const next: UserRow = { ...u };
    if (change.displayName !== undefined) {
      if (
        typeof change.displayName !== 'string' ||
        !change.displayName.trim() ||
        change.displayName.length > 200
      )
        problems.push({ field: 'displayName', reason: 'must be 1 to 200 characters' });
      else next.display_name = change.displayName.trim();
    }
    if (change.role !== undefined) {
      if (!isRole(change.role))
        problems.push({ field: 'role', reason: `must be one of ${ROLES.join(', ')}` });
      else next.role = change.role;
    }
    if (change.role !== undefined || change.supplierId !== undefined)
      next.supplier_id = await this.supplierOf(
        next.role,
        change.supplierId === undefined ? u.supplier_id : change.supplierId,
        problems,
      );
    if (change.disabled !== undefined) {
      if (typeof change.disabled !== 'boolean')
        problems.push({ field: 'disabled', reason: 'must be true or false' });
      else next.disabled = change.disabled;
    }
    let newPassword: string | null = null;
    if (change.password !== undefined) {
      try {
        newPassword = assertPassword(change.password, u.username);
      } catch (e) {
        problems.push(...(e as AppError).problems);
      }
    }
    if (problems.length) invalid('the change is invalid', problems);
    if (actor.userId === u.id && (next.disabled || next.role !== 'admin'))
      throw new AppError('CONFLICT', 'you cannot disable yourself or give up your own admin role');
    if (newPassword) {
      next.password_hash = await hashPassword(newPassword);
      next.failed_logins = 0;
      next.locked_until = null;
    }
    next.updated_at = iso(Date.now());
    const endSessions =
      next.disabled !== u.disabled ||
      next.role !== u.role ||
      next.supplier_id !== u.supplier_id ||
      newPassword !== null;
    await this.db.transaction(async (tx) => {
      await updateUser(tx, next);
      if (endSessions) await deleteSessionsOf(tx, u.id);
      await appendAudit(tx, {
        actor: actorOf(actor),
        action: newPassword && !changedBeyondPassword(u, next) ? 'user.password_reset' : 'user.update',
        subject: `user:${u.username}`,
        before: auditView(u),
        after: { ...auditView(next), ...(newPassword ? { passwordReset: true } : {}) },
        reason,
      });
    });
    return this.toPublic(next);
  }

  // ---- API tokens ----------------------------------------------------------------------

  async tokensOf(userId: string): Promise<PublicToken[]> {
    return (await listTokens(this.db, userId)).map(tokenView);
  }

  /** Issues an API token for a user; the secret is returned once and stored only as a hash. */
  async createToken(
    actor: Principal,
    userId: string,
    input: { name?: unknown; expiresInDays?: unknown },
    reason: string | null,
  ): Promise<{ token: PublicToken; secret: string }> {
    const u = await userById(this.db, userId);
    if (!u) throw new AppError('NOT_FOUND', 'no such user', { details: { id: userId } });
    const problems: Problem[] = [];
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100)
      problems.push({ field: 'name', reason: 'must be 1 to 100 characters' });
    const days = input.expiresInDays;
    if (
      days !== undefined &&
      days !== null &&
      (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)
    )
      problems.push({ field: 'expiresInDays', reason: 'must be a whole number of days from 1 to 3650' });
    if (problems.length) invalid('the token is invalid', problems);
    const now = Date.now();
    const { secret, prefix, hash } = newApiToken();
    const row: TokenRow = {
      id: newId(),
      user_id: u.id,
      name: (input.name as string).trim(),
      prefix,
      created_at: iso(now),
      created_by: actorOf(actor),
      expires_at: typeof days === 'number' ? iso(now + days * 86_400_000) : null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction(async (tx) => {
      await insertToken(tx, { ...row, secret_hash: hash });
      await appendAudit(tx, {
        actor: actorOf(actor),
        action: 'token.create',
        subject: `token:${row.id}`,
        before: null,
        after: { user: u.username, name: row.name, prefix, expiresAt: row.expires_at },
        reason,
      });
    });
    return { token: tokenView(row), secret };
  }

  /**
   * Revokes a token. Its owner or an admin may; to anyone else an unknown and a foreign token
   * look the same (404).
   */
  async revokeToken(actor: Principal, tokenId: string, reason: string | null): Promise<void> {
    const t = await tokenByIdentifier(this.db, tokenId);
    if (!t || (t.user_id !== actor.userId && !can(actor, 'users:manage')))
      throw new AppError('NOT_FOUND', 'no such token', { details: { id: tokenId } });
    if (t.revoked_at) return;
    await this.db.transaction(async (tx) => {
      await revokeToken(tx, t.id, iso(Date.now()));
      await appendAudit(tx, {
        actor: actorOf(actor),
        action: 'token.revoke',
        subject: `token:${t.id}`,
        before: { name: t.name, prefix: t.prefix, revokedAt: null },
        after: { revokedAt: 'now' },
        reason,
      });
    });
  }

  // ---- helpers -------------------------------------------------------------------------

  private async supplierOf(role: unknown, supplierId: unknown, problems: Problem[]): Promise<string | null> {
    if (role !== 'supplier') {
      if (supplierId !== undefined && supplierId !== null && supplierId !== '')
        problems.push({ field: 'supplierId', reason: 'only a supplier user belongs to a supplier' });
      return null;
    }
    if (typeof supplierId !== 'string' || !supplierId.trim()) {
      problems.push({ field: 'supplierId', reason: 'a supplier user must belong to a supplier' });
      return null;
    }
    return supplierId.trim();
  }

  private async supplierNames(): Promise<Map<string, string | null>> {
    return new Map((await listSuppliers(this.db)).map((s) => [s.id, s.name]));
  }

  private publicOf(u: UserRow, names: Map<string, string | null>): PublicUser {
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as Role,
      roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
      supplierId: u.supplier_id,
      supplierName: u.supplier_id ? (names.get(u.supplier_id) ?? null) : null,
      disabled: u.disabled,
      lockedUntil: u.locked_until && Date.parse(u.locked_until) > Date.now() ? u.locked_until : null,
      lastLoginAt: u.last_login_at,
      createdAt: u.created_at,
    };
  }

  async toPublic(u: UserRow): Promise<PublicUser> {
    return this.publicOf(u, u.supplier_id ? await this.supplierNames() : new Map());
  }

  /** The public view of the principal's own user (the env admin has none stored). */
  async me(p: Principal): Promise<PublicUser> {
    if (p.via === 'env')
      return {
        id: p.userId,
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        roleLabel: ROLE_LABELS[p.role],
        supplierId: null,
        supplierName: null,
        disabled: false,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: new Date(0).toISOString(),
      };
    return this.user(p.userId);
  }
}

const changedBeyondPassword = (a: UserRow, b: UserRow) =>
  a.display_name !== b.display_name ||
  a.role !== b.role ||
  a.supplier_id !== b.supplier_id ||
  a.disabled !== b.disabled;
