// The trace explorer in a real browser (Chromium) against the real server and stores, on the
// hand-built plants (test/fixtures/plants.fixture.ts): search by lot code, EPC URI, Digital Link
// and an ambiguous code; the graph's exact node set (read from the accessible list of nodes
// beside the canvas); a node's panel with its inspection and process parameter; the address
// holding the view; PNG and SVG downloads. With LOTGRAPH_SCREENSHOTS=1 it also saves the
// screenshots under docs/screenshots/ at 1280x800.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { container, doc, lot, party, receive, unit } from '../builders/epcis.builder.ts';
import { SUGAR_EPC, plantsDocument } from '../fixtures/plants.fixture.ts';
import { createUser } from '../support/auth.ts';
import { expectRows, screenshot, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QE = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const SCREENSHOTS = process.env['LOTGRAPH_SCREENSHOTS'] === '1';
const op = (code: string) => `urn:lotgraph:op:${code}`;
const shipment = (code: string) => `urn:lotgraph:shipment:${code}`;

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  // A lot whose code is also a board's serial number: "B1" names two objects.
  await ingestDocument(
    t.stores,
    t.projector,
    doc([receive({ lot: lot('B1'), qty: 1, uom: 'H87', supplier: party('CAPCO'), t: 0 })]),
    { source: 'test' },
  );
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QE, role: 'quality_engineer' });
  browser = await TestBrowser.launch();
});
afterEach(async () => browser?.endTest());
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const signedIn = (path: string) => browser!.signedIn(server!.base, QE, path);

const list = (page: Page) => page.getByRole('list', { name: /^Objects in the graph/ });
/** The node ids the graph shows, as its accessible list names them. */
const nodeIds = (page: Page) =>
  list(page)
    .locator('[data-node-id]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-node-id')!).sort());
/** `kind label` of every node, for nodes whose ids the fixture does not fix (inspections). */
const nodeLabels = (page: Page) =>
  list(page)
    .locator('[data-node-id]')
    .evaluateAll((bs) => bs.map((b) => `${b.getAttribute('data-kind')} ${b.textContent}`).sort());
const expectNodes = (page: Page, ids: string[]) =>
  expect.poll(() => nodeIds(page), { timeout: 15_000 }).toEqual([...ids].sort());
