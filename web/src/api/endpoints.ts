// Every API call the web app makes, typed, in one list.
import { path, query, request } from './client.ts';
import type {
  ApiToken,
  CreatedToken,
  FpyAnswer,
  FpyBy,
  ParameterYieldAnswer,
  ParetoAnswer,
  ParetoDimension,
  ParetoItemsAnswer,
  PChartAnswer,
  RoleOption,
  ScorecardAnswer,
  ScorecardConfig,
  ScorecardLotsAnswer,
  ScorecardPeriod,
  Session,
  SpcPeriod,
  Supplier,
  TraceAnswer,
  TraceLayerPage,
  TraceLayers,
  UChartAnswer,
  User,
  YieldFactorsAnswer,
  YieldHeatmapAnswer,
  YieldPointsAnswer,
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

// Trace
export const traceBackward = (id: string) => request<TraceAnswer>('GET', path`/api/trace/backward?id=${id}`);
export const traceForward = (id: string) => request<TraceAnswer>('GET', path`/api/trace/forward?id=${id}`);
export const traceForwardLayers = (id: string) =>
  request<TraceLayers>('GET', `/api/trace/forward/layers${query({ id })}`);
export const traceForwardLayer = (id: string, depth: number, offset: number, limit: number) =>
  request<TraceLayerPage>('GET', `/api/trace/forward/layer${query({ id, depth, offset, limit })}`);

// Supplier scorecard
export interface ScorecardFilter {
  period: ScorecardPeriod;
  from?: string;
  to?: string;
  supplier?: string;
  material?: string;
}
export const scorecard = (f: ScorecardFilter) =>
  request<ScorecardAnswer>('GET', `/api/analytics/suppliers/scorecard${query({ ...f })}`);
export const scorecardLots = (supplier: string, period: ScorecardPeriod, start: string) =>
  request<ScorecardLotsAnswer>(
    'GET',
    `/api/analytics/suppliers/scorecard/lots${query({ supplier, period, start })}`,
  );
export const scorecardConfig = () =>
  request<{ config: ScorecardConfig }>('GET', '/api/analytics/suppliers/scorecard/config');
export const setScorecardConfig = (config: ScorecardConfig, reason: string) =>
  request<{ config: ScorecardConfig }>('PUT', '/api/analytics/suppliers/scorecard/config', {
    config,
    reason,
  });

// Defect Pareto
export interface ParetoFilter {
  dimension: ParetoDimension;
  from?: string;
  to?: string;
  material?: string;
  supplier?: string;
}
export const pareto = (f: ParetoFilter) =>
  request<ParetoAnswer>('GET', `/api/analytics/pareto${query({ ...f })}`);
export const paretoItems = (f: ParetoFilter, value: string) =>
  request<ParetoItemsAnswer>('GET', `/api/analytics/pareto/items${query({ ...f, value })}`);

// Yield versus parameters and input lots
export interface YieldScope {
  step: string;
  inspection: string;
}
export const yieldFactors = (s: YieldScope) =>
  request<YieldFactorsAnswer>('GET', `/api/analytics/yield/factors${query({ ...s })}`);
export const parameterYield = (s: YieldScope, parameter: string) =>
  request<ParameterYieldAnswer>('GET', `/api/analytics/yield/parameter${query({ ...s, parameter })}`);
export const yieldPoints = (s: YieldScope, parameter: string, limit: number) =>
  request<YieldPointsAnswer>('GET', `/api/analytics/yield/points${query({ ...s, parameter, limit })}`);
export const yieldHeatmap = (s: YieldScope, parameter: string, bins: number) =>
  request<YieldHeatmapAnswer>('GET', `/api/analytics/yield/heatmap${query({ ...s, parameter, bins })}`);

// Statistical process control and first-pass yield over time
export const incomingPChart = (period: SpcPeriod) =>
  request<PChartAnswer>('GET', `/api/analytics/spc/incoming${query({ period })}`);
export const defectsUChart = (period: SpcPeriod, inspection: string, step?: string) =>
  request<UChartAnswer>('GET', `/api/analytics/spc/defects${query({ period, inspection, step })}`);
export const firstPassYield = (period: SpcPeriod, by: FpyBy, inspection: string) =>
  request<FpyAnswer>('GET', `/api/analytics/yield/fpy${query({ period, by, inspection })}`);
