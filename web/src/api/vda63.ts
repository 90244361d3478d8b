// VDA 6.3 process audits: catalogues, programmes, audits with their answer sheet, evidence,
// findings and actions. The API owns the shapes; these are the web's copy (docs/vda-6-3.md).
import { path, query, request } from './client.ts';

export const SCORES = [0, 4, 6, 8, 10] as const;
export type Score = (typeof SCORES)[number];
export const ELEMENTS = ['P2', 'P3', 'P4', 'P5', 'P6', 'P7'] as const;
export type ElementId = (typeof ELEMENTS)[number];
export type Grade = 'A' | 'B' | 'C';
export type AuditStatus = 'planned' | 'in_progress' | 'completed';
export const EVIDENCE_KINDS = ['trace', 'recall', 'drill', 'eightd', 'scorecard', 'spc'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Question {
  id: string;
  text: string;
  starred: boolean;
}
export type CatalogueElement =
  | { id: Exclude<ElementId, 'P6'>; title: string; questions: Question[] }
  | { id: 'P6'; title: string; subElements: { id: string; questions: Question[] }[] };
export interface Catalogue {
  key: string;
  version: number;
  title: string;
  elements: CatalogueElement[];
}
export interface CatalogueSummary {
  key: string;
  version: number;
  title: string;
  questions: number;
  starred: number;
  createdBy: string;
  createdAt: string;
  note: string | null;
  audits: number;
  latest: boolean;
}
export interface CatalogueVersion {
  catalogue: Catalogue;
  createdBy: string;
  createdAt: string;
  note: string | null;
}

export interface Programme {
  id: string;
  year: number;
  title: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
  audits: number;
  planned: number;
  inProgress: number;
  completed: number;
}

export interface AuditSummary {
  id: string;
  programmeId: string;
  title: string;
  supplierId: string | null;
  process: string;
  catalogue: { key: string; version: number };
  plannedOn: string;
  leadAuditor: string;
  status: AuditStatus;
  startedAt: string | null;
  completedAt: string | null;
  answers: number;
  grade: Grade | null;
  overall: number | null;
  openActions: number;
}

export interface Evidence {
  id: string;
  questionId: string;
  step: string | null;
  kind: EvidenceKind;
  ref: Record<string, unknown>;
  label: string;
  note: string | null;
  sha256: string;
  linkedBy: string;
  linkedAt: string;
  link: string | null;
}
export interface Answer {
  score: Score | null;
  reason: string | null;
  answeredBy: string;
  answeredAt: string;
}
export interface SheetLine {
  element: ElementId;
  elementTitle: string;
  subElement: string | null;
  subElementTitle: string | null;
  questionId: string;
  step: string | null;
  text: string;
  starred: boolean;
  answer: Answer | null;
  evidence: Evidence[];
}
export interface Compliance {
  percent: number;
  exact: string;
}
interface Counted {
  questions: number;
  evaluated: number;
  notEvaluated: number;
  compliance: Compliance | null;
  why: string | null;
}
export interface AuditResult {
  elements: (Counted & { element: ElementId; title: string })[];
  scopedOut: { element: ElementId; title: string; reason: string }[];
  subElements: (Counted & { subElement: string; title: string })[];
  steps: (Counted & { k: number; step: string })[];
  evaluated: number;
  notEvaluated: number;
  overall: Compliance | null;
  noGrade: string[];
  gradeBeforeDowngrade: Grade | null;
  grade: Grade | null;
  downgrades: { rule: string; from: Grade; to: Grade; reason: string }[];
}
export interface Finding {
  questionId: string;
  step?: string;
  score: Score;
  starred: boolean;
  text: string;
  actions: string[];
}
export interface AuditAction {
  id: string;
  questionId: string;
  step: string | null;
  score: number;
  action: string;
  owner: { userId: string; name: string | null } | { supplierId: string };
  dueAt: string;
  createdBy: string;
  createdAt: string;
  state: string;
  status: 'open' | 'done';
  endedAt: string | null;
  overdue: boolean;
  link: string;
}
export interface Audit extends AuditSummary {
  programmeTitle: string;
  catalogueTitle: string;
  steps: string[];
  scopedOut: { element: ElementId; reason: string }[];
  createdBy: string;
  createdAt: string;
  completedBy: string | null;
  sheet: SheetLine[];
  progress: { answered: number; total: number; notEvaluated: number };
  result: AuditResult | null;
  provisional: boolean;
  findings: Finding[];
  actions: AuditAction[];
  removedEvidence: (Evidence & { removedBy: string; removedAt: string; removedReason: string })[];
}

export interface PlanInput {
  programmeId: string;
  supplierId: string | null;
  title: string;
  process: string;
  catalogue: { key: string; version: number };
  steps: string[];
  scopedOut: { element: ElementId; reason: string }[];
  plannedOn: string;
  leadAuditor: string;
}

export const listCatalogues = async () =>
  (await request<{ catalogues: CatalogueSummary[] }>('GET', '/api/vda63/catalogues')).catalogues;
export const getCatalogue = (key: string, version?: number) =>
  request<CatalogueVersion>('GET', path`/api/vda63/catalogues/${key}` + query({ version }));
export const saveCatalogue = (catalogue: unknown, note: string) =>
  request<CatalogueVersion & { created: boolean }>('POST', '/api/vda63/catalogues', {
    catalogue,
    ...(note ? { note } : {}),
  });
export const listProgrammes = async () =>
  (await request<{ programmes: Programme[] }>('GET', '/api/vda63/programmes')).programmes;
export const createProgramme = (p: { title: string; year: number; description?: string }) =>
  request<Programme>('POST', '/api/vda63/programmes', p);
export const listAudits = async (f: { programme?: string; status?: string; supplier?: string }) =>
  (await request<{ audits: AuditSummary[] }>('GET', '/api/vda63/audits' + query(f))).audits;
export const planAudit = (p: PlanInput) => request<Audit>('POST', '/api/vda63/audits', p);
export const getAudit = (id: string) => request<Audit>('GET', path`/api/vda63/audits/${id}`);
export const answer = (
  id: string,
  a: { questionId: string; step: string | null; score: Score | null; reason: string },
) =>
  request<Audit>('PUT', path`/api/vda63/audits/${id}/answers`, {
    questionId: a.questionId,
    ...(a.step ? { step: a.step } : {}),
    score: a.score,
    ...(a.reason ? { reason: a.reason } : {}),
  });
export const completeAudit = (id: string, note: string) =>
  request<Audit>('POST', path`/api/vda63/audits/${id}/complete`, note ? { note } : {});
export const linkEvidence = (
  id: string,
  e: {
    questionId: string;
    step: string | null;
    kind: EvidenceKind;
    ref: Record<string, unknown>;
    note: string;
  },
) =>
  request<Evidence>('POST', path`/api/vda63/audits/${id}/evidence`, {
    questionId: e.questionId,
    ...(e.step ? { step: e.step } : {}),
    kind: e.kind,
    ref: e.ref,
    ...(e.note ? { note: e.note } : {}),
  });
export const unlinkEvidence = (id: string, evidenceId: string, reason: string) =>
  request<Audit>('POST', path`/api/vda63/audits/${id}/evidence/${evidenceId}/unlink`, { reason });
export const actionOwners = async () =>
  (await request<{ owners: { id: string; name: string; role: string }[] }>('GET', '/api/vda63/owners'))
    .owners;
export const raiseAction = (
  id: string,
  a: {
    questionId: string;
    step: string | null;
    action: string;
    owner: { userId: string } | { supplier: true };
    dueAt: string;
  },
) =>
  request<AuditAction>('POST', path`/api/vda63/audits/${id}/actions`, {
    questionId: a.questionId,
    ...(a.step ? { step: a.step } : {}),
    action: a.action,
    owner: a.owner,
    dueAt: a.dueAt,
  });
/** The evidence pack's address (a plain link: the browser sends the session cookie). */
export const evidencePackHref = (id: string) => path`/api/vda63/audits/${id}/evidence-pack`;
