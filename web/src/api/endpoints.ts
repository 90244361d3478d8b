// Every API call the web app makes, typed, in one list.
import { path, request } from './client.ts';
import type {
  ApiToken,
  CreatedToken,
  RecallScope,
  RoleOption,
  Session,
  Supplier,
  TraceAnswer,
  User,
} from './types.ts';

// Sign-in and the session
export const login = (username: string, password: string) =>
  request<Session>('POST', '/api/auth/login', { username, password });
export const logout = () => request<void>('POST', '/api/auth/logout');
export const me = () => request<Session>('GET', '/api/auth/me');
export const changePassword = (current: string, next: string) =>
  request<void>('POST', '/api/auth/password', { current, next });
export const listRoles = () => request<{ roles: RoleOption[] }>('GET', '/api/auth/roles');

// Own API tokens
export const listOwnTokens = () => request<{ tokens: ApiToken[] }>('GET', '/api/tokens');
export const createOwnToken = (body: { name: string; expiresInDays?: number }) =>
  request<CreatedToken>('POST', '/api/tokens', body);
export const revokeToken = (id: string, reason?: string) =>
  request<void>('DELETE', path`/api/tokens/${id}`, reason ? { reason } : undefined);

// Users (administration)
export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  supplierId?: string;
  password: string;
  reason?: string;
}
export interface UserChange {
  displayName?: string;
  role?: string;
  supplierId?: string | null;
  disabled?: boolean;
  password?: string;
  reason?: string;
}
export const listUsers = () => request<{ users: User[] }>('GET', '/api/users');
export const getUser = (id: string) => request<{ user: User }>('GET', path`/api/users/${id}`);
export const createUser = (body: NewUser) => request<{ user: User }>('POST', '/api/users', body);
export const updateUser = (id: string, body: UserChange) =>
  request<{ user: User }>('PATCH', path`/api/users/${id}`, body);
export const listUserTokens = (id: string) =>
  request<{ tokens: ApiToken[] }>('GET', path`/api/users/${id}/tokens`);
export const createUserToken = (
  id: string,
  body: { name: string; expiresInDays?: number; reason?: string },
) => request<CreatedToken>('POST', path`/api/users/${id}/tokens`, body);
export const listSuppliers = () => request<{ suppliers: Supplier[] }>('GET', '/api/suppliers');

// Trace and recall
export const traceBackward = (id: string) => request<TraceAnswer>('GET', path`/api/trace/backward?id=${id}`);
export const traceForward = (id: string) => request<TraceAnswer>('GET', path`/api/trace/forward?id=${id}`);
export const recall = (id: string) => request<RecallScope>('GET', path`/api/recall?id=${id}`);
