// Form definitions and record submissions: a save makes a new version (old ones stay, so every
// submission is read with the version it was made with); a submission is validated against its
// pinned version and stored with its audit entry in one transaction. The standard capture forms
// are seeded on first use per store. Capture submissions (which become trace events) go through
// capture.service.ts. See docs/forms.md and docs/decisions/019-forms-engine.md.
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import {
  definitionOf,
  fileMetaOf,
  insertDefinition,
  insertSubmission,
  latestDefinitions,
  listSubmissions as listSubmissionRows,
  nextSubmissionSeq,
  submissionById,
  versionsOf,
} from '../../analytics/forms.store.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import {
  checkDefinition,
  validateSubmission,
  type FieldDef,
  type FileRef,
  type FormDefinition,
  type FormInput,
} from '../../domain/forms.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { STANDARD_FORMS, standardFieldsOf } from '../../etl/capture/standard-forms.ts';
import { parseInput } from '../validation.ts';

export type { FormDefinition, FormInput } from '../../domain/forms.ts';

/** The actor the standard forms are seeded as. */
export const SEED_ACTOR = 'system:forms';

export interface FormVersionInfo {
  version: number;
  title: string;
  fields: number;
  createdBy: string;
  createdAt: string;
  note: string | null;
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
  workflowInstance: string | null;
  submittedBy: string;
  submittedAt: string;
  data: Record<string, unknown>;
}

/** A readable submission id: FS-<year>-<number in the year, 6 digits or more>. */
export const submissionIdOf = (year: number, seq: number) => `FS-${year}-${String(seq).padStart(6, '0')}`;

const formNotFound = (key: string, version?: number) =>
  new AppError(
    'NOT_FOUND',
    version === undefined ? `no form is known as "${key}"` : `the form "${key}" has no version ${version}`,
    { details: { key, ...(version === undefined ? {} : { version }) } },
  );

const parseDefinition = (text: string): FormDefinition => JSON.parse(text) as FormDefinition;

// The standard forms are seeded once per store, on first use: no start-up file needs to know.
const seeded = new WeakMap<DuckStore, Promise<void>>();

/** Seeds the standard capture forms of every step that has no version yet (memoised per store). */
export function ensureStandardForms(db: DuckStore): Promise<void> {
  let p = seeded.get(db);
  if (!p) {
    p = (async () => {
      for (const def of Object.values(STANDARD_FORMS))
        if (!(await definitionOf(db, def.key))) await saveVersion(db, def, SEED_ACTOR, 'standard form', true);
    })();
    seeded.set(db, p);
    p.catch(() => seeded.delete(db));
  }
  return p;
}

/** One version of a form (the latest when `version` is omitted); NOT_FOUND when unknown. */
export async function getForm(db: DuckStore, key: string, version?: number): Promise<FormDefinition> {
  await ensureStandardForms(db);
  const row = await definitionOf(db, key, version);
  if (!row) throw formNotFound(key, version);
  return parseDefinition(row.definition);
}

/** The latest version of every form. */
export async function listForms(db: DuckStore): Promise<FormSummary[]> {
  await ensureStandardForms(db);
  return (await latestDefinitions(db)).map((r) => {
    const d = parseDefinition(r.definition);
    return {
      key: d.key,
      version: d.version,
      title: d.title,
      description: d.description ?? null,
      kind: d.kind,
      step: d.step ?? null,
      fields: d.fields.length,
      versions: r.versions,
      createdBy: d.createdBy,
      createdAt: d.createdAt,
    };
  });
}

/** Every version of a form, newest first (NOT_FOUND when the form is unknown). */
export async function formVersions(db: DuckStore, key: string): Promise<FormVersionInfo[]> {
  await ensureStandardForms(db);
  const rows = await versionsOf(db, key);
  if (rows.length === 0) throw formNotFound(key);
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    fields: r.fields,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
  }));
}

// What a definition is compared by (ensureForms) and stored as: nothing but the content.
function contentOf(def: FormInput): FormInput {
  return {
    key: def.key,
    title: def.title,
    ...(def.description ? { description: def.description } : {}),
    kind: def.kind,
    ...(def.kind === 'capture' && def.step ? { step: def.step } : {}),
    fields: def.fields.map(cleanField),
  };
}

// A field with only the settings of its type, in a fixed order (what the editor sends varies).
function cleanField(f: FieldDef): FieldDef {
  const out: FieldDef = { name: f.name, label: f.label, type: f.type };
  if (f.required) out.required = true;
  if (f.help) out.help = f.help;
  if (f.standard) out.standard = true;
  if (f.type === 'number') {
    if (f.unit) out.unit = f.unit;
    if (f.min !== undefined && f.min !== null) out.min = f.min;
    if (f.max !== undefined && f.max !== null) out.max = f.max;
    if (f.integer) out.integer = true;
  }
  if (f.type === 'text') {
    if (f.maxLength !== undefined && f.maxLength !== null) out.maxLength = f.maxLength;
    if (f.multiline) out.multiline = true;
  }
  if (f.type === 'choice') {
    out.options = (f.options ?? []).map((o) => ({ value: o.value, label: o.label }));
    if (f.multiple) out.multiple = true;
  }
  if (f.type === 'file' && f.accept) out.accept = [...f.accept];
  if (f.type === 'scan' && f.scanKind) out.scanKind = f.scanKind;
  return out;
}

