// The labels page in a real browser (Chromium) against the real server and stores, on the small
// label plant (test/builders/labels.builder.ts): the QR code on the label is read back from a
// screenshot (pngjs + jsQR) and must hold exactly the lot's GS1 Digital Link; scanning that text
// into the trace explorer opens the lot's trace; the resolver path of the Digital Link leads a
// signed-in person to the same trace; print shows only the labels, each one page of the label's
// size. With LOTGRAPH_SCREENSHOTS=1 it also saves screenshots under docs/screenshots/.
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { COCOA_LOT, MILL, OATS_LOT, PALLET, labelsDocument } from '../builders/labels.builder.ts';
import { createUser } from '../support/auth.ts';
import { screenshot, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUINN = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const OSCAR = { username: 'oscar', password: 'oscar-operator-1', displayName: 'Oscar Operator' };
const POLL = { timeout: 15_000 };

// The oats lot's Digital Link, written out by hand: GTIN 0 4012345 12345 + check digit 6 (from
// its lgtin EPC), lot OATS-77, expiry 2026-03-31 as AI 17 (YYMMDD).
const OATS_PATH = '/01/04012345123456/10/OATS-77?17=260331';
const OATS_HRI = '(01)04012345123456(10)OATS-77(17)260331';

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, labelsDocument(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QUINN, role: 'quality_engineer' });
  await createUser(server.base, { ...OSCAR, role: 'operator' });
  browser = await TestBrowser.launch();
});
afterEach(async () => browser?.endTest());
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

// jsQR ships CommonJS with an ES-style default export; under Node the import is the function
// itself (with the same function again as .default), which the types do not describe.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const labelsPath = (ids: string[], extra = '') =>
  `/labels?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}${extra}`;
const labelOf = (page: Page, code: string) => page.getByRole('article', { name: `Label ${code}` });

/** The text a QR code on the page holds, read back from a screenshot of it. */
async function readQr(qr: Locator): Promise<string | null> {
  await qr.waitFor();
  const png = PNG.sync.read(await qr.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const nodeIds = (page: Page) =>
  page
    .getByRole('list', { name: /^Objects in the graph/ })
    .locator('[data-node-id]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-node-id')!).sort());

