// The public EPCIS 2.0 JSON capture corpus (test/fixtures/openepcis-test-resources): every
// schema-valid document is captured into the real stores; every invalid one is refused with
// the JSON pointer of each problem, and stores nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { AppError } from '../../domain/errors.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const root = new URL(
  '../fixtures/openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/',
  import.meta.url,
);
const read = (dir: string, f: string) =>
  JSON.parse(readFileSync(new URL(`${dir}/${f}`, root), 'utf8')) as Record<string, unknown>;
const eventCount = (d: Record<string, unknown>) => {
  const body = d['epcisBody'] as {
    eventList?: unknown[];
    queryResults?: { resultsBody: { eventList: unknown[] } };
  };
  return (body.eventList ?? body.queryResults!.resultsBody.eventList).length;
};

// The one document of Documents/ that fails the GS1 JSON Schema: events 2 and 5 are ObjectEvents with no object.
const SCHEMA_INVALID = 'SensorData_with_combined_events.json';
const valid = readdirSync(new URL('Documents', root))
  .filter((f) => f.endsWith('.json') && f !== SCHEMA_INVALID)
  .sort();

// Where each invalid document is wrong, read off the documents by hand (each is named for its fault).
const e = (i: number, rest: string) => `/epcisBody/eventList/${i}/${rest}`;
const INVALID: Record<string, string[]> = {
  'Combination_of_events_with_missing_mandatory_fields.json': [
    e(0, 'action'),
    e(1, 'eventTimeZoneOffset'),
    e(1, 'action'),
  ],
  'Combination_of_multiple_invalid_fields.json': [
    e(0, 'bizStep'),
    e(1, 'disposition'),
    e(2, 'sourceList/0/type'),
    e(3, 'ilmd/materialType'),
    e(4, 'eventTime'),
    e(4, 'action'),
  ],
  'Combination_of_non_standard_bizStep_and_disposition.json': [e(0, 'bizStep'), e(1, 'disposition')],
  'EPCISDocument_without_context.json': ['/@context'],
  'ObjectEvent_with_ilmd_field_without_namespace.json': [e(0, 'ilmd/materialType')],
  'ObjectEvent_with_invalid_action.json': [e(0, 'action')],
  'ObjectEvent_with_invalid_certificationInfo.json': [e(0, 'certificationInfo')],
  'ObjectEvent_with_invalid_eventTime_format.json': [e(0, 'eventTime')],
  'ObjectEvent_with_non_standard_bizStep.json': [e(0, 'bizStep')],
  'ObjectEvent_with_non_standard_bizStep_in_second_event.json': [e(1, 'bizStep')],
  'ObjectEvent_with_non_standard_disposition.json': [e(0, 'disposition')],
  'ObjectEvent_with_quantity_as_text.json': [e(0, 'quantityList/0/quantity')],
  'ObjectEvent_with_unknown_field_in_quantityList.json': [e(0, 'quantityList/0/weight')],
  'ObjectEvent_without_action_and_eventTime.json': [
    e(0, 'eventTime'),
    e(0, 'eventTimeZoneOffset'),
    e(0, 'action'),
  ],
  'ObjectEvent_without_identifier_list.json': [e(0, 'epcList')],
};

// Query documents (EPCISQueryDocument) carry events in queryResults; the same schema-invalid
// sensor document is among them.
const queryDocs = readdirSync(new URL('../Query', root))
  .filter((f) => f.endsWith('.json') && f !== SCHEMA_INVALID)
  .sort();
const q = (i: number, rest: string) => `/epcisBody/queryResults/resultsBody/eventList/${i}/${rest}`;
const INVALID_QUERY_DOCS: Record<string, string[]> = {
  'QueryDocument_with_invalid_action.json': [q(0, 'action')],
  'QueryDocument_with_invalid_eventType.json': [q(0, 'type')],
};

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

describe('EPCIS 2.0 JSON capture corpus', () => {
  it('knows all 37 schema-valid documents and all 15 invalid ones', () => {
    expect(valid).toHaveLength(37);
    expect(readdirSync(new URL('Invalid', root)).sort()).toEqual(Object.keys(INVALID).sort());
  });

  it.each(valid)('captures %s', async (f) => {
    const doc = read('Documents', f);
    const r = await ingestDocument(t.stores, t.projector, doc, { source: `corpus:${f}` });
    expect(r.read).toBe(eventCount(doc));
    expect(r.captured.length + r.duplicates.length).toBe(eventCount(doc));
    expect(r.graph).toBe('projected');
    // Capturing it again changes nothing.
    const again = await ingestDocument(t.stores, t.projector, doc, { source: `corpus:${f}` });
    expect(again.captured).toEqual([]);
    expect(again.duplicates.sort()).toEqual([...r.captured, ...r.duplicates].sort());
  });

  it.each([...Object.keys(INVALID), SCHEMA_INVALID])(
    'refuses %s, naming every problem, storing nothing',
    async (f) => {
      const doc = read(f === SCHEMA_INVALID ? 'Documents' : 'Invalid', f);
      const before = await logCounts(t.stores.duck);
      const err = await ingestDocument(t.stores, t.projector, doc, { source: 'corpus' }).catch(
        (x: unknown) => x,
      );
      expect(err).toBeInstanceOf(AppError);
      const appErr = err as AppError;
      expect(appErr.code).toBe('INVALID_EPCIS');
      const expected = f === SCHEMA_INVALID ? [e(2, 'epcList'), e(5, 'epcList')] : INVALID[f]!;
      expect(appErr.problems.map((p) => p.pointer)).toEqual(expected);
      for (const p of appErr.problems) expect(p.reason).toMatch(/\w{3,}/);
      expect(await logCounts(t.stores.duck)).toEqual(before);
    },
  );

  it('knows 8 schema-valid query documents', () => {
    expect(queryDocs).toHaveLength(8);
  });

  it.each(queryDocs)('captures the events of query document %s', async (f) => {
    const doc = read('../Query', f);
    expect(doc['type']).toBe('EPCISQueryDocument');
    const r = await ingestDocument(t.stores, t.projector, doc, { source: `corpus:${f}` });
    expect(r.read).toBe(eventCount(doc));
    expect(r.captured.length + r.duplicates.length).toBe(eventCount(doc));
  });

  it.each(Object.keys(INVALID_QUERY_DOCS))('refuses query document %s', async (f) => {
    const err = await ingestDocument(t.stores, t.projector, read('../Query/Invalid', f), {
      source: 'corpus',
    }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems.map((p) => p.pointer)).toEqual(INVALID_QUERY_DOCS[f]);
  });
});
