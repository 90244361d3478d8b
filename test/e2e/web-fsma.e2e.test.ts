// The FSMA 204 page in a real browser (Chromium) against the real server and stores, on the salad
// plant (test/fixtures/fsma.fixture.ts): an admin writes the traceability plan and saves a second
// version with a reason, the history shows both and an old one can be shown again, a quality
// engineer reads it without editing; the spreadsheet link of a product downloads a CSV whose rows
// are the API's for the same product and days. With LOTGRAPH_SCREENSHOTS=1 it saves a screenshot.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { SPINACH, SP1, SP2, fsmaDocument, times } from '../fixtures/fsma.fixture.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { expectRows, navLinks, screenshot, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const ADMIN = { username: 'plan-admin', password: 'plan-admin-secret-1', displayName: 'Plan Admin' };
const READER = { username: 'plan-reader', password: 'plan-reader-secret-1', displayName: 'Plan Reader' };
const POLL = { timeout: 10_000 };

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, fsmaDocument(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...ADMIN, role: 'admin' });
  await createUser(server.base, { ...READER, role: 'quality_engineer' });
  browser = await TestBrowser.launch();
});
afterEach(async () => browser?.endTest());
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const PLAN = {
  records: 'Every event is captured in Lotgraph; the sortable spreadsheet comes from its event log.',
  foods: 'Spinach and salad carry the Food Traceability List flag in their master data.',
  codes: 'The salad line assigns a code to each mix; received spinach keeps the farm code.',
};

/** Fills the plan dialog's contact fields and reason, and saves. */
async function savePlan(page: Page, contact: [string, string, string], reason: string) {
  const dialog = page.getByRole('dialog', { name: /^Traceability plan: version/ });
  await dialog.getByLabel('Name').fill(contact[0]);
  await dialog.getByLabel('Phone').fill(contact[1]);
  await dialog.getByLabel('E-mail').fill(contact[2]);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Save new version' }).click();
  await dialog.waitFor({ state: 'hidden', ...POLL });
}

describe('FSMA 204 page', () => {
  it('lets an admin write the plan and save a new version; the history keeps both', async () => {
    const page = await browser!.signedIn(server!.base, ADMIN, '/fsma');
    expect((await navLinks(page)).slice(2, 5)).toEqual(['Recalls', 'Drills', 'FSMA 204']);
    await page.getByText('No traceability plan is saved yet.').waitFor(POLL);

    await page.getByRole('button', { name: 'Write the plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Traceability plan: version 1' });
    await dialog.getByLabel('How the records are kept').fill(PLAN.records);
    await dialog.getByLabel('How foods on the list are identified').fill(PLAN.foods);
    await dialog.getByLabel('How traceability lot codes are assigned').fill(PLAN.codes);
    // a bad phone number is named by the API and nothing is saved
    await dialog.getByLabel('Name').fill('Traceability desk');
    await dialog.getByLabel('Phone').fill('call the desk');
    await dialog.getByLabel('E-mail').fill('trace@plant.example');
    await dialog.getByLabel('Reason').fill('first plan');
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').innerText(), POLL)
      .toContain('Phone: must be a phone number: digits, spaces and + ( ) - . /');
    expect(await page.getByText('No traceability plan is saved yet.').count()).toBe(1);
    await savePlan(page, ['Traceability desk', '+1 555 0100', 'trace@plant.example'], 'first plan');
    await page.getByRole('heading', { name: 'Version 1 (current)' }).waitFor(POLL);

    await page.getByRole('button', { name: 'Edit the plan' }).click();
    // the editor starts from the current version
    const second = page.getByRole('dialog', { name: 'Traceability plan: version 2' });
    expect(await second.getByLabel('How the records are kept').inputValue()).toBe(PLAN.records);
    await savePlan(page, ['Quality office', '+1 555 0199', 'quality@plant.example'], 'the desk moved');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'saved' }).innerText(), POLL)
      .toBe('Version 2 of the traceability plan is saved.');
    await page.getByRole('heading', { name: 'Version 2 (current)' }).waitFor(POLL);
    expect(await page.locator('.plan-facts dd').nth(3).innerText()).toBe(
      'Quality office, +1 555 0199, quality@plant.example',
    );
    await expectRows(page, 'Versions', [
      ['2', '<time>', 'user:plan-admin', 'the desk moved', 'Quality office', 'shown'],
      ['1', '<time>', 'user:plan-admin', 'first plan', 'Traceability desk', 'Show version 1'],
    ]);
    // the API holds the same two versions
    const versions = (await (await adminFetch(`${server!.base}/api/fsma204/plan/versions`)).json()) as {
      versions: { version: number; contact: { name: string }; reason: string }[];
    };
    expect(versions.versions.map((v) => [v.version, v.contact.name, v.reason])).toEqual([
      [2, 'Quality office', 'the desk moved'],
      [1, 'Traceability desk', 'first plan'],
    ]);
    await screenshot(page, 'fsma-plan');

    // an old version can be read again
    await page.getByRole('button', { name: 'Show version 1' }).click();
    await page.getByRole('heading', { name: 'Version 1 (superseded)' }).waitFor(POLL);
    expect(await page.locator('.plan-facts dd').nth(3).innerText()).toBe(
      'Traceability desk, +1 555 0100, trace@plant.example',
    );
  });

  it('shows a quality engineer the plan without an editor', async () => {
    const page = await browser!.signedIn(server!.base, READER, '/fsma');
    await page.getByRole('heading', { name: 'Version 2 (current)' }).waitFor(POLL);
    expect(await page.getByRole('button', { name: 'Edit the plan' }).count()).toBe(0);
  });

  it("downloads a product's spreadsheet whose rows are the API's", async () => {
    const page = await browser!.signedIn(server!.base, READER, '/fsma');
    const form = page.getByRole('form', { name: 'Spreadsheet of a product' });
    const product = form.getByLabel('Product');
    await product.waitFor(POLL);
    expect(await product.locator('option').allInnerTexts()).toEqual([
      'Baby spinach (Food Traceability List), 2 lots',
      'Salad mix (Food Traceability List), 1 lot',
    ]);
    await product.selectOption(SPINACH);
    const day = times.sp1.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Events from').fill(day);
    await form.getByLabel('Events before').fill(next);
    const link = page.getByRole('link', { name: 'Spreadsheet (CSV)' });
    const href = `/api/fsma204?material=${encodeURIComponent(SPINACH)}&from=${day}&to=${next}&format=csv`;
    await expect.poll(() => link.getAttribute('href'), POLL).toBe(href);
    expect(await page.getByRole('link', { name: 'Spreadsheet (XLSX)' }).getAttribute('href')).toBe(
      href.replace('format=csv', 'format=xlsx'),
    );

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`fsma204-SPINACH-from-${day}-to-${next}.csv`);
    const downloaded = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const api = await adminFetch(`${server!.base}${href}`);
    expect(api.status).toBe(200);
    expect(downloaded).toEqual(parse(await api.text(), { columns: true }));
    // both spinach lots were received that day: the farm's code of SP-1, SP-2's own lot
    expect(downloaded.map((r) => [r['Traceability Lot Code'], r['Critical Tracking Event']])).toEqual([
      [SP1.supplierLot, 'Receiving'],
      [SP2.code, 'Receiving'],
    ]);
  });
});
