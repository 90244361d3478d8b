import { Router } from 'express';
import { parameterYield, yieldFactors } from '../../analytics/yield.ts';
import { requirePermission } from '../auth/principal.ts';
import { parameterScope, yieldScope } from '../services/yield.service.ts';
import type { Runtime } from '../runtime.ts';

export function yieldRoutes(rt: Runtime): Router {
  const r = Router();
  r.use('/analytics/yield', requirePermission('yield:read'));
  r.get('/analytics/yield/factors', async (req, res) => {
    res.json(await yieldFactors(rt.stores.duck, yieldScope(req.query)));
  });
  r.get('/analytics/yield/parameter', async (req, res) => {
    res.json(await parameterYield(rt.stores.duck, parameterScope(req.query)));
  });
  return r;
}
