// The `lotgraph` command. When a Lotgraph server is running on the configured port, commands
// go through its HTTP API (the stores belong to that process); otherwise they open the stores here.
import { Command, Option } from 'commander';
import { once } from 'node:events';
import { open, readFile, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { userInfo } from 'node:os';
import { extname } from 'node:path';
import { readAudit, verifyAudit } from '../analytics/audit.store.ts';
import { DuckStore } from '../analytics/duckdb.ts';
import type { AuditEntry, ChainCheck } from '../domain/audit.ts';
import { parseEpcisXml } from '../domain/epcis-xml.ts';
import { AppError, isAppError, type Problem } from '../domain/errors.ts';
import { importCsvBundle, type CsvImportProgress, type CsvImportReport } from '../etl/csv/csv.import.ts';
import { csvBundleToEpcis, readCsvBundle } from '../etl/csv/csv.source.ts';
import { csvSources, type CsvSource } from '../etl/csv/csv.stream.ts';
import { generateDemo } from '../etl/demo/demo.generator.ts';
import { checkConsistency, type CheckReport } from '../etl/check.ts';
import { xsdProblems } from '../etl/normalise/epcis-xsd.ts';
import { ingestDocument, ingestMany, rebuild } from '../etl/ingest.ts';
import { ROLES, type Principal, type Role } from '../domain/roles.ts';
import { Identity, type PublicToken, type PublicUser } from './auth/identity.service.ts';
import { readConfig, type Config } from './config.ts';
import { auditFilter } from './services/audit.service.ts';
import { backupDataDir, restoreDataDir } from './services/backup.service.ts';
import { FILES_HEADER, type CsvImportJob } from './services/csv-import.service.ts';
import { duckFile, openRuntime, type Runtime } from './runtime.ts';
import { startServer, throttle } from './server.ts';
import { refuseDeepJson } from './validation.ts';
import {
  recallScope,
  traceBackward,
  traceForward,
  traceForwardLayers,
  type RecallScope,
  type TraceAnswer,
  type TraceLayers,
} from './services/trace.service.ts';

const log = (msg: string) => process.stderr.write(`lotgraph: ${msg}\n`);
/** Who acts from the command line, for the audit trail (until users exist: the OS account). */
const cliActor = () => `cli:${userInfo().username}`;

/** The running server's base URL, when one answers on the configured port. */
async function runningServer(cfg: Config): Promise<string | null> {
  const url = `http://127.0.0.1:${cfg.port}`;
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { service?: string };
    return body.service === 'lotgraph' ? url : null;
  } catch {
    return null;
  }
}

/** The token to act through the running server with, or an error that says how to get one. */
function tokenFor(cfg: Config, url: string): string {
  if (!cfg.cliToken)
    throw new AppError(
      'UNAUTHENTICATED',
      `a Lotgraph server is running at ${url}: set LOTGRAPH_TOKEN to one of your API tokens (web app: My API tokens) to act through it, or stop the server to work on the stores directly`,
    );
  return cfg.cliToken;
}

/**
 * Calls the running server's API with the token from LOTGRAPH_TOKEN (or LOTGRAPH_ADMIN_TOKEN):
 * while a server runs it holds the stores, so the command line acts through it as a user.
 */
