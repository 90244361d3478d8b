// Starts the whole product: stores, demo data when empty, the HTTP server; stops it cleanly.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { logCounts } from '../analytics/event-log.store.ts';
import { generateDemo, type DemoFacts } from '../etl/demo/demo.generator.ts';
import { ingestMany, type Progress } from '../etl/ingest.ts';
import type { Principal, Role } from '../domain/roles.ts';
import { createApp } from './app.ts';
import { startScheduler } from './scheduler.ts';
import { answerStep, openEightD } from './services/eightd.service.ts';
import {
  answerQuestion,
  completeAuditWith,
  createProgramme,
  getCatalogue,
  linkEvidence,
  planAudit,
  raiseAction,
} from './services/vda63.service.ts';
import { questionsOf } from '../domain/vda63.ts';
import { raiseNotices } from './services/notice.service.ts';
import type { Identity } from './auth/identity.service.ts';
import type { Config } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

export interface RunningServer {
  rt: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** Loads the demo plants into empty stores; their facts (the planted problems) when it did. */
export async function loadDemoIfEmpty(rt: Runtime, cfg: Config, log: Progress): Promise<DemoFacts | null> {
  const { events } = await logCounts(rt.stores.duck);
  if (events > 0) return null;
  log(`loading the demo plants (scale ${cfg.demoScale}, seed ${cfg.demoSeed}) into the empty stores …`);
  const started = Date.now();
  const demo = generateDemo({ scale: cfg.demoScale, seed: cfg.demoSeed });
  const r = await ingestMany(rt.stores, rt.projector, demo.documents, {
    source: 'demo',
    actor: 'system:demo',
    onProgress: throttle(log),
  });
  log(`demo loaded: ${r.captured} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return demo.facts();
}

// The demo quality engineer (acting as the server itself: actor cli:quality) and the capacitor
// supplier of the demo supplier user, or null when either is missing.
async function demoQuality(identity: Identity): Promise<{ p: Principal; supplier: string } | null> {
  const u = (await identity.listUsers()).find((x) => x.username === 'quality' && !x.disabled);
  const supplier = DEMO_USERS.find((x) => x.role === 'supplier')?.supplierId ?? null;
  if (!u || !supplier) return null;
  const p: Principal = {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    supplierId: null,
    via: 'cli',
  };
  return { p, supplier };
}

/**
 * In demo mode, right after the demo plants were loaded: an 8D case on the planted capacitor
 * lot, opened by the demo quality engineer from the lot, D0 to D2 answered, assigned to the
 * capacitor supplier, so the board, the supplier portal (user `supplier`) and the scorecard
 * have a case to show. The supplier answers D3 (containment) next.
 */
export async function openDemoEightD(
  rt: Runtime,
  identity: Identity,
  facts: DemoFacts,
  log: Progress,
): Promise<string | null> {
  const demo = await demoQuality(identity);
  if (!demo) return null;
  const { p, supplier } = demo;
  const opened = await openEightD(rt, p, {
    title: 'Capacitor lot fails final test about ten times as often as others',
    source: { kind: 'lot', lot: facts.badCapacitorLot },
    supplierId: supplier,
    description: 'Final functional test failures traced back to one capacitor reel lot (demo).',
  });
  const answers: [string, Record<string, unknown>][] = [
    [
      'd0',
      {
        emergencyActions: 'Remaining reels of the lot blocked at the SMT line; finished boards with it held.',
        customerInformed: true,
      },
    ],
    [
      'd1',
      {
        champion: 'Plant quality manager',
        teamLeader: p.displayName,
        members: 'Process engineer SMT, test engineer, supplier quality engineer of the capacitor supplier',
      },
    ],
    [
      'd2',
      {
        what: 'Boards fail the final functional test (FCT) on the capacitor rail about ten times the usual rate.',
        where: 'Final test of the electronics line.',
        when: 'Since the first boards built with the reel lot.',
        who: 'Found by final test; boards shipped with the lot are affected.',
        how: 'The defect Pareto and the yield factor ranking both point at the one capacitor lot.',
      },
    ],
  ];
  for (const [step, data] of answers) await answerStep(rt, p, opened.id, step, { data });
  log(
    `demo 8D case ${opened.id} opened on the planted capacitor lot, waiting for the supplier's containment (D3)`,
  );
  return opened.id;
}

/**
 * In demo mode, right after the demo 8D case: a programme of supplier process audits with one
 * completed VDA 6.3 audit of the capacitor supplier on the example catalogue, evidence linked from
 * the demo's own records (the bad lot's backward trace, the supplier's scorecard, the incoming
 * p-chart, the 8D case), graded B by a starred question scored 4, and an action on that finding
 * waiting in the supplier's portal.
 */
export async function openDemoAudit(
  rt: Runtime,
  identity: Identity,
  facts: DemoFacts,
  eightDCase: string | null,
  log: Progress,
): Promise<string | null> {
  const demo = await demoQuality(identity);
  if (!demo) return null;
  const { p, supplier } = demo;
  const year = new Date().getUTCFullYear();
  const programme = await createProgramme(rt.stores.duck, p, {
    title: `Supplier process audits ${year}`,
    year,
    description: 'Process audits of the electronics line suppliers (demo).',
  });
  const steps = ['Winding and impregnation', 'Electrical test and packing'];
  const audit = await planAudit(rt, p, {
    programmeId: programme.id,
    supplierId: supplier,
    title: 'Capacitor supplier process audit',
    process: 'Aluminium electrolytic capacitors, series supply',
    catalogue: { key: 'vda63-example' },
    steps,
    scopedOut: [{ element: 'P2', reason: 'series supply, no project running' }],
    plannedOn: new Date().toISOString().slice(0, 10),
    leadAuditor: p.displayName,
  });
  const { catalogue } = await getCatalogue(rt.stores.duck, 'vda63-example', audit.catalogue.version);
  // Every question 10 but these: the segregation of nonconforming parts (starred) at the
  // electrical test, which lets a bad reel lot through, and a few partial answers.
  const scores: Record<string, number | null> = {
    [`P6.6.1@${steps[1]}`]: 4,
    [`P6.2.2@${steps[0]}`]: 8,
    'P5.3': 8,
    'P7.3': null,
  };
  const notes: Record<string, string> = {
    [`P6.6.1@${steps[1]}`]:
      'Rejected reels are set aside by hand; no locked reject store, no count reconciliation.',
    'P7.3': 'No field data for these parts yet.',
  };
  for (const e of questionsOf(catalogue))
    if (e.element !== 'P2')
      for (const step of e.element === 'P6' ? steps : [null]) {
        const key = step ? `${e.question.id}@${step}` : e.question.id;
        await answerQuestion(rt, p, audit.id, {
          questionId: e.question.id,
          ...(step ? { step } : {}),
          score: key in scores ? scores[key] : 10,
          ...(notes[key] ? { reason: notes[key] } : {}),
        });
      }
  const evidence: { questionId: string; step?: string; kind: string; ref: Record<string, unknown> }[] = [
    {
      questionId: 'P6.6.2',
      step: steps[1],
      kind: 'trace',
      ref: { id: facts.badCapacitorLot, direction: 'backward' },
    },
    { questionId: 'P5.3', kind: 'scorecard', ref: { period: 'quarter', supplier } },
    {
      questionId: 'P6.1.1',
      step: steps[0],
      kind: 'spc',
      ref: { chart: 'incoming', period: 'month', supplier },
    },
    ...(eightDCase ? [{ questionId: 'P7.2', kind: 'eightd', ref: { caseId: eightDCase } }] : []),
  ];
  for (const e of evidence) await linkEvidence(rt, p, audit.id, e);
  await completeAuditWith(rt, p, audit.id, { note: 'Closing meeting held with the supplier (demo).' });
  await raiseAction(rt, p, audit.id, {
    questionId: 'P6.6.1',
    step: steps[1],
    action:
      'Lockable reject store at the electrical test, with a daily count of rejected reels against the test log.',
    owner: { supplier: true },
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  log(
    `demo process audit ${audit.id} of the capacitor supplier completed (grade B), with one action for the supplier`,
  );
  return audit.id;
}

/**
 * In demo mode, after the demo 8D case: quality notices on the planted capacitor lot, drafted by
 * the demo quality engineer, one per customer that got boards with it and one to the capacitor
 * supplier. They wait as drafts; sending them links the open 8D case and issues the customers'
 * links (docs/notices.md).
 */
export async function raiseDemoNotices(
  rt: Runtime,
  identity: Identity,
  facts: DemoFacts,
  log: Progress,
): Promise<string | null> {
  const demo = await demoQuality(identity);
  if (!demo) return null;
  const { p } = demo;
  const r = await raiseNotices(rt, p, {
    source: { kind: 'lot', lot: facts.badCapacitorLot },
    title: 'Capacitors of one reel lot fail final test',
    reason:
      'Boards built with this capacitor lot fail the final functional test about ten times as often as others. ' +
      'Quarantine the units listed, tell us how many you still hold, and do not install them (demo).',
  });
  log(
    `demo notices ${r.batch} drafted on the planted capacitor lot: ${r.notices.length} to send from /notices`,
  );
  return r.batch;
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
  const rt = await openRuntime(cfg, log, { reachIndex: cfg.reachIndex });
  try {
    const facts = cfg.demo ? await loadDemoIfEmpty(rt, cfg, log) : null;
    const web = await createApp(rt, cfg.security, {
      captureQueue: cfg.captureQueue,
      csvImport: { dir: join(cfg.dataDir, 'imports'), maxBytes: cfg.csvImport.maxBytes },
      traceWholeUpTo: cfg.traceWholeUpTo,
    });
    if (cfg.demo) await createDemoUsers(web.identity, log);
    else await disableDemoUsers(web.identity, log);
    if (facts) {
      const eightD = await openDemoEightD(rt, web.identity, facts, log);
      await openDemoAudit(rt, web.identity, facts, eightD, log);
      await raiseDemoNotices(rt, web.identity, facts, log);
    }
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
