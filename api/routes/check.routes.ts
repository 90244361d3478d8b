// The consistency check over HTTP: the event log against both projections (etl/check.ts). It
// changes nothing; its answer is 200 whatever it finds, and says whether the stores agree.
import { Router } from 'express';
import { checkConsistency } from '../../etl/check.ts';
import { requirePermission } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';

export function checkRoutes(rt: Runtime): Router {
  const r = Router();
  r.get('/check', requirePermission('audit:read'), async (_req, res) => {
    res.json(await checkConsistency(rt.stores, { projector: rt.projector }));
  });
  return r;
}
