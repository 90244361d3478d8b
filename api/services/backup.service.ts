// Backup and restore of the data folder, with the server stopped (decision 027): the DuckDB
// file (event log, analytic tables, users, audit trail, everything but the graph) and, for the
// local Neo4j, its store. Both are copied cold from one stopped state; the graph never runs
// ahead of the log, so a restored pair is consistent and start-up catches the graph up to the
// log. Without the local store (NEO4J_URI) the graph is rebuilt from the log on restore.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { appendAudit, recordAudit } from '../../analytics/audit.store.ts';
import { DuckStore } from '../../analytics/duckdb.ts';
import { lastSeq, logCounts } from '../../analytics/event-log.store.ts';
import { AppError } from '../../domain/errors.ts';
import { checkConsistency, type CheckReport } from '../../etl/check.ts';
import { rebuild, type Progress } from '../../etl/ingest.ts';
import type { Config } from '../config.ts';
import { duckFile, openRuntime } from '../runtime.ts';

export const BACKUP_FORMAT = 'lotgraph-backup/1';
const MANIFEST = 'manifest.json';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  createdBy: string;
  /** the data folder it was taken from */
  from: string;
  log: { lastSeq: number; events: number; masterData: number };
  /** whether the local Neo4j store is in the backup, or the graph is rebuilt from the log on restore */
  graph: 'local store' | 'rebuilt on restore';
  files: { path: string; bytes: number; sha256: string }[];
}

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const isEmptyOrMissing = async (dir: string) => !existsSync(dir) || (await readdir(dir)).length === 0;

/**
 * Copies the data folder of a stopped Lotgraph into `target` (which must not exist or be empty):
 * the DuckDB file, the local Neo4j store (not its logs) and its password file, and a manifest with
 * each file's size and SHA-256. Written to a sibling folder first and renamed at the end, so a
 * backup cut short never looks complete. Recorded in the audit trail.
 */
export async function backupDataDir(
  cfg: Config,
  targetDir: string,
  actor: string,
  log: Progress,
): Promise<BackupManifest> {
  const target = resolve(targetDir);
  if (!(await isEmptyOrMissing(target)))
    throw new AppError('CONFLICT', `${target} is not empty: back up into a new folder`);
  if (!existsSync(duckFile(cfg)))
    throw new AppError('NOT_FOUND', `no Lotgraph data in ${cfg.dataDir} (no lotgraph.duckdb)`);
  // Opening DuckDB fails while another process (a server) holds the file: then nothing is copied.
  const db = await DuckStore.open(duckFile(cfg));
  let info: BackupManifest['log'];
  try {
    const counts = await logCounts(db);
    info = { lastSeq: await lastSeq(db), events: counts.events, masterData: counts.masterData };
    await recordAudit(db, {
      actor,
      action: 'data.backup',
      subject: cfg.dataDir,
      before: null,
      after: { target, log: info },
      reason: null,
    });
  } finally {
    db.close(); // a clean close checkpoints the file
  }
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const store = join(cfg.dataDir, 'neo4j', 'data');
  const localGraph = cfg.neo4j === null && existsSync(store);
  const sources = [
    duckFile(cfg),
    `${duckFile(cfg)}.wal`,
    join(cfg.dataDir, 'neo4j-password'),
    ...(localGraph ? await filesUnder(store) : []),
  ].filter((f) => existsSync(f));
  const files: BackupManifest['files'] = [];
  for (const src of sources) {
    const rel = relative(cfg.dataDir, src);
    const dst = join(staging, rel);
    await mkdir(dirname(dst), { recursive: true });
    await cp(src, dst, { preserveTimestamps: true });
    files.push({ path: rel, bytes: (await stat(dst)).size, sha256: await sha256Of(dst) });
    log(`backup: ${rel} copied`);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    createdBy: actor,
    from: cfg.dataDir,
    log: info,
    graph: localGraph ? 'local store' : 'rebuilt on restore',
    files,
  };
  await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
  await rm(target, { recursive: true, force: true }); // empty or missing, checked above
  await rename(staging, target);
  return manifest;
}

