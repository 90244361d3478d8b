// 8D cases: the board, one case with its steps, answers and evidence, opening, answering and
// assigning. The API owns the shapes; these are the web's copy (docs/eight-d.md).
import { path, query, request } from './client.ts';
import type { FormDefinition } from './forms.ts';
import type { HistoryEntry, InstanceView, Task } from './workflows.ts';

export const STEPS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'] as const;
export type Step = (typeof STEPS)[number];
export const COLUMNS = [...STEPS, 'closed'] as const;

export type EightDSource =
  | { kind: 'lot'; lot: string }
  | { kind: 'pareto'; code: string; from: string | null; to: string | null; material: string | null }
  | { kind: 'recall'; caseId: string };

export interface EightDSummary {
  id: string;
  title: string;
  sourceKind: 'lot' | 'pareto' | 'recall';
  supplierId: string | null;
  openedBy: string;
  openedAt: string;
  containedAt: string | null;
  closedAt: string | null;
  state: string;
  status: 'open' | 'done';
  dueAt: string | null;
  overdue: boolean;
}
export interface EvidenceObject {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  materialName: string | null;
  state: string | null;
  suppliers: { id: string; name: string | null }[];
  inspections: Record<string, unknown>[];
  operations: (Record<string, unknown> & {
    id: string;
    parameters: { name: string; value: number | null; stringValue: string | null; uom: string | null }[];
  })[];
  trace: {
    nodes: { id: string; kind: string; label: string }[];
    edges: { from: string; to: string; type: string }[];
  };
}
export interface Evidence {
  takenAt: string;
  objects: EvidenceObject[];
  more: string[];
  recall: {
    caseId: string;
    title: string;
    scope: { lots: unknown[]; units: unknown[]; shipments: unknown[]; customers: unknown[] };
  } | null;
}
export interface StepView {
  step: Step;
  title: string;
  form: string;
  status: 'done' | 'current' | 'pending';
  bySupplier: boolean;
  answer: HistoryEntry | null;
  task: Task | null;
  canAnswer: boolean;
}
export interface EightDCase extends EightDSummary {
  source: EightDSource & { description?: string };
  lots: string[];
  evidence: Evidence;
  steps: StepView[];
  instance: InstanceView;
}
export interface OpenInput {
  title: string;
  source: EightDSource;
  supplierId?: string | null;
  description?: string;
}

export const listCases = (f: { state?: string; supplier?: string; status?: string; q?: string } = {}) =>
  request<{ cases: EightDSummary[] }>('GET', '/api/8d' + query(f)).then((r) => r.cases);
export const getCase = (id: string) => request<EightDCase>('GET', path`/api/8d/${id}`);
export const openCase = (b: OpenInput) => request<EightDCase>('POST', '/api/8d', b);
export const answerStep = (
  id: string,
  step: string,
  b: { data: Record<string, unknown>; comment?: string },
) => request<EightDCase>('POST', path`/api/8d/${id}/steps/${step}`, b);
export const assignCase = (id: string, b: { supplierId: string | null; reason?: string }) =>
  request<EightDCase>('POST', path`/api/8d/${id}/assign`, b);
export const stepForms = () =>
  request<{ forms: FormDefinition[] }>('GET', '/api/8d-forms').then((r) => r.forms);
