// Forms and capture through the HTTP API against the real Neo4j and a real DuckDB file: versions
// (a submission keeps its version and stays readable after the form changes), a custom field added
// to a step's form (validated, carried in the event's lg:fields, seen with the operation in the
// trace), the event of each capture step, permissions, files, and that an error stores nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { readLog } from '../../analytics/event-log.store.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor, actorFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let srv: TestServer;
let qe: string;
let qeActor: string;
let operator: string;
let operatorActor: string;
let supplier: string;

beforeAll(async () => {
  t = await openTestStores();
  srv = await startTestServer(t);
  qe = await tokenFor(srv.base, 'quality_engineer');
  operator = await tokenFor(srv.base, 'operator');
  supplier = await tokenFor(srv.base, 'supplier', { supplierId: 'urn:lotgraph:party:MILL-NORTH' });
  qeActor = await actorFor(srv.base, qe);
  operatorActor = await actorFor(srv.base, operator);
});
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

async function call(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
  return fetch(`${srv.base}${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function answer<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
interface Problem {
  field: string;
  pointer?: string;
  reason: string;
}
interface ErrorBody {
  error: { code: string; message: string; problems?: Problem[]; [k: string]: unknown };
}
interface Field {
  name: string;
  type: string;
  standard?: boolean;
  [k: string]: unknown;
}
interface Form {
  key: string;
  version: number;
  title: string;
  kind: string;
  step?: string;
  fields: Field[];
  createdBy: string;
}
interface Captured {
  submissionId: string;
  version: number;
  eventId: string;
  warnings: { code: string }[];
  subject: string;
  graph: string;
}
interface Submission {
  submissionId: string;
  formKey: string;
  version: number;
  data: Record<string, unknown>;
  eventId: string | null;
  subject: string | null;
  submittedBy: string;
  form: Form;
}

const capture = (
  token: string,
  key: string,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => call(token, 'POST', `/api/capture/${key}`, { data, ...extra });

/** The event a capture appended, as the log holds it. */
async function loggedEvent(eventId: string): Promise<Record<string, unknown>> {
  const rows = await readLog(t.stores.duck, 0, 100_000);
  const row = rows.find((r) => r.event_id === eventId);
  if (!row) throw new Error(`event ${eventId} is not in the log`);
  return JSON.parse(row.body) as Record<string, unknown>;
}

/** What an error must leave unchanged: the log, the audit trail, the submissions. */
async function storedState() {
  const log = await readLog(t.stores.duck, 0, 100_000);
  const audit = await readAudit(t.stores.duck, { limit: 100_000 });
  const subs = await answer<{ submissions: unknown[] }>(
    await call(TEST_ADMIN_TOKEN, 'GET', '/api/submissions?limit=1000'),
  );
  return { log: log.length, audit: audit.length, submissions: subs.submissions.length };
}

const lot = (code: string) => `urn:lotgraph:lot:${code}`;
const formRef = (key: string, version: number, submission: string) => ({
  'lg:key': key,
  'lg:version': version,
  'lg:submission': submission,
});

const receive = (code: string, extra: Record<string, unknown> = {}) =>
  capture(operator, 'receiving', {
    lot: code,
    material: 'SOLDER-PASTE',
    quantity: 20,
    uom: 'KGM',
    supplier: 'CHEM-A',
    ...extra,
  });

describe('form definitions', () => {
  it('seeds the standard form of each capture step once, and says who may submit it', async () => {
    const list = await answer<{
      forms: { key: string; version: number; step: string; canSubmit: boolean; permission: string }[];
    }>(await call(operator, 'GET', '/api/forms'));
    const standard = list.forms.filter((f) => f.step);
    expect(standard.map((f) => [f.key, f.version, f.step, f.permission, f.canSubmit])).toEqual([
      ['finished-goods-receipt', 1, 'finished_goods_receipt', 'events:capture', true],
      ['incoming-inspection', 1, 'incoming_inspection', 'inspection:decide', false],
      ['material-issue', 1, 'material_issue', 'events:capture', true],
      ['packing', 1, 'packing', 'events:capture', true],
      ['process-record', 1, 'process_record', 'events:capture', true],
      ['receiving', 1, 'receiving', 'events:capture', true],
      ['shipping', 1, 'shipping', 'events:capture', true],
    ]);
    const audit = await readAudit(t.stores.duck, { action: 'form.define' });
    expect(
      audit
        .filter((a) => a.actor === 'system:forms')
        .map((a) => a.subject)
        .sort(),
    ).toEqual(standard.map((f) => `form:${f.key}`).sort());
  });

  it('refuses a definition change by a non-admin, and one that drops or retypes a standard field', async () => {
    const v1 = await answer<Form>(await call(qe, 'GET', '/api/forms/process-record'));
    expect((await call(qe, 'PUT', '/api/forms/process-record', v1)).status).toBe(403);
    const before = await storedState();
    const dropped = await answer<ErrorBody>(
      await call(TEST_ADMIN_TOKEN, 'PUT', '/api/forms/process-record', {
        ...v1,
        fields: v1.fields.filter((f) => f.name !== 'step'),
      }),
      400,
    );
    expect(dropped.error.problems).toEqual([
      {
        field: 'fields',
        pointer: '/fields',
        reason: 'the standard field "step" (Process step) of this step cannot be removed',
      },
    ]);
    const retyped = await answer<ErrorBody>(
      await call(TEST_ADMIN_TOKEN, 'PUT', '/api/forms/process-record', {
        ...v1,
        fields: v1.fields.map((f) => (f.name === 'step' ? { ...f, type: 'number' } : f)),
      }),
      400,
    );
    expect(retyped.error.problems).toEqual([
      {
        field: 'fields.0.type',
        pointer: '/fields/0/type',
        reason: 'the standard field "step" must stay of type text',
      },
    ]);
    expect(await storedState()).toEqual(before);
  });
});

describe('versions and a custom field (ESD wrist-strap test at SMT)', () => {
  let v1Submission: string;
  const smt = (extra: Record<string, unknown> = {}) => ({
    step: 'SMT',
    workOrder: 'WO-SMT-1',
    outputLot: 'PCB-100',
    outputQuantity: 50,
    outputUom: 'H87',
    equipment: 'SMT-LINE-1',
    operation: 'SMT-0001',
    ...extra,
  });

  it('a submission made with version 1 keeps it and stays readable after the form changes', async () => {
    const first = await answer<Captured>(await capture(operator, 'process-record', smt()), 201);
    expect(first.version).toBe(1);
    v1Submission = first.submissionId;
    expect(first.submissionId).toMatch(/^FS-\d{4}-\d{6}$/);

    const v1 = await answer<Form>(await call(TEST_ADMIN_TOKEN, 'GET', '/api/forms/process-record'));
    const saved = await answer<Form>(
      await call(TEST_ADMIN_TOKEN, 'PUT', '/api/forms/process-record', {
        title: v1.title,
        kind: v1.kind,
        step: v1.step,
        fields: [
          ...v1.fields,
          {
            name: 'esdStrap',
            label: 'ESD wrist-strap test',
            type: 'number',
            unit: 'MΩ',
            min: 0.75,
            max: 35,
            required: true,
          },
        ],
        note: 'ESD wrist-strap check at SMT',
      }),
      201,
    );
    expect(saved.version).toBe(2);
    expect(saved.createdBy).toBe('env:admin-token');
    const versions = await answer<{ versions: { version: number; note: string | null; fields: number }[] }>(
      await call(qe, 'GET', '/api/forms/process-record/versions'),
    );
    expect(versions.versions.map((v) => [v.version, v.note, v.fields])).toEqual([
      [2, 'ESD wrist-strap check at SMT', v1.fields.length + 1],
      [1, 'standard form', v1.fields.length],
    ]);
    const [define] = await readAudit(t.stores.duck, {
      action: 'form.define',
      subject: 'form:process-record',
      actor: 'env:admin-token',
    });
    expect(define!.reason).toBe('ESD wrist-strap check at SMT');

    const old = await answer<Submission>(await call(qe, 'GET', `/api/submissions/${v1Submission}`));
    expect(old.version).toBe(1);
    expect(old.form.version).toBe(1);
    expect(old.form.fields.map((f) => f.name)).toEqual(v1.fields.map((f) => f.name));
    expect(old.data).toEqual(smt());
    // The old version is still there to read, and may still be submitted against when pinned.
    expect(
      (await answer<Form>(await call(qe, 'GET', '/api/forms/process-record?version=1'))).fields,
    ).toHaveLength(v1.fields.length);
    const pinned = await answer<Captured>(
      await capture(operator, 'process-record', smt({ outputLot: 'PCB-101', operation: 'SMT-0002' }), {
        version: 1,
      }),
      201,
    );
    expect(pinned.version).toBe(1);
    expect((await call(qe, 'GET', '/api/forms/process-record?version=9')).status).toBe(404);
  });

  it('validates the custom field: out of range, wrong type, missing; nothing is stored', async () => {
    const before = await storedState();
    const bad = async (data: Record<string, unknown>) =>
      (await answer<ErrorBody>(await capture(operator, 'process-record', data), 400)).error.problems;
    expect(await bad(smt({ esdStrap: 50 }))).toEqual([
      { field: 'esdStrap', pointer: '/data/esdStrap', reason: 'must be at most 35 MΩ (range 0.75–35 MΩ)' },
    ]);
    expect(await bad(smt({ esdStrap: 'high' }))).toEqual([
      { field: 'esdStrap', pointer: '/data/esdStrap', reason: 'must be a number' },
    ]);
    expect(await bad(smt())).toEqual([
      { field: 'esdStrap', pointer: '/data/esdStrap', reason: 'is required' },
    ]);
    expect(await storedState()).toEqual(before);
  });

  it('a valid value lands in the event’s lg:fields and in the trace with the operation', async () => {
    const r = await answer<Captured>(
      await capture(
        operator,
        'process-record',
        smt({ outputLot: 'PCB-102', operation: 'SMT-0003', esdStrap: 12.5 }),
      ),
      201,
    );
    expect(r.version).toBe(2);
    expect(r.graph).toBe('projected');
    const ev = await loggedEvent(r.eventId);
    expect(ev['lg:fields']).toEqual({ esdStrap: 12.5 });
    expect(ev['lg:form']).toEqual(formRef('process-record', 2, r.submissionId));
    expect(ev['sensorElementList']).toEqual([
      { sensorReport: [{ value: 12.5, uom: 'MΩ', 'lg:parameter': 'esdStrap' }] },
    ]);

    const detail = await answer<{
      operations: { id: string; parameters: { name: string; value: number; uom: string }[] }[];
    }>(await call(qe, 'GET', `/api/objects/detail?id=${encodeURIComponent(lot('PCB-102'))}`));
    expect(detail.operations.map((o) => [o.id, o.parameters.map((p) => [p.name, p.value, p.uom])])).toEqual([
      ['urn:lotgraph:op:SMT-0003', [['esdStrap', 12.5, 'MΩ']]],
    ]);
    // An object's records, found by its id or by the code people say.
    for (const subject of [lot('PCB-102'), 'PCB-102']) {
      const records = await answer<{ submissions: Submission[] }>(
        await call(qe, 'GET', `/api/submissions?subject=${encodeURIComponent(subject)}`),
      );
      expect(
        records.submissions.map((s) => [s.submissionId, s.formKey, s.version, s.data['esdStrap']]),
      ).toEqual([[r.submissionId, 'process-record', 2, 12.5]]);
    }
    const [audit] = await readAudit(t.stores.duck, { action: 'form.submit', subject: r.submissionId });
    expect(audit!.actor).toBe(operatorActor);
    expect(audit!.after).toMatchObject({
      form: 'process-record',
      version: 2,
      eventId: r.eventId,
      subject: lot('PCB-102'),
    });
  });
});

describe('capture steps', () => {
  it('receiving: ObjectEvent ADD with lg:form; a scanned GS1-128 lot is read into its Digital Link', async () => {
    const r = await answer<Captured>(
      await receive('SP-1', { supplierLot: 'CA-991', expiry: '2027-01-31', location: 'WH-IN' }),
      201,
    );
    const ev = await loggedEvent(r.eventId);
    expect(ev).toEqual({
      '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { lg: 'urn:lotgraph:ext:' }],
      type: 'ObjectEvent',
      eventID: r.eventId,
      eventTime: ev['eventTime'],
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      bizStep: 'receiving',
      disposition: 'active',
      quantityList: [{ epcClass: lot('SP-1'), quantity: 20, uom: 'KGM' }],
      readPoint: { id: 'urn:lotgraph:location:WH-IN' },
      bizLocation: { id: 'urn:lotgraph:location:WH-IN' },
      sourceList: [{ type: 'owning_party', source: 'urn:lotgraph:party:CHEM-A' }],
      ilmd: {
        'lg:material': 'urn:lotgraph:material:SOLDER-PASTE',
        'lg:supplierLot': 'CA-991',
        'cbvmda:itemExpirationDate': '2027-01-31',
      },
      'lg:form': formRef('receiving', 1, r.submissionId),
      'lg:fields': {},
    });
    expect(r.subject).toBe(lot('SP-1'));

    const scanned = await answer<Captured>(await receive(']C10109506000134352\u001d10ABC123'), 201);
    expect(scanned.subject).toBe('https://id.gs1.org/01/09506000134352/10/ABC123');
    const found = await answer<{ candidates: { id: string; kind: string }[] }>(
      await call(qe, 'GET', '/api/resolve?q=ABC123'),
    );
    expect(found.candidates.map((c) => [c.id, c.kind])).toEqual([
      ['https://id.gs1.org/01/09506000134352/10/ABC123', 'lot'],
    ]);
  });

  it('incoming inspection needs inspection:decide; the decision is carried as lg:decision', async () => {
    await answer<Captured>(await receive('SP-2'), 201);
    const data = { lot: 'SP-2', result: 'pass', sampleSize: 5, defectiveQuantity: 0, decision: 'release' };
    const before = await storedState();
    expect((await capture(operator, 'incoming-inspection', data)).status).toBe(403);
    const cond = await answer<ErrorBody>(
      await capture(qe, 'incoming-inspection', { ...data, decision: 'conditional_release' }),
      400,
    );
    expect(cond.error.problems!.map((p) => p.field)).toEqual(['deviationReason', 'deviationUntil']);
    expect(await storedState()).toEqual(before);
    const r = await answer<Captured>(await capture(qe, 'incoming-inspection', data), 201);
    const ev = await loggedEvent(r.eventId);
    expect(ev['disposition']).toBe('conformant');
    expect(ev['quantityList']).toEqual([{ epcClass: lot('SP-2') }]);
    expect(ev['lg:inspection']).toEqual({
      'lg:kind': 'incoming',
      'lg:result': 'pass',
      'lg:sampleSize': 5,
      'lg:defectiveQuantity': 0,
      'lg:defects': [],
    });
    expect(ev['lg:decision']).toEqual({ 'lg:action': 'release', 'lg:by': qeActor });
  });

  it('material issue: a quarantined lot is refused by the interlock and nothing is stored; a released one is issued', async () => {
    await answer<Captured>(await receive('SP-3'), 201);
    const before = await storedState();
    const refused = await answer<ErrorBody>(
      await capture(operator, 'material-issue', {
        lot: 'SP-3',
        workOrder: 'WO-SMT-1',
        quantity: 2,
        uom: 'KGM',
      }),
      409,
    );
    expect(refused.error.code).toBe('INTERLOCK');
    expect(refused.error.problems!.map((p) => p.field)).toEqual(['lot']);
    expect((refused.error['refusals'] as { code: string }[]).map((r) => r.code)).toEqual(['QUARANTINE']);
    expect(await storedState()).toEqual(before);

    const r = await answer<Captured>(
      await capture(operator, 'material-issue', {
        lot: 'SP-2',
        workOrder: 'WO-SMT-1',
        quantity: 2,
        uom: 'KGM',
        line: 'LINE-SMT',
      }),
      201,
    );
    const ev = await loggedEvent(r.eventId);
    expect(ev).toMatchObject({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'urn:lotgraph:bizstep:issuing',
      quantityList: [{ epcClass: lot('SP-2'), quantity: 2, uom: 'KGM' }],
      bizTransactionList: [{ type: 'prodorder', bizTransaction: 'urn:lotgraph:wo:WO-SMT-1' }],
      bizLocation: { id: 'urn:lotgraph:location:LINE-SMT' },
      'lg:operator': `urn:lotgraph:operator:${operatorActor.slice('user:'.length)}`,
    });
    expect(ev['lg:override']).toBeUndefined();
  });

  it('finished-goods receipt, packing and shipping produce their events', async () => {
    const fg = await answer<Captured>(
      await capture(operator, 'finished-goods-receipt', {
        lot: 'PCB-102',
        quantity: 50,
        uom: 'H87',
        location: 'WH-FG',
      }),
      201,
    );
    expect(await loggedEvent(fg.eventId)).toMatchObject({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'storing',
      quantityList: [{ epcClass: lot('PCB-102'), quantity: 50, uom: 'H87' }],
      bizLocation: { id: 'urn:lotgraph:location:WH-FG' },
    });
    const pack = await answer<Captured>(
      await capture(operator, 'packing', {
        container: ']C100106141411234567897',
        item: 'PCB-102',
        quantity: 50,
        uom: 'H87',
      }),
      201,
    );
    expect(await loggedEvent(pack.eventId)).toMatchObject({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: 'https://id.gs1.org/00/106141411234567897',
      childQuantityList: [{ epcClass: lot('PCB-102'), quantity: 50, uom: 'H87' }],
    });
    const ship = await answer<Captured>(
      await capture(operator, 'shipping', {
        shipment: 'SH-9',
        customer: 'OEM-1',
        item: '(00)106141411234567897',
      }),
      201,
    );
    expect(await loggedEvent(ship.eventId)).toMatchObject({
      type: 'ObjectEvent',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: ['https://id.gs1.org/00/106141411234567897'],
      bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:lotgraph:shipment:SH-9' }],
      destinationList: [{ type: 'owning_party', destination: 'urn:lotgraph:party:OEM-1' }],
    });
    // Forward from the board lot: packed on the pallet, the pallet shipped.
    const fwd = await answer<{ nodes: { id: string; kind: string }[] }>(
      await call(qe, 'GET', `/api/trace/forward?id=${encodeURIComponent(lot('PCB-102'))}`),
    );
    expect(fwd.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['https://id.gs1.org/00/106141411234567897', 'urn:lotgraph:shipment:SH-9']),
    );
  });

  it('an unknown object to ship and a malformed barcode are named by field; nothing is stored', async () => {
    const before = await storedState();
    const r = await answer<ErrorBody>(
      await capture(operator, 'shipping', { shipment: 'SH-10', customer: 'OEM-1', item: 'NOPE-1' }),
      400,
    );
    expect(r.error.problems).toEqual([
      { field: 'item', pointer: '/data/item', reason: 'no lot, unit or container is known as "NOPE-1"' },
    ]);
    const bad = await answer<ErrorBody>(await receive(']C10109506000134351\u001d10X'), 400);
    expect(bad.error.problems).toEqual([
      {
        field: 'lot',
        pointer: '/data/lot',
        reason: 'is not a readable GS1 barcode: (01) GTIN 09506000134351 has check digit 1, expected 2',
      },
    ]);
    expect(await storedState()).toEqual(before);
  });
});

describe('record forms, files and who sees submissions', () => {
  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa8d1f5a70000000049454e44ae426082',
    'hex',
  );

  it('uploads a file checked by its content, not its name, and names it in a record', async () => {
    const up = await fetch(`${srv.base}/api/files?name=evidence.pdf`, {
      method: 'POST',
      headers: { ...bearer(operator), 'content-type': 'application/octet-stream' },
      body: PNG,
    });
    const ref = await answer<{ sha256: string; name: string; mediaType: string; size: number }>(up, 201);
    expect(ref).toEqual({
      sha256: createHash('sha256').update(PNG).digest('hex'),
      name: 'evidence.pdf',
      mediaType: 'image/png',
      size: PNG.length,
    });
    const text = await fetch(`${srv.base}/api/files?name=photo.png`, {
      method: 'POST',
      headers: { ...bearer(operator), 'content-type': 'application/octet-stream' },
      body: 'not an image',
    });
    expect(((await answer<ErrorBody>(text, 400)).error.problems ?? []).map((p) => p.field)).toEqual(['file']);
    const back = await fetch(`${srv.base}/api/files/${ref.sha256}`, { headers: bearer(qe) });
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${srv.base}/api/files/${ref.sha256}`, { headers: bearer(supplier) })).status).toBe(
      403,
    );

    await answer<Form>(
      await call(TEST_ADMIN_TOKEN, 'PUT', '/api/forms/esd-audit', {
        title: 'ESD audit',
        kind: 'record',
        fields: [
          {
            name: 'area',
            label: 'Area',
            type: 'choice',
            required: true,
            options: [{ value: 'smt', label: 'SMT' }],
          },
          { name: 'photo', label: 'Photo', type: 'file', accept: ['image'] },
        ],
      }),
      201,
    );
    const fake = { ...ref, sha256: 'f'.repeat(64) };
    const refused = await answer<ErrorBody>(
      await capture(operator, 'esd-audit', { area: 'smt', photo: fake }),
      400,
    );
    expect(refused.error.problems).toEqual([
      { field: 'photo', pointer: '/data/photo', reason: 'names a file that was never uploaded' },
    ]);
    const rec = await answer<{ submissionId: string; version: number }>(
      await call(operator, 'POST', '/api/capture/esd-audit', {
        data: { area: 'smt', photo: ref },
        subject: 'AREA-SMT',
      }),
      201,
    );
    const got = await answer<Submission>(await call(qe, 'GET', `/api/submissions/${rec.submissionId}`));
    expect([got.formKey, got.version, got.eventId, got.subject, got.data]).toEqual([
      'esd-audit',
      1,
      null,
      'AREA-SMT',
      { area: 'smt', photo: ref },
    ]);
  });

  it('a supplier sees no submissions', async () => {
    expect((await call(supplier, 'GET', '/api/submissions')).status).toBe(403);
    const [any] = (
      await answer<{ submissions: Submission[] }>(await call(qe, 'GET', '/api/submissions?limit=1'))
    ).submissions;
    expect((await call(supplier, 'GET', `/api/submissions/${any!.submissionId}`)).status).toBe(403);
    expect((await call(supplier, 'POST', '/api/capture/receiving', { data: {} })).status).toBe(403);
  });
});
