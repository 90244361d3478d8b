// Large scopes in the trace explorer, in a real browser (Chromium) against the real server and
// stores: a recall scope of 1,200 objects (bench/graph-view/scope.ts, through the normal ingest
// path) opens folded by layer, with counts read from the generator's plan, opens layer by layer
// and shows every object on request; the renderer switch (automatic, canvas, WebGL, kept in the
// address) draws with what it says, and falls back to canvas where the browser has no WebGL.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateScope, lotId, scopeLotCode, type ScopeManifest } from '../../bench/graph-view/scope.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { LAYER_THRESHOLD } from '../../web/src/components/trace-graph-model.ts';
import { BIG_GRAPH, WEBGL_FROM } from '../../web/src/components/trace-graph-style.ts';
import { createUser } from '../support/auth.ts';
import { screenshot, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QE = { username: 'lara', password: 'lara-large-scope-1', displayName: 'Lara Layers' };
const SCOPE = { code: 'LGT', nodes: 1_200, fanIn: 2, depth: 4, seed: 7 };

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let scope: ScopeManifest;

beforeAll(async () => {
  t = await openTestStores();
  const { documents, manifest } = generateScope(SCOPE);
  for (const d of documents) await ingestDocument(t.stores, t.projector, d, { source: 'test' });
  scope = manifest;
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

const traceUrl = (extra: Record<string, string> = {}) =>
  `/trace?${new URLSearchParams({ id: scope.root, dir: 'forward', ...extra })}`;
const signedIn = (path: string) => browser!.signedIn(server!.base, QE, path);
const list = (page: Page) => page.getByRole('list', { name: /^Objects in the graph/ });
/** `id label` of every node, as the accessible list beside the canvas names them. */
const nodes = (page: Page) =>
  list(page)
    .locator('[data-node-id]')
    .evaluateAll((bs) => bs.map((b) => `${b.getAttribute('data-node-id')} ${b.textContent}`).sort());
const nodeCount = (page: Page) => list(page).locator('[data-node-id]').count();
async function chooseInList(page: Page, id: string) {
  await list(page).locator(`[data-node-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
}
const rendererOf = (page: Page) => page.locator('.trace-canvas').getAttribute('data-renderer');
const addressOf = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
const count = (n: number) => n.toLocaleString('en');

/** The folded view, from the plan: the root, one group per depth of lots, pallets, shipments, customers. */
function expectedLayers(open: ReadonlySet<number> = new Set()): string[] {
  const out = [`${scope.root} ${scopeLotCode(SCOPE.code, 0, 0)}`];
  scope.lotsByDepth.forEach((n, d) => {
    if (d === 0) return;
    if (open.has(d))
      for (let i = 0; i < n; i++)
        out.push(`${lotId(scopeLotCode(SCOPE.code, d, i))} ${scopeLotCode(SCOPE.code, d, i)}`);
    else out.push(`group:layer|lot|${d} Lots, ${d} step${d === 1 ? '' : 's'} downstream (${count(n)})`);
  });
  out.push(`group:layer|container Containers (${count(scope.pallets)})`);
  out.push(`group:layer|shipment Shipments (${count(scope.shipments)})`);
  out.push(`group:layer|customer Customers (${count(scope.customers)})`);
  return out.sort();
}

describe('trace explorer, large scopes', () => {
  it('opens a scope above the threshold folded by layer, opens it layer by layer, and shows it whole', async () => {
    expect(scope.nodes).toBeGreaterThan(LAYER_THRESHOLD);
    const page = await signedIn(traceUrl());
    await expect.poll(() => nodes(page), { timeout: 120_000 }).toEqual(expectedLayers());
    const folded = expectedLayers().length;
    await expect(
      page.getByRole('status').filter({ hasText: 'Where it went' }).textContent(),
    ).resolves.toContain(`${count(scope.nodes)} objects, folded by layer into ${folded} nodes`);
    // A layer opens on its own; the layers after it stay folded.
    await chooseInList(page, 'group:layer|lot|1');
    await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers(new Set([1])));
    await chooseInList(page, 'group:layer|lot|2');
    await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers(new Set([1, 2])));
    // Every object, kept in the address; the whole answer is already here (under the server's
    // limit), so it is not fetched again, nor when going back by layer.
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/trace/')) fetched.push(r.url());
    });
    await page
      .getByRole('group', { name: 'Large scope' })
      .getByRole('button', { name: 'Every object' })
      .click();
    await expect.poll(() => nodeCount(page), { timeout: 120_000 }).toBe(scope.nodes);
    expect(addressOf(page)).toEqual({ id: scope.root, dir: 'forward', show: 'all' });
    // Back by layer: the layers opened a moment ago are still open; "Group again" folds them.
    await page.getByRole('group', { name: 'Large scope' }).getByRole('button', { name: 'By layer' }).click();
    await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers(new Set([1, 2])));
    await page.getByRole('button', { name: 'Group again' }).click();
    await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers());
    expect(fetched).toEqual([]);
  });

  it('fetches a scope above the server’s limit in layers: counts first, then layer by layer, until it is the whole folded view', async () => {
    // The same scope, from a server that sends more than 500 objects in layers and pages.
    const paged = await startTestServer(t, { loginAttemptsPerWindow: 1000 }, { traceWholeUpTo: 500 });
    try {
      const page = await browser!.signedIn(paged.base, QE, traceUrl());
      const byDepth = scope.lotsByDepth;
      const table = page.locator('table.trace-layers');
      const rows = () =>
        table
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim()).join(' | ')),
          );
      const rowsWith = (shown: number[]) =>
        byDepth.map((n, d) =>
          [
            d === 0 ? 'the traced object' : String(d),
            count(n),
            '0',
            `${count(shown[d] ?? 0)} of ${count(n)}`,
            (shown[d] ?? 0) < n ? `Fetch ${count(Math.min(1000, n - (shown[d] ?? 0)))} more` : '',
          ].join(' | '),
        );
      // The counts of every layer, and the first two layers in the graph.
      await expect.poll(rows, { timeout: 120_000 }).toEqual(rowsWith([1, byDepth[1]!]));
      const lots = byDepth.reduce((a, b) => a + b, 0);
      await expect(
        page.getByRole('status').filter({ hasText: 'Where it went' }).textContent(),
      ).resolves.toContain(
        `${count(lots)} objects in ${byDepth.length} layers, ${count(1 + byDepth[1]!)} of them fetched`,
      );
      await expect
        .poll(() => nodes(page))
        .toEqual(
          [
            `${scope.root} ${scopeLotCode(SCOPE.code, 0, 0)}`,
            `group:layer|lot|1 Lots, 1 step downstream (${count(byDepth[1]!)})`,
          ].sort(),
        );
      // Layer after layer: with every layer fetched, the graph is the whole scope folded by layer.
      for (let d = 2; d < byDepth.length; d++) {
        await table.getByRole('button', { name: `Fetch ${count(byDepth[d]!)} more of layer ${d}` }).click();
        await expect
          .poll(rows, { timeout: 30_000 })
          .toEqual(rowsWith(byDepth.map((n, i) => (i <= d ? n : 0))));
      }
      await expect.poll(() => nodes(page), { timeout: 30_000 }).toEqual(expectedLayers());
      await screenshot(page, 'trace-layers');
      // A layer opens into its objects, as in a whole answer.
      await chooseInList(page, 'group:layer|lot|2');
      await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers(new Set([2])));
      expect(addressOf(page)).toEqual({ id: scope.root, dir: 'forward' });
    } finally {
      await paged.close();
    }
  });

  it('shows the recall of a thousand lots 500 rows at a time, in the order chosen over all of them', async () => {
    const page = await signedIn(`/recall?id=${encodeURIComponent(scope.root)}`);
    const lots = page
      .locator('.recall-table')
      .filter({ has: page.locator('caption', { hasText: /^Lots \(/ }) });
    const codes = scope.lotsByDepth.flatMap((n, d) =>
      Array.from({ length: n }, (_, i) => scopeLotCode(SCOPE.code, d, i)),
    );
    await expect
      .poll(() => lots.locator('caption').textContent(), { timeout: 120_000 })
      .toContain(`Lots (${codes.length})`);
    const rows = () => lots.locator('tbody tr').count();
    expect(codes.length).toBeGreaterThan(1000);
    expect(await rows()).toBe(500);
    await expect(lots.getByRole('status').textContent()).resolves.toBe(
      `Showing 500 of ${count(codes.length)} rows. Show 500 more`,
    );
    // Descending by code: the first row is the last code of the whole scope, not of the rows shown.
    const sortByLot = lots.getByRole('button', { name: 'Lot', exact: true });
    await sortByLot.click();
    await sortByLot.click();
    const last = [...codes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1)!;
    await expect.poll(() => lots.locator('tbody tr td').first().textContent()).toBe(last);
    await lots.getByRole('button', { name: 'Show 500 more' }).click();
    await expect.poll(rows).toBe(1000);
    await lots.getByRole('button', { name: `Show ${codes.length - 1000} more` }).click();
    await expect.poll(rows).toBe(codes.length);
    expect(await lots.getByRole('status').count()).toBe(0);
  });

  it('switches the renderer, keeps the choice in the address, and picks by size when automatic', async () => {
    const page = await signedIn(traceUrl({ show: 'all' }));
    await expect.poll(() => nodeCount(page), { timeout: 120_000 }).toBe(scope.nodes);
    const renderers = page.getByRole('group', { name: 'Renderer' });
    const status = page.getByRole('status', { name: 'Renderer' });
    // Automatic: WebGL where a GPU draws and the graph is big enough; this browser says which.
    const gpu = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2')!;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
    const software = /swiftshader|llvmpipe|softpipe|software/i.test(gpu);
    const auto = !software && scope.nodes + scope.edges >= WEBGL_FROM ? 'webgl' : 'canvas';
    await expect.poll(() => rendererOf(page)).toBe(auto);
    await expect(status.textContent()).resolves.toBe(
      software
        ? 'Drawn with canvas (chosen: WebGL here runs in software, slower than the canvas).'
        : `Drawn with ${auto === 'webgl' ? 'WebGL' : 'canvas'} (chosen by size).`,
    );
    await renderers.getByRole('button', { name: 'Canvas' }).click();
    await expect.poll(() => rendererOf(page)).toBe('canvas');
    await expect.poll(() => status.textContent()).toBe('Drawn with canvas.');
    expect(addressOf(page)).toEqual({ id: scope.root, dir: 'forward', show: 'all', render: 'canvas' });
    // Cytoscape's WebGL layer is there and holds a WebGL 2 context.
    await renderers.getByRole('button', { name: 'WebGL' }).click();
    await expect.poll(() => rendererOf(page)).toBe('webgl');
    await expect
      .poll(() => status.textContent())
      .toBe(`Drawn with WebGL${software ? ' (in software: no GPU)' : ''}.`);
    expect(
      await page
        .locator('.trace-canvas canvas[data-id="layer3-webgl"]')
        .evaluate((c) => (c as HTMLCanvasElement).getContext('webgl2') !== null),
    ).toBe(true);
    expect(addressOf(page)).toEqual({ id: scope.root, dir: 'forward', show: 'all', render: 'webgl' });
    // The folded view is small: automatic picks the canvas there.
    await renderers.getByRole('button', { name: 'Auto' }).click();
    await page.getByRole('group', { name: 'Large scope' }).getByRole('button', { name: 'By layer' }).click();
    await expect.poll(() => nodes(page), { timeout: 15_000 }).toEqual(expectedLayers());
    await expect.poll(() => rendererOf(page)).toBe('canvas');
    expect(addressOf(page)).toEqual({ id: scope.root, dir: 'forward' });
  });

  it('draws a big graph’s links on its own layer at rest, and its nodes there instead of Cytoscape while the view moves', async () => {
    expect(scope.nodes + scope.edges).toBeGreaterThanOrEqual(BIG_GRAPH);
    const page = await signedIn(traceUrl({ show: 'all', render: 'canvas' }));
    await expect.poll(() => nodeCount(page), { timeout: 120_000 }).toBe(scope.nodes);
    const layer = page.locator('.trace-canvas canvas[data-id="own-layer"]');
    const drawn = () =>
      layer.evaluate((c) => [c.getAttribute('data-edges-drawn'), c.getAttribute('data-nodes-drawn')]);
    // Cytoscape's own canvases: shown at rest, hidden while our layer draws the nodes.
    const theirs = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.trace-canvas canvas[data-id^="layer"]')].map(
          (c) => getComputedStyle(c).visibility,
        ),
      );
    // At rest every link of the scope is drawn, as the generator planned them, and Cytoscape
    // draws the nodes.
    await expect.poll(drawn, { timeout: 30_000 }).toEqual([String(scope.edges), '0']);
    expect(new Set(await theirs())).toEqual(new Set(['visible']));
    // The layer lies under Cytoscape's nodes and takes no pointer events.
    expect(
      await layer.evaluate((c) => [getComputedStyle(c).zIndex, getComputedStyle(c).pointerEvents]),
    ).toEqual(['0', 'none']);
    // A drag from the fitted graph's empty margin pans: the frames while it moves draw every
    // node on our layer, no link, and Cytoscape's node layer is hidden (its top layer is not).
    const during = await page.evaluate(async () => {
      const canvas = document.querySelector('.trace-canvas canvas') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const at = (type: string, dx: number, buttons: number) =>
        (type === 'mousedown' ? canvas : window).dispatchEvent(
          new MouseEvent(type, {
            clientX: box.left + 4 + dx,
            clientY: box.top + 4 + dx,
            button: 0,
            buttons,
            bubbles: true,
            cancelable: true,
          }),
        );
      const seen: string[] = [];
      const layer = document.querySelector('canvas[data-id="own-layer"]')!;
      const node = document.querySelector('.trace-canvas canvas[data-id="layer2-node"]')!;
      at('mousedown', 0, 1);
      for (let i = 1; i <= 8; i++) {
        at('mousemove', 12 * i, 1);
        await new Promise(requestAnimationFrame);
        seen.push(
          [
            layer.getAttribute('data-edges-drawn'),
            layer.getAttribute('data-nodes-drawn'),
            getComputedStyle(node).visibility,
            getComputedStyle(canvas).visibility, // the top layer, which takes the pointer
          ].join(' '),
        );
      }
      // What the last moving frame left on our canvas: how many pixels are not blank.
      const c = layer as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked++;
      at('mouseup', 96, 0);
      return { seen, inked, area: c.width * c.height };
    });
    expect(during.seen).toContain(`0 ${scope.nodes} hidden visible`);
    // The nodes are on it: thousands of shapes cover more than a thousandth of the canvas.
    expect(during.inked).toBeGreaterThan(during.area / 1000);
    // Still again: Cytoscape draws the nodes, every link is back on our layer.
    await expect.poll(drawn, { timeout: 15_000 }).toEqual([String(scope.edges), '0']);
    expect(new Set(await theirs())).toEqual(new Set(['visible']));
    // The WebGL mode draws its own links: no own layer there.
    await page.getByRole('group', { name: 'Renderer' }).getByRole('button', { name: 'WebGL' }).click();
    await expect.poll(() => rendererOf(page)).toBe('webgl');
    expect(await layer.count()).toBe(0);
  });

  it('draws with the canvas where the browser has no WebGL, and says so', async () => {
    const page = await browser!.newPage(server!.base);
    await page.setViewportSize({ width: 1280, height: 800 });
    // A browser without WebGL 2: the context cannot be made.
    await page.addInitScript(() => {
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (
        this: HTMLCanvasElement,
        type: string,
        ...rest: unknown[]
      ) {
        return type === 'webgl2' ? null : (get as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof get;
    });
    await page.goto(traceUrl({ render: 'webgl' }));
    await page.waitForURL('**/login');
    await page.getByLabel('User name').fill(QE.username);
    await page.getByLabel('Password', { exact: true }).fill(QE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => rendererOf(page), { timeout: 120_000 }).toBe('canvas');
    await expect(page.getByRole('status', { name: 'Renderer' }).textContent()).resolves.toBe(
      'Drawn with canvas: this browser has no WebGL, so the canvas draws instead.',
    );
    expect(await page.locator('.trace-canvas canvas[data-id="layer3-webgl"]').count()).toBe(0);
  });
});
