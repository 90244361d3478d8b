// Typed access to form definitions, submissions and uploaded files in DuckDB. No rules live here
// (what a definition may be, what a submission must hold): api/services/forms.service.ts decides,
// and audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();

const definitionRow = z.object({
  form_key: text,
  version: sqlNumber,
  definition: text,
  created_by: text,
  created_at: text,
  note: optText,
});
export type DefinitionRow = z.output<typeof definitionRow>;

const versionRow = z.object({
  version: sqlNumber,
  title: text,
  fields: sqlNumber,
  created_by: text,
  created_at: text,
  note: optText,
});
export type VersionRow = z.output<typeof versionRow>;

const submissionRow = z.object({
  submission_id: text,
  form_key: text,
  version: sqlNumber,
  data: text,
  event_id: optText,
  subject: optText,
  workflow_instance: optText,
  submitted_by: text,
  submitted_at: text,
  definition: text,
});
export type SubmissionRow = z.output<typeof submissionRow>;

const submissionListRow = z.object({
  submission_id: text,
  form_key: text,
  version: sqlNumber,
  title: text,
  step: optText,
  event_id: optText,
  subject: optText,
  workflow_instance: optText,
  submitted_by: text,
  submitted_at: text,
  data: text,
});
export type SubmissionListRow = z.output<typeof submissionListRow>;

const fileMetaRow = z.object({
  sha256: text,
  name: text,
  media_type: text,
  size: sqlNumber,
  uploaded_by: text,
  uploaded_at: text,
});
export type FileMetaRow = z.output<typeof fileMetaRow>;

const q = {
  definitionGet: defineQuery('forms/definition_get', {
    params: z.object({ form_key: text, version: z.number().int().nullable() }),
    row: definitionRow,
  }),
  definitionVersions: defineQuery('forms/definition_versions', {
    params: z.object({ form_key: text }),
    row: versionRow,
  }),
  definitionList: defineQuery('forms/definition_list', {
    params: z.object({}),
    row: definitionRow.extend({ versions: sqlNumber }),
  }),
  submissionNextSeq: defineQuery('forms/submission_next_seq', {
    params: z.object({ year: z.number().int() }),
    row: z.object({ seq: sqlNumber }),
  }),
  submissionGet: defineQuery('forms/submission_get', {
    params: z.object({ submission_id: text }),
    row: submissionRow,
  }),
  submissionList: defineQuery('forms/submission_list', {
    params: z.object({
      subject: optText,
      object_key: optText,
      form_key: optText,
      workflow_instance: optText,
      limit: z.number().int().positive(),
    }),
    row: submissionListRow,
  }),
  fileInsert: defineQuery('forms/file_insert', {
    params: z.object({
      sha256: text,
      name: text,
      media_type: text,
      size: z.number().int(),
      content: z.base64(),
      uploaded_by: text,
      uploaded_at: text,
    }),
    row: z.object({}).loose(),
  }),
  fileMeta: defineQuery('forms/file_meta', { params: z.object({ sha256: text }), row: fileMetaRow }),
  fileGet: defineQuery('forms/file_get', {
    params: z.object({ sha256: text }),
    row: z.object({ sha256: text, name: text, media_type: text, size: sqlNumber, content: text }),
  }),
};

type Db = DuckStore | DuckTx;
const run = <P, R>(
  query: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? query.all(db, p) : query.inTx(db, p));

/** One version of a form (the latest when `version` is omitted), or null. */
export const definitionOf = async (db: Db, key: string, version?: number) =>
  (await run(q.definitionGet, db, { form_key: key, version: version ?? null }))[0] ?? null;
/** Every version of a form, newest first, without the definitions. */
export const versionsOf = (db: Db, key: string) => run(q.definitionVersions, db, { form_key: key });
/** The latest version of every form. */
export const latestDefinitions = (db: Db) => run(q.definitionList, db, {});

export interface NewDefinition {
  key: string;
  version: number;
  kind: string;
  step: string | null;
  title: string;
  definition: unknown;
  createdBy: string;
  createdAt: string;
  note: string | null;
}
/** Stores a new version of a form. */
export async function insertDefinition(tx: DuckTx, d: NewDefinition): Promise<void> {
  await tx.append('form_definitions', [
    [
      d.key,
      d.version,
      d.kind,
      d.step,
      d.title,
      JSON.stringify(d.definition),
      d.createdBy,
      d.createdAt,
      d.note,
    ],
  ]);
}

/** The next submission number in a year (call inside the transaction that stores it). */
export const nextSubmissionSeq = async (tx: DuckTx, year: number) =>
  (await q.submissionNextSeq.inTx(tx, { year }))[0]!.seq;

export interface NewSubmission {
  submissionId: string;
  year: number;
  seq: number;
  formKey: string;
  version: number;
  data: unknown;
  eventId: string | null;
  subject: string | null;
  workflowInstance: string | null;
  submittedBy: string;
  submittedAt: string;
  /** the objects it names: canonical key and the identifier as carried */
  objects: { key: string; id: string }[];
}
/** Stores a submission and the objects it names. */
export async function insertSubmission(tx: DuckTx, s: NewSubmission): Promise<void> {
  await tx.append('form_submissions', [
    [
      s.submissionId,
      s.year,
      s.seq,
      s.formKey,
      s.version,
      JSON.stringify(s.data),
      s.eventId,
      s.subject,
      s.workflowInstance,
      s.submittedBy,
      s.submittedAt,
    ],
  ]);
  const seen = new Set<string>();
  await tx.append(
    'form_submission_objects',
    s.objects.filter((o) => !seen.has(o.key) && seen.add(o.key)).map((o) => [s.submissionId, o.key, o.id]),
  );
}

/** A submission with the definition of its version (JSON text), or null. */
export const submissionById = async (db: Db, id: string) =>
  (await run(q.submissionGet, db, { submission_id: id }))[0] ?? null;

/** Submissions newest first, filtered by subject or object, form and workflow instance. */
export const listSubmissions = (
  db: Db,
  f: {
    subject?: string | null;
    objectKey?: string | null;
    formKey?: string | null;
    workflowInstance?: string | null;
    limit: number;
  },
) =>
  run(q.submissionList, db, {
    subject: f.subject ?? null,
    object_key: f.objectKey ?? null,
    form_key: f.formKey ?? null,
    workflow_instance: f.workflowInstance ?? null,
    limit: f.limit,
  });

/** Stores an uploaded file once by content hash. */
export async function insertFile(
  tx: DuckTx,
  f: {
    sha256: string;
    name: string;
    mediaType: string;
    size: number;
    content: Uint8Array;
    uploadedBy: string;
    uploadedAt: string;
  },
): Promise<void> {
  await q.fileInsert.inTx(tx, {
    sha256: f.sha256,
    name: f.name,
    media_type: f.mediaType,
    size: f.size,
    content: Buffer.from(f.content).toString('base64'),
    uploaded_by: f.uploadedBy,
    uploaded_at: f.uploadedAt,
  });
}

/** What is known of a stored file, or null. */
export const fileMetaOf = async (db: Db, sha256: string) =>
  (await run(q.fileMeta, db, { sha256 }))[0] ?? null;

/** A stored file with its content, or null. */
export async function fileOf(db: Db, sha256: string) {
  const r = (await run(q.fileGet, db, { sha256 }))[0];
  if (!r) return null;
  return {
    sha256: r.sha256,
    name: r.name,
    mediaType: r.media_type,
    size: r.size,
    content: Buffer.from(r.content, 'base64'),
  };
}
