// The GS1 EPCIS 2.0 REST binding over HTTP, on the real stores: asynchronous capture jobs,
// single-event capture, and the SimpleEventQuery. Every expected answer is computed by the test
// from its own description of the events (FACTS), never read back from the repository.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { eventHashId } from '../../domain/epcis-hash.ts';
import { captureJobsSettled } from '../../api/services/epcis-capture.service.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

const RESOURCES = new URL('../fixtures/openepcis-test-resources/core/src/main/resources/', import.meta.url);
const CORPUS_JSON = new URL('2.0/EPCIS/JSON/', RESOURCES);
const CORPUS_XML = new URL('2.0/EPCIS/XML/', RESOURCES);
const CORPUS_12 = new URL('1.2/EPCIS/XML/Capture/Documents/', RESOURCES);

let t: TestStores;
let server: TestServer | undefined;
let base: string;

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t);
  base = server.base;
});
afterAll(async () => {
  await captureJobsSettled();
  await server?.close();
  await t?.close();
});

// Objects, each with the spellings a partner may use for it (EPC URI, GS1 Digital Link with
// another host) and the GTIN it belongs to, if any.
const OBJ = {
  A1: {
    gtin: 'G1',
    as: ['urn:epc:id:sgtin:0614141.107346.2017', 'https://example.com/01/10614141073464/21/2017'],
  },
  A2: {
    gtin: 'G1',
    as: ['urn:epc:id:sgtin:0614141.107346.2018', 'https://id.gs1.org/01/10614141073464/21/2018'],
  },
  L1: {
    gtin: 'G2',
    as: ['urn:epc:class:lgtin:4012345.012345.998877', 'https://id.gs1.org/01/04012345123456/10/998877'],
  },
  S1: { gtin: null, as: ['urn:epc:id:sscc:0614141.1234567890'] },
  B1: { gtin: null, as: ['urn:lotgraph:unit:B1'] },
  L2: { gtin: null, as: ['urn:lotgraph:lot:L2'] },
  R1: { gtin: null, as: ['urn:lotgraph:container:R1'] },
} as const;
type Name = keyof typeof OBJ;
const id = (n: Name, spelling = 0) => OBJ[n].as[spelling]!;

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];
const T = (h: number) => new Date(Date.UTC(2026, 0, 10, 6 + h)).toISOString();
const RP1 = 'urn:epc:id:sgln:0614141.07346.1234';
const RP2 = 'urn:epc:id:sgln:0614141.07346.5678';
const BL1 = 'urn:epc:id:sgln:0614141.00888.0';

/** What the test says each event is, in the query's own terms. */
interface Fact {
  eventID: string;
  type: string;
  action: string;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  hour: number;
  epc: Name[];
  parentID: Name[];
  inputEPC: Name[];
  outputEPC: Name[];
  epcClass: Name[];
  inputEPCClass: Name[];
  outputEPCClass: Name[];
  errorDeclared: boolean;
}

const fact = (f: Partial<Fact> & Pick<Fact, 'eventID' | 'type' | 'hour'>): Fact => ({
  action: 'OBSERVE',
  bizStep: null,
  disposition: null,
  readPoint: null,
  bizLocation: null,
  epc: [],
  parentID: [],
  inputEPC: [],
  outputEPC: [],
  epcClass: [],
  inputEPCClass: [],
  outputEPCClass: [],
  errorDeclared: false,
  ...f,
});

const when = (h: number) => ({ eventTime: T(h), eventTimeZoneOffset: '+01:00' });
const qty = (n: Name, quantity: number, uom = 'KGM', spelling = 0) => ({
  epcClass: id(n, spelling),
  quantity,
  uom,
});

const DESTROYED: Json = {
  type: 'ObjectEvent',
  ...when(7),
  quantityList: [qty('L2', 1, 'EA')],
  action: 'DELETE',
  bizStep: 'destroying',
  disposition: 'destroyed',
  bizLocation: { id: BL1 },
};
const HASHED = eventHashId(DESTROYED, CONTEXT);

