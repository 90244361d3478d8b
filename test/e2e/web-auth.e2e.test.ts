// The web app in a real browser (Chromium) against the real server and stores: sign-in and its
// errors, the admin page creating a user and a token, navigation by permission, the trace page,
// password change and sign-out. The web app is built once per run by test/support/global-setup.ts.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { createUser } from '../support/auth.ts';
import { expectRows, navLinks, submitSignIn, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const ADMIN = { username: 'ada', password: 'ada-admin-secret-1', displayName: 'Ada Admin' };
const SUPPLIER = { username: 'mill-a', password: 'mill-a-secret-1', displayName: 'Mill A Quality' };
const LOCKED = { username: 'lou', password: 'lou-secret-pass-1', displayName: 'Lou Locked' };
const PAT = { username: 'pat', password: 'pat-first-pass-1', displayName: 'Pat Process' };
const LOCKOUT_ATTEMPTS = 3;

let t: TestStores;
let server: TestServer | undefined;
let base: string;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  // A lot whose code is also a board's serial number, for the "which one?" answer.
  await ingestDocument(
    t.stores,
    t.projector,
    doc([receive({ lot: lot('B1'), qty: 1, uom: 'H87', supplier: party('CAPCO'), t: 0 })]),
    { source: 'test' },
  );
  server = await startTestServer(t, { lockoutAttempts: LOCKOUT_ATTEMPTS, loginAttemptsPerWindow: 1000 });
  base = server.base;
  await createUser(base, { ...ADMIN, role: 'admin' });
  await createUser(base, { ...SUPPLIER, role: 'supplier', supplierId: party('MILL-A') });
  await createUser(base, { ...LOCKED, role: 'auditor' });
  await createUser(base, { ...PAT, role: 'process_engineer' });
  browser = await TestBrowser.launch();
});

afterEach(async () => browser?.endTest());

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** A page in a fresh browser session (its own cookies). */
const newPage = () => browser!.newPage(base);
const signIn = submitSignIn;

const pathOf = (page: Page) => new URL(page.url()).pathname;

const apiStatus = (page: Page, path: string) =>
  page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, path);

