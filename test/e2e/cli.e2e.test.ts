// The `lotgraph` command as a user runs it, against the run's Neo4j (NEO4J_URI) and its own
// data folder: import the documented CSV example, trace, recall, bad input, rebuild.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GraphStore } from '../../cypher/neo4j.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let t: TestStores;
let dataDir: string;

async function lotgraph(...args: string[]) {
  const neo = inject('neo4j');
  const env = {
    ...process.env,
    NEO4J_URI: neo.uri,
    NEO4J_USER: neo.user,
    NEO4J_PASSWORD: neo.password,
    LOTGRAPH_DATA_DIR: dataDir,
    PORT: '1', // no server answers there, so the command opens the stores itself
  };
  try {
    const r = await run('node', [join(root, 'bin/lotgraph.mjs'), ...args], {
      env,
      cwd: root,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  t = await openTestStores(); // empties the graph
  await t.close();
  dataDir = mkdtempSync(join(tmpdir(), 'lotgraph-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const lot = (c: string) => `urn:lotgraph:lot:${c}`;

describe('lotgraph CLI', () => {
  it('explains every command', async () => {
    const r = await lotgraph('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'import', 'trace', 'recall', 'demo', 'rebuild', 'check'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('imports the example CSV bundle once', async () => {
    const first = await lotgraph('import', 'docs/examples/csv');
    expect(first.stderr + first.stdout).toContain(
      'docs/examples/csv: 15 events read, 15 captured, 0 already known',
    );
    const again = await lotgraph('import', 'docs/examples/csv');
    expect(again.stdout).toContain('docs/examples/csv: 15 events read, 0 captured, 15 already known');
  });

  it('answers the recall scope of a flour lot', async () => {
    const r = await lotgraph('recall', 'FL-2401-007', '--json');
    expect(r.code).toBe(0);
    const scope = JSON.parse(r.stdout) as {
      lots: { id: string }[];
      containers: { id: string; holdsNow: boolean }[];
      customers: { id: string }[];
      quantities: Record<string, { material: string; uom: string; qty: number }[]>;
    };
    expect(scope.lots.map((l) => l.id)).toEqual([
      lot('BR-240304-01'),
      lot('BR-240304-02'),
      lot('DG-240304-01'),
      lot('DG-240304-02'),
      lot('FL-2401-007'),
    ]);
    expect(scope.containers.map((c) => c.id)).toEqual(
      ['CASE-0101', 'CASE-0102', 'CASE-0103', 'PAL-0042'].map((c) => `urn:lotgraph:container:${c}`),
    );
    expect(scope.customers.map((c) => c.id)).toEqual(['urn:lotgraph:party:SUPERMART']);
    // Two cases of 20 on the pallet plus 10 loose; CASE-0103 left the pallet before it shipped.
    expect(scope.quantities['shipped']).toEqual([
      {
        material: 'urn:lotgraph:material:BREAD-WHITE-500',
        materialName: 'White bread 500 g',
        uom: 'EA',
        qty: 50,
      },
    ]);
    expect(scope.quantities['inStock']).toEqual([
      {
        material: 'urn:lotgraph:material:BREAD-WHITE-500',
        materialName: 'White bread 500 g',
        uom: 'EA',
        qty: 650,
      },
      {
        material: 'urn:lotgraph:material:FLOUR-T550',
        materialName: 'Wheat flour type 550',
        uom: 'KGM',
        qty: 800,
      },
    ]);
    expect(scope.quantities['wip']).toEqual([]);
  });

  it('traces a bread lot back to its flour and prints it for people', async () => {
    const r = await lotgraph('trace', 'BR-240304-01', '--backward');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Backward trace (where it came from) of lot BR-240304-01');
    expect(r.stdout).toMatch(/^lot \(3\)$/m);
    expect(r.stdout).toContain('FL-2401-007');
    expect(r.stdout).toContain('Northern Flour Mill');
  });

  it('counts where a flour lot went, step by step, as its whole forward trace has it', async () => {
    const whole = JSON.parse((await lotgraph('trace', 'FL-2401-007', '--forward', '--json')).stdout) as {
      root: { id: string };
      nodes: { id: string; kind: string }[];
      edges: { from: string; to: string; type: string }[];
    };
    // Layers from the whole answer: BFS over its FEEDS links from the flour lot.
    const kindOf = new Map(whole.nodes.map((n) => [n.id, n.kind]));
    const seen = new Set([whole.root.id]);
    const expected: { depth: number; objects: number; lots: number; units: number }[] = [];
    for (let frontier = [whole.root.id]; frontier.length;) {
      const count = (k: string) => frontier.filter((id) => kindOf.get(id) === k).length;
      expected.push({
        depth: expected.length,
        objects: frontier.length,
        lots: count('lot'),
        units: count('unit'),
      });
      frontier = whole.edges
        .filter((e) => e.type === 'FEEDS' && frontier.includes(e.from) && !seen.has(e.to))
        .map((e) => e.to)
        .filter((id) => !seen.has(id) && seen.add(id));
    }
    expect(expected.length).toBeGreaterThan(2);
    const json = await lotgraph('trace', 'FL-2401-007', '--layers', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ root: { id: whole.root.id }, layers: expected });
    const text = await lotgraph('trace', 'FL-2401-007', '--layers');
    expect(text.code).toBe(0);
    const objects = expected.reduce((s, l) => s + l.objects, 0);
    expect(text.stdout).toContain(
      `of lot FL-2401-007  [${whole.root.id}]: ${objects} objects in ${expected.length} layers`,
    );
    // one line per layer: steps, objects, lots, units
    const lines = text.stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/).map(Number));
    expect(lines).toEqual(expected.map((l) => [l.depth, l.objects, l.lots, l.units]));
    expect((await lotgraph('trace', 'FL-2401-007', '--layers', '--backward')).code).not.toBe(0);
  });

  it('names file, row and column of a bad CSV row and imports nothing', async () => {
    const bad = join(dataDir, 'bad-bundle');
    mkdirSync(bad);
    cpSync(join(root, 'docs/examples/csv'), bad, { recursive: true });
    writeFileSync(
      join(bad, 'receipts.csv'),
      'lot,material,supplier,quantity,uom,received_at\nFL-X,FLOUR-T550,MILL-NORTH,lots,KGM,2024-03-04T06:10:00Z\n',
    );
    const r = await lotgraph('import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/receipts\.csv row 1 quantity: /);
    const unknown = await lotgraph('trace', 'FL-X');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no lot, unit or container is known as "FL-X"');
  });

  it('rebuilds the projections from the log with the same answer', async () => {
    const before = (await lotgraph('recall', 'FL-2401-007', '--json')).stdout;
    const r = await lotgraph('rebuild');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rebuild: \d+ log entries replayed/);
    expect((await lotgraph('recall', 'FL-2401-007', '--json')).stdout).toEqual(before);
  });

  it('checks the log against both projections; a node deleted from the graph fails the check until a rebuild', async () => {
    const good = await lotgraph('check');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^event log: 21 entries \(15 events, 6 master data\), last seq 21, no gaps$/m,
    );
    expect(good.stdout).toContain('consistent: both projections agree with the log');
    const graph = await GraphStore.connect(inject('neo4j'));
    try {
      await graph.run('MATCH (i:Item {id: $id}) DETACH DELETE i', { id: lot('BR-240304-02') }, 'WRITE');
    } finally {
      await graph.close();
    }
    const bad = await lotgraph('check');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^objects {7}neo4j .* MISMATCH$/m);
    expect(bad.stdout).toContain(`missing in neo4j: ["lot","${lot('BR-240304-02')}"]`);
    expect(bad.stdout).toContain('INCONSISTENT: run `lotgraph rebuild`');
    expect((await lotgraph('rebuild')).code).toBe(0);
    const repaired = await lotgraph('check', '--json');
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.stdout)).toMatchObject({ ok: true, consistent: true, graph: { lag: 0 } });
  });

  it('lists and verifies the audit trail', async () => {
    const list = await lotgraph('audit', 'list', '--json');
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as {
      seq: number;
      actor: string;
      action: string;
      subject: string;
    }[];
    // One capture (the second import changed nothing), two rebuilds; the bad bundle stored nothing.
    expect(entries.map((e) => [e.seq, e.action, e.subject])).toEqual([
      [1, 'events.capture', 'file:docs/examples/csv'],
      [2, 'projections.rebuild', 'graph, analytic tables'],
      [3, 'projections.rebuild', 'graph, analytic tables'],
    ]);
    expect(entries[0]!.actor).toMatch(/^cli:/);
    const verify = await lotgraph('audit', 'verify');
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toContain('audit trail intact: 3 entries');
  });

  it('reads an import by its content, not its name; a file that is neither is refused naming it', async () => {
    const xml = join(dataDir, 'partner-export.json');
    writeFileSync(
      xml,
      `<?xml version="1.0"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2025-01-01T00:00:00Z">
  <EPCISBody><EventList><ObjectEvent>
    <eventTime>2025-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
    <epcList><epc>urn:lotgraph:unit:CONTENT-1</epc></epcList><action>OBSERVE</action>
  </ObjectEvent></EventList></EPCISBody>
</epcis:EPCISDocument>`,
    );
    const ok = await lotgraph('import', xml);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${xml}: 1 events read, 1 captured, 0 already known`);
    const junk = join(dataDir, 'notes.json');
    writeFileSync(junk, 'hello, this is not an EPCIS document');
    const refused = await lotgraph('import', junk);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${junk}: neither an EPCIS document (JSON or XML, by its content)`);
    expect(refused.stderr).toContain(`${junk} line 1:1: does not start like JSON ({) or XML (<)`);
  });
});
