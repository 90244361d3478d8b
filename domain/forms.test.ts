import { describe, expect, it } from 'vitest';
import {
  checkDefinition,
  customValues,
  jsonSchemaOf,
  validateSubmission,
  type FieldDef,
  type FormInput,
} from './forms.ts';

const esd: FieldDef = {
  name: 'esdStrap',
  label: 'ESD wrist-strap test',
  type: 'number',
  unit: 'MΩ',
  min: 0.75,
  max: 35,
  required: true,
};
const form = (fields: FieldDef[]): FormInput & { version: number } => ({
  key: 'smt-check',
  version: 3,
  title: 'SMT check',
  kind: 'record',
  fields,
});

describe('jsonSchemaOf', () => {
  it('builds a draft-07 schema with each field type, required fields and no other properties', () => {
    const s = jsonSchemaOf(
      form([
        esd,
        { name: 'count', label: 'Count', type: 'number', integer: true, min: 0 },
        { name: 'note', label: 'Note', type: 'text', maxLength: 80 },
        {
          name: 'allergens',
          label: 'Allergens',
          type: 'choice',
          multiple: true,
          options: [{ value: 'gluten', label: 'Gluten' }],
        },
        {
          name: 'grade',
          label: 'Grade',
          type: 'choice',
          options: [
            { value: 'A', label: 'A' },
            { value: 'B', label: 'B' },
          ],
        },
        { name: 'made', label: 'Made', type: 'date' },
        { name: 'ok', label: 'OK', type: 'boolean' },
        { name: 'photo', label: 'Photo', type: 'file', accept: ['image'] },
        { name: 'reel', label: 'Reel', type: 'scan', scanKind: 'lot' },
      ]),
    );
    expect(s['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(s['$id']).toBe('urn:lotgraph:form:smt-check:v3');
    expect(s['required']).toEqual(['esdStrap']);
    expect(s['additionalProperties']).toBe(false);
    const p = s['properties'] as Record<string, Record<string, unknown>>;
    expect(p['esdStrap']).toEqual({
      title: 'ESD wrist-strap test',
      type: 'number',
      minimum: 0.75,
      maximum: 35,
      'x-unit': 'MΩ',
    });
    expect(p['count']).toEqual({ title: 'Count', type: 'integer', minimum: 0 });
    expect(p['note']).toEqual({ title: 'Note', type: 'string', maxLength: 80 });
    expect(p['allergens']).toEqual({
      title: 'Allergens',
      type: 'array',
      items: { type: 'string', enum: ['gluten'] },
      uniqueItems: true,
    });
    expect(p['grade']).toEqual({ title: 'Grade', type: 'string', enum: ['A', 'B'] });
    expect(p['made']).toEqual({ title: 'Made', type: 'string', format: 'date' });
    expect(p['ok']).toEqual({ title: 'OK', type: 'boolean' });
    expect((p['photo']!['properties'] as Record<string, unknown>)['mediaType']).toEqual({
      type: 'string',
      enum: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
    });
    expect(p['reel']).toEqual({
      title: 'Reel',
      type: 'string',
      minLength: 1,
      maxLength: 512,
      'x-scan': 'lot',
    });
  });
});

describe('validateSubmission', () => {
  const def = form([
    esd,
    { name: 'count', label: 'Count', type: 'number', integer: true },
    { name: 'made', label: 'Made', type: 'date' },
    { name: 'grade', label: 'Grade', type: 'choice', options: [{ value: 'A', label: 'A' }] },
    { name: 'photo', label: 'Photo', type: 'file', accept: ['pdf'] },
  ]);

  it('accepts valid data and drops empty answers', () => {
    expect(
      validateSubmission(def, {
        esdStrap: 12.5,
        count: 3,
        made: '2026-02-28',
        grade: 'A',
        photo: null,
        x: undefined,
      }),
    ).toEqual({
      ok: true,
      data: { esdStrap: 12.5, count: 3, made: '2026-02-28', grade: 'A' },
    });
  });

  it('names each bad field with its pointer and a reason in the field’s terms', () => {
    const r = validateSubmission(def, {
      esdStrap: 40,
      count: 2.5,
      made: '2026-02-30',
      grade: 'C',
      photo: { sha256: 'a'.repeat(64), name: 'x.png', mediaType: 'image/png', size: 1 },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && [...r.problems].sort((a, b) => a.field!.localeCompare(b.field!))).toEqual([
      { field: 'count', pointer: '/data/count', reason: 'must be a whole number' },
      { field: 'esdStrap', pointer: '/data/esdStrap', reason: 'must be at most 35 MΩ (range 0.75–35 MΩ)' },
      { field: 'extra', pointer: '/data/extra', reason: 'is not a field of this form' },
      { field: 'grade', pointer: '/data/grade', reason: 'must be one of A' },
      { field: 'made', pointer: '/data/made', reason: 'must be a date YYYY-MM-DD' },
      { field: 'photo', pointer: '/data/photo', reason: 'must be a PDF' },
    ]);
  });

  it('says a missing required field is required, and a wrong type is the wrong type', () => {
    expect(validateSubmission(def, { esdStrap: '' })).toEqual({
      ok: false,
      problems: [{ field: 'esdStrap', pointer: '/data/esdStrap', reason: 'is required' }],
    });
    expect(validateSubmission(def, { esdStrap: '12' })).toEqual({
      ok: false,
      problems: [{ field: 'esdStrap', pointer: '/data/esdStrap', reason: 'must be a number' }],
    });
    expect(validateSubmission(def, { esdStrap: 0.5 })).toEqual({
      ok: false,
      problems: [
        {
          field: 'esdStrap',
          pointer: '/data/esdStrap',
          reason: 'must be at least 0.75 MΩ (range 0.75–35 MΩ)',
        },
      ],
    });
  });

  it('refuses data that is not an object', () => {
    expect(validateSubmission(def, [1])).toEqual({
      ok: false,
      problems: [{ field: 'data', pointer: '/data', reason: 'must be an object of field values' }],
    });
  });
});

describe('customValues', () => {
  it('keeps only the values of non-standard fields', () => {
    const def = form([{ name: 'lot', label: 'Lot', type: 'scan', standard: true }, esd]);
    expect(customValues(def, { lot: 'L1', esdStrap: 3 })).toEqual({ esdStrap: 3 });
  });
});

describe('checkDefinition', () => {
  const lot: FieldDef = {
    name: 'lot',
    label: 'Lot',
    type: 'scan',
    scanKind: 'lot',
    required: true,
    standard: true,
  };
  const capture = (fields: FieldDef[]): FormInput => ({
    key: 'material-issue',
    title: 'Material issue',
    kind: 'capture',
    step: 'material_issue',
    fields,
  });

  it('accepts a valid definition with the standard fields and a custom one', () => {
    expect(checkDefinition(capture([lot, esd]), [lot])).toEqual([]);
  });

  it('names bad names, duplicates, a choice without options and min above max', () => {
    const problems = checkDefinition(
      capture([
        lot,
        { name: 'Bad name', label: 'x', type: 'text' },
        { name: 'a', label: 'A', type: 'text' },
        { name: 'a', label: 'A again', type: 'text' },
        { name: 'c', label: 'C', type: 'choice', options: [] },
        { name: 'n', label: 'N', type: 'number', min: 5, max: 1 },
        {
          name: 'd',
          label: 'D',
          type: 'choice',
          options: [
            { value: 'x', label: 'X' },
            { value: 'x', label: 'Y' },
          ],
        },
      ]),
      [lot],
    );
    expect(problems.map((p) => p.pointer)).toEqual([
      '/fields/1/name',
      '/fields/3/name',
      '/fields/4/options',
      '/fields/5/max',
      '/fields/6/options/1/value',
    ]);
    expect(problems[1]!.reason).toBe('"a" is already the name of field 3');
    expect(problems[3]!.reason).toBe('must not be below the minimum 5');
  });

  it('keeps the standard fields of the step: present, same type, still standard', () => {
    expect(checkDefinition(capture([esd]), [lot])).toEqual([
      {
        field: 'fields',
        pointer: '/fields',
        reason: 'the standard field "lot" (Lot) of this step cannot be removed',
      },
    ]);
    expect(checkDefinition(capture([{ ...lot, type: 'text' }]), [lot])[0]!.pointer).toBe('/fields/0/type');
    expect(checkDefinition(capture([{ ...lot, standard: false }]), [lot])[0]!.pointer).toBe(
      '/fields/0/standard',
    );
    expect(checkDefinition(capture([lot, { ...esd, standard: true }]), [lot])).toEqual([
      {
        field: 'fields.1.standard',
        pointer: '/fields/1/standard',
        reason: '"esdStrap" is not a standard field of this step',
      },
    ]);
  });

  it('wants a valid key, a title and a step for a capture form', () => {
    const problems = checkDefinition({ key: 'Bad Key', title: ' ', kind: 'capture', fields: [] });
    expect(problems.map((p) => p.pointer)).toEqual(['/key', '/title', '/step']);
  });
});