/** Reads a backup's manifest and checks every file it names; throws naming each file that differs. */
export async function verifyBackup(sourceDir: string): Promise<BackupManifest> {
  const source = resolve(sourceDir);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(source, MANIFEST), 'utf8')) as BackupManifest;
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${source} is not a Lotgraph backup (no readable ${MANIFEST})`, {
      cause: err,
    });
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files))
    throw new AppError('INVALID_INPUT', `${join(source, MANIFEST)}: not a ${BACKUP_FORMAT} manifest`);
  const problems = [];
  for (const f of manifest.files) {
    const p = join(source, f.path);
    if (relative(source, p).startsWith('..'))
      problems.push({ file: f.path, reason: 'names a file outside the backup' });
    else if (!existsSync(p)) problems.push({ file: f.path, reason: 'is missing' });
    else if ((await stat(p)).size !== f.bytes || (await sha256Of(p)) !== f.sha256)
      problems.push({ file: f.path, reason: 'differs from the manifest (size or SHA-256)' });
  }
  if (!manifest.files.some((f) => f.path === 'lotgraph.duckdb'))
    problems.push({ file: 'lotgraph.duckdb', reason: 'is not in the backup' });
  if (problems.length)
    throw new AppError('INVALID_INPUT', `the backup in ${source} is damaged: nothing was restored`, {
      problems,
    });
  return manifest;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** where the data folder's previous contents went (with --replace), or null */
  movedAside: string | null;
  graph: 'restored and caught up' | 'rebuilt from the log';
  check: CheckReport;
}

/**
 * Restores a backup into the configured data folder (the server stopped): checks every file
 * first, moves present data aside (only with `replace`; never deletes it), copies the backup in,
 * starts the stores (the graph catches up, or is rebuilt from the log when the backup has no
 * graph store or a Neo4j server is configured), records the restore in the audit trail and runs
 * the consistency check.
 */
export async function restoreDataDir(
  cfg: Config,
  sourceDir: string,
  opts: { replace: boolean; actor: string; log: Progress },
): Promise<RestoreReport> {
  const source = resolve(sourceDir);
  const manifest = await verifyBackup(source);
  const dataDir = cfg.dataDir;
  let movedAside: string | null = null;
  if (!(await isEmptyOrMissing(dataDir))) {
    if (!opts.replace)
      throw new AppError(
        'CONFLICT',
        `${dataDir} already holds data: restore into an empty data folder, or add --replace to move the present data aside first`,
      );
    movedAside = join(
      dirname(dataDir),
      `${basename(dataDir)}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    await rename(dataDir, movedAside);
    opts.log(`restore: the present data moved to ${movedAside}`);
  }
  await mkdir(dataDir, { recursive: true });
  for (const f of manifest.files) {
    const dst = join(dataDir, f.path);
    await mkdir(dirname(dst), { recursive: true });
    await cp(join(source, f.path), dst, { preserveTimestamps: true });
  }
  opts.log(`restore: ${manifest.files.length} files copied from ${source}`);
  const reuseGraph = manifest.graph === 'local store' && cfg.neo4j === null;
  const rt = await openRuntime(cfg, opts.log);
  try {
    if (!reuseGraph) await rebuild(rt.stores, rt.projector, { actor: opts.actor, onProgress: opts.log });
    await rt.stores.duck.transaction((tx) =>
      appendAudit(tx, {
        actor: opts.actor,
        action: 'data.restore',
        subject: dataDir,
        before: movedAside ? { movedAside } : null,
        after: { from: source, createdAt: manifest.createdAt, log: manifest.log },
        reason: null,
      }),
    );
    const check = await checkConsistency(rt.stores, { onProgress: opts.log });
    return {
      manifest,
      movedAside,
      graph: reuseGraph ? 'restored and caught up' : 'rebuilt from the log',
      check,
    };
  } finally {
    await rt.close();
  }
}
