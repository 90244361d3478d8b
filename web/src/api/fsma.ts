// FDA FSMA 204: the products the sortable spreadsheet can be asked for, the spreadsheet's address,
// and the traceability plan with its versions. The API owns the shapes; these are the web's copy
// (docs/fsma-204.md).
import { query, request } from './client.ts';

/** A material with traceability lots: what the product spreadsheet can be asked for. */
export interface FsmaProduct {
  id: string;
  name: string | null;
  /** on the Food Traceability List */
  ftl: boolean;
  lots: number;
}

/** What a version of the traceability plan says (21 CFR 1.1315). */
export interface PlanContent {
  recordProcedures: string;
  ftlIdentification: string;
  tlcAssignment: string;
  contact: { name: string; phone: string; email: string };
  farmMaps: string | null;
  farmMapsReference: string | null;
  notes: string | null;
}

/** One saved version of the plan. */
export interface TraceabilityPlan extends PlanContent {
  version: number;
  savedBy: string;
  savedAt: string;
  reason: string;
}

export const listFsmaProducts = () =>
  request<{ materials: FsmaProduct[] }>('GET', '/api/fsma204/materials').then((a) => a.materials);

/** The sortable spreadsheet of a product, events in [from, to) (ISO dates, either may be empty). */
export const fsma204ProductUrl = (material: string, from: string, to: string, format: 'csv' | 'xlsx') =>
  `/api/fsma204${query({ material, from, to, format })}`;

export const getPlan = () =>
  request<{ plan: TraceabilityPlan | null }>('GET', '/api/fsma204/plan').then((a) => a.plan);
export const listPlanVersions = () =>
  request<{ versions: TraceabilityPlan[] }>('GET', '/api/fsma204/plan/versions').then((a) => a.versions);
export const savePlan = (plan: PlanContent, reason: string) =>
  request<{ plan: TraceabilityPlan }>('PUT', '/api/fsma204/plan', { plan, reason }).then((a) => a.plan);