const definitionBody = z.looseObject({
  key: z.string(),
  title: z.string(),
  description: z.string().optional(),
  kind: z.enum(['capture', 'record'], { message: 'must be capture or record' }),
  step: z.string().optional(),
  fields: z.array(z.looseObject({ name: z.string(), label: z.string(), type: z.string() }), {
    message: 'must be a list of fields',
  }),
});

async function saveVersion(
  db: DuckStore,
  input: FormInput,
  actor: string,
  note: string | null,
  seeding = false,
): Promise<FormDefinition> {
  parseInput(definitionBody, input, 'form definition');
  const def = contentOf(input);
  return db.transaction(async (tx) => {
    const latestRow = await definitionOf(tx, def.key);
    const latest = latestRow ? parseDefinition(latestRow.definition) : null;
    const problems: Problem[] = [];
    if (latest && latest.kind !== def.kind)
      problems.push({
        field: 'kind',
        pointer: '/kind',
        reason: `the form "${def.key}" is a ${latest.kind} form`,
      });
    if (latest && latest.kind === 'capture' && latest.step !== def.step)
      problems.push({
        field: 'step',
        pointer: '/step',
        reason: `the form "${def.key}" captures ${latest.step}`,
      });
    // Standard fields: a capture step's from the code; a record form's as its latest version has them.
    const standard =
      def.kind === 'capture' && def.step && def.step in STANDARD_FORMS
        ? standardFieldsOf(def.step)
        : latest && !seeding
          ? latest.fields.filter((f) => f.standard)
          : undefined;
    problems.push(...checkDefinition(def, standard));
    if (problems.length)
      throw new AppError('INVALID_INPUT', `the form definition "${def.key}" is invalid`, { problems });
    const version = (latest?.version ?? 0) + 1;
    const stored: FormDefinition = {
      ...def,
      version,
      createdBy: actor,
      createdAt: new Date().toISOString(),
    };
    await insertDefinition(tx, {
      key: def.key,
      version,
      kind: def.kind,
      step: def.step ?? null,
      title: def.title,
      definition: stored,
      createdBy: actor,
      createdAt: stored.createdAt,
      note,
    });
    await appendAudit(tx, {
      actor,
      action: 'form.define',
      subject: `form:${def.key}`,
      before: latest ? { version: latest.version, fields: latest.fields.map((f) => f.name) } : null,
      after: { version, title: def.title, kind: def.kind, fields: def.fields.map((f) => f.name) },
      reason: note,
    });
    return stored;
  });
}

/**
 * Saves a new version of a form (version 1 for a new key), checked against the step's standard
 * fields; audited `form.define` with the note as the reason.
 */
export async function defineForm(
  db: DuckStore,
  input: FormInput,
  actor: string,
  note?: string,
): Promise<FormDefinition> {
  await ensureStandardForms(db);
  return saveVersion(db, input, actor, note?.trim() || null);
}

/** Saves each definition whose latest stored version differs from it (idempotent at start-up). */
export async function ensureForms(db: DuckStore, defs: FormInput[]): Promise<void> {
  await ensureStandardForms(db);
  for (const def of defs) {
    const latest = await definitionOf(db, def.key);
    const same =
      latest !== null &&
      JSON.stringify(contentOf(parseDefinition(latest.definition))) === JSON.stringify(contentOf(def));
    if (!same) await saveVersion(db, def, SEED_ACTOR, latest ? 'definition updated' : 'initial definition');
  }
}

const submitBody = z.object({
  version: z
    .number({ message: 'must be a version number' })
    .int('must be a whole number')
    .positive()
    .optional(),
  data: z.unknown(),
});

/**
 * The form version a submission is checked against and its validated data: unknown fields,
 * wrong types, out-of-range values, missing required ones and files never uploaded are
 * INVALID_INPUT problems naming the field (`/data/<field>`).
 */
export async function validateFor(
  db: DuckStore,
  key: string,
  input: unknown,
): Promise<{ form: FormDefinition; data: Record<string, unknown> }> {
  const b = parseInput(submitBody, input, 'submission');
  const form = await getForm(db, key, b.version);
  const r = validateSubmission(form, b.data ?? {});
  const problems = r.ok ? [] : r.problems;
  if (r.ok)
    for (const f of form.fields) {
      const v = r.data[f.name];
      if (f.type !== 'file' || v === undefined) continue;
      const ref = v as FileRef;
      const meta = await fileMetaOf(db, ref.sha256);
      if (!meta)
        problems.push({
          field: f.name,
          pointer: `/data/${f.name}`,
          reason: 'names a file that was never uploaded',
        });
      else if (meta.media_type !== ref.mediaType || meta.size !== ref.size)
        problems.push({
          field: f.name,
          pointer: `/data/${f.name}`,
          reason: 'does not match the uploaded file',
        });
    }
  if (problems.length)
    throw new AppError(
      'INVALID_INPUT',
      `the submission of "${form.title}" (version ${form.version}) is invalid`,
      {
        problems,
        details: { form: key, version: form.version },
      },
    );
  return { form, data: (r as { data: Record<string, unknown> }).data };
}