/** Picks a node from the list the way a keyboard user does (the list shows once focused). */
async function chooseInList(page: Page, id: string) {
  await list(page).locator(`[data-node-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
}
/** The canvas has drawn: Cytoscape's layers are in it and the layout is done. */
const drawn = (page: Page) => page.locator('.trace-canvas canvas').first().waitFor();

async function search(page: Page, text: string) {
  const box = page.getByLabel('Lot, serial, supplier lot, EPC, Digital Link or scan');
  await box.fill(text);
  await box.press('Enter');
}
const addressOf = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

// The birth record of BREAD-1, read off the fixture: two doughs blended, their flours, the
// additive (through both), yeast and salt; the two mixes and the bake; three mills; the
// additive's incoming inspection and the bread's failed final inspection.
const BREAD_BACKWARD = [
  ...['BREAD-1', 'DOUGH-1', 'DOUGH-2', 'FLOUR-1', 'FLOUR-2', 'ADD-1', 'YEAST-1', 'SALT-1'].map(
    (c) => `lot ${c}`,
  ),
  'operation mixing',
  'operation mixing',
  'operation baking',
  'supplier Northfield Mill',
  'supplier Riverside Mill',
  'supplier Additive Works',
  'inspection incoming: pass',
  'inspection final: fail',
].sort();

describe('trace explorer', () => {
  it('finds a lot by its code and draws its birth record; the table view lists the same', async () => {
    const page = await signedIn('/trace');
    await search(page, 'BREAD-1');
    await page.waitForURL((u) => u.searchParams.get('id') === lot('BREAD-1'));
    await drawn(page);
    await expect.poll(() => nodeLabels(page), { timeout: 15_000 }).toEqual(BREAD_BACKWARD);
    expect(await nodeIds(page)).toEqual(
      expect.arrayContaining([op('MIX-1'), op('MIX-2'), op('BAKE-1'), party('MILL-A'), party('CHEM-A')]),
    );
    await screenshot(page, 'trace-backward');
    // The accessible alternative: the same trace as tables.
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    await expect
      .poll(async () => (await tableRows(page, 'Suppliers')).map((r) => `${r[0]} ${r[2]}`).sort())
      .toEqual(
        [
          `Northfield Mill ${party('MILL-A')}`,
          `Riverside Mill ${party('MILL-B')}`,
          `Additive Works ${party('CHEM-A')}`,
        ].sort(),
      );
    expect(addressOf(page)).toEqual({ id: lot('BREAD-1'), as: 'table' });
  });

  it('finds the sugar lot by its EPC URI and by its GS1 Digital Link, and traces it forward', async () => {
    const page = await signedIn('/trace');
    await search(page, SUGAR_EPC);
    await page.waitForURL((u) => u.searchParams.get('id') === SUGAR_EPC);
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    // SUGAR -> DOUGH-3 -> BREAD-3 -> CASE-4 -> PAL-2 -> SHIP-2 -> Distributor B.
    const forward = [
      SUGAR_EPC,
      lot('DOUGH-3'),
      lot('BREAD-3'),
      container('CASE-4'),
      container('PAL-2'),
      shipment('SHIP-2'),
      party('CUST-B'),
    ];
    await expectNodes(page, forward);
    expect(addressOf(page)).toEqual({ id: SUGAR_EPC, dir: 'forward' });
    // The same lot by its Digital Link, on another host with short names; the direction stays.
    await search(page, 'https://shop.example.com/gtin/4012345123456/lot/998877');
    await page.waitForURL(
      (u) => u.searchParams.get('id') === SUGAR_EPC && u.searchParams.get('dir') === 'forward',
    );
    await expectNodes(page, forward);
    // The same view found another way adds no history entry: Back returns to the backward trace.
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('dir') === null);
    await expectNodes(page, [SUGAR_EPC, party('MILL-B')]);
  });

  it('lists the candidates of an ambiguous code, and says when nothing matches', async () => {
    const page = await signedIn('/trace');
    await search(page, 'B1');
    const candidates = page.getByRole('list', { name: 'Candidates' });
    await candidates.waitFor();
    expect(
      (await candidates.getByRole('listitem').allTextContents()).map((s) => s.replace(/\s+/g, ' ')).sort(),
    ).toEqual(
      [`B1 lot — matched by code — ${lot('B1')}`, `B1 unit, Board — matched by code — ${unit('B1')}`].sort(),
    );
    await candidates.getByRole('button', { name: 'B1' }).last().click();
    await page.waitForURL((u) => (u.searchParams.get('id') ?? '').startsWith('urn:lotgraph:'));
    const picked = addressOf(page)['id']!;
    expect([lot('B1'), unit('B1')]).toContain(picked);
    await search(page, 'NO-SUCH-LOT');
    await page.getByText('Nothing is known as “NO-SUCH-LOT”').waitFor();
    await search(page, '(01)04012345123457(10)998877');
    // The problem names the field and says what is wrong, in words.
    await page
      .getByRole('alert')
      .getByRole('listitem')
      .filter({
        hasText:
          'Search: is not a readable GS1 element string: (01) GTIN 04012345123457 has check digit 7, expected 6',
      })
      .waitFor();
  });

  it("opens a board's panel with its failed test and reflow temperature; the address reloads the same view", async () => {
    const page = await signedIn(`/trace?id=${encodeURIComponent(unit('ECU-2'))}`);
    await drawn(page);
    // ECU-2's birth record: the board B2 (with both capacitor lots), the housing.
    const objects = [
      unit('ECU-2'),
      unit('B2'),
      lot('CAP-1'),
      lot('CAP-2'),
      lot('PCB-LOT-1'),
      lot('HOUSING-1'),
      op('ASM-2'),
      op('REWORK-1'),
      op('SMT-1'),
      party('CAPCO'),
      party('CAPCO2'),
    ].sort();
    // Plus B2's one inspection, whose id the event hash makes.
    await expect.poll(async () => (await nodeIds(page)).length, { timeout: 15_000 }).toBe(objects.length + 1);
    expect((await nodeIds(page)).filter((id) => objects.includes(id))).toEqual(objects);
    expect((await nodeLabels(page)).filter((l) => l.startsWith('inspection'))).toEqual([
      'inspection fct: fail',
    ]);
    await chooseInList(page, unit('B2'));
    const panel = page.getByRole('complementary', { name: 'B2' });
    await expect
      .poll(() => panel.getByRole('heading', { name: 'B2' }).evaluate((h) => h === document.activeElement))
      .toBe(true);
    await expectRows(page, 'Inspections', [['fct', 'fail', '<time>', 'SHORT × 1']]);
    await expectRows(page, 'Process parameters', [['peakTemperature', '247 CEL']]);
    expect(await panel.getByRole('region', { name: 'Operation reflow' }).textContent()).toContain('CAP-1');
    expect(await panel.getByRole('link', { name: 'Start recall' }).getAttribute('href')).toBe(
      `/recall?id=${encodeURIComponent(unit('B2'))}`,
    );
    expect(addressOf(page)).toEqual({ id: unit('ECU-2'), sel: unit('B2') });
    if (SCREENSHOTS) {
      await page.waitForTimeout(300);
      await screenshot(page, 'trace-node-panel');
    }
    // A reload (or a shared link) shows the same trace with the same panel open.
    await page.reload();
    await drawn(page);
    await page.getByRole('complementary', { name: 'B2' }).waitFor();
    await expectRows(page, 'Process parameters', [['peakTemperature', '247 CEL']]);
    // Shift-pick a path: from B2 to the housing lot through ECU-2.
    await page.getByRole('button', { name: 'Path from here' }).click();
    await chooseInList(page, lot('HOUSING-1'));
    await page.getByText('Path from B2 to HOUSING-1: 2 links, highlighted.').waitFor();
  });

  it('expands and collapses a neighbourhood, and traces forward from a node', async () => {
    const page = await signedIn(
      `/trace?id=${encodeURIComponent(lot('HOUSING-1'))}&sel=${encodeURIComponent(lot('HOUSING-1'))}`,
    );
    await expectNodes(page, [lot('HOUSING-1'), party('CAPCO2')]);
    // Its forward trace (the other direction) merges in: four ECUs, their trays, shipments, customers.
    await page.getByRole('button', { name: 'Expand neighbours' }).click();
    const ecus = ['ECU-1', 'ECU-2', 'ECU-3', 'ECU-4'].map(unit);
    // TRAY-1 shipped ECU-1 (ECU-2 moved to TRAY-2); TRAY-3 holds ECU-4, in stock.
    const downstream = [
      ...ecus,
      container('TRAY-1'),
      container('TRAY-2'),
      container('TRAY-3'),
      shipment('SHIP-3'),
      shipment('SHIP-4'),
      party('OEM-A'),
      party('OEM-B'),
    ];
    await expectNodes(page, [lot('HOUSING-1'), party('CAPCO2'), ...downstream]);
    await page.getByRole('button', { name: 'Collapse neighbours' }).click();
    await expectNodes(page, [lot('HOUSING-1'), party('CAPCO2')]);
    await page.getByRole('button', { name: 'Trace forward from here' }).click();
    await expectNodes(page, [lot('HOUSING-1'), ...downstream]);
    expect(addressOf(page)).toEqual({ id: lot('HOUSING-1'), dir: 'forward', sel: lot('HOUSING-1') });
    if (SCREENSHOTS) {
      await page.getByRole('button', { name: 'Close the panel' }).click();
      await page.waitForTimeout(300);
      await screenshot(page, 'trace-forward');
    }
  });

  it('downloads the graph as PNG and SVG', async () => {
    const page = await signedIn(`/trace?id=${encodeURIComponent(lot('BREAD-1'))}`);
    await drawn(page);
    await expect.poll(() => nodeLabels(page), { timeout: 15_000 }).toEqual(BREAD_BACKWARD);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('trace-backward-BREAD-1.png');
    const pngBytes = await readFile((await png.path())!);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('trace-backward-BREAD-1.svg');
    const svgText = await readFile((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(svgText).toContain('DOUGH-1');
  });
});
