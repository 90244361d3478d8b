import { Router } from 'express';
import { readAudit, recordAudit, verifyAudit } from '../../analytics/audit.store.ts';
import { actorOf } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { auditExportFormat, auditFilter, exportAudit } from '../services/audit.service.ts';
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
  // Evidence export: the filtered trail with the chain's check and head hash; the export is
  // itself recorded, so the trail shows who took which evidence when.
  r.get('/audit/export', requirePermission('audit:export'), async (req, res) => {
    const { format: fmt, ...rest } = req.query as Record<string, unknown>;
    const format = auditExportFormat(fmt);
    const { after: _after, limit: _limit, ...f } = auditFilter(rest);
    const p = principalOf(req);
    await recordAudit(rt.stores.duck, {
      actor: actorOf(p),
      action: 'audit.export',
      subject: 'audit_log',
      before: null,
      after: { format, filter: f },
      reason: null,
    });
    const day = new Date().toISOString().slice(0, 10);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    res.setHeader('content-disposition', `attachment; filename="lotgraph-audit-${day}.${format}"`);
    for await (const chunk of exportAudit(rt.stores.duck, f, format, actorOf(p))) res.write(chunk);
    res.end();
  });
  return r;
}
