// Typed access to users, sessions and API tokens in DuckDB. No rules live here (lockout, expiry,
// who may change what): api/auth decides, and audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();

export const userRow = z.object({
  id: text,
  username: text,
  display_name: text,
  role: text,
  supplier_id: optText,
  password_hash: text,
  disabled: z.boolean(),
  failed_logins: sqlNumber,
  locked_until: optText,
  last_login_at: optText,
  created_at: text,
  updated_at: text,
});
export type UserRow = z.output<typeof userRow>;

export const tokenRow = z.object({
  id: text,
  user_id: text,
  name: text,
  prefix: text,
  created_at: text,
  created_by: text,
  expires_at: optText,
  last_used_at: optText,
  revoked_at: optText,
});
export type TokenRow = z.output<typeof tokenRow>;

const none = z.object({});
const byUsername = defineQuery('identity/user_by_username', {
  params: z.object({ username: text }),
  row: userRow,
});
const byId = defineQuery('identity/user_by_id', { params: z.object({ id: text }), row: userRow });
const list = defineQuery('identity/user_list', { params: none, row: userRow });
const count = defineQuery('identity/user_count', { params: none, row: z.object({ n: sqlNumber }) });
const update = defineQuery('identity/user_update', {
  params: z.object({
    id: text,
    display_name: text,
    role: text,
    supplier_id: optText,
    password_hash: text,
    disabled: z.boolean(),
    failed_logins: z.number().int(),
    locked_until: optText,
    last_login_at: optText,
    updated_at: text,
  }),
  row: none,
});

const sessionGet = defineQuery('identity/session_get', {
  params: z.object({ id_hash: text }),
  row: userRow.extend({
    session_id_hash: text,
    session_csrf_token: text,
    session_created_at: text,
    session_expires_at: text,
    session_last_seen_at: text,
  }),
});
const sessionTouch = defineQuery('identity/session_touch', {
  params: z.object({ id_hash: text, last_seen_at: text }),
  row: none,
});
const sessionDelete = defineQuery('identity/session_delete', {
  params: z.object({ id_hash: text }),
  row: none,
});
const sessionDeleteUser = defineQuery('identity/session_delete_user', {
  params: z.object({ user_id: text }),
  row: none,
});
const sessionDeleteExpired = defineQuery('identity/session_delete_expired', {
  params: z.object({ now: text, idle_before: text }),
  row: none,
});

const tokenGet = defineQuery('identity/token_get', {
  params: z.object({ secret_hash: text }),
  row: userRow.extend({
    token_id: text,
    token_expires_at: optText,
    token_revoked_at: optText,
    token_last_used_at: optText,
  }),
});
const tokenById = defineQuery('identity/token_by_id', { params: z.object({ id: text }), row: tokenRow });
const tokenList = defineQuery('identity/token_list', { params: z.object({ user_id: text }), row: tokenRow });
const tokenRevoke = defineQuery('identity/token_revoke', {
  params: z.object({ id: text, revoked_at: text }),
  row: none,
});
const tokenTouch = defineQuery('identity/token_touch', {
  params: z.object({ id: text, last_used_at: text }),
  row: none,
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** A user by sign-in name (lower case), or null. */
export const userByUsername = async (db: Db, username: string) =>
  (await run(byUsername, db, { username }))[0] ?? null;
/** A user by id, or null. */
export const userById = async (db: Db, id: string) => (await run(byId, db, { id }))[0] ?? null;
/** Every user, by user name. */
export const listUsers = (db: Db) => run(list, db, {});
/** How many users exist. */
export const countUsers = async (db: Db) => (await run(count, db, {}))[0]?.n ?? 0;

/** Adds a user (inside the audited transaction). */
export async function insertUser(tx: DuckTx, u: UserRow): Promise<void> {
  await tx.append('users', [
    [
      u.id,
      u.username,
      u.display_name,
      u.role,
      u.supplier_id,
      u.password_hash,
      u.disabled,
      u.failed_logins,
      u.locked_until,
      u.last_login_at,
      u.created_at,
      u.updated_at,
    ],
  ]);
}
/** Writes a user's changeable columns. */
export const updateUser = async (db: Db, u: UserRow) =>
  void (await run(update, db, {
    id: u.id,
    display_name: u.display_name,
    role: u.role,
    supplier_id: u.supplier_id,
    password_hash: u.password_hash,
    disabled: u.disabled,
    failed_logins: u.failed_logins,
    locked_until: u.locked_until,
    last_login_at: u.last_login_at,
    updated_at: u.updated_at,
  }));

export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}
/** Stores a new session (its id only as a hash). */
export async function insertSession(tx: DuckTx, s: SessionRecord): Promise<void> {
  await tx.append('sessions', [[s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt, s.createdAt]]);
}
/** A session by the hash of its id, joined with its user, or null. */
export const sessionByHash = async (db: Db, idHash: string) =>
  (await run(sessionGet, db, { id_hash: idHash }))[0] ?? null;
export const touchSession = async (db: Db, idHash: string, at: string) =>
  void (await run(sessionTouch, db, { id_hash: idHash, last_seen_at: at }));
export const deleteSession = async (db: Db, idHash: string) =>
  void (await run(sessionDelete, db, { id_hash: idHash }));
export const deleteSessionsOf = async (db: Db, userId: string) =>
  void (await run(sessionDeleteUser, db, { user_id: userId }));
export const deleteExpiredSessions = async (db: Db, now: string, idleBefore: string) =>
  void (await run(sessionDeleteExpired, db, { now, idle_before: idleBefore }));

export interface TokenRecord extends TokenRow {
  secret_hash: string;
}
/** Stores a new API token (its secret only as a hash). */
export async function insertToken(tx: DuckTx, t: TokenRecord): Promise<void> {
  await tx.append('api_tokens', [
    [
      t.id,
      t.user_id,
      t.name,
      t.prefix,
      t.secret_hash,
      t.created_at,
      t.created_by,
      t.expires_at,
      t.last_used_at,
      t.revoked_at,
    ],
  ]);
}
/** A token by the hash of its secret, joined with its user, or null. */
export const tokenBySecretHash = async (db: Db, secretHash: string) =>
  (await run(tokenGet, db, { secret_hash: secretHash }))[0] ?? null;
export const tokenByIdentifier = async (db: Db, id: string) => (await run(tokenById, db, { id }))[0] ?? null;
export const listTokens = (db: Db, userId: string) => run(tokenList, db, { user_id: userId });
export const revokeToken = async (db: Db, id: string, at: string) =>
  void (await run(tokenRevoke, db, { id, revoked_at: at }));
export const touchToken = async (db: Db, id: string, at: string) =>
  void (await run(tokenTouch, db, { id, last_used_at: at }));
