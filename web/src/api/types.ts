// The shapes the API answers with, as the web app reads them. The API owns them; these types
// are the web's copy (the web app never imports server code).

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  supplierId: string | null;
  supplierName: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Session {
  user: User;
  permissions: string[];
  csrfToken: string;
}

export interface RoleOption {
  id: string;
  label: string;
}

export interface Supplier {
  id: string;
  name: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A freshly created token: the secret is in this answer only. */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export interface TraceNode {
  id: string;
  kind: string;
  label: string;
  [prop: string]: unknown;
}

export interface TraceEdge {
  from: string;
  to: string;
  type: string;
  [prop: string]: unknown;
}

export interface TraceAnswer {
  root: TraceNode;
  direction: 'backward' | 'forward';
  nodes: TraceNode[];
  edges: TraceEdge[];
}

/** A forward trace's layers: how many objects each distance downstream holds (decision 046). */
export interface TraceLayers {
  root: TraceNode;
  direction: 'forward';
  objects: number;
  containers: number;
  layers: { depth: number; objects: number; lots: number; units: number }[];
  seq: number;
  /** up to this many objects the whole answer is the better fetch; above it, pages of layers */
  wholeUpTo: number;
}

/** One page of one layer of a forward trace. */
export interface TraceLayerPage extends TraceAnswer {
  depth: number;
  offset: number;
  limit: number;
  total: number;
  /** ids of the page's objects of the layer */
  objects: string[];
  seq: number;
}

export interface QuantityLine {
  material: string | null;
  materialName: string | null;
  uom: string;
  qty: number;
}

/** One object a 409 names when an identifier is ambiguous. */
export interface Candidate {
  id: string;
  kind: string;
  code: string;
  material: string | null;
}

// Analytics: supplier scorecard, defect Pareto, yield, SPC. Figures are the API's.

export type ScorecardPeriod = 'month' | 'quarter' | 'year';
export type Grade = 'A' | 'B' | 'C';

export interface SeverityCounts {
  minor: number;
  major: number;
  critical: number;
}

/** One supplier in one period of receipt. */
export interface ScorecardRow {
  supplier: string;
  supplierName: string | null;
  period: ScorecardPeriod;
  /** first day of the period, YYYY-MM-DD (UTC) */
  periodStart: string;
  lotsReceived: number;
  quantityReceived: { uom: string | null; quantity: number }[];
  lotsInspected: number;
  lotsPassed: number;
  /** null when no lot was inspected */
  acceptanceRate: number | null;
  /** null without sampled inspections */
  ppmDefective: number | null;
  ppmBasis: { defective: number; sampleSize: number };
  defectsBySeverity: SeverityCounts;
  /** not captured yet: always null, shown as "no data" */
  eightD: number | null;
  daysToContainment: number | null;
  daysToClosure: number | null;
  onTimeDelivery: number | null;
  /** 0–100; null when no component has data */
  score: number | null;
  grade: Grade | null;
}

export interface ScorecardAnswer {
  period: ScorecardPeriod;
  rows: ScorecardRow[];
}

export interface ScorecardConfig {
  weights: { acceptance: number; ppm: number; onTime: number };
  ppmZero: number;
  gradeA: number;
  gradeB: number;
}

/** A lot behind a scorecard figure, with its first incoming inspection. */
export interface ScorecardLot {
  lot: string;
  objectId: string;
  material: string | null;
  receivedAt: string;
  quantity: number | null;
  uom: string | null;
  receiptEventId: string;
  inspection: {
    eventId: string;
    inspectedAt: string;
    result: string;
    sampleSize: number | null;
    defective: number;
    defectsBySeverity: SeverityCounts;
  } | null;
}

export interface ScorecardLotsAnswer {
  supplier: string;
  period: ScorecardPeriod;
  start: string;
  lots: ScorecardLot[];
}

export type ParetoDimension = 'code' | 'step' | 'equipment' | 'supplier' | 'material';

export interface ParetoBar {
  /** the dimension's value, or "(none)" for defects it does not attribute */
  name: string;
  count: number;
  objects: number;
  share: number;
  cumulativeShare: number;
  vitalFew: boolean;
}

export interface ParetoAnswer {
  dimension: ParetoDimension;
  bars: ParetoBar[];
}

export interface ParetoItem {
  objectKey: string;
  objectId: string;
  kind: string | null;
  defects: number;
  inspections: number;
  firstAt: string;
  lastAt: string;
}

export interface ParetoItemsAnswer {
  dimension: ParetoDimension;
  value: string;
  /** one page, most defects first */
  items: ParetoItem[];
  /** lots and units behind the bar in all */
  total: number;
  limit: number;
  offset: number;
}

export interface YieldFactor {
  kind: 'parameter' | 'input_lot';
  /** the parameter name, or the input lot's id */
  name: string;
  /** a parameter's bin with the strongest effect */
  level: { lo: number; hi: number; uom: string | null } | null;
  units: number;
  fails: number;
  failRate: number;
  otherFailRate: number;
  /** failRate / otherFailRate; null (JSON has no Infinity) when the other units never fail */
  ratio: number | null;
  pValue: number;
  adjustedP: number;
}

export interface YieldFactorsAnswer {
  units: number;
  fails: number;
  drivers: (YieldFactor & { round: number })[];
  factors: YieldFactor[];
}

export interface ParameterBin {
  bin: number;
  lo: number;
  hi: number;
  uom: string | null;
  units: number;
  fails: number;
  yield: number;
  /** 95 % Wilson interval of the yield */
  yieldLo: number;
  yieldHi: number;
}

export interface ParameterYieldAnswer {
  parameter: string;
  bins: ParameterBin[];
  correlationWithFailure: number | null;
}

export interface YieldPointsAnswer {
  parameter: string;
  uom: string | null;
  /** units with a value; `points` may be fewer (limit) */
  total: number;
  points: { unit: string; value: number; failed: boolean }[];
}

export interface HeatmapCell {
  bin: number;
  lot: string;
  units: number;
  fails: number;
  yield: number | null;
  low: number | null;
  high: number | null;
}

export interface YieldHeatmapAnswer {
  step: string;
  inspection: string;
  parameter: string;
  bins: { bin: number; lo: number; hi: number; uom: string | null }[];
  lots: { lot: string; material: string | null; supplier: string | null }[];
  cells: HeatmapCell[];
  /** input lots left out of the map (the busiest are shown) */
  lotsOmitted?: number;
}

export type SpcPeriod = 'month' | 'week';

export interface PChartPoint {
  periodStart: string;
  n: number;
  passed: number;
  p: number;
  lcl: number;
  ucl: number;
  z: number;
  /** Western Electric rules broken at this point (1–4) */
  rules: number[];
  beyondLimits?: boolean;
}

export interface PChartAnswer {
  period: SpcPeriod;
  /** p̄; null when nothing was inspected */
  centre: number | null;
  points: PChartPoint[];
}

export interface UChartPoint {
  periodStart: string;
  units: number;
  defects: number;
  u: number;
  lcl: number;
  ucl: number;
  z: number;
  rules: number[];
}

export interface UChartAnswer {
  period: SpcPeriod;
  /** ū; null when nothing was inspected */
  ubar: number | null;
  points: UChartPoint[];
}

export type FpyBy = 'step' | 'line' | 'equipment';

export interface FpyAnswer {
  period: SpcPeriod;
  by: FpyBy;
  series: {
    key: string;
    points: { periodStart: string; units: number; passed: number; fpy: number; low: number; high: number }[];
  }[];
}
