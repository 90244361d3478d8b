// Backup and restore with the real command: import into one data folder (with its own local
// Neo4j), back it up, refuse a damaged backup naming the file, restore into a fresh folder and
// start a server there: it passes the consistency check and answers the same traces as a clean
// load. Restored against a Neo4j server (NEO4J_URI), the graph is rebuilt from the log instead.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BackupManifest } from '../../api/services/backup.service.ts';
import { recallScope, traceBackward, traceForward } from '../../api/services/trace.service.ts';
import type { CheckReport } from '../../etl/check.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, lot, unit } from '../builders/epcis.builder.ts';
import { bakery, electronics, masterData } from '../fixtures/plants.fixture.ts';
import { adminFetch } from '../support/auth.ts';
import { childEnv, freePort, lotgraphChild, startServerChild, type Child } from '../support/child-process.ts';
import { openTestStores } from '../support/stores.ts';

let tmp: string;
let port: number;
let server: Child | null = null;
const docs = [doc([], masterData), doc(bakery), doc(electronics)];
const QUESTIONS: [kind: 'backward' | 'forward' | 'recall', id: string][] = [
  ['backward', unit('ECU-2')],
  ['forward', lot('FLOUR-1')],
  ['recall', 'ADD-1'],
];
const sortTrace = (a: { nodes: { id: string }[]; edges: unknown[] }) => ({
  ...a,
  nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
  edges: a.edges.map((e) => JSON.stringify(e)).sort(),
});

/** Runs `lotgraph <args>` on a data folder to its end. */
async function lotgraph(dataDir: string, args: string[], extra: Record<string, string> = {}) {
  const child = lotgraphChild(args, childEnv(dataDir, port, extra));
  const code = await child.exited;
  return { code, out: child.lines.join('\n') };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lotgraph-backup-'));
  port = await freePort();
});
afterAll(async () => {
  if (server) {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('backup and restore', () => {
  const data1 = () => join(tmp, 'data1');
  const data2 = () => join(tmp, 'data2');
  const backup = () => join(tmp, 'backup');

  it('backs up a stopped data folder: the DuckDB file, the local Neo4j store, a manifest of hashes', async () => {
    const files = docs.map((d, i) => {
      const f = join(tmp, `doc${i}.json`);
      writeFileSync(f, JSON.stringify(d));
      return f;
    });
    expect((await lotgraph(data1(), ['import', ...files])).code).toBe(0);
    const r = await lotgraph(data1(), ['backup', backup()]);
    expect(r.code, r.out).toBe(0);
    const events = bakery.length + electronics.length;
    expect(r.out).toContain(
      `log up to seq ${events + masterData.length} (${events} events); graph: local store`,
    );
    const m = JSON.parse(readFileSync(join(backup(), 'manifest.json'), 'utf8')) as BackupManifest;
    expect(m).toMatchObject({
      format: 'lotgraph-backup/1',
      graph: 'local store',
      log: { lastSeq: events + masterData.length, events, masterData: masterData.length },
    });
    const paths = m.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['lotgraph.duckdb', 'neo4j-password']));
    expect(paths.some((p) => p.startsWith('neo4j/data/databases/neo4j/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('neo4j/logs/'))).toBe(false);
    // no half-written backup folder is left beside it
    expect(existsSync(join(tmp, `.backup.partial-${process.pid}`))).toBe(false);
  });

  it('refuses a damaged backup, naming the file, and changes nothing', async () => {
    const bad = join(tmp, 'backup-bad');
    cpSync(backup(), bad, { recursive: true });
    const f = join(bad, 'lotgraph.duckdb');
    const bytes = readFileSync(f);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(f, bytes);
    const target = join(tmp, 'data-bad');
    const r = await lotgraph(target, ['restore', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`the backup in ${bad} is damaged: nothing was restored`);
    expect(r.out).toContain('lotgraph.duckdb: differs from the manifest (size or SHA-256)');
    expect(existsSync(target)).toBe(false);
  });

  it('restores into a fresh data folder: the graph store comes back and catches up, the check passes', async () => {
    const r = await lotgraph(data2(), ['restore', backup()]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('graph restored and caught up');
    expect(r.out).toContain('consistent: both projections agree with the log');
    // a second restore into the same folder is refused without --replace
    const again = await lotgraph(data2(), ['restore', backup()]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('already holds data');
  });

  it('answers the same traces as a clean load, and the audit trail shows the backup and the restore', async () => {
    server = await startServerChild(data2(), port);
    const base = `http://127.0.0.1:${port}`;
    const check = (await (await adminFetch(`${base}/api/check`)).json()) as CheckReport;
    expect(check).toMatchObject({ ok: true, log: { events: bakery.length + electronics.length } });
    const restored: unknown[] = [];
    for (const [kind, id] of QUESTIONS) {
      const path = kind === 'recall' ? '/api/recall' : `/api/trace/${kind}`;
      const body = (await (await adminFetch(`${base}${path}?id=${encodeURIComponent(id)}`)).json()) as {
        nodes: { id: string }[];
        edges: unknown[];
      };
      restored.push(kind === 'recall' ? body : sortTrace(body));
    }
    const audit = (await (await adminFetch(`${base}/api/audit`)).json()) as { entries: { action: string }[] };
    // the data's own history (start-up adds the standard form and workflow definitions after it)
    const history = audit.entries
      .map((e) => e.action)
      .filter((a) => a.startsWith('data.') || a.startsWith('events.') || a.startsWith('projections.'));
    expect(history).toEqual([
      'events.capture',
      'events.capture',
      'events.capture',
      'data.backup',
      'data.restore',
    ]);
    server.proc.kill('SIGTERM');
    await server.exited;
    server = null;

    const t = await openTestStores();
    try {
      for (const d of docs) await ingestDocument(t.stores, t.projector, d, { source: 'test' });
      const clean: unknown[] = [];
      for (const [kind, id] of QUESTIONS) {
        const g = t.stores.graph;
        const a =
          kind === 'recall'
            ? await recallScope(g, id)
            : sortTrace(await (kind === 'backward' ? traceBackward : traceForward)(g, id));
        clean.push(JSON.parse(JSON.stringify(a)));
      }
      expect(restored).toEqual(clean);
    } finally {
      await t.close();
    }
  });

  it('against a Neo4j server (NEO4J_URI) rebuilds the graph from the restored log', async () => {
    const neo = inject('neo4j');
    const r = await lotgraph(join(tmp, 'data3'), ['restore', backup()], {
      NEO4J_URI: neo.uri,
      NEO4J_USER: neo.user,
      NEO4J_PASSWORD: neo.password,
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('graph rebuilt from the log');
    expect(r.out).toContain('consistent: both projections agree with the log');
  });
});
