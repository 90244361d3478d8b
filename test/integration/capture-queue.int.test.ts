// Back-pressure on capture over HTTP, on the real stores: with the bounded queue full, each
// capture door answers 429 with Retry-After and stores nothing; a place given back admits the
// next; a document larger than the bytes left waits its turn; nothing leaks a place, whatever
// the outcome; a burst of concurrent captures is either stored or refused, never lost. Form
// captures (POST /api/capture/:form) are one of the doors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { captureJobsSettled } from '../../api/services/epcis-capture.service.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { adminFetch } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer;
const LIMITS = { slots: 2, bytes: 1_000_000 };

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t, {}, { captureQueue: LIMITS });
});
afterAll(async () => {
  await captureJobsSettled();
  await server?.close();
  await t?.close();
});

let n = 0;
const oneReceipt = () =>
  JSON.stringify(doc([receive({ lot: lot(`Q-${++n}`), qty: 1, uom: 'KGM', supplier: party('S'), t: n })]));
/** The standard receiving form's fields (api/services/capture.service.ts). */
const formReceipt = (code: string) => ({
  lot: code,
  material: 'SOLDER-PASTE',
  quantity: 20,
  uom: 'KGM',
  supplier: 'CHEM-A',
});
const post = (path: string, body: string, type = 'application/json') =>
  adminFetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
const events = async () => (await logCounts(t.stores.duck)).events;
const queue = () => server.app.captureQueue;

describe('the capture queue', () => {
  it('refuses every capture door with 429 and Retry-After while full, storing nothing', async () => {
    const held = [queue().enter(0), queue().enter(0)];
    try {
      const rest = await post('/api/events', oneReceipt());
      expect(rest.status).toBe(429);
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await rest.json()).toMatchObject({
        error: {
          code: 'RATE_LIMITED',
          message: expect.stringMatching(/^the capture queue is full .* nothing was stored$/),
        },
      });
      const job = await post('/epcis/capture', oneReceipt());
      expect(job.status).toBe(429);
      expect(job.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(job.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await job.json()).toMatchObject({ type: 'epcisException:ImplementationException', status: 429 });
      const single = await post(
        '/epcis/events',
        JSON.stringify(receive({ lot: lot('Q-single'), qty: 1, uom: 'KGM', supplier: party('S'), t: 0 })),
      );
      expect(single.status).toBe(429);
      // a form capture is a capture door like the others
      const form = await post('/api/capture/receiving', JSON.stringify({ data: formReceipt('Q-form') }));
      expect(form.status).toBe(429);
      expect(Number(form.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await form.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(await events()).toBe(0);
      const jobs = (await (await adminFetch(`${server.base}/epcis/capture`)).json()) as {
        captureJobs: unknown[];
      };
      expect(jobs.captureJobs).toEqual([]);
      expect(queue().state.refused).toBe(4);
    } finally {
      for (const release of held) release();
    }
    // a place given back admits the next, a form capture too
    expect((await post('/api/events', oneReceipt())).status).toBe(201);
    expect(await events()).toBe(1);
    expect(
      (await post('/api/capture/receiving', JSON.stringify({ data: formReceipt('Q-form') }))).status,
    ).toBe(201);
    expect(await events()).toBe(2);
  });

  it('admits a document larger than the bytes left only when the queue is otherwise empty', async () => {
    const big = JSON.stringify(
      doc(
        Array.from({ length: 4000 }, (_, i) =>
          receive({ lot: lot(`BIG-${i}`), qty: 1, uom: 'KGM', supplier: party('S'), t: i }),
        ),
      ),
    );
    expect(Buffer.byteLength(big)).toBeGreaterThan(LIMITS.bytes);
    const held = queue().enter(0);
    const refused = await post('/api/events', big);
    held();
    expect(refused.status).toBe(429);
    expect(await events()).toBe(2);
    const admitted = await post('/api/events', big);
    expect(admitted.status).toBe(201);
    expect(await events()).toBe(4002);
  });

  it('gives every place back, whatever the outcome (stored, refused as bad, a capture job)', async () => {
    expect((await post('/api/events', '{"not": json')).status).toBe(400);
    expect((await post('/api/events', JSON.stringify({ type: 'EPCISDocument' }))).status).toBe(400);
    expect((await post('/api/events', oneReceipt(), 'text/plain')).status).toBe(415);
    expect((await post('/api/capture/receiving', JSON.stringify({ data: {} }))).status).toBe(400);
    const job = await post('/epcis/capture', oneReceipt());
    expect(job.status).toBe(202);
    await captureJobsSettled();
    expect(queue().state).toMatchObject({ admitted: 0, heldBytes: 0 });
    expect(await events()).toBe(4003);
  });

  it('stores or refuses each capture of a concurrent burst, never loses one', async () => {
    const before = await events();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await post('/api/events', oneReceipt());
        return { status: res.status, retryAfter: res.headers.get('retry-after') };
      }),
    );
    for (const a of answers) {
      expect([201, 429]).toContain(a.status);
      if (a.status === 429) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    const stored = answers.filter((a) => a.status === 201).length;
    expect(await events()).toBe(before + stored);
    expect(queue().state).toMatchObject({ admitted: 0, heldBytes: 0 });
  });
});