async function api<T>(cfg: Config, url: string, path: string, init: RequestInit = {}): Promise<T> {
  const headers = {
    ...(init.headers as Record<string, string>),
    authorization: `Bearer ${tokenFor(cfg, url)}`,
  };
  const res = await fetch(url + path, { ...init, headers });
  const body = (await res.json()) as T & { error?: { code: string; message: string; problems?: Problem[] } };
  if (!res.ok && body.error)
    throw new AppError(body.error.code as never, body.error.message, { problems: body.error.problems ?? [] });
  if (!res.ok) throw new AppError('INTERNAL', `${url}${path} answered HTTP ${res.status}`);
  return body;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
/** One progress line of a streamed CSV import. */
function csvProgress(p: CsvImportProgress): string {
  return p.phase === 'check'
    ? `csv: checking, ${p.rows.toLocaleString('en')} rows, ${mb(p.bytes)}/${mb(p.totalBytes)} MB read`
    : `csv: converting, ${mb(p.bytes)}/${mb(p.totalBytes)} MB of partitions read, ${p.events.toLocaleString('en')} events, ${p.stored.toLocaleString('en')} stored (visible when the import ends)`;
}

/** Cancels the server's CSV import `id`: answered once it has rolled back (decisions 040, 044). */
const cancelOnServer = (cfg: Config, url: string, id: string) =>
  api<CsvImportJob>(cfg, url, `/api/imports/csv/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** What a cancelled job says: who cancelled it, and that nothing of it was stored. */
const cancelledLine = (job: CsvImportJob) => `csv import ${job.id}: ${job.error?.message ?? job.state}`;

/**
 * A streamed CSV import through the running server (decision 038): uploads the bundle's files
 * in one request (never read whole), then follows the job, printing its progress once a second,
 * until it has succeeded (its report) or failed (its problems, thrown).
 *
 * Ctrl+C (decision 044): once the job runs, the first cancels it on the server (one DELETE) and
 * throws what the server answered (cancelled, nothing stored; or 409, too late: it is stored
 * whole); during the upload it stops sending, unless every byte has gone (the server may have
 * the whole bundle and start a job: that job is then cancelled). A second Ctrl+C exits at once.
 */
async function importThroughServer(cfg: Config, url: string, files: CsvSource[]): Promise<CsvImportReport> {
  const token = tokenFor(cfg, url);
  const total = files.reduce((n, f) => n + f.size, 0);
  // in an object: set by the signal handler while this function waits
  const at = { interrupted: false, written: 0, jobId: null as string | null, cancelling: false };
  let wake: () => void = () => undefined;
  log(`csv: uploading ${mb(total)} MB to ${url} …`);
  const req = httpRequest(`${url}/api/imports/csv`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/csv',
      'content-length': String(total),
      [FILES_HEADER]: files.map((f) => `${encodeURIComponent(f.name)}=${f.size}`).join(', '),
    },
  });
  const onSigint = () => {
    if (at.interrupted) {
      log(
        at.cancelling
          ? `csv: stopped waiting for the server's answer; the cancellation was sent: GET /api/imports/csv/${at.jobId} shows how the import ended`
          : 'csv: stopped waiting for the server',
      );
      process.exit(130);
    }
    at.interrupted = true;
    // A body the server has not received whole starts no import.
    if (at.jobId === null && at.written < total) req.destroy(new Error('stopped by Ctrl+C'));
    wake();
  };
  process.on('SIGINT', onSigint);
  try {
    const answer = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.on('error', reject); // kept: a broken connection may report more than one error
    });
    // The server may answer (a refusal) before the whole body is sent: then say what it said.
    const sending = (async () => {
      for (const f of files)
        for await (const chunk of f.open()) {
          if (req.destroyed) return;
          const more = req.write(chunk);
          at.written += (chunk as Buffer).length;
          if (!more) await once(req, 'drain');
        }
      req.end();
    })().catch(() => undefined); // a failed send shows as the server's answer or the request's error
    const res = await answer.catch((err: unknown) => {
      if (at.interrupted)
        throw new AppError(
          'CONFLICT',
          'Ctrl+C during the upload: stopped sending; the server keeps nothing of a bundle it has not received whole, nothing was imported',
        );
      throw err;
    });
    let text = '';
    for await (const chunk of res) text += String(chunk);
    // refused: stop sending (the error ends a wait for 'drain')
    if (res.statusCode !== 202) req.destroy(new Error('refused by the server'));
    await sending;
    const body = JSON.parse(text || '{}') as CsvImportJob & {
      error?: { code: string; message: string; problems?: Problem[] };
    };
    if (res.statusCode !== 202)
      throw new AppError(
        (body.error?.code ?? 'INTERNAL') as never,
        body.error?.message ?? `HTTP ${res.statusCode}`,
        {
          problems: body.error?.problems ?? [],
        },
      );
    const id = (at.jobId = body.id);
    log(`csv: uploaded; import ${id} running on the server (Ctrl+C cancels it)`);
    let shown = '';
    while (!at.interrupted) {
      const job = await api<CsvImportJob>(cfg, url, `/api/imports/csv/${id}`);
      if (at.interrupted) break;
      const line = job.progress ? csvProgress(job.progress) : `csv: ${job.state}`;
      if (line !== shown) log((shown = line));
      if (job.state === 'succeeded' && job.report) return job.report;
      if (job.state === 'failed' || job.state === 'cancelled')
        throw new AppError(
          (job.error?.code ?? 'INTERNAL') as never,
          job.error?.message ?? 'the import failed',
          {
            problems: job.error?.problems ?? [],
          },
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    at.cancelling = true;
    log(`csv: Ctrl+C: cancelling import ${id} on the server … (Ctrl+C again stops waiting for its answer)`);
    // A refusal (409: committing, it will be stored whole; or it has ended) is thrown as it came.
    throw new AppError('CONFLICT', cancelledLine(await cancelOnServer(cfg, url, id)));
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Runs `fn` on the DuckDB file alone (the audit trail needs no graph), closing it afterwards. */
async function withDuck<T>(cfg: Config, fn: (db: DuckStore) => Promise<T>): Promise<T> {
  const db = await DuckStore.open(duckFile(cfg));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` against the local stores, closing them afterwards. */
async function withRuntime<T>(
  cfg: Config,
  fn: (rt: Runtime) => Promise<T>,
  opts: { catchUp?: boolean } = {},
): Promise<T> {
  const rt = await openRuntime(cfg, log, opts);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** What a file holds, by its first characters (not its name): XML, JSON, or neither. */
async function contentKind(path: string): Promise<'xml' | 'json' | 'other'> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('<') ? 'xml' : /^[[{]/.test(head) ? 'json' : 'other';
  } finally {
    await handle.close();
  }
}

type Input = { name: string; document: unknown } | { name: string; csv: CsvSource[] };

/**
 * Reads an input by its content. A CSV bundle larger than `streamBytes` (LOTGRAPH_CSV_STREAM_MB,
 * 64 MB: it would not fit in one capture and should not be held in memory whole), or any with
 * `stream`, is left as streams for the streamed import (decisions 030, 038).
 */
async function loadInput(path: string, streamBytes: number, stream = false): Promise<Input> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new AppError('INVALID_INPUT', `${path}: no such file or folder`);
  const kind = s.isDirectory() ? 'other' : await contentKind(path);
  if (kind === 'other' && !s.isDirectory() && extname(path).toLowerCase() !== '.csv')
    throw new AppError(
      'INVALID_INPUT',
      `${path}: neither an EPCIS document (JSON or XML, by its content) nor a CSV file of a bundle; nothing was imported`,
      { problems: [{ file: path, line: 1, column: 1, reason: 'does not start like JSON ({) or XML (<)' }] },
    );
  if (kind === 'other') {
    const sources = await csvSources(s.isDirectory() ? path : [path]);
    if (stream || sources.reduce((n, f) => n + f.size, 0) > streamBytes) return { name: path, csv: sources };
    const files = await readCsvBundle(s.isDirectory() ? path : [path]);
    const r = csvBundleToEpcis(files);
    if (!r.ok)
      throw new AppError(
        'INVALID_CSV',
        `${path}: the CSV bundle has ${r.problems.length} problem(s); nothing was imported`,
        { problems: r.problems },
      );
    return { name: path, document: r.document };
  }
  if (kind === 'xml') {
    // EPCIS 2.0 or 1.2 XML: converted and checked here, so every problem names its line.
    const xml = await readFile(path, 'utf8');
    const r = parseEpcisXml(xml);
    if (!r.ok)
      throw new AppError(
        'INVALID_EPCIS',
        `${path}: the EPCIS XML document has ${r.problems.length} problem(s)`,
        {
          problems: r.problems.map((p) => ({ file: path, ...p })),
        },
      );
    const xsd = await xsdProblems(xml, r.version);
    if (xsd?.length)
      throw new AppError(
        'INVALID_EPCIS',
        `${path}: the EPCIS XML document does not validate against the EPCIS ${r.version} XSD (${xsd.length} problem(s))`,
        { problems: xsd.map((p) => ({ file: path, ...p })) },
      );
    return { name: path, document: r.json };
  }
  let json: unknown;
  const text = await readFile(path, 'utf8');
  refuseDeepJson(text, path);
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${path}: not valid JSON (${(err as Error).message})`);
  }
  return { name: path, document: json };
}

