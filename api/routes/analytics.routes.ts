import { Router, type Request } from 'express';
import { defectPareto, paretoItemsPage } from '../../analytics/pareto.ts';
import {
  getScorecardConfig,
  scorecardLots,
  setScorecardConfig,
  supplierScorecard,
} from '../../analytics/scorecard.ts';
import { defectsUChart, incomingPChart } from '../../analytics/spc.ts';
import { AppError } from '../../domain/errors.ts';
import { actorOf, supplierScope } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { analyticsQuery, scorecardConfigChange } from '../services/analytics.service.ts';
import type { Runtime } from '../runtime.ts';
import { jsonBody } from '../validation.ts';

export function analyticsRoutes(rt: Runtime): Router {
  const r = Router();
  const db = () => rt.stores.duck;
  r.use('/analytics', requirePermission('analytics:read'));
  // A supplier user's figures are its own: the supplier filter is forced, and asking for
  // another supplier finds nothing (as if that supplier had no data).
  const confine = <Q extends { supplier?: string | undefined }>(
    req: Request,
    q: Q,
  ): Q & { supplier?: string } => {
    const own = supplierScope(principalOf(req));
    if (own === null) return q;
    if (q.supplier !== undefined && q.supplier !== own)
      throw new AppError('NOT_FOUND', 'no such supplier', { details: { supplier: q.supplier } });
    return { ...q, supplier: own };
  };
  r.get('/analytics/suppliers/scorecard', async (req, res) => {
    const q = confine(req, analyticsQuery('scorecard', req.query));
    res.json({ period: q.period, rows: await supplierScorecard(db(), q) });
  });
  // Weights and grade thresholds: anyone with analytics may read them, admins change them
  // (with a reason; audited in the same transaction).
  r.get('/analytics/suppliers/scorecard/config', async (_req, res) => {
    res.json({ config: await getScorecardConfig(db()) });
  });
  r.put(
    '/analytics/suppliers/scorecard/config',
    requirePermission('config:write'),
    jsonBody({ limit: '16kb' }),
    async (req, res) => {
      const { config, reason } = scorecardConfigChange(req.body);
      const saved = await setScorecardConfig(db(), { actor: actorOf(principalOf(req)), reason, config });
      res.json({ config: saved });
    },
  );
  r.get('/analytics/suppliers/scorecard/lots', async (req, res) => {
    const q = confine(req, analyticsQuery('scorecardLots', req.query));
    res.json({ ...q, lots: await scorecardLots(db(), q) });
  });
  r.get('/analytics/pareto', async (req, res) => {
    const q = confine(req, analyticsQuery('pareto', req.query));
    res.json({ dimension: q.dimension, bars: await defectPareto(db(), q) });
  });
  r.get('/analytics/pareto/items', async (req, res) => {
    const q = confine(req, analyticsQuery('paretoItems', req.query));
    const page = await paretoItemsPage(db(), q);
    res.json({ dimension: q.dimension, value: q.value, ...page, limit: q.limit, offset: q.offset });
  });
  r.get('/analytics/spc/incoming', async (req, res) => {
    const q = confine(req, analyticsQuery('spc', req.query));
    res.json({ period: q.period, ...(await incomingPChart(db(), q.period, q.supplier ?? null)) });
  });
  // In-process and final inspections are the plant's own process data: the u-chart asks for
  // yield:read too, which a supplier's role does not hold (403 before the query is read).
  r.get('/analytics/spc/defects', requirePermission('yield:read'), async (req, res) => {
    const q = analyticsQuery('spcDefects', req.query);
    res.json({ ...q, ...(await defectsUChart(db(), q)) });
  });
  return r;
}
