// The forms engine in a real browser (Chromium) against the real server and stores: an admin
// adds a custom field (ESD wrist-strap test, a number in MΩ with a range) to the process-record
// form in the editor; it appears in capture, an out-of-range value is refused with the field
// named, a valid one is saved and traceable. An operator on a tablet scans a GS1-128 label (]C1
// prefix) into a scan field, Enter moves on and submits, and an interlock refusal is shown.
// With LOTGRAPH_SCREENSHOTS=1 it also saves screenshots under docs/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, createUser } from '../support/auth.ts';
import { screenshot, submitSignIn, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const ADA = { username: 'ada', password: 'ada-admin-pass-1', displayName: 'Ada Admin' };
const OLLI = { username: 'olli', password: 'olli-operator-1', displayName: 'Olli Operator' };
// Saving a form version waits for the store; generous for a busy machine.
const POLL = { timeout: 30_000 };
const ESD_LABEL = 'ESD wrist-strap test';
const SCANNED_LOT = 'https://id.gs1.org/01/09506000134352/10/ABC123';

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...ADA, role: 'admin' });
  await createUser(server.base, { ...OLLI, role: 'operator' });
  browser = await TestBrowser.launch();
});
afterEach(async () => browser?.endTest());
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function api<T>(path: string): Promise<T> {
  const res = await adminFetch(`${server!.base}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('form editor and capture', () => {
  it('adds an ESD field to process-record; capture refuses an out-of-range value and saves a valid one', async () => {
    const page = await browser!.signedIn(server!.base, ADA, '/forms');
    await page.getByRole('link', { name: 'Process record' }).click();
    await page.waitForURL('**/forms/process-record');
    await page.getByRole('heading', { name: /Process record version 1/ }).waitFor();

    await page.getByRole('group', { name: 'Add a field' }).getByRole('button', { name: 'Number' }).click();
    const editor = page.locator('.form-field-editor');
    await editor.getByLabel('Label').fill(ESD_LABEL);
    expect(await editor.getByLabel('Name').inputValue()).toBe('esdWristStrapTest');
    await editor.getByLabel('Unit').fill('MΩ');
    await editor.getByLabel('Minimum').fill('0.75');
    await editor.getByLabel('Maximum').fill('35');
    await editor.getByLabel('Required').check();
    // The preview shows the new field as it will be filled in.
    await page
      .getByRole('complementary', { name: 'Preview' })
      .getByLabel(new RegExp(`^${ESD_LABEL}`))
      .waitFor();
    await page.getByLabel('What changed (note for the version)').fill('ESD wrist-strap check at SMT');
    await screenshot(page, 'form-editor');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2' }).waitFor(POLL);
    await page.getByRole('link', { name: 'Version 2' }).waitFor();
    expect(await page.locator('.form-versions li').first().innerText()).toContain(
      'ESD wrist-strap check at SMT',
    );

    const form = await api<{
      version: number;
      fields: { name: string; type: string; unit?: string; min?: number; max?: number; required?: boolean }[];
    }>('/api/forms/process-record');
    expect(form.version).toBe(2);
    expect(form.fields.at(-1)).toEqual({
      name: 'esdWristStrapTest',
      label: ESD_LABEL,
      type: 'number',
      required: true,
      unit: 'MΩ',
      min: 0.75,
      max: 35,
    });

    // Capture with the new version: the field is there, with its unit.
    await page.goto('/capture/process-record');
    await page.getByRole('heading', { name: /Process record version 2/ }).waitFor();
    await page.getByLabel(/^Process step/).fill('SMT');
    await page.getByLabel(/^Output lot/).fill('PCB-7');
    await page.getByLabel(/^Output quantity/).fill('50');
    await page.getByLabel(/^Output unit/).selectOption('H87');
    const esd = page.getByLabel(new RegExp(`^${ESD_LABEL}`));
    await esd.fill('50');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect.poll(() => esd.getAttribute('aria-invalid'), POLL).toBe('true');
    const describedBy = (await esd.getAttribute('aria-describedby'))!.split(' ');
    const errorText = await page.locator(`[id="${describedBy.at(-1)}"]`).innerText();
    expect(errorText).toBe('must be at most 35 MΩ (range 0.75–35 MΩ)');
    expect(await api<{ submissions: unknown[] }>('/api/submissions?subject=PCB-7')).toEqual({
      submissions: [],
    });
    await screenshot(page, 'capture-refused');

    await esd.fill('12.5');
    await page.getByRole('button', { name: 'Capture' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Saved' });
    await done.waitFor(POLL);
    expect(await done.innerText()).toMatch(/Saved as FS-\d{4}-\d{6} \(form version 2\) for PCB-7\./);

    // Traceable: the submission about the lot, and the parameter with the operation that made it.
    const subs = await api<{
      submissions: { submissionId: string; version: number; data: Record<string, unknown> }[];
    }>('/api/submissions?subject=PCB-7');
    expect(subs.submissions.map((s) => [s.version, s.data['esdWristStrapTest']])).toEqual([[2, 12.5]]);
    const detail = await api<{
      operations: { parameters: { name: string; value: number; uom: string }[] }[];
    }>(`/api/objects/detail?id=${encodeURIComponent('urn:lotgraph:lot:PCB-7')}`);
    expect(detail.operations.flatMap((o) => o.parameters.map((p) => [p.name, p.value, p.uom]))).toEqual([
      ['esdWristStrapTest', 12.5, 'MΩ'],
    ]);

    // The record reads with its own version, the custom field with its unit.
    await done.getByRole('link', { name: 'Open the record' }).click();
    await page.waitForURL(`**/submissions/${subs.submissions[0]!.submissionId}`);
    const row = page.locator('.form-submission div').filter({ hasText: ESD_LABEL });
    expect(await row.locator('dd').innerText()).toBe('12.5 MΩ');
    expect(await page.locator('.facts dd').first().innerText()).toContain('process-record version 2');
  });
});

describe('capture on a tablet with a barcode scanner', () => {
  it('a GS1-128 scan with ]C1 prefix moves on with Enter, the form submits on Enter, an interlock refusal is shown', async () => {
    const page = await browser!.newPage(server!.base);
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto('/capture');
    await page.waitForURL('**/login');
    await submitSignIn(page, OLLI);
    await page.waitForURL('**/capture');
    await page.getByRole('link', { name: /^Receiving/ }).click();
    await page.waitForURL('**/capture/receiving');

    const lot = page.getByLabel(/^Lot/);
    await lot.focus();
    // What a keyboard-wedge scanner types for a GS1-128 label, then its Enter.
    await page.keyboard.type(']C10109506000134352' + '10ABC123');
    await page.keyboard.press('Enter');
    // Enter moved on to the next required field still empty.
    const material = page.getByLabel(/^Material/);
    await expect.poll(() => material.evaluate((el) => el === document.activeElement), POLL).toBe(true);
    await page.keyboard.type('SOLDER-PASTE');
    await page.getByLabel(/^Quantity/).fill('20');
    await page.getByLabel(/^Unit/).selectOption('KGM');
    const supplier = page.getByLabel(/^Supplier/).first();
    await supplier.fill('CHEM-A');
    // Large touch targets on a tablet.
    for (const box of [
      await lot.boundingBox(),
      await page.getByRole('button', { name: 'Capture' }).boundingBox(),
    ])
      expect(box!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'capture-tablet');
    // Every required field is filled: Enter submits.
    await supplier.press('Enter');
    const done = page.getByRole('status').filter({ hasText: 'Saved' });
    await done.waitFor(POLL);
    expect(await done.innerText()).toContain(`for ${SCANNED_LOT}.`);
    const found = await api<{ candidates: { id: string; kind: string }[] }>('/api/resolve?q=ABC123');
    expect(found.candidates.map((c) => [c.id, c.kind])).toEqual([[SCANNED_LOT, 'lot']]);
    // The form is empty again, ready for the next scan.
    expect(await lot.inputValue()).toBe('');

    // Issuing the lot while it waits for incoming inspection: the interlock says no.
    await page.goto('/capture/material-issue');
    await page.getByLabel(/^Lot/).fill('(01)09506000134352(10)ABC123');
    await page.getByLabel(/^Work order/).fill('WO-SMT-1');
    await page.getByLabel(/^Quantity/).fill('5');
    await page.getByLabel(/^Unit/).selectOption('KGM');
    await page.getByRole('button', { name: 'Capture' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'This lot may not be issued.' });
    await refusal.waitFor(POLL);
    expect(await refusal.innerText()).toMatch(/ABC123/);
  });
});