function printProblems(err: unknown): void {
  const e = isAppError(err) ? err : null;
  process.stderr.write(`lotgraph: ${e ? e.message : err instanceof Error ? err.message : String(err)}\n`);
  // LOTGRAPH_DEBUG=1 shows the underlying cause, for operators chasing a store problem.
  if (process.env['LOTGRAPH_DEBUG']) console.error(e?.cause ?? err);
  for (const p of e?.problems ?? []) {
    const where = [
      p.file,
      p.row !== undefined ? `row ${p.row}` : undefined,
      p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : undefined,
      p.line === undefined ? p.pointer : undefined,
      p.field && !p.pointer ? p.field : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    process.stderr.write(`  ${where}: ${p.reason}\n`);
  }
  const candidates = e?.details['candidates'];
  if (Array.isArray(candidates))
    for (const c of candidates) process.stderr.write(`  candidate: ${JSON.stringify(c)}\n`);
}

function printCheck(r: CheckReport): void {
  const n = (x: number) => x.toLocaleString('en');
  console.log(
    `event log: ${n(r.log.entries)} entries (${n(r.log.events)} events, ${n(r.log.masterData)} master data), last seq ${n(r.log.lastSeq)}, ${r.log.gapFree ? 'no gaps' : 'GAPS OR REPEATS IN seq'}`,
  );
  console.log(
    `graph checkpoint: ${n(r.graph.checkpoint)}${r.graph.lag === 0 ? ' (caught up)' : r.graph.lag > 0 ? ` (${n(r.graph.lag)} entries behind)` : ` (AHEAD of the log by ${n(-r.graph.lag)})`}`,
  );
  console.log(
    `\n${'what'.padEnd(14)}${'store'.padEnd(8)}${'log'.padStart(12)}${'store'.padStart(12)}  sha256 (log / store)`,
  );
  for (const s of r.sets) {
    const hash = (h: string | null) => (h ? h.slice(0, 12) : 'counted');
    console.log(
      `${s.what.padEnd(14)}${s.store.padEnd(8)}${n(s.expected.count).padStart(12)}${n(s.actual.count).padStart(12)}  ${hash(s.expected.sha256)} / ${hash(s.actual.sha256)}  ${s.ok ? 'ok' : 'MISMATCH'}`,
    );
    for (const id of s.missing) console.log(`    missing in ${s.store}: ${id}`);
    for (const id of s.unexpected) console.log(`    unexpected in ${s.store}: ${id}`);
  }
  console.log(
    `\n${r.ok ? 'consistent: both projections agree with the log' : r.consistent ? 'consistent so far, but the graph is behind the log (it catches up at start and after each capture)' : 'INCONSISTENT: run `lotgraph rebuild` (server stopped) to replay the log into both projections'} (${(r.tookMs / 1000).toFixed(1)} s)`,
  );
}

function printTrace(t: TraceAnswer): void {
  console.log(
    `${t.direction === 'backward' ? 'Backward trace (where it came from)' : 'Forward trace (where it went)'} of ${t.root.kind} ${t.root.label}  [${t.root.id}]`,
  );
  const byKind = new Map<string, typeof t.nodes>();
  for (const n of t.nodes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  for (const [kind, nodes] of byKind) {
    console.log(`\n${kind} (${nodes.length})`);
    for (const n of nodes.slice(0, 50)) {
      const facts = ['material', 'status', 'step', 'time', 'result', 'supplierLot']
        .map((k) => n[k])
        .filter((v) => v !== undefined);
      console.log(`  ${n.label}${facts.length ? '  ' + facts.join(' | ') : ''}  [${n.id}]`);
    }
    if (nodes.length > 50) console.log(`  … and ${nodes.length - 50} more (use --json for all)`);
  }
  console.log(`\n${t.nodes.length} nodes, ${t.edges.length} edges`);
}

function printLayers(l: TraceLayers): void {
  const n = (x: number) => x.toLocaleString('en');
  console.log(
    `Forward trace (where it went) of ${l.root.kind} ${l.root.label}  [${l.root.id}]: ${n(l.objects)} objects in ${l.layers.length} layers, ${n(l.containers)} containers`,
  );
  const rows = [
    ['steps', 'objects', 'lots', 'units'],
    ...l.layers.map((x) => [x.depth, x.objects, x.lots, x.units].map(n)),
  ];
  const width = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(`  ${r.map((v, c) => v.padStart(width[c]!)).join('  ')}`);
}

function printRecall(r: RecallScope): void {
  console.log(`Recall scope of ${r.root.kind} ${r.root.code}  [${r.root.id}]`);
  console.log(
    `  ${r.lots.length} lots, ${r.units.length} units, ${r.containers.length} containers, ${r.shipments.length} shipments, ${r.customers.length} customers`,
  );
  const lines = (title: string, q: RecallScope['quantities']['inStock']) => {
    console.log(`\n${title}`);
    if (q.length === 0) console.log('  none');
    for (const l of q) console.log(`  ${l.qty} ${l.uom}  ${l.materialName ?? l.material ?? ''}`);
  };
  lines('In stock', r.quantities.inStock);
  lines('In WIP', r.quantities.wip);
  lines('Shipped', r.quantities.shipped);
  console.log('\nCustomers');
  if (r.customers.length === 0) console.log('  none');
  for (const c of r.customers)
    console.log(
      `  ${c.name ?? c.id}: ${c.shipments.length} shipment(s); ${c.quantities.map((q) => `${q.qty} ${q.uom} ${q.materialName ?? q.material ?? ''}`).join(', ')}`,
    );
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('lotgraph')
    .description('Lot traceability and supplier quality: where did this lot come from, where did it go.')
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Configuration comes from the environment (see .env.example): PORT, LOTGRAPH_DATA_DIR,
LOTGRAPH_DEMO, NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD, LOTGRAPH_NEO4J_BOLT_PORT.
When a Lotgraph server is running on PORT, import/trace/recall/demo/audit go through its API.`,
    );

  program
    .command('start')
    .description(
      'start the local Neo4j (unless NEO4J_URI is set), DuckDB and the API server; load the demo plants into empty stores (LOTGRAPH_DEMO=on)',
    )
    .action(async () => {
      const cfg = readConfig();
      const server = await startServer(cfg, log);
      console.log(
        [
          `\nLotgraph is running at ${server.url}`,
          `  web app:  ${server.url}  (sign in${cfg.demo ? '; demo users: admin, quality, procurement, process, auditor, operator, supplier, password lotgraph-<user name>' : ''})`,
          `  API:      ${server.url}/api (a session or an API token; docs/security.md)`,
          `  GraphQL:  ${server.url}/graphql`,
          `  health:   ${server.url}/api/health`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      );
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping …`);
        await server.stop();
        log('stopped');
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });

  program
    .command('import')
    .description(
      'capture EPCIS documents (2.0 JSON/JSON-LD .json, .jsonld; 2.0 or 1.2 XML .xml) or CSV bundles (a folder of CSV files, see docs/csv-format.md); a file with any problem imports nothing',
    )
    .argument('[paths...]', 'files or folders')
    .option('--json', 'print the import reports (or the cancelled job) as JSON')
    .addOption(
      new Option(
        '--stream',
        'import CSV bundles in streams, in bounded memory, whatever their size (automatic above LOTGRAPH_CSV_STREAM_MB, 64 MB); with a server running, the bundle is uploaded to it and imported there (Ctrl+C cancels it there)',
      ).conflicts('cancel'),
    )
    .option(
      '--cancel <job id>',
      'instead of importing: cancel a CSV import running on the server (the id `lotgraph import` printed); answers once it has rolled back, or says why it cannot be cancelled',
    )
    .action(async (paths: string[], opts: { json?: boolean; stream?: boolean; cancel?: string }) => {
      const cfg = readConfig();
      if (opts.cancel !== undefined) {
        if (paths.length > 0)
          throw new AppError(
            'INVALID_INPUT',
            'give either the files or folders to import, or --cancel <job id>, not both; nothing was imported or cancelled',
          );
        const url = await runningServer(cfg);
        if (!url)
          throw new AppError(
            'CONFLICT',
            `no Lotgraph server answers on port ${cfg.port}: --cancel cancels a CSV import running on a server`,
          );
        log(`cancelling CSV import ${opts.cancel} on ${url} …`);
        const job = await cancelOnServer(cfg, url, opts.cancel);
        console.log(opts.json ? JSON.stringify(job, null, 2) : cancelledLine(job));
        return;
      }
      if (paths.length === 0)
        throw new AppError(
          'INVALID_INPUT',
          'give the files or folders to import, or --cancel <job id> to cancel a CSV import running on the server',
        );
      const inputs: Input[] = [];
      for (const p of paths) inputs.push(await loadInput(p, cfg.csvImport.streamBytes, opts.stream));
      const url = await runningServer(cfg);
      const reports = [];
      if (url)
        for (const i of inputs)
          reports.push({
            file: i.name,
            ...('csv' in i
              ? await importThroughServer(cfg, url, i.csv)
              : await api<object>(cfg, url, '/api/events', {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify(i.document),
                })),
          });
      else
        await withRuntime(cfg, async (rt) => {
          let shown = 0;
          for (const i of inputs)
            if ('csv' in i) {
              const r = await importCsvBundle(rt.stores, rt.projector, i.csv, {
                source: `file:${i.name}`,
                actor: cliActor(),
                workDir: cfg.dataDir,
                onProgress: (p) => {
                  // once a second, on stderr
                  const now = Date.now();
                  if (now - shown < 1000) return;
                  shown = now;
                  log(csvProgress(p));
                },
                onGraphProgress: throttle(log),
              });
              reports.push({ file: i.name, ...r });
            } else
              reports.push({
                file: i.name,
                ...(await ingestDocument(rt.stores, rt.projector, i.document, {
                  source: `file:${i.name}`,
                  actor: cliActor(),
                })),
              });
        });
      if (opts.json) console.log(JSON.stringify(reports, null, 2));
      else
        for (const r of reports as {
          file: string;
          read: number;
          captured: string[] | number;
          duplicates: string[] | number;
        }[]) {
          const count = (x: string[] | number) => (typeof x === 'number' ? x : x.length);
          console.log(
            `${r.file}: ${r.read} events read, ${count(r.captured)} captured, ${count(r.duplicates)} already known`,
          );
        }
    });

  const traceCmd = program
    .command('trace')
    .description('trace an object backward (its birth record) or forward (where it went)')
    .argument('<id>', 'lot code, serial number, supplier lot, EPC URI or GS1 Digital Link')
    .addOption(new Option('--forward', 'where it went').conflicts('backward'))
    .addOption(new Option('--backward', 'where it came from (default)'))
    .addOption(
      new Option(
        '--layers',
        'where it went, counted: objects per step downstream (fast for a lot that reaches 100,000 objects)',
      ).conflicts('backward'),
    )
    .option('--json', 'print the answer as JSON');
  traceCmd.action(async (id: string, opts: { forward?: boolean; layers?: boolean; json?: boolean }) => {
    const cfg = readConfig();
    const dir = opts.forward ? 'forward' : 'backward';
    const url = await runningServer(cfg);
    if (opts.layers) {
      const l = url
        ? await api<TraceLayers>(cfg, url, `/api/trace/forward/layers?id=${encodeURIComponent(id)}`)
        : await withRuntime(cfg, (rt) => traceForwardLayers(rt.stores.graph, id));
      if (opts.json) console.log(JSON.stringify(l, null, 2));
      else printLayers(l);
      return;
    }
    const t = url
      ? await api<TraceAnswer>(cfg, url, `/api/trace/${dir}?id=${encodeURIComponent(id)}`)
      : await withRuntime(cfg, (rt) =>
          (dir === 'forward' ? traceForward : traceBackward)(rt.stores.graph, id),
        );
    if (opts.json) console.log(JSON.stringify(t, null, 2));
    else printTrace(t);
  });

  program
    .command('recall')
    .description(
      'the recall scope of an object: downstream lots and units, containers, shipments, customers, quantities in stock, in WIP and shipped',
    )
    .argument('<id>', 'lot code, serial number, supplier lot, EPC URI or GS1 Digital Link')
    .option('--json', 'print the answer as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const cfg = readConfig();
      const url = await runningServer(cfg);
      const r = url
        ? await api<RecallScope>(cfg, url, `/api/recall?id=${encodeURIComponent(id)}`)
        : await withRuntime(cfg, (rt) => recallScope(rt.stores.graph, id));
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else printRecall(r);
    });

  program
    .command('demo')
    .description(
      'generate the demo plants (a bakery and an automotive-electronics line, one year) and capture them; the same scale and seed always give the same data',
    )
    .option('--scale <n>', 'volume: 1 = thousands of lots and tens of thousands of units', '1')
    .option('--seed <s>', 'random seed', '1')
    .action(async (opts: { scale: string; seed: string }) => {
      const cfg = readConfig();
      const scale = Number(opts.scale);
      const seed = Number(opts.seed);
      if (!(scale > 0) || !Number.isInteger(seed))
        throw new AppError('INVALID_INPUT', '--scale must be a positive number and --seed an integer');
      const demo = generateDemo({ scale, seed });
      const url = await runningServer(cfg);
      const started = Date.now();
      let total = { read: 0, captured: 0, duplicates: 0 };
      if (url) {
        for (const doc of demo.documents) {
          const r = await api<{ read: number; captured: string[]; duplicates: string[] }>(
            cfg,
            url,
            '/api/events',
            { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) },
          );
          total = {
            read: total.read + r.read,
            captured: total.captured + r.captured.length,
            duplicates: total.duplicates + r.duplicates.length,
          };
          log(`${total.read} events sent`);
        }
      } else
        total = await withRuntime(cfg, (rt) =>
          ingestMany(rt.stores, rt.projector, demo.documents, {
            source: 'demo',
            actor: cliActor(),
            onProgress: throttle(log),
          }),
        );
      const f = demo.facts();
      console.log(
        `demo: ${total.read} events read, ${total.captured} captured, ${total.duplicates} already known, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      console.log(
        `try: lotgraph recall ${f.contaminatedAdditiveLot}\n     lotgraph trace ${f.sampleUnit} --backward`,
      );
    });

  program
    .command('rebuild')
    .description(
      'replay the event log into empty projections (the Neo4j graph and the DuckDB analytic tables); the log itself is untouched',
    )
    .action(async () => {
      const cfg = readConfig();
      await stopped(cfg, 'rebuild');
      const r = await withRuntime(cfg, (rt) =>
        rebuild(rt.stores, rt.projector, { actor: cliActor(), onProgress: throttle(log) }),
      );
      console.log(`rebuild: ${r.entries} log entries replayed`);
    });

  program
    .command('check')
    .description(
      'check the event log against both projections: counts and SHA-256 hashes of events, objects, operations, inspections, shipments and links, and the graph checkpoint (exit 1 on a mismatch, 2 when the graph is only behind)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const cfg = readConfig();
      const url = await runningServer(cfg);
      const r = url
        ? await api<CheckReport>(cfg, url, '/api/check')
        : await withRuntime(cfg, (rt) => checkConsistency(rt.stores, { onProgress: throttle(log) }), {
            catchUp: false,
          });
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else printCheck(r);
      if (!r.consistent) process.exitCode = 1;
      else if (!r.ok) process.exitCode = 2;
    });

  const stopped = async (cfg: Config, what: string) => {
    if (await runningServer(cfg))
      throw new AppError(
        'CONFLICT',
        `a Lotgraph server is running on port ${cfg.port}; stop it before a ${what}`,
      );
  };
  program
    .command('backup')
    .description(
      'copy the data folder (event log and DuckDB tables, the local Neo4j store) into a new folder, with a manifest of SHA-256 hashes; the server must be stopped',
    )
    .argument('<folder>', 'where the backup goes (must not exist or be empty)')
    .action(async (folder: string) => {
      const cfg = readConfig();
      await stopped(cfg, 'backup');
      const m = await backupDataDir(cfg, folder, cliActor(), log);
      const bytes = m.files.reduce((s, f) => s + f.bytes, 0);
      console.log(
        `backup: ${m.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, log up to seq ${m.log.lastSeq} (${m.log.events} events); graph: ${m.graph}`,
      );
    });
  program
    .command('restore')
    .description(
      'restore a backup into the data folder (LOTGRAPH_DATA_DIR), check every file first, catch the graph up (or rebuild it), then run the consistency check; the server must be stopped',
    )
    .argument('<folder>', 'a folder written by `lotgraph backup`')
    .option('--replace', "move the data folder's present contents aside first (they are kept, not deleted)")
    .action(async (folder: string, opts: { replace?: boolean }) => {
      const cfg = readConfig();
      await stopped(cfg, 'restore');
      const r = await restoreDataDir(cfg, folder, {
        replace: Boolean(opts.replace),
        actor: cliActor(),
        log,
      });
      console.log(
        `restore: log up to seq ${r.manifest.log.lastSeq} (${r.manifest.log.events} events) from the backup of ${r.manifest.createdAt}; graph ${r.graph}`,
      );
      printCheck(r.check);
      if (!r.check.ok) process.exitCode = 1;
    });

  const audit = program
    .command('audit')
    .description(
      'the audit trail: every state change with who, when, what, before, after and why; hash-chained',
    );
  audit
    .command('verify')
    .description(
      'check the hash chain of the whole audit trail; names the first broken entry (exit 1 when broken)',
    )
    .action(async () => {
      const cfg = readConfig();
      const url = await runningServer(cfg);
      const r = url ? await api<ChainCheck>(cfg, url, '/api/audit/verify') : await withDuck(cfg, verifyAudit);
      if (r.ok) console.log(`audit trail intact: ${r.entries} entries`);
      else {
        console.log(`audit trail BROKEN at entry ${r.firstBroken}: ${r.reason}`);
        process.exitCode = 1;
      }
    });
  audit
    .command('list')
    .description('list audit entries, oldest first')
    .option('--actor <who>', 'only this actor')
    .option('--action <what>', 'only this action, e.g. events.capture')
    .option('--subject <subject>', 'only this subject')
    .option('--from <time>', 'at or after this ISO 8601 time')
    .option('--to <time>', 'before this ISO 8601 time')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print the entries as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const cfg = readConfig();
      const f = auditFilter(
        Object.fromEntries(Object.entries(opts).filter(([k, v]) => k !== 'json' && v !== undefined)),
      );
      const url = await runningServer(cfg);
      const entries = url
        ? (
            await api<{ entries: AuditEntry[] }>(
              cfg,
              url,
              `/api/audit?${new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)]))}`,
            )
          ).entries
        : await withDuck(cfg, (db) => readAudit(db, f));
      if (opts['json']) console.log(JSON.stringify(entries, null, 2));
      else
        for (const e of entries)
          console.log(
            `${e.seq}  ${e.at}  ${e.actor}  ${e.action}  ${e.subject}${e.reason ? `  (${e.reason})` : ''}`,
          );
    });

  // Users and tokens. With no server running, the command line acts on the stores directly as
  // the machine's user (who can read the data folder anyway), audited as cli:<account>.
  const cliPrincipal = (): Principal => ({
    userId: 'cli',
    username: userInfo().username,
    displayName: `command line (${userInfo().username})`,
    role: 'admin',
    supplierId: null,
    via: 'cli',
  });
  const findUser = async (list: PublicUser[], username: string) => {
    const u = list.find((x) => x.username === username.trim().toLowerCase());
    if (!u) throw new AppError('NOT_FOUND', `no user named "${username}"`);
    return u;
  };
  const user = program.command('user').description('users and their roles (admin)');
  user
    .command('add')
    .description(
      'create a user; the password is asked for (or read from standard input with --password-stdin)',
    )
    .argument('<username>', 'sign-in name: lower-case letters, digits and . _ @ -')
    .addOption(new Option('--role <role>', 'the role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <display name>', 'the name shown in the app and the audit trail')
    .option(
      '--supplier <id>',
      'for a supplier user: the supplier (party id, e.g. urn:lotgraph:party:CAP-VOLTARA)',
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--reason <why>', 'why, for the audit trail')
    .action(
      async (
        username: string,
        opts: { role: Role; name?: string; supplier?: string; passwordStdin?: boolean; reason?: string },
      ) => {
        const cfg = readConfig();
        const password = await readPassword(Boolean(opts.passwordStdin));
        const input = {
          username,
          displayName: opts.name,
          role: opts.role,
          supplierId: opts.supplier,
          password,
          reason: opts.reason,
        };
        const url = await runningServer(cfg);
        const u = url
          ? (
              await api<{ user: PublicUser }>(cfg, url, '/api/users', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(input),
              })
            ).user
          : await withDuck(cfg, (db) =>
              new Identity(db).createUser(`cli:${userInfo().username}`, input, opts.reason ?? null),
            );
        console.log(`user ${u.username} created (${u.roleLabel}${u.supplierId ? `, ${u.supplierId}` : ''})`);
      },
    );
  user
    .command('list')
    .description('list the users')
    .option('--json', 'print the users as JSON')
    .action(async (opts: { json?: boolean }) => {
      const cfg = readConfig();
      const url = await runningServer(cfg);
      const users = url
        ? (await api<{ users: PublicUser[] }>(cfg, url, '/api/users')).users
        : await withDuck(cfg, (db) => new Identity(db).listUsers());
      if (opts.json) console.log(JSON.stringify(users, null, 2));
      else
        for (const u of users)
          console.log(
            `${u.username}  ${u.roleLabel}${u.supplierId ? ` (${u.supplierId})` : ''}${u.disabled ? '  DISABLED' : ''}${u.lockedUntil ? `  locked until ${u.lockedUntil}` : ''}`,
          );
    });
  user
    .command('set')
    .description('change a user: role, supplier, name, disable or enable, reset the password')
    .argument('<username>')
    .addOption(new Option('--role <role>', 'a new role').choices([...ROLES]))
    .option('--supplier <id>', 'a new supplier (supplier users)')
    .option('--name <display name>', 'a new display name')
    .addOption(new Option('--disable', 'disable the user (ends its sessions)').conflicts('enable'))
    .option('--enable', 'enable the user again')
    .option('--reset-password', 'set a new password (asked for, or --password-stdin); also lifts a lockout')
    .option('--password-stdin', 'read the new password from the first line of standard input')
    .option('--reason <why>', 'why, for the audit trail')
    .action(
      async (
        username: string,
        opts: {
          role?: Role;
          supplier?: string;
          name?: string;
          disable?: boolean;
          enable?: boolean;
          resetPassword?: boolean;
          passwordStdin?: boolean;
          reason?: string;
        },
      ) => {
        const cfg = readConfig();
        const change = {
          ...(opts.role ? { role: opts.role } : {}),
          ...(opts.supplier ? { supplierId: opts.supplier } : {}),
          ...(opts.name ? { displayName: opts.name } : {}),
          ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
          ...(opts.resetPassword ? { password: await readPassword(Boolean(opts.passwordStdin)) } : {}),
        };
        const url = await runningServer(cfg);
        const u = url
          ? await (async () => {
              const all = (await api<{ users: PublicUser[] }>(cfg, url, '/api/users')).users;
              const target = await findUser(all, username);
              return (
                await api<{ user: PublicUser }>(cfg, url, `/api/users/${target.id}`, {
                  method: 'PATCH',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ ...change, reason: opts.reason }),
                })
              ).user;
            })()
          : await withDuck(cfg, async (db) => {
              const identity = new Identity(db);
              const target = await findUser(await identity.listUsers(), username);
              return identity.updateUser(cliPrincipal(), target.id, change, opts.reason ?? null);
            });
        console.log(`user ${u.username}: ${u.roleLabel}${u.disabled ? ', disabled' : ''}`);
      },
    );
  program
    .command('token')
    .description('API tokens for integrations')
    .command('create')
    .description('create an API token for a user and print it once (it is stored only as a hash)')
    .argument('<username>')
    .requiredOption('--name <name>', 'what the token is for, e.g. "ERP export"')
    .option('--days <n>', 'expires after this many days (default: never)')
    .option('--reason <why>', 'why, for the audit trail')
    .action(async (username: string, opts: { name: string; days?: string; reason?: string }) => {
      const cfg = readConfig();
      const input = {
        name: opts.name,
        expiresInDays: opts.days === undefined ? undefined : Number(opts.days),
      };
      const url = await runningServer(cfg);
      const t = url
        ? await (async () => {
            const all = (await api<{ users: PublicUser[] }>(cfg, url, '/api/users')).users;
            const target = await findUser(all, username);
            return api<{ token: PublicToken; secret: string }>(cfg, url, `/api/users/${target.id}/tokens`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...input, reason: opts.reason }),
            });
          })()
        : await withDuck(cfg, async (db) => {
            const identity = new Identity(db);
            const target = await findUser(await identity.listUsers(), username);
            return identity.createToken(cliPrincipal(), target.id, input, opts.reason ?? null);
          });
      console.log(t.secret);
      log(`token "${t.token.name}" for ${username} (${t.token.prefix}…): shown once, keep it secret`);
    });

  await program.parseAsync(argv);
}

/** A password from the terminal (typed twice, not echoed) or from the first line of stdin. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt);
      const stdin = process.stdin;
      stdin.setRawMode(true);
      stdin.resume();
      let value = '';
      const onData = (buf: Buffer) => {
        for (const ch of buf.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            return resolve(value);
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('password: ');
  const again = await ask('again:    ');
  if (first !== again) throw new AppError('INVALID_INPUT', 'the two passwords differ');
  return first;
}

main(process.argv).catch((err: unknown) => {
  printProblems(err);
  process.exit(1);
});
