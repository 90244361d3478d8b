// The forms engine's calls and answer shapes: definitions and their versions, capture and record
// submissions, uploaded files. The API owns the shapes (docs/forms.md); these are the web's copy.
import { ApiError, path, query, request, type Problem } from './client.ts';

export const FIELD_TYPES = ['text', 'number', 'choice', 'date', 'boolean', 'file', 'scan'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type ScanKind = 'lot' | 'unit' | 'container' | 'object' | 'text';

export interface FieldOption {
  value: string;
  label: string;
}
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  help?: string;
  standard?: boolean;
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  multiline?: boolean;
  options?: FieldOption[];
  multiple?: boolean;
  accept?: ('image' | 'pdf')[];
  scanKind?: ScanKind;
}
export interface FormDefinition {
  key: string;
  version: number;
  title: string;
  description?: string;
  kind: 'capture' | 'record';
  step?: string;
  fields: FieldDef[];
  createdBy: string;
  createdAt: string;
}
export interface FormSummary {
  key: string;
  version: number;
  title: string;
  description: string | null;
  kind: 'capture' | 'record';
  step: string | null;
  fields: number;
  versions: number;
  createdBy: string;
  createdAt: string;
  permission: string;
  canSubmit: boolean;
}
export interface FormVersionInfo {
  version: number;
  title: string;
  fields: number;
  createdBy: string;
  createdAt: string;
  note: string | null;
}
export interface FileRef {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}
export interface InterlockReason {
  code: string;
  message: string;
  lot: string;
  better?: { id: string; code: string; receivedAt: string | null; expiry: string | null }[];
}
export interface CaptureResult {
  submissionId: string;
  version: number;
  eventId?: string;
  warnings?: InterlockReason[];
  subject?: string;
  graph?: 'projected' | 'pending';
  followUpError?: string;
}
export interface Submission {
  submissionId: string;
  formKey: string;
  version: number;
  data: Record<string, unknown>;
  eventId: string | null;
  subject: string | null;
  workflowInstance: string | null;
  submittedBy: string;
  submittedAt: string;
  form: FormDefinition;
}
export interface SubmissionSummary {
  submissionId: string;
  formKey: string;
  version: number;
  title: string;
  step: string | null;
  eventId: string | null;
  subject: string | null;
  submittedBy: string;
  submittedAt: string;
  data: Record<string, unknown>;
}

/** What the editor saves: a definition without version, author and time, with a note. */
export type FormDraft = Omit<FormDefinition, 'version' | 'createdBy' | 'createdAt'> & { note?: string };

export const listForms = () => request<{ forms: FormSummary[] }>('GET', '/api/forms').then((r) => r.forms);
export const getForm = (key: string, version?: number) =>
  request<FormDefinition>('GET', path`/api/forms/${key}` + query({ version }));
export const formVersions = (key: string) =>
  request<{ versions: FormVersionInfo[] }>('GET', path`/api/forms/${key}/versions`).then((r) => r.versions);
export const saveForm = (draft: FormDraft) =>
  request<FormDefinition>('PUT', path`/api/forms/${draft.key}`, draft);

export const submitForm = (
  key: string,
  body: { version: number; data: Record<string, unknown>; override?: { reason: string } },
) => request<CaptureResult>('POST', path`/api/capture/${key}`, body);

export const getSubmission = (id: string) => request<Submission>('GET', path`/api/submissions/${id}`);
export const listSubmissions = (f: { subject?: string; form?: string; limit?: number }) =>
  request<{ submissions: SubmissionSummary[] }>('GET', '/api/submissions' + query(f)).then(
    (r) => r.submissions,
  );

/** The address a stored file is shown or downloaded from. */
export const fileUrl = (sha256: string) => path`/api/files/${sha256}`;

/** Uploads a photo or PDF (the server checks its content) and returns how a file field names it. */
export async function uploadFile(file: File): Promise<FileRef> {
  // An upload is not JSON, so it goes past the JSON client; the session's CSRF token comes from /me.
  const me = await request<{ csrfToken?: string }>('GET', '/api/auth/me');
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    accept: 'application/json',
  };
  if (me.csrfToken) headers['x-csrf-token'] = me.csrfToken;
  let res: Response;
  try {
    res = await fetch('/api/files' + query({ name: file.name }), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check the connection and try again.');
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; problems?: Problem[] } } | null)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? `The upload failed (${res.status}).`,
      e?.problems ?? [],
    );
  }
  return body as FileRef;
}
