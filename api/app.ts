// The Express app: REST under /api, GraphQL at /graphql, the web app at /. Every door but
// sign-in and health needs credentials; each route checks its permission. No query lives here.
import cors from 'cors';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authenticate } from './auth/authenticate.ts';
import { Identity } from './auth/identity.service.ts';
import type { SecurityConfig } from './config.ts';
import { errorHandler } from './errors.ts';
import { graphqlRoutes } from './graphql/graphql.routes.ts';
import { analyticsRoutes } from './routes/analytics.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { checkRoutes } from './routes/check.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { eightDRoutes } from './routes/eightd.routes.ts';
import { epcisRoutes } from './routes/epcis.routes.ts';
import { eventsRoutes } from './routes/events.routes.ts';
import { formRoutes } from './routes/forms.routes.ts';
import { fsmaRoutes } from './routes/fsma.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { holdRoutes } from './routes/holds.routes.ts';
import { labelRoutes } from './routes/labels.routes.ts';
import { noticeRoutes, publicNoticeRoutes } from './routes/notices.routes.ts';
import { objectRoutes } from './routes/objects.routes.ts';
import { recallCaseRoutes } from './routes/recall-cases.routes.ts';
import { recallToolRoutes } from './routes/recall-tools.routes.ts';
import { resolverRoutes } from './routes/resolver.routes.ts';
import { stockRoutes } from './routes/stock.routes.ts';
import { traceRoutes } from './routes/trace.routes.ts';
import { TRACE_WHOLE_UP_TO } from './services/trace.service.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { vda63Routes } from './routes/vda63.routes.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';
import { yieldRoutes } from './routes/yield.routes.ts';
import type { Runtime } from './runtime.ts';
import {
  CaptureQueue,
  DEFAULT_CAPTURE_QUEUE,
  type CaptureQueueLimits,
} from './services/capture-queue.service.ts';
import { CsvImports, endInterruptedImports, type CsvImportLimits } from './services/csv-import.service.ts';
import { endInterruptedCaptures } from './services/epcis-capture.service.ts';

/** Where the built web app is (vite build writes it). */
export const WEB_DIST =
  process.env['LOTGRAPH_WEB_DIST'] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export interface LotgraphApp {
  app: express.Express;
  identity: Identity;
  /** the bounded queue in front of capture (POST /api/events, /api/capture/:form, /epcis/capture, /epcis/events) */
  captureQueue: CaptureQueue;
  /** streamed CSV imports uploaded to POST /api/imports/csv */
  csvImports: CsvImports;
  /** stops what the app started besides the HTTP server (GraphQL) */
  close(): Promise<void>;
}

