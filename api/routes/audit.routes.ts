import { Router } from 'express';
import { readAudit, verifyAudit } from '../../analytics/audit.store.ts';
import { requirePermission } from '../auth/principal.ts';
import { auditFilter } from '../services/audit.service.ts';
import type { Runtime } from '../runtime.ts';

export function auditRoutes(rt: Runtime): Router {
  const r = Router();
  r.use('/audit', requirePermission('audit:read'));
  r.get('/audit', async (req, res) => {
    const f = auditFilter(req.query);
    const entries = await readAudit(rt.stores.duck, f);
    const last = entries[entries.length - 1];
    res.json({ entries, next: entries.length === f.limit && last ? last.seq : null });
  });
  r.get('/audit/verify', async (_req, res) => {
    res.json(await verifyAudit(rt.stores.duck));
  });
  return r;
}
