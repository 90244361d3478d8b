// Starts the whole product: stores, demo data when empty, the HTTP server; stops it cleanly.
import type { Server } from 'node:http';
import { logCounts } from '../analytics/event-log.store.ts';
import { generateDemo } from '../etl/demo/demo.generator.ts';
import { ingestMany, type Progress } from '../etl/ingest.ts';
import type { Principal, Role } from '../domain/roles.ts';
import { createApp } from './app.ts';
import { startScheduler } from './scheduler.ts';
import type { Identity } from './auth/identity.service.ts';
import type { Config } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

export interface RunningServer {
  rt: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** Loads the demo plants into empty stores. */
export async function loadDemoIfEmpty(rt: Runtime, cfg: Config, log: Progress): Promise<void> {
  const { events } = await logCounts(rt.stores.duck);
  if (events > 0) return;
  log(`loading the demo plants (scale ${cfg.demoScale}, seed ${cfg.demoSeed}) into the empty stores …`);
  const started = Date.now();
  const demo = generateDemo({ scale: cfg.demoScale, seed: cfg.demoSeed });
  const r = await ingestMany(rt.stores, rt.projector, demo.documents, {
    source: 'demo',
    actor: 'system:demo',
    onProgress: throttle(log),
  });
  log(`demo loaded: ${r.captured} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The demo plants' users: one per role, password `lotgraph-<username>` (docs/security.md). */
export const DEMO_USERS: { username: string; displayName: string; role: Role; supplierId?: string }[] = [
  { username: 'admin', displayName: 'Demo administrator', role: 'admin' },
  { username: 'quality', displayName: 'Demo quality engineer', role: 'quality_engineer' },
  { username: 'procurement', displayName: 'Demo procurement', role: 'procurement' },
  { username: 'process', displayName: 'Demo process engineer', role: 'process_engineer' },
  { username: 'auditor', displayName: 'Demo auditor', role: 'auditor' },
  { username: 'operator', displayName: 'Demo operator', role: 'operator' },
  {
    username: 'supplier',
    displayName: 'Demo supplier (capacitors)',
    role: 'supplier',
    supplierId: 'urn:lotgraph:party:CAP-VOLTARA',
  },
];
export const demoPassword = (username: string) => `lotgraph-${username}`;

/** In demo mode only: creates the demo users when no user exists yet. */
export async function createDemoUsers(identity: Identity, log: Progress): Promise<void> {
  if ((await identity.countUsers()) > 0) return;
  for (const u of DEMO_USERS)
    await identity.createUser('system:demo', { ...u, password: demoPassword(u.username) }, 'demo mode');
  log(
    `demo users (password lotgraph-<user name>): ${DEMO_USERS.map((u) => u.username).join(', ')} (docs/security.md)`,
  );
}

/**
 * With demo mode off, demo users that still have their published password are disabled, so
 * they exist only in demo mode (audited; re-enable one with `lotgraph user set`).
 */
export async function disableDemoUsers(identity: Identity, log: Progress): Promise<void> {
  const system: Principal = {
    userId: 'system',
    username: 'demo-off',
    displayName: 'Lotgraph (demo mode off)',
    role: 'admin',
    supplierId: null,
    via: 'cli',
  };
  for (const d of DEMO_USERS) {
    const u = await identity.hasPassword(d.username, demoPassword(d.username));
    if (!u) continue;
    await identity.updateUser(
      system,
      u.id,
      { disabled: true },
      'demo mode is off: demo passwords are public',
    );
    log(`demo user ${d.username} disabled (demo mode is off)`);
  }
}

/** Passes on at most one progress line a second, and always the last. */
export function throttle(log: Progress, ms = 1000): Progress {
  let last = 0;
  return (msg) => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      log(msg);
    }
  };
}

export async function startServer(cfg: Config, log: Progress): Promise<RunningServer> {
  const rt = await openRuntime(cfg, log);
  try {
    if (cfg.demo) await loadDemoIfEmpty(rt, cfg, log);
    const web = await createApp(rt, cfg.security);
    if (cfg.demo) await createDemoUsers(web.identity, log);
    else await disableDemoUsers(web.identity, log);
    if (!cfg.demo && (await web.identity.countUsers()) === 0 && !cfg.security.adminToken)
      log('no users yet: create the first admin with `lotgraph user add <name> --role admin`');
    const server: Server = await new Promise((resolve, reject) => {
      const s = web.app.listen(cfg.port, cfg.host, () => resolve(s));
      s.once('error', reject);
    });
    const scheduler = startScheduler(rt, cfg, log);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    const host = cfg.host === '0.0.0.0' || cfg.host === '127.0.0.1' ? 'localhost' : cfg.host;
    return {
      rt,
      url: `http://${host}:${port}`,
      async stop() {
        await scheduler.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await web.close();
        await rt.close();
      },
    };
  } catch (err) {
    await rt.close();
    throw err;
  }
}
