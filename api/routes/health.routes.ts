import { Router } from 'express';
import { healthOf } from '../services/health.service.ts';
import type { Runtime } from '../runtime.ts';

export function healthRoutes(rt: Runtime): Router {
  const r = Router();
  // Public, so monitors and the CLI can ask; where the stores live and what they hold is
  // shown only to signed-in staff (not to a supplier's portal user).
  r.get('/health', async (req, res) => {
    const h = await healthOf(rt);
    const body =
      req.principal && req.principal.role !== 'supplier'
        ? h
        : {
            service: h.service,
            status: h.status,
            stores: { neo4j: { status: h.stores.neo4j.status }, duckdb: { status: h.stores.duckdb.status } },
          };
    res.status(h.status === 'ok' ? 200 : 503).json(body);
  });
  return r;
}
