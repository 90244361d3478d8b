// Form definitions: the field model, the JSON Schema a definition stands for (what the server
// validates a submission against), and the check of a definition itself. Pure code; the stored
// versions live in analytics/forms.store.ts, the rules of saving in api/services/forms.service.ts.
// See docs/forms.md.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Problem } from './errors.ts';

export const FIELD_TYPES = ['text', 'number', 'choice', 'date', 'boolean', 'file', 'scan'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const SCAN_KINDS = ['lot', 'unit', 'container', 'object', 'text'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];
export const FILE_ACCEPT = ['image', 'pdf'] as const;
export type FileAccept = (typeof FILE_ACCEPT)[number];

export interface FieldDef {
  /** /^[a-z][a-zA-Z0-9_]{0,62}$/, unique in the form */
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  help?: string;
  /** one of the step's standard fields: an editor cannot remove or retype it */
  standard?: boolean;
  // number
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  // text
  maxLength?: number;
  multiline?: boolean;
  // choice
  options?: { value: string; label: string }[];
  multiple?: boolean;
  // file
  accept?: FileAccept[];
  // scan
  scanKind?: ScanKind;
}

export const CAPTURE_STEPS = [
  'receiving',
  'incoming_inspection',
  'material_issue',
  'process_record',
  'finished_goods_receipt',
  'packing',
  'shipping',
] as const;
export type CaptureStep = (typeof CAPTURE_STEPS)[number];

export interface FormDefinition {
  /** /^[a-z0-9][a-z0-9-]{0,62}$/ e.g. 'receiving', '8d-d3' */
  key: string;
  /** 1, 2, … (a save makes a new version; old ones stay) */
  version: number;
  title: string;
  description?: string;
  /** capture: the submission becomes a trace event; record: stored and audited only */
  kind: 'capture' | 'record';
  /** capture forms only */
  step?: CaptureStep;
  fields: FieldDef[];
  createdBy: string;
  createdAt: string;
}

/** What a caller gives to define a form: the stored version, author and time are added on save. */
export type FormInput = Omit<FormDefinition, 'version' | 'createdBy' | 'createdAt'>;

/** An uploaded file as a file field's value names it (uploaded first, POST /api/files). */
export interface FileRef {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

export const FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,62}$/;
export const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Text fields without their own maxLength. */
export const DEFAULT_MAX_LENGTH = 2000;
export const MAX_FIELDS = 100;
export const SCAN_MAX_LENGTH = 512;

/** The media types a file field accepts, by what the editor offers. */
export const MEDIA_TYPES: Record<FileAccept, string[]> = {
  image: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
  pdf: ['application/pdf'],
};

type Schema = Record<string, unknown>;

/** The JSON Schema (draft-07) of one field's value. */
export function fieldSchema(f: FieldDef): Schema {
  const title = { title: f.label, ...(f.help ? { description: f.help } : {}) };
  switch (f.type) {
    case 'text':
      return {
        ...title,
        type: 'string',
        maxLength: f.maxLength ?? DEFAULT_MAX_LENGTH,
        ...(f.required ? { pattern: '\\S' } : {}),
      };
    case 'number':
      return {
        ...title,
        type: f.integer ? 'integer' : 'number',
        ...(f.min !== undefined ? { minimum: f.min } : {}),
        ...(f.max !== undefined ? { maximum: f.max } : {}),
        ...(f.unit ? { 'x-unit': f.unit } : {}),
      };
    case 'choice': {
      const values = (f.options ?? []).map((o) => o.value);
      return f.multiple
        ? {
            ...title,
            type: 'array',
            items: { type: 'string', enum: values },
            uniqueItems: true,
            ...(f.required ? { minItems: 1 } : {}),
          }
        : { ...title, type: 'string', enum: values };
    }
    case 'date':
      return { ...title, type: 'string', format: 'date' };
    case 'boolean':
      return { ...title, type: 'boolean' };
    case 'file':
      return {
        ...title,
        type: 'object',
        required: ['sha256', 'name', 'mediaType', 'size'],
        additionalProperties: false,
        properties: {
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          name: { type: 'string', minLength: 1, maxLength: 255 },
          mediaType: { type: 'string', enum: (f.accept ?? [...FILE_ACCEPT]).flatMap((a) => MEDIA_TYPES[a]) },
          size: { type: 'integer', minimum: 0 },
        },
      };
    case 'scan':
      return {
        ...title,
        type: 'string',
        minLength: 1,
        maxLength: SCAN_MAX_LENGTH,
        'x-scan': f.scanKind ?? 'text',
      };
  }
}

/** The JSON Schema (draft-07) a form definition stands for: its fields, nothing else. */
export function jsonSchemaOf(
  def: Pick<FormDefinition, 'key' | 'title' | 'fields'> & { version?: number },
): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:lotgraph:form:${def.key}${def.version ? `:v${def.version}` : ''}`,
    title: def.title,
    type: 'object',
    properties: Object.fromEntries(def.fields.map((f) => [f.name, fieldSchema(f)])),
    required: def.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
}

// One Ajv for the process; compiled schemas are kept per form version.
const ajv = new Ajv({ allErrors: true, strict: false, keywords: ['x-unit', 'x-scan'] });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorOf(def: Pick<FormDefinition, 'key' | 'title' | 'fields'> & { version?: number }) {
  const schema = jsonSchemaOf(def);
  const cacheKey = JSON.stringify(schema);
  let v = compiled.get(cacheKey);
  if (!v) {
    const { $id: _id, ...rest } = schema;
    v = ajv.compile(rest);
    compiled.set(cacheKey, v);
  }
  return v;
}

const fmt = (n: number) => String(n);
const rangeOf = (f: FieldDef | undefined) =>
  f?.min !== undefined && f.max !== undefined
    ? ` (range ${fmt(f.min)}–${fmt(f.max)}${f.unit ? ` ${f.unit}` : ''})`
    : '';

/** An Ajv error in words that name the field's range, unit, options. */
function reasonOf(e: ErrorObject, f: FieldDef | undefined): string {
  const unit = f?.unit ? ` ${f.unit}` : '';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'minimum':
      return `must be at least ${fmt(p['limit'] as number)}${unit}${rangeOf(f)}`;
    case 'maximum':
      return `must be at most ${fmt(p['limit'] as number)}${unit}${rangeOf(f)}`;
    case 'type':
      return p['type'] === 'integer'
        ? 'must be a whole number'
        : p['type'] === 'number'
          ? 'must be a number'
          : p['type'] === 'boolean'
            ? 'must be yes or no (true or false)'
            : p['type'] === 'array'
              ? 'must be a list of choices'
              : p['type'] === 'object'
                ? 'must be an uploaded file'
                : `must be ${p['type'] as string}`;
    case 'enum':
      if (f?.type === 'file')
        return `must be ${(f.accept ?? FILE_ACCEPT).map((a) => (a === 'pdf' ? 'a PDF' : 'an image')).join(' or ')}`;
      return `must be one of ${(f?.options ?? []).map((o) => o.value).join(', ')}`;
    case 'format':
      return 'must be a date YYYY-MM-DD';
    case 'maxLength':
      return `must be at most ${fmt(p['limit'] as number)} characters`;
    case 'minLength':
    case 'pattern':
      return f?.type === 'file'
        ? 'must be an uploaded file (sha256, name, mediaType, size)'
        : 'must not be blank';
    case 'minItems':
      return 'needs at least one choice';
    case 'uniqueItems':
      return 'names a choice twice';
    case 'additionalProperties':
      return f?.type === 'file' ? 'must be an uploaded file' : 'is not a field of this form';
    default:
      return e.message ?? 'is invalid';
  }
}

/** Empty answers (null, '' and []) count as not given, so an optional field may be left empty. */
export function withoutEmpty(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(
      ([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

export type ValidationResult =
  { ok: true; data: Record<string, unknown> } | { ok: false; problems: Problem[] };

/**
 * Validates submitted data against a form version. Problems name the field and its JSON
 * pointer under `/data` (`{ field: 'temperature', pointer: '/data/temperature', reason }`).
 */
export function validateSubmission(
  def: Pick<FormDefinition, 'key' | 'title' | 'fields'> & { version?: number },
  data: unknown,
): ValidationResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return {
      ok: false,
      problems: [{ field: 'data', pointer: '/data', reason: 'must be an object of field values' }],
    };
  const clean = withoutEmpty(data as Record<string, unknown>);
  const v = validatorOf(def);
  if (v(clean)) return { ok: true, data: clean };
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) {
    const path = e.instancePath.split('/').slice(1);
    const p = e.params as Record<string, unknown>;
    const name =
      e.keyword === 'required' && path.length === 0
        ? (p['missingProperty'] as string)
        : e.keyword === 'additionalProperties' && path.length === 0
          ? (p['additionalProperty'] as string)
          : path[0]!;
    const f = byName.get(name);
    const problem = {
      field: name,
      pointer: `/data/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      reason: reasonOf(e, f),
    };
    const k = `${name}:${problem.reason}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push(problem);
  }
  return { ok: false, problems };
}

/** The values of the custom (non-standard) fields of a submission, in field order. */
export function customValues(def: Pick<FormDefinition, 'fields'>, data: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) if (!f.standard && data[f.name] !== undefined) out[f.name] = data[f.name];
  return out;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a definition itself: key, title, field names (valid, unique), each type's settings
 * (options for a choice, min ≤ max, lengths) and, with the step's standard fields, that each
 * is present with its name and type unchanged. Problems point into the definition
 * (`/fields/3/max`).
 */
export function checkDefinition(def: FormInput, standard?: FieldDef[]): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, reason: string) =>
    problems.push({ field: pointer.slice(1).replaceAll('/', '.'), pointer, reason });
  if (typeof def.key !== 'string' || !FORM_KEY.test(def.key))
    add(
      '/key',
      'must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit',
    );
  if (typeof def.title !== 'string' || def.title.trim() === '' || def.title.length > 200)
    add('/title', 'is required (at most 200 characters)');
  if (def.description !== undefined && (typeof def.description !== 'string' || def.description.length > 2000))
    add('/description', 'must be text of at most 2000 characters');
  if (def.kind !== 'capture' && def.kind !== 'record') add('/kind', 'must be capture or record');
  if (def.kind === 'capture' && !CAPTURE_STEPS.includes(def.step as CaptureStep))
    add('/step', `a capture form names its step: one of ${CAPTURE_STEPS.join(', ')}`);
  if (def.kind === 'record' && def.step !== undefined) add('/step', 'only a capture form has a step');
  if (!Array.isArray(def.fields)) {
    add('/fields', 'must be a list of fields');
    return problems;
  }
  if (def.fields.length > MAX_FIELDS) add('/fields', `may have at most ${MAX_FIELDS} fields`);
  const names = new Map<string, number>();
  def.fields.forEach((f, i) => {
    const at = `/fields/${i}`;
    if (typeof f !== 'object' || f === null) return add(at, 'must be a field');
    if (typeof f.name !== 'string' || !FIELD_NAME.test(f.name))
      add(`${at}/name`, 'must start with a lower-case letter, then letters, digits or _ (at most 63)');
    else if (names.has(f.name))
      add(`${at}/name`, `"${f.name}" is already the name of field ${names.get(f.name)! + 1}`);
    else names.set(f.name, i);
    if (typeof f.label !== 'string' || f.label.trim() === '' || f.label.length > 200)
      add(`${at}/label`, 'is required (at most 200 characters)');
    if (f.help !== undefined && (typeof f.help !== 'string' || f.help.length > 1000))
      add(`${at}/help`, 'must be text of at most 1000 characters');
    if (!FIELD_TYPES.includes(f.type)) return add(`${at}/type`, `must be one of ${FIELD_TYPES.join(', ')}`);
    if (f.type === 'number') {
      if (f.min !== undefined && !isNum(f.min)) add(`${at}/min`, 'must be a number');
      if (f.max !== undefined && !isNum(f.max)) add(`${at}/max`, 'must be a number');
      if (isNum(f.min) && isNum(f.max) && f.min > f.max)
        add(`${at}/max`, `must not be below the minimum ${f.min}`);
      if (f.unit !== undefined && (typeof f.unit !== 'string' || f.unit.length > 20))
        add(`${at}/unit`, 'must be text of at most 20 characters');
    }
    if (
      f.type === 'text' &&
      f.maxLength !== undefined &&
      (!Number.isInteger(f.maxLength) || f.maxLength < 1 || f.maxLength > 100_000)
    )
      add(`${at}/maxLength`, 'must be a whole number from 1 to 100000');
    if (f.type === 'choice') {
      if (!Array.isArray(f.options) || f.options.length === 0)
        add(`${at}/options`, 'a choice needs at least one option');
      else {
        const values = new Set<string>();
        f.options.forEach((o, j) => {
          if (typeof o?.value !== 'string' || o.value.trim() === '' || o.value.length > 100)
            add(`${at}/options/${j}/value`, 'is required (at most 100 characters)');
          else if (values.has(o.value)) add(`${at}/options/${j}/value`, `"${o.value}" is offered twice`);
          else values.add(o.value);
          if (typeof o?.label !== 'string' || o.label.trim() === '')
            add(`${at}/options/${j}/label`, 'is required');
        });
      }
    }
    if (
      f.type === 'file' &&
      f.accept !== undefined &&
      (!Array.isArray(f.accept) || f.accept.length === 0 || f.accept.some((a) => !FILE_ACCEPT.includes(a)))
    )
      add(`${at}/accept`, `must list some of ${FILE_ACCEPT.join(', ')}`);
    if (f.type === 'scan' && f.scanKind !== undefined && !SCAN_KINDS.includes(f.scanKind))
      add(`${at}/scanKind`, `must be one of ${SCAN_KINDS.join(', ')}`);
  });
  if (standard === undefined) return problems;
  // The step's standard fields: present, same name and type, still marked standard.
  const byName = new Map(def.fields.filter((f) => f && typeof f === 'object').map((f) => [f.name, f]));
  for (const s of standard) {
    const f = byName.get(s.name);
    if (!f) add('/fields', `the standard field "${s.name}" (${s.label}) of this step cannot be removed`);
    else if (f.type !== s.type)
      add(
        `/fields/${def.fields.indexOf(f)}/type`,
        `the standard field "${s.name}" must stay of type ${s.type}`,
      );
    else if (!f.standard)
      add(`/fields/${def.fields.indexOf(f)}/standard`, `"${s.name}" is a standard field of this step`);
    else if (s.required && !f.required)
      add(
        `/fields/${def.fields.indexOf(f)}/required`,
        `the standard field "${s.name}" is required by the step`,
      );
  }
  const standardNames = new Set(standard.map((s) => s.name));
  def.fields.forEach((f, i) => {
    if (f && f.standard && !standardNames.has(f.name))
      add(
        `/fields/${i}/standard`,
        `"${f.name}" is not a standard field of this ${def.step ? 'step' : 'form'}`,
      );
  });
  return problems;
}