describe('labels page', () => {
  it('prints the Digital Link of a lot in its QR code, and scanning it opens the trace', async () => {
    const page = await browser!.signedIn(server!.base, QUINN, labelsPath([OATS_LOT]));
    const label = labelOf(page, 'OATS-77');
    await label.waitFor(POLL);
    const dl = server!.base + OATS_PATH;
    expect(await readQr(label.getByRole('img', { name: `GS1 Digital Link ${dl}` }))).toBe(dl);
    expect(await label.locator('.label-hri').innerText()).toBe(OATS_HRI);
    // The inbound-lot template: supplier, supplier lot, quantity, expiry, GTIN.
    expect(await label.locator('.label-fact').allInnerTexts()).toEqual([
      'SUPPLIER\nOat Mill North',
      'SUPPLIER LOT\nNM-4711',
      'QUANTITY\n250 KGM',
      'EXPIRY\n2026-03-31',
      'GTIN\n04012345123456',
    ]);
    await screenshot(page, 'labels');

    // "Scan" the QR code's text into the trace explorer's search box.
    await page.goto('/trace');
    const box = page.getByLabel('Lot, serial, supplier lot, EPC, Digital Link or scan');
    await box.fill(dl);
    await box.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('id') === OATS_LOT, POLL);
    await expect.poll(() => nodeIds(page), POLL).toEqual([OATS_LOT, MILL].sort());
  });

  it('sends a phone that opens the Digital Link to the trace page, through sign-in', async () => {
    const page = await browser!.newPage(server!.base);
    await page.goto(OATS_PATH);
    await page.waitForURL('**/login');
    await page.getByLabel('User name').fill(QUINN.username);
    await page.getByLabel('Password', { exact: true }).fill(QUINN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(
      (u) => u.pathname === '/trace' && u.searchParams.get('id') === server!.base + OATS_PATH,
    );
    await expect.poll(() => nodeIds(page), POLL).toEqual([OATS_LOT, MILL].sort());
  });

  it('labels several objects at once: a trace link where there is no GTIN, and adds a scan', async () => {
    const page = await browser!.signedIn(
      server!.base,
      OSCAR,
      labelsPath([COCOA_LOT, PALLET], '&size=100x50mm'),
    );
    const cocoa = labelOf(page, 'COCOA-9');
    await cocoa.waitFor(POLL);
    const trace = `${server!.base}/trace?id=${encodeURIComponent(COCOA_LOT)}`;
    expect(await readQr(cocoa.getByRole('img', { name: `Trace link ${trace}` }))).toBe(trace);
    expect(await cocoa.locator('.label-note').innerText()).toBe('No GTIN: scan to trace in Lotgraph');
    // The pallet's SSCC: 0 4012345 000000042, check digit 9.
    const pallet = labelOf(page, '0000000042');
    const sscc = `${server!.base}/00/040123450000000429`;
    expect(await readQr(pallet.getByRole('img', { name: `GS1 Digital Link ${sscc}` }))).toBe(sscc);
    expect(await pallet.locator('.label-hri').innerText()).toBe('(00)040123450000000429');

    // A scanner types the GS1 element string of the muesli lot (its material's GTIN-13, padded).
    const box = page.getByLabel('Lot, serial, container, EPC, Digital Link or scan');
    await box.fill('(01)04006381333931(10)MU-2511-001');
    await box.press('Enter');
    const muesli = labelOf(page, 'MU-2511-001');
    await muesli.waitFor(POLL);
    const dl = `${server!.base}/01/04006381333931/10/MU-2511-001?17=260531`;
    expect(await readQr(muesli.getByRole('img', { name: `GS1 Digital Link ${dl}` }))).toBe(dl);
    expect(new URL(page.url()).searchParams.getAll('id')).toEqual([
      COCOA_LOT,
      PALLET,
      '(01)04006381333931(10)MU-2511-001',
    ]);
    // An unknown code is named and not added.
    await box.fill('NOPE-1');
    await box.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').allInnerTexts(), POLL)
      .toEqual([expect.stringContaining('no lot, unit or container is known as "NOPE-1"')]);
    expect(await page.getByRole('article').count()).toBe(3);
    await page.getByRole('button', { name: 'Remove COCOA-9' }).click();
    await expect.poll(() => page.getByRole('article').count(), POLL).toBe(2);
    expect(new URL(page.url()).searchParams.getAll('id')).toEqual([
      PALLET,
      '(01)04006381333931(10)MU-2511-001',
    ]);
  });

  it('prints only the labels, each the size of the page', async () => {
    const page = await browser!.signedIn(
      server!.base,
      QUINN,
      labelsPath([OATS_LOT, COCOA_LOT], '&size=4x6in'),
    );
    await labelOf(page, 'COCOA-9').waitFor(POLL);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Labels', level: 1 }).isVisible()).toBe(false);
    expect(await page.getByLabel('Lot, serial, container, EPC, Digital Link or scan').isVisible()).toBe(
      false,
    );
    // 4 × 6 in at 96 CSS pixels per inch, one under the other from the page's top-left.
    const boxes = await page
      .getByRole('article')
      .evaluateAll((as) =>
        as.map((a) => a.getBoundingClientRect()).map((r) => [r.x, r.y, r.width, r.height]),
      );
    expect(boxes).toEqual([
      [0, 0, 384, 576],
      [0, 576, 384, 576],
    ]);
    // The printed document: two pages of 4 × 6 in (288 × 432 pt).
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const sizes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(sizes).toEqual([
      [288, 432],
      [288, 432],
    ]);
  });
});
