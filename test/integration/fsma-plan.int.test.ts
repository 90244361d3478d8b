// The FSMA 204 traceability plan over HTTP, real stores: each save is a new version (old ones
// kept, newest first), audited `fsma.plan.save` with who, the version and the reason; staff read
// it, only config:write saves it, a supplier's user reads none of it; bad input names each field by
// its JSON pointer and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, bearer, tokenFor, userWithToken } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';
import { party } from '../builders/epcis.builder.ts';

let t: TestStores;
let server: TestServer;
let admin: string;
let adminActor: string;
let quality: string;
let supplier: string;

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t);
  admin = (await userWithToken(server.base, 'admin')).token;
  adminActor = await actorFor(server.base, admin);
  quality = await tokenFor(server.base, 'quality_engineer');
  supplier = await tokenFor(server.base, 'supplier', { supplierId: party('FARM') });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const call = (token: string | null, method: string, path: string, body?: unknown) =>
  fetch(`${server.base}/api${path}`, {
    method,
    headers: {
      ...(token ? bearer(token) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
async function ok<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Plan {
  recordProcedures: string;
  ftlIdentification: string;
  tlcAssignment: string;
  contact: { name: string; phone: string; email: string };
  farmMaps: string | null;
  farmMapsReference: string | null;
  notes: string | null;
}
const FIRST: Plan = {
  recordProcedures: 'Records are kept as EPCIS events in Lotgraph, exported as the sortable spreadsheet.',
  ftlIdentification: 'Materials on the list carry lg:ftl in their master data.',
  tlcAssignment:
    'Codes are assigned at packing and at every transformation; received lots keep the supplier code.',
  contact: { name: 'Traceability desk', phone: '+1 555 0100', email: 'trace@plant.example' },
  farmMaps: 'Field 1 at 40.7128 N, 74.0060 W; field 2 next to it.',
  farmMapsReference: 'https://plant.example/maps/fields.pdf',
  notes: null,
};
const SECOND: Plan = {
  ...FIRST,
  contact: { name: 'Quality office', phone: '+1 555 0199', email: 'quality@plant.example' },
  farmMaps: null,
  farmMapsReference: null,
  notes: 'The desk moved to the quality office.',
};

describe('the traceability plan', () => {
  it('has none before the first save', async () => {
    expect(await ok(await call(quality, 'GET', '/fsma204/plan'))).toEqual({ plan: null });
    expect(await ok(await call(quality, 'GET', '/fsma204/plan/versions'))).toEqual({ versions: [] });
  });

  it('saves a new version on each save, keeps the old ones, and audits each save', async () => {
    const first = await ok<{ plan: Record<string, unknown> }>(
      await call(admin, 'PUT', '/fsma204/plan', { plan: FIRST, reason: 'first plan' }),
      201,
    );
    const v1 = {
      ...FIRST,
      version: 1,
      savedBy: adminActor,
      savedAt: expect.stringMatching(ISO),
      reason: 'first plan',
    };
    expect(first.plan).toEqual(v1);
    // blank optional texts are none; the texts are trimmed
    const second = await ok<{ plan: Record<string, unknown> }>(
      await call(admin, 'PUT', '/fsma204/plan', {
        plan: { ...SECOND, farmMaps: '  ', notes: ` ${SECOND.notes} ` },
        reason: ' new contact ',
      }),
      201,
    );
    const v2 = {
      ...SECOND,
      version: 2,
      savedBy: adminActor,
      savedAt: expect.stringMatching(ISO),
      reason: 'new contact',
    };
    expect(second.plan).toEqual(v2);
    expect(await ok(await call(quality, 'GET', '/fsma204/plan'))).toEqual({ plan: v2 });
    expect(await ok(await call(quality, 'GET', '/fsma204/plan/versions'))).toEqual({ versions: [v2, v1] });

    const audit = await ok<{ entries: Record<string, unknown>[] }>(
      await call(admin, 'GET', '/audit?action=fsma.plan.save'),
    );
    const content = (p: Plan, version: number) => ({ version, ...p });
    expect(
      audit.entries.map(({ actor, subject, before, after, reason }) => ({
        actor,
        subject,
        before,
        after,
        reason,
      })),
    ).toEqual([
      {
        actor: adminActor,
        subject: 'fsma204:traceability-plan',
        before: null,
        after: content(FIRST, 1),
        reason: 'first plan',
      },
      {
        actor: adminActor,
        subject: 'fsma204:traceability-plan',
        before: { version: 1 },
        after: content(SECOND, 2),
        reason: 'new contact',
      },
    ]);
  });

  it('names every bad field by its JSON pointer and saves nothing', async () => {
    const res = await call(admin, 'PUT', '/fsma204/plan', {
      plan: {
        ...FIRST,
        recordProcedures: '  ',
        tlcAssignment: undefined,
        contact: { name: 'Desk', phone: 'call the desk', email: 'desk at plant' },
        farmMapsReference: 'the map in the office',
        colour: 'green',
      },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; problems: { pointer: string; field: string; reason: string }[] };
    };
    expect(error.code).toBe('INVALID_INPUT');
    const byPointer = <P extends { pointer: string }>(ps: P[]) =>
      [...ps].sort((a, b) => a.pointer.localeCompare(b.pointer));
    expect(byPointer(error.problems)).toEqual(
      byPointer([
        { pointer: '/plan/recordProcedures', field: 'plan.recordProcedures', reason: 'must not be blank' },
        { pointer: '/plan/tlcAssignment', field: 'plan.tlcAssignment', reason: 'is required' },
        {
          pointer: '/plan/contact/phone',
          field: 'plan.contact.phone',
          reason: 'must be a phone number: digits, spaces and + ( ) - . /',
        },
        { pointer: '/plan/contact/email', field: 'plan.contact.email', reason: 'must be an e-mail address' },
        {
          pointer: '/plan/farmMapsReference',
          field: 'plan.farmMapsReference',
          reason: 'must be a URI: a web address (https://…) or another URI',
        },
        { pointer: '/plan', field: 'plan', reason: expect.stringContaining('"colour"') },
        { pointer: '/reason', field: 'reason', reason: 'is required' },
      ]),
    );
    expect(
      (await ok<{ versions: unknown[] }>(await call(quality, 'GET', '/fsma204/plan/versions'))).versions,
    ).toHaveLength(2);
  });

  it('lets staff read it, only config:write save it, and a supplier reach none of it', async () => {
    const body = { plan: FIRST, reason: 'not allowed' };
    expect((await call(quality, 'PUT', '/fsma204/plan', body)).status).toBe(403);
    for (const path of ['/fsma204/plan', '/fsma204/plan/versions', '/fsma204/materials'])
      expect((await call(supplier, 'GET', path)).status, path).toBe(403);
    expect((await call(supplier, 'PUT', '/fsma204/plan', body)).status).toBe(403);
    expect((await call(null, 'GET', '/fsma204/plan')).status).toBe(401);
    expect((await call(null, 'PUT', '/fsma204/plan', body)).status).toBe(401);
    // nothing changed: still two versions, two audit entries
    expect(
      (await ok<{ plan: { version: number } }>(await call(quality, 'GET', '/fsma204/plan'))).plan.version,
    ).toBe(2);
    const audit = await ok<{ entries: unknown[] }>(await call(admin, 'GET', '/audit?action=fsma.plan.save'));
    expect(audit.entries).toHaveLength(2);
  });
});