describe('sign-in', () => {
  it('says the user name or password is wrong, and stays on the sign-in page', async () => {
    const page = await newPage();
    await page.goto('/admin');
    await page.waitForURL('**/login');
    await signIn(page, { username: ADMIN.username, password: 'not-the-password' });
    expect(await page.getByRole('alert').textContent()).toBe('The user name or password is wrong.');
    expect(pathOf(page)).toBe('/login');
    // An unknown user gets the same words.
    await signIn(page, { username: 'nobody-here', password: 'not-the-password' });
    await expect.poll(() => page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('alert').textContent()).toBe('The user name or password is wrong.');
  });

  it('shows the server message when the account is locked after failed attempts', async () => {
    const page = await newPage();
    await page.goto('/login');
    for (let i = 0; i < LOCKOUT_ATTEMPTS; i++) {
      await signIn(page, { username: LOCKED.username, password: `wrong-password-${i}` });
      await expect.poll(() => page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      expect(await page.getByRole('alert').textContent()).toBe('The user name or password is wrong.');
    }
    // Now even the right password is refused until the lock ends, and the page says until when.
    await signIn(page, LOCKED);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Too many failed sign-ins: try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(pathOf(page)).toBe('/login');
  });
});

describe('administration', () => {
  it('creates a user and a token for it; the secret shows once; the new user signs in', async () => {
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/admin');
    await page.waitForURL('**/login');
    await signIn(page, ADMIN);
    // Back where the admin was going.
    await page.waitForURL('**/admin');
    expect(await navLinks(page)).toEqual([
      'Inbox',
      'Trace',
      'Recalls',
      'Drills',
      'FSMA 204',
      'Stock',
      'Capture',
      '8D',
      'Audits',
      'Notices',
      'Labels',
      'Suppliers',
      'Defects',
      'Yield',
      'SPC',
      'Forms',
      'Workflows',
      'Admin',
    ]);
    await expectRows(page, 'Users', [
      ['ada', 'Ada Admin', 'Administrator', '—', 'active', '<time>'],
      ['lou', 'Lou Locked', 'Auditor', '—', 'active', 'never'],
      ['mill-a', 'Mill A Quality', 'Supplier', 'Northfield Mill', 'active', 'never'],
      ['pat', 'Pat Process', 'Process engineer', '—', 'active', 'never'],
    ]);

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('User name').fill('lena');
    await dialog.getByLabel('Display name').fill('Lena Quality');
    // The supplier list appears for the supplier role only, filled from the API.
    await dialog.getByLabel('Role').selectOption({ label: 'Supplier' });
    const supplier = dialog.getByLabel('Supplier');
    await expect
      .poll(() => supplier.locator('option:not([disabled])').allTextContents())
      .toEqual(['Additive Works', 'Capacitor Co', 'Northfield Mill', 'Riverside Mill', 'Second Caps']);
    await dialog.getByLabel('Role').selectOption({ label: 'Quality engineer' });
    expect(await dialog.getByLabel('Supplier').count()).toBe(0);
    await dialog.getByLabel('Initial password').fill('lena-first-pass-1');
    await dialog.getByLabel('Reason (optional)').fill('joins incoming inspection');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('User “lena” created.');
    expect(await dialog.isVisible()).toBe(false);
    await expectRows(page, 'Users', [
      ['ada', 'Ada Admin', 'Administrator', '—', 'active', '<time>'],
      ['lena', 'Lena Quality', 'Quality engineer', '—', 'active', 'never'],
      ['lou', 'Lou Locked', 'Auditor', '—', 'active', 'never'],
      ['mill-a', 'Mill A Quality', 'Supplier', 'Northfield Mill', 'active', 'never'],
      ['pat', 'Pat Process', 'Process engineer', '—', 'active', 'never'],
    ]);

    // The new user's page: a token for it, its secret once.
    await page.getByRole('link', { name: 'lena' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lena Quality (lena)');
    await expectRows(page, 'API tokens', [['No tokens yet.']]);
    await page.getByLabel('Token name').fill('lena-ci');
    await page.getByLabel('Expires in days (optional)').fill('30');
    await page.getByRole('form', { name: 'New token' }).getByLabel('Reason (optional)').fill('CI job');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'New token “lena-ci”' }).waitFor();
    const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(secret).toMatch(/^lgt_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect
      .poll(() => page.locator('.secret-once [role=status]').textContent())
      .toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const prefix = secret.slice(0, 10);
    await expectRows(page, 'API tokens', [['lena-ci', prefix, '<time>', 'never', '<time>', 'no', 'Revoke']]);

    // The secret is real: it acts as lena.
    const own = await fetch(`${base}/api/tokens`, { headers: { authorization: `Bearer ${secret}` } });
    expect(own.status).toBe(200);
    const listed = ((await own.json()) as { tokens: { name: string; prefix: string }[] }).tokens;
    expect(listed.map((x) => [x.name, x.prefix])).toEqual([['lena-ci', prefix]]);

    // Once closed, only the prefix remains.
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Secret', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await expectRows(page, 'API tokens', [['lena-ci', prefix, '<time>', 'never', '<time>', 'no', 'Revoke']]);

    // The new user signs in, in a browser session of their own.
    const lena = await newPage();
    await lena.goto('/');
    await lena.waitForURL('**/login');
    await signIn(lena, { username: 'lena', password: 'lena-first-pass-1' });
    // The start page is the first page of the navigation the role may open: the task inbox.
    await lena.waitForURL('**/inbox');
    expect(await navLinks(lena)).toEqual([
      'Inbox',
      'Trace',
      'Recalls',
      'Drills',
      'FSMA 204',
      'Stock',
      'Capture',
      '8D',
      'Audits',
      'Notices',
      'Labels',
      'Suppliers',
      'Defects',
      'Yield',
      'SPC',
    ]);
    expect(await lena.locator('.usermenu-button').textContent()).toBe('Lena Quality Quality engineer');

    // Revoking asks first; afterwards the secret no longer opens the API.
    await page.getByRole('button', { name: 'Revoke lena-ci' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke token' });
    expect(await confirm.locator('.dialog-text').textContent()).toBe(
      `Revoke the token “lena-ci” (${prefix}…)? Programs that use it are refused from now on. This cannot be undone.`,
    );
    await confirm.getByLabel('Reason (optional)').fill('CI job retired');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    // Last used: by the check above.
    await expectRows(page, 'API tokens', [['lena-ci', prefix, '<time>', '<time>', '<time>', '<time>', '']]);
    const after = await fetch(`${base}/api/tokens`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('shows a supplier user no Admin link, and "not allowed" on the admin page', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    await signIn(page, SUPPLIER);
    await page.waitForURL('**/inbox');
    expect(await navLinks(page)).toEqual([
      'Inbox',
      'Trace',
      '8D',
      'Audits',
      'Notices',
      'Suppliers',
      'Defects',
      'SPC',
    ]);
    // The trace explorer, without recall for a supplier.
    await page.getByRole('link', { name: 'Trace', exact: true }).click();
    await page.waitForURL('**/trace');
    // The page renders after the URL changes: poll until the direction buttons are drawn.
    await expect
      .poll(() => page.getByRole('group', { name: 'Direction' }).getByRole('button').allTextContents())
      .toEqual(['Backward', 'Forward']);
    expect(await page.getByRole('button', { name: 'Recall scope' }).count()).toBe(0);
    await page.goto('/admin');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
    expect(await page.locator('main p').textContent()).toBe(
      'Your role (Supplier) is not allowed to open this page. Ask an administrator if you need it.',
    );
    expect(await apiStatus(page, '/api/users')).toBe(403);
  });
});

describe('trace page', () => {
  it('shows the API message for an unknown code, and the candidates of an ambiguous one', async () => {
    const page = await newPage();
    await page.goto('/trace?id=NO-SUCH-LOT');
    await signIn(page, ADMIN);
    await page.waitForURL('**/trace?id=NO-SUCH-LOT');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('No lot, unit or container is known as "NO-SUCH-LOT"');

    await page.goto('/trace?id=B1');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('"B1" names 2 objects; trace one of them by its id');
    const candidates = page.locator('.candidates li');
    expect(await candidates.allTextContents()).toEqual([
      'B1 lot — urn:lotgraph:lot:B1',
      'B1 unit, BOARD — urn:lotgraph:unit:B1',
    ]);
    await candidates.nth(1).getByRole('button', { name: 'B1' }).click();
    await expect
      .poll(() => page.locator('.trace-summary').textContent())
      .toMatch(/^Where it came from: B1 \(unit\)/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('own account', () => {
  it('changes the password, signs out to the sign-in page, and the API then answers 401', async () => {
    const page = await newPage();
    await page.goto('/tokens');
    await signIn(page, PAT);
    await page.waitForURL('**/tokens');

    const menu = page.getByRole('button', { name: 'Pat Process Process engineer' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.usermenu-who').textContent()).toBe('Signed in as pat');
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current password').fill(PAT.password);
    await dialog.getByLabel('New password', { exact: true }).fill('pat-second-pass-2');
    await dialog.getByLabel('Repeat the new password').fill('pat-second-pass-2');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Your password is changed.');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Escape closes the menu and gives focus back to its button.
    await menu.click();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((b) => b === document.activeElement)).toBe(true);

    await menu.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    expect(await apiStatus(page, '/api/auth/me')).toBe(401);
    await page.goto('/tokens');
    await page.waitForURL('**/login');

    // The old password no longer works; the new one does.
    await signIn(page, PAT);
    expect(await page.getByRole('alert').textContent()).toBe('The user name or password is wrong.');
    await signIn(page, { username: PAT.username, password: 'pat-second-pass-2' });
    await page.waitForURL('**/tokens');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My API tokens');
  });
});