// Each event as a partner sends it (CBV values in every standard spelling), beside its fact.
const E: [Json, Fact][] = [
  [
    {
      type: 'ObjectEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000001',
      ...when(1),
      epcList: [id('A1'), id('A2')],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: RP1 },
      bizLocation: { id: BL1 },
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000001',
      type: 'ObjectEvent',
      hour: 1,
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: RP1,
      bizLocation: BL1,
      epc: ['A1', 'A2'],
    }),
  ],
  [
    {
      type: 'ObjectEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000002',
      ...when(3),
      epcList: [id('A1', 1)],
      quantityList: [qty('L1', 5)],
      action: 'OBSERVE',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      disposition: 'urn:epcglobal:cbv:disp:in_transit',
      readPoint: { id: RP2 },
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000002',
      type: 'ObjectEvent',
      hour: 3,
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: RP2,
      epc: ['A1'],
      epcClass: ['L1'],
    }),
  ],
  [
    {
      type: 'AggregationEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000003',
      ...when(2),
      parentID: id('S1'),
      childEPCs: [id('A2', 1)],
      childQuantityList: [qty('L1', 2, 'KGM', 1)],
      action: 'ADD',
      bizStep: 'https://ref.gs1.org/cbv/BizStep-packing',
      readPoint: { id: RP1 },
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000003',
      type: 'AggregationEvent',
      hour: 2,
      action: 'ADD',
      bizStep: 'packing',
      readPoint: RP1,
      parentID: ['S1'],
      epc: ['A2'],
      epcClass: ['L1'],
    }),
  ],
  [
    {
      type: 'TransformationEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000004',
      ...when(4),
      inputEPCList: [id('A1')],
      inputQuantityList: [qty('L1', 3)],
      outputEPCList: [id('B1')],
      outputQuantityList: [qty('L2', 1, 'EA')],
      bizStep: 'cbv:BizStep-assembling',
      bizLocation: { id: BL1 },
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000004',
      type: 'TransformationEvent',
      hour: 4,
      action: 'none',
      bizStep: 'assembling',
      bizLocation: BL1,
      inputEPC: ['A1'],
      inputEPCClass: ['L1'],
      outputEPC: ['B1'],
      outputEPCClass: ['L2'],
    }),
  ],
  [
    {
      type: 'TransactionEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000005',
      ...when(5),
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO-77' }],
      parentID: id('S1'),
      epcList: [id('B1')],
      action: 'ADD',
      bizStep: 'shipping',
      disposition: 'in_transit',
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000005',
      type: 'TransactionEvent',
      hour: 5,
      action: 'ADD',
      bizStep: 'shipping',
      disposition: 'in_transit',
      parentID: ['S1'],
      epc: ['B1'],
    }),
  ],
  [
    {
      type: 'AssociationEvent',
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000006',
      ...when(6),
      parentID: id('R1'),
      childEPCs: [id('B1')],
      action: 'ADD',
      bizStep: 'assembling',
    },
    fact({
      eventID: 'urn:uuid:6a0c1e2b-0001-4000-8000-000000000006',
      type: 'AssociationEvent',
      hour: 6,
      action: 'ADD',
      bizStep: 'assembling',
      parentID: ['R1'],
      epc: ['B1'],
    }),
  ],
  [
    DESTROYED,
    // no eventID: the repository names it by its standard event hash (domain/epcis-hash.ts,
    // checked against the reference vectors in its own test)
    fact({
      eventID: HASHED,
      type: 'ObjectEvent',
      hour: 7,
      action: 'DELETE',
      bizStep: 'destroying',
      disposition: 'destroyed',
      bizLocation: BL1,
      epcClass: ['L2'],
    }),
  ],
];

// The first event, declared erroneous later (EPCIS 2.0 §7.4.1.2: the same event with an errorDeclaration).
const declaration: Json = {
  ...E[0]![0],
  errorDeclaration: {
    declarationTime: T(8),
    reason: 'incorrect_data',
    correctiveEventIDs: ['urn:uuid:6a0c1e2b-0001-4000-8000-000000000002'],
  },
};
const declarationFact: Fact = { ...E[0]![1], errorDeclared: true };