export async function createApp(
  rt: Runtime,
  sec: SecurityConfig,
  opts: {
    captureQueue?: CaptureQueueLimits;
    /** where uploads go and how large they may be (default: a temporary folder, 4 GB) */
    csvImport?: Partial<CsvImportLimits>;
    /** above this many objects the web app fetches a forward trace in layers and pages (default 5,000) */
    traceWholeUpTo?: number;
  } = {},
): Promise<LotgraphApp> {
  const captureQueue = new CaptureQueue(opts.captureQueue ?? DEFAULT_CAPTURE_QUEUE);
  const ownDir = opts.csvImport?.dir === undefined;
  const importDir = opts.csvImport?.dir ?? mkdtempSync(join(tmpdir(), 'lotgraph-imports-'));
  await endInterruptedImports(rt.stores.duck, importDir);
  const csvImports = new CsvImports(rt, captureQueue, {
    dir: importDir,
    maxBytes: opts.csvImport?.maxBytes ?? 4096 * 1024 * 1024,
  });
  const identity = new Identity(rt.stores.duck, {
    adminToken: sec.adminToken,
    sessionHours: sec.sessionHours,
    idleMinutes: sec.idleMinutes,
    lockoutAttempts: sec.lockoutAttempts,
    lockoutMinutes: sec.lockoutMinutes,
  });
  const app = express();
  app.disable('x-powered-by');
  if (sec.trustProxy) app.set('trust proxy', 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // graph and chart libraries set element styles
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: sec.secureCookies ? { maxAge: 31_536_000 } : false,
    }),
  );
  // No CORS unless origins are configured: the web app is served from the same origin.
  if (sec.corsOrigins.length)
    app.use(
      ['/api', '/graphql', '/epcis'],
      cors({ origin: sec.corsOrigins, credentials: true, maxAge: 600 }),
    );

  const auth = authRoutes(identity, {
    secureCookies: sec.secureCookies,
    loginAttemptsPerWindow: sec.loginAttemptsPerWindow,
  });
  // A customer's single-use notice link: no account, so before authentication (docs/notices.md).
  app.use('/api/public', publicNoticeRoutes(rt));
  app.use(['/api', '/graphql'], authenticate(identity));
  app.use('/api', healthRoutes(rt));
  app.use('/api', auth.open);
  app.use('/api', auth.signedIn);
  app.use('/api', usersRoutes(identity, rt.stores.duck));
  app.use('/api', traceRoutes(rt, { wholeUpTo: opts.traceWholeUpTo ?? TRACE_WHOLE_UP_TO }));
  app.use('/api', objectRoutes(rt));
  app.use('/api', holdRoutes(rt));
  app.use('/api', recallToolRoutes(rt));
  app.use('/api', recallCaseRoutes(rt));
  app.use('/api', fsmaRoutes(rt));
  app.use('/api', eventsRoutes(rt, captureQueue));
  app.use('/api', importRoutes(csvImports));
  app.use('/api', auditRoutes(rt));
  app.use('/api', checkRoutes(rt));
  app.use('/api', analyticsRoutes(rt));
  app.use('/api', yieldRoutes(rt));
  app.use('/api', stockRoutes(rt));
  app.use('/api', formRoutes(rt, captureQueue));
  app.use('/api', workflowRoutes(rt));
  app.use('/api', eightDRoutes(rt));
  app.use('/api', noticeRoutes(rt));
  app.use('/api', labelRoutes(rt));
  app.use('/api', vda63Routes(rt));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });
  const closers: (() => Promise<void>)[] = [];
  const gql = await graphqlRoutes(rt);
  // A new query shape costs planning time in Neo4j: bound how fast one caller can send them.
  const graphqlLimit = rateLimit({
    windowMs: 60_000,
    limit: sec.graphqlPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.userId ?? 'anonymous',
    handler: (_req, res) => {
      res.status(429).json({
        errors: [
          { message: 'too many GraphQL requests: wait a minute', extensions: { code: 'RATE_LIMITED' } },
        ],
      });
    },
  });
  app.use('/graphql', graphqlLimit, gql.router);
  closers.push(gql.stop);

  // The GS1 EPCIS 2.0 REST binding (its own authentication and RFC 7807 errors).
  await endInterruptedCaptures(rt.stores.duck);
  app.use('/epcis', epcisRoutes(rt, identity, captureQueue));

  // GS1 Digital Link paths (a scanned label's QR code) lead to the object's page.
  app.use(resolverRoutes(rt));

  // The web app: built files, and index.html for every other GET (client-side routes).
  app.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }));
  app.get(/^(?!\/api\/|\/graphql|\/epcis(\/|$)).*/, (_req, res) => {
    const index = join(WEB_DIST, 'index.html');
    if (existsSync(index)) res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    else
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built yet: run `npm run build:web` (npm start does it for you).\n');
  });
  app.use(errorHandler);
  return {
    app,
    identity,
    captureQueue,
    csvImports,
    async close() {
      await csvImports.settled();
      if (ownDir) rmSync(importDir, { recursive: true, force: true });
      for (const c of closers) await c();
    },
  };
}
