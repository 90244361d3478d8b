// The trace explorer's calls and answer shapes: resolve what a person has in hand, one object's
// detail for the side panel. Traces themselves come from endpoints.ts.
import { path, request } from './client.ts';

export type Interpretation = 'epc' | 'digital-link' | 'element-string' | 'text';

/** One object a scanned or typed text may name. */
export interface ResolvedCandidate {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  materialName: string | null;
  matchedBy: 'id' | 'code' | 'supplier-lot';
}
export interface ResolveAnswer {
  query: string;
  interpretedAs: Interpretation;
  key: string;
  candidates: ResolvedCandidate[];
}

export interface DetailInspection {
  id: string;
  kind?: string | null;
  result?: string | null;
  time?: string | null;
  sampleSize?: number | null;
  defectiveQty?: number | null;
  step?: string | null;
  equipment?: string | null;
  defects: { code: string; qty?: number | null; severity?: string | null }[];
}
export interface DetailParameter {
  name: string;
  value: number | null;
  stringValue: string | null;
  uom: string | null;
  measurementType: string | null;
  time: string | null;
}
export interface DetailOperation {
  id: string;
  step?: string | null;
  start?: string | null;
  end?: string | null;
  line?: string | null;
  equipment?: string | null;
  operator?: string | null;
  workOrder?: string | null;
  qty?: number | null;
  uom?: string | null;
  parameters: DetailParameter[];
  inputs: {
    id: string;
    kind: string;
    code: string;
    material?: string | null;
    materialName?: string | null;
    qty?: number | null;
    uom?: string | null;
  }[];
}
export interface ObjectDetail {
  item: { id: string; key: string; kind: string; code: string; [prop: string]: unknown };
  suppliers: { id: string; name?: string | null }[];
  inspections: DetailInspection[];
  operations: DetailOperation[];
  shipments: {
    id: string;
    time: string | null;
    customer: string | null;
    customerName: string | null;
    reached: 'itself' | 'downstream';
  }[];
  customers: { id: string; name: string | null; shipments: string[] }[];
  hold: { since: string | null; by: string | null; reason: string | null; caseId: string | null } | null;
}

export const resolveText = (q: string) => request<ResolveAnswer>('GET', path`/api/resolve?q=${q}`);
export const objectDetail = (id: string) => request<ObjectDetail>('GET', path`/api/objects/detail?id=${id}`);