const document = (events: Json[]): Json => ({
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: T(0),
  epcisBody: { eventList: events },
});

async function capture(body: string, type = 'application/ld+json', headers: Record<string, string> = {}) {
  return adminFetch(`${base}/epcis/capture`, {
    method: 'POST',
    headers: { 'content-type': type, ...headers },
    body,
  });
}

interface Job {
  captureID: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: string;
  errors: {
    type: string;
    title: string;
    status: number;
    problems?: { pointer?: string; field?: string; line?: number; reason: string }[];
  }[];
  eventsRead?: number;
  captured?: number;
  duplicates?: number;
  createdAt: string;
  finishedAt?: string;
}

/** Waits for the job behind a 202 and returns it as GET /epcis/capture/{id} shows it. */
async function finished(res: Response): Promise<Job> {
  expect(res.status).toBe(202);
  const location = res.headers.get('location')!;
  const submitted = (await res.json()) as Job;
  expect(location).toBe(`/epcis/capture/${submitted.captureID}`);
  expect(submitted.running).toBe(true);
  await captureJobsSettled();
  const got = await adminFetch(`${base}${location}`);
  expect(got.status).toBe(200);
  return (await got.json()) as Job;
}

interface QueryDoc {
  type: string;
  epcisBody: { queryResults: { queryName: string; resultsBody: { eventList: Json[] } } };
}

async function query(params: string) {
  const res = await adminFetch(`${base}/epcis/events${params ? `?${params}` : ''}`);
  return { res, body: (await res.json()) as QueryDoc & Json };
}

const facts = () => [...E.map(([, f]) => f), declarationFact];
const ids = (doc: QueryDoc) => doc.epcisBody.queryResults.resultsBody.eventList.map((e) => logId(e));
/** eventID, with the error declaration told apart from the event it declares erroneous. */
const logId = (e: Json) => `${String(e['eventID'])}${e['errorDeclaration'] ? '#err' : ''}`;
const factId = (f: Fact) => `${f.eventID}${f.errorDeclared ? '#err' : ''}`;

let hashId = '';

