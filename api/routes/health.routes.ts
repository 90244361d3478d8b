import { Router } from 'express';
import { healthOf } from '../services/health.service.ts';
import type { Runtime } from '../runtime.ts';

export function healthRoutes(rt: Runtime): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const h = await healthOf(rt);
    res.status(h.status === 'ok' ? 200 : 503).json(h);
  });
  return r;
}
