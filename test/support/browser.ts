// Debian's Chromium driven by playwright-core, for the browser tests: fresh sessions that record
// script errors and Content-Security-Policy refusals, and the page helpers every test reads with.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export class TestBrowser {
  private readonly contexts: BrowserContext[] = [];
  // Script errors and Content-Security-Policy refusals seen by any page since the last check.
  private problems: string[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<TestBrowser> {
    return new TestBrowser(
      await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }),
    );
  }

  /** A page in a fresh browser session (its own cookies). */
  async newPage(baseURL: string, opts: { acceptDownloads?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({ baseURL, ...opts });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.problems.push(`script error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) this.problems.push(m.text());
    });
    return page;
  }

  /**
   * A page in a fresh session at 1280x800 that opens `path`, is sent to sign-in, signs in as
   * `who` and is back at `path`.
   */
  async signedIn(baseURL: string, who: { username: string; password: string }, path: string): Promise<Page> {
    const page = await this.newPage(baseURL, { acceptDownloads: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    await page.waitForURL('**/login');
    await submitSignIn(page, who);
    await page.waitForURL((u) => u.pathname === path.split('?')[0]);
    return page;
  }

  /** Closes this test's sessions and fails on any script error or CSP refusal they saw. */
  async endTest(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close();
    const seen = this.problems;
    this.problems = [];
    expect(seen).toEqual([]);
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** Fills in the sign-in form and submits it. */
export async function submitSignIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel('User name').fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The main navigation's link texts, once it shows (signing in renders the shell after the address changes). */
export async function navLinks(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  await links.first().waitFor();
  return links.allTextContents();
}

// A time as the web app shows it; tests see it as <time>.
const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/;

/** The body rows of the table whose caption starts with `caption`, cell by cell. */
export async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: new RegExp(`^${caption}`) });
  await table.waitFor();
  const cells = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => (c as HTMLElement).innerText.trim())),
    );
  return cells.map((r) => r.map((c) => (TIME.test(c) ? '<time>' : c)));
}

/** Waits until the table shows exactly `expected`. */
export async function expectRows(page: Page, caption: string, expected: string[][]): Promise<void> {
  await expect.poll(() => tableRows(page, caption), { timeout: 10_000 }).toEqual(expected);
}

/** With LOTGRAPH_SCREENSHOTS=1, saves the page (from its top) as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['LOTGRAPH_SCREENSHOTS'] !== '1') return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
}