describe('EPCIS capture (POST /epcis/capture)', () => {
  it('captures a document as a job: 202 at once, then success with what was stored', async () => {
    const before = await logCounts(t.stores.duck);
    const job = await finished(await capture(JSON.stringify(document(E.map(([e]) => e)))));
    expect(job).toMatchObject({
      running: false,
      success: true,
      captureErrorBehaviour: 'rollback',
      errors: [],
      eventsRead: E.length,
      captured: E.length,
      duplicates: 0,
    });
    expect(Date.parse(job.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
    expect((await logCounts(t.stores.duck)).events).toBe(before.events + E.length);
    // the job's start and end are in the audit trail, next to the capture itself
    const audit = (await (await adminFetch(`${base}/api/audit?subject=capture:${job.captureID}`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((a) => a.action).sort()).toEqual([
      'epcis.capture.finish',
      'epcis.capture.start',
    ]);
  });

  it('captures the error declaration of an event beside it', async () => {
    const job = await finished(await capture(JSON.stringify(document([declaration])), 'application/json'));
    expect(job).toMatchObject({ success: true, captured: 1, duplicates: 0 });
  });

  it('counts a re-sent document as duplicates and stores nothing twice', async () => {
    const before = await logCounts(t.stores.duck);
    const job = await finished(await capture(JSON.stringify(document(E.map(([e]) => e)))));
    expect(job).toMatchObject({ success: true, captured: 0, duplicates: E.length });
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });

  it('fails a job with every problem and its JSON pointer, storing nothing', async () => {
    const before = await logCounts(t.stores.duck);
    // new eventIDs, so that only the two faults below stand between the document and the log
    const bad: Json[] = E.map(([e]) => (e['eventID'] ? { ...e, eventID: `${String(e['eventID'])}-bad` } : e));
    bad[1] = { ...bad[1], action: 'CREATE' };
    bad[3] = { ...bad[3], bizStep: 'welding' };
    const job = await finished(await capture(JSON.stringify(document(bad))));
    expect(job.success).toBe(false);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ type: 'epcisException:ValidationException', status: 400 });
    expect(job.errors[0]!.problems!.map((p) => p.pointer)).toEqual([
      '/epcisBody/eventList/1/action',
      '/epcisBody/eventList/3/bizStep',
    ]);
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });

  it('fails a job whose body is not JSON', async () => {
    const job = await finished(await capture('{"type": "EPCISDocument",', 'application/json'));
    expect(job.success).toBe(false);
    expect(job.errors[0]!.type).toBe('epcisException:ValidationException');
    expect(job.errors[0]!.problems![0]!.pointer).toBe('');
  });

  it('refuses at once what it cannot take, as RFC 7807 problems', async () => {
    const text = await capture('hello', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
    const proceed = await capture(JSON.stringify(document([])), 'application/json', {
      'GS1-Capture-Error-Behaviour': 'proceed',
    });
    expect(proceed.status).toBe(400);
    expect(((await proceed.json()) as Json)['type']).toBe('epcisException:ImplementationException');
    const anonymous = await fetch(`${base}/epcis/capture`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json)['type']).toBe('epcisException:SecurityException');
    expect((await adminFetch(`${base}/epcis/capture/no-such-job`)).status).toBe(404);
  });

  it('lets a supplier neither capture nor query', async () => {
    const token = await tokenFor(base, 'supplier', { supplierId: 'urn:lotgraph:party:SUP-X' });
    const q = await fetch(`${base}/epcis/events`, { headers: bearer(token) });
    expect(q.status).toBe(403);
    const c = await fetch(`${base}/epcis/capture`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(document([])),
    });
    expect(c.status).toBe(403);
  });

  it('captures one event with POST /epcis/events and answers where it is', async () => {
    const event: Json = {
      '@context': CONTEXT,
      type: 'ObjectEvent',
      ...when(9),
      epcList: ['urn:lotgraph:unit:SINGLE-1'],
      action: 'OBSERVE',
      bizStep: 'inspecting',
    };
    const res = await adminFetch(`${base}/epcis/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(201);
    const where = res.headers.get('location')!;
    hashId = decodeURIComponent(where.replace('/epcis/events/', ''));
    expect(hashId).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    const one = (await (await adminFetch(`${base}${where}`)).json()) as QueryDoc;
    expect(one.epcisBody.queryResults.resultsBody.eventList.map((e) => e['eventID'])).toEqual([hashId]);
    E.push([event, fact({ eventID: hashId, type: 'ObjectEvent', hour: 9, bizStep: 'inspecting', epc: [] })]);
  });
});

// The oracle: which facts a parameter set selects, read off the facts by plain comparison.
const withName = (names: Name[], asked: Name[]) => names.some((n) => asked.includes(n));
const ofGtin = (names: Name[], gtin: string) => names.some((n) => OBJ[n].gtin === gtin);

describe('EPCIS query (GET /epcis/events)', () => {
  const cases: [string, (f: Fact) => boolean][] = [
    ['eventType=ObjectEvent', (f) => f.type === 'ObjectEvent'],
    [
      'eventType=AggregationEvent|TransformationEvent',
      (f) => ['AggregationEvent', 'TransformationEvent'].includes(f.type),
    ],
    ['EQ_action=ADD', (f) => f.action === 'ADD'],
    ['EQ_bizStep=shipping', (f) => f.bizStep === 'shipping'],
    // the same step in its web-URI spelling
    [
      `EQ_bizStep=${encodeURIComponent('https://ref.gs1.org/cbv/BizStep-assembling')}`,
      (f) => f.bizStep === 'assembling',
    ],
    ['EQ_disposition=in_transit|destroyed', (f) => ['in_transit', 'destroyed'].includes(f.disposition ?? '')],
    [`EQ_readPoint=${encodeURIComponent(RP1)}`, (f) => f.readPoint === RP1],
    [`EQ_bizLocation=${encodeURIComponent(BL1)}`, (f) => f.bizLocation === BL1],
    [`GE_eventTime=${T(3)}&LT_eventTime=${T(6)}`, (f) => f.hour >= 3 && f.hour < 6],
    // a time in another zone: 09:30+02:00 is 07:30Z, i.e. hour 1.5 of the fixtures
    [`GE_eventTime=${encodeURIComponent('2026-01-10T09:30:00+02:00')}`, (f) => f.hour >= 1.5],
    // MATCH_epc by the Digital Link spelling of an object captured as an EPC URI, and back
    [`MATCH_epc=${encodeURIComponent(id('A1', 1))}`, (f) => withName(f.epc, ['A1'])],
    [`MATCH_epc=${encodeURIComponent(id('A2', 0))}`, (f) => withName(f.epc, ['A2'])],
    [`MATCH_epc=${encodeURIComponent('urn:epc:idpat:sgtin:0614141.107346.*')}`, (f) => ofGtin(f.epc, 'G1')],
    [`MATCH_parentID=${encodeURIComponent(id('S1'))}`, (f) => withName(f.parentID, ['S1'])],
    [`MATCH_inputEPC=${encodeURIComponent(id('A1'))}`, (f) => withName(f.inputEPC, ['A1'])],
    [`MATCH_outputEPC=${encodeURIComponent(id('B1'))}`, (f) => withName(f.outputEPC, ['B1'])],
    [
      `MATCH_anyEPC=${encodeURIComponent(id('B1'))}`,
      (f) => withName([...f.epc, ...f.parentID, ...f.inputEPC, ...f.outputEPC], ['B1']),
    ],
    [`MATCH_epcClass=${encodeURIComponent(id('L1', 1))}`, (f) => withName(f.epcClass, ['L1'])],
    [`MATCH_inputEPCClass=${encodeURIComponent(id('L1'))}`, (f) => withName(f.inputEPCClass, ['L1'])],
    [`MATCH_outputEPCClass=${encodeURIComponent(id('L2'))}`, (f) => withName(f.outputEPCClass, ['L2'])],
    [
      `MATCH_anyEPCClass=${encodeURIComponent(id('L2'))}`,
      (f) => withName([...f.epcClass, ...f.inputEPCClass, ...f.outputEPCClass], ['L2']),
    ],
    [
      `MATCH_epcClass=${encodeURIComponent('urn:epc:idpat:sgtin:4012345.012345.*')}`,
      (f) => ofGtin(f.epcClass, 'G2'),
    ],
    // several parameters: all must hold
    [
      `EQ_bizStep=shipping|packing&MATCH_anyEPC=${encodeURIComponent(id('S1'))}`,
      (f) => ['shipping', 'packing'].includes(f.bizStep ?? '') && withName([...f.epc, ...f.parentID], ['S1']),
    ],
    [
      `MATCH_epc=${encodeURIComponent(id('A1'))}&MATCH_epcClass=${encodeURIComponent(id('L1'))}`,
      (f) => withName(f.epc, ['A1']) && withName(f.epcClass, ['L1']),
    ],
    [
      `EQ_eventID=${encodeURIComponent(E[3]![1].eventID)}|urn:uuid:nothing`,
      (f) => f.eventID === E[3]![1].eventID,
    ],
    ['EXISTS_errorDeclaration', (f) => f.errorDeclared],
    [`EQ_eventID=${encodeURIComponent(E[0]![1].eventID)}`, (f) => f.eventID === E[0]![1].eventID],
  ];

  it.each(cases)('%s', async (params, selects) => {
    const { res, body } = await query(`${params}&perPage=100`);
    expect(res.status).toBe(200);
    expect(res.headers.get('gs1-epcis-version')).toBe('2.0.0');
    expect(body.type).toBe('EPCISQueryDocument');
    const expected = facts().filter(selects).map(factId).sort();
    expect(expected.length, 'each case selects something').toBeGreaterThan(0);
    expect(ids(body).sort()).toEqual(expected);
  });

  it('names an event captured without eventID by its event hash', async () => {
    const { body } = await query('EQ_bizStep=destroying');
    const [e] = body.epcisBody.queryResults.resultsBody.eventList;
    expect(String(e!['eventID'])).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    expect(typeof e!['recordTime']).toBe('string');
  });

  it('orders by event time either way, and by record time', async () => {
    const asc = await query('orderBy=eventTime&orderDirection=ASC&perPage=100');
    const hours = (d: QueryDoc) =>
      d.epcisBody.queryResults.resultsBody.eventList.map((e) => Date.parse(String(e['eventTime'])));
    const a = hours(asc.body);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(a).toHaveLength(facts().length);
    const desc = await query('orderBy=eventTime&perPage=100'); // DESC is the default with orderBy
    expect(hours(desc.body)).toEqual([...a].sort((x, y) => y - x));
    const rec = await query('orderBy=recordTime&orderDirection=ASC&perPage=100');
    const r = rec.body.epcisBody.queryResults.resultsBody.eventList.map((e) =>
      Date.parse(String(e['recordTime'])),
    );
    expect(r).toEqual([...r].sort((x, y) => x - y));
  });

  it('pages with perPage and the Link header, each event once, in order', async () => {
    const all = ids((await query('orderBy=eventTime&orderDirection=ASC&perPage=100')).body);
    const seen: string[] = [];
    let url: string | null = `${base}/epcis/events?orderBy=eventTime&orderDirection=ASC&perPage=3`;
    let pages = 0;
    while (url) {
      const res = await adminFetch(url);
      expect(res.status).toBe(200);
      const page = ids((await res.json()) as QueryDoc);
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page);
      pages++;
      const link = res.headers.get('link');
      url = link ? `${base}${/^<([^>]+)>; rel="next"$/.exec(link)![1]!}` : null;
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('stops at eventCountLimit across pages, and refuses more than maxEventCount', async () => {
    const limited = await query('orderBy=eventTime&orderDirection=ASC&eventCountLimit=4&perPage=3');
    expect(ids(limited.body)).toHaveLength(3);
    const next = limited.res.headers.get('link')!;
    const second = await adminFetch(`${base}${/^<([^>]+)>/.exec(next)![1]!}`);
    expect(ids((await second.json()) as QueryDoc)).toHaveLength(1);
    expect(second.headers.get('link')).toBeNull();
    const tooMany = await query('maxEventCount=2');
    expect(tooMany.res.status).toBe(400);
    expect(tooMany.body['type']).toBe('epcisException:QueryTooLargeException');
  });

  it('refuses unknown parameters, bad values and foreign page tokens, naming each', async () => {
    const r = await query('EQ_colour=red&GE_eventTime=yesterday&EQ_action=CREATE&perPage=0');
    expect(r.res.status).toBe(400);
    expect(r.body['type']).toBe('epcisException:QueryParameterException');
    const fields = (r.body['problems'] as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['EQ_action', 'EQ_colour', 'GE_eventTime', 'perPage']);
    const page = await query('orderBy=eventTime&perPage=2');
    const token = new URLSearchParams(/\?(.*)>/.exec(page.res.headers.get('link')!)![1]!).get(
      'nextPageToken',
    )!;
    const other = await query(`EQ_action=ADD&perPage=2&nextPageToken=${encodeURIComponent(token)}`);
    expect(other.res.status).toBe(400);
    expect((other.body['problems'] as { field: string }[])[0]!.field).toBe('nextPageToken');
  });

  it('answers by event type and by EPC on their own paths', async () => {
    const byType = await adminFetch(`${base}/epcis/eventTypes/TransactionEvent/events`);
    const expectedType = facts()
      .filter((f) => f.type === 'TransactionEvent')
      .map(factId);
    expect(ids((await byType.json()) as QueryDoc)).toEqual(expectedType);
    const byEpc = await adminFetch(`${base}/epcis/epcs/${encodeURIComponent(id('B1'))}/events?perPage=100`);
    const expectedEpc = facts()
      .filter((f) => withName([...f.epc, ...f.parentID, ...f.inputEPC, ...f.outputEPC], ['B1']))
      .map(factId)
      .sort();
    expect(ids((await byEpc.json()) as QueryDoc).sort()).toEqual(expectedEpc);
    expect((await adminFetch(`${base}/epcis/events/${encodeURIComponent('urn:uuid:none')}`)).status).toBe(
      404,
    );
  });

  it('answers documents that pass the GS1 EPCIS 2.0 JSON Schema and can be captured again', async () => {
    const schema = JSON.parse(
      readFileSync(
        new URL('../fixtures/gs1-epcis-json-schema/EPCIS-JSON-Schema.json', import.meta.url),
        'utf8',
      ),
    ) as Json;
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(schema);
    const { body } = await query('perPage=100');
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    // a partner's repository would take the answer as it is: here it is all duplicates
    const job = await finished(await capture(JSON.stringify(body), 'application/json'));
    expect(job).toMatchObject({ success: true, captured: 0, duplicates: facts().length });
  });
});

// Last: these add corpus events the query oracle above does not describe.
describe('EPCIS XML capture', () => {
  it('takes EPCIS 2.0 XML: the XML twin of a JSON document is the same events, all duplicates', async () => {
    const json = readFileSync(
      new URL('Capture/Documents/Combination_of_different_event.json', CORPUS_JSON),
      'utf8',
    );
    const xml = readFileSync(
      new URL('Capture/Documents/Combination_of_different_event.xml', CORPUS_XML),
      'utf8',
    );
    const first = await finished(await capture(json, 'application/ld+json'));
    expect(first).toMatchObject({ success: true, eventsRead: 6, captured: 6, duplicates: 0 });
    const twin = await finished(await capture(xml, 'application/xml'));
    expect(twin).toMatchObject({
      success: true,
      epcisVersion: '2.0',
      eventsRead: 6,
      captured: 0,
      duplicates: 6,
    });
  });

  it('takes EPCIS 1.2 XML, converted, with its master data', async () => {
    // a pharmaceutical supply chain example: 8 events, locations and products as master data
    const xml = readFileSync(new URL('GS1_US_Pharma_Example_2_2_1_1.xml', CORPUS_12), 'utf8');
    const job = await finished(await capture(xml, 'text/xml'));
    expect(job).toMatchObject({
      success: true,
      epcisVersion: '1.2',
      eventsRead: 8,
      captured: 8,
      duplicates: 0,
    });
  });

  it('fails an XML job with the line of each problem, storing nothing', async () => {
    const before = await logCounts(t.stores.duck);
    const xml = readFileSync(
      new URL('Capture/Invalid/ObjectEvent_with_invalid_action.xml', CORPUS_XML),
      'utf8',
    );
    const job = await finished(await capture(xml, 'application/xml'));
    expect(job.success).toBe(false);
    const [p] = job.errors[0]!.problems!;
    // line 12 of the file is <action>CREATE</action>
    expect(p).toMatchObject({ pointer: '/epcisBody/eventList/0/action', field: 'action', line: 12 });
    const doctype = await finished(
      await capture('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'application/xml'),
    );
    expect(doctype.success).toBe(false);
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });

  it('fails an XML job the EPCIS 2.0 XSD refuses, with the line, storing nothing', async () => {
    const before = await logCounts(t.stores.duck);
    // the conversion reads it, but its events are qualified with the EPCIS namespace (line 5),
    // where the schema declares them unqualified
    const xml = readFileSync(new URL('Capture/Documents/Namespace_document.xml', CORPUS_XML), 'utf8');
    const job = await finished(await capture(xml, 'application/xml'));
    expect(job.success).toBe(false);
    expect(job.errors[0]!.problems).toEqual([
      {
        line: 5,
        reason:
          "Element '{urn:epcglobal:epcis:xsd:2}ObjectEvent': This element is not expected. (EPCIS 2.0 XSD)",
      },
    ]);
    expect(await logCounts(t.stores.duck)).toEqual(before);
  });
});