/** Numbers a new submission (inside the transaction that stores it): FS-<year>-<seq>. */
export async function allocateSubmissionId(
  tx: DuckTx,
  at: string,
): Promise<{ submissionId: string; year: number; seq: number }> {
  const year = Number(at.slice(0, 4));
  const seq = await nextSubmissionSeq(tx, year);
  return { submissionId: submissionIdOf(year, seq), year, seq };
}

/** Stores a submission inside the caller's transaction; returns its id. Audited `form.submit`. */
export async function storeSubmission(
  tx: DuckTx,
  s: {
    form: FormDefinition;
    data: Record<string, unknown>;
    actor: string;
    eventId: string | null;
    subject: string | null;
    workflowInstance: string | null;
    objects?: { key: string; id: string }[];
    at?: string;
    /** a number taken before (allocateSubmissionId), when the event needed it first */
    id?: { submissionId: string; year: number; seq: number };
    /** facts for the audit entry (the event's log position) */
    audit?: Record<string, unknown>;
  },
): Promise<string> {
  const submittedAt = s.at ?? new Date().toISOString();
  const { submissionId, year, seq } = s.id ?? (await allocateSubmissionId(tx, submittedAt));
  await insertSubmission(tx, {
    submissionId,
    year,
    seq,
    formKey: s.form.key,
    version: s.form.version,
    data: s.data,
    eventId: s.eventId,
    subject: s.subject,
    workflowInstance: s.workflowInstance,
    submittedBy: s.actor,
    submittedAt,
    objects: s.objects ?? [],
  });
  await appendAudit(tx, {
    actor: s.actor,
    action: 'form.submit',
    subject: submissionId,
    before: null,
    after: {
      form: s.form.key,
      version: s.form.version,
      eventId: s.eventId,
      subject: s.subject,
      workflowInstance: s.workflowInstance,
      fields: Object.keys(s.data),
      ...s.audit,
    },
    reason: null,
  });
  return submissionId;
}

/**
 * Validates a record-form submission against its version (the latest when omitted), stores it
 * and audits `form.submit`. A capture form is submitted through submitCapture instead.
 */
export async function submitRecord(
  db: DuckStore,
  actor: string,
  key: string,
  input: { version?: number; data: unknown },
  ctx: { subject?: string; workflowInstance?: string } = {},
): Promise<{ submissionId: string; version: number }> {
  const { form, data } = await validateFor(db, key, input);
  if (form.kind !== 'record')
    throw new AppError('INVALID_INPUT', `the form "${key}" is a capture form: submit it through capture`, {
      problems: [{ field: 'key', reason: 'is a capture form (POST /api/capture/:key)' }],
    });
  const submissionId = await db.transaction((tx) =>
    storeSubmission(tx, {
      form,
      data,
      actor,
      eventId: null,
      subject: ctx.subject ?? null,
      workflowInstance: ctx.workflowInstance ?? null,
    }),
  );
  return { submissionId, version: form.version };
}

/** A submission with the form version it was made with; NOT_FOUND when unknown. */
export async function getSubmission(db: DuckStore, id: string): Promise<Submission> {
  const r = await submissionById(db, id);
  if (!r)
    throw new AppError('NOT_FOUND', `no form submission is known as "${id}"`, {
      details: { submissionId: id },
    });
  return {
    submissionId: r.submission_id,
    formKey: r.form_key,
    version: r.version,
    data: JSON.parse(r.data) as Record<string, unknown>,
    eventId: r.event_id,
    subject: r.subject,
    workflowInstance: r.workflow_instance,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    form: parseDefinition(r.definition),
  };
}

/** Submissions newest first: about a subject or object (any identifier form), of a form, of a workflow instance. */
export async function findSubmissions(
  db: DuckStore,
  f: { subject?: string; formKey?: string; workflowInstance?: string; limit?: number },
): Promise<SubmissionSummary[]> {
  const rows = await listSubmissionRows(db, {
    subject: f.subject ?? null,
    objectKey: f.subject === undefined ? null : toCanonicalKey(f.subject),
    formKey: f.formKey ?? null,
    workflowInstance: f.workflowInstance ?? null,
    limit: f.limit ?? 100,
  });
  return rows.map((r) => ({
    submissionId: r.submission_id,
    formKey: r.form_key,
    version: r.version,
    title: r.title,
    step: r.step,
    eventId: r.event_id,
    subject: r.subject,
    workflowInstance: r.workflow_instance,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}
