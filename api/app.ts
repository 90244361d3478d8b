// The Express app: REST under /api, the web app at /. Routes call services; no query lives here.
import express from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorHandler } from './errors.ts';
import { analyticsRoutes } from './routes/analytics.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { yieldRoutes } from './routes/yield.routes.ts';
import { eventsRoutes } from './routes/events.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { traceRoutes } from './routes/trace.routes.ts';
import type { Runtime } from './runtime.ts';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');

export function createApp(rt: Runtime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', healthRoutes(rt));
  app.use('/api', traceRoutes(rt));
  app.use('/api', eventsRoutes(rt));
  app.use('/api', auditRoutes(rt));
  app.use('/api', analyticsRoutes(rt));
  app.use('/api', yieldRoutes(rt));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });
  app.use(express.static(webDir, { index: 'index.html' }));
  app.use(errorHandler);
  return app;
}
