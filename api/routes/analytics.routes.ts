import { Router } from 'express';
import { defectPareto, paretoItems } from '../../analytics/pareto.ts';
import { scorecardLots, supplierScorecard } from '../../analytics/scorecard.ts';
import { incomingPChart } from '../../analytics/spc.ts';
import { analyticsQuery } from '../services/analytics.service.ts';
import type { Runtime } from '../runtime.ts';

export function analyticsRoutes(rt: Runtime): Router {
  const r = Router();
  const db = () => rt.stores.duck;
  r.get('/analytics/suppliers/scorecard', async (req, res) => {
    const q = analyticsQuery('scorecard', req.query);
    res.json({ period: q.period, rows: await supplierScorecard(db(), q) });
  });
  r.get('/analytics/suppliers/scorecard/lots', async (req, res) => {
    const q = analyticsQuery('scorecardLots', req.query);
    res.json({ ...q, lots: await scorecardLots(db(), q) });
  });
  r.get('/analytics/pareto', async (req, res) => {
    const q = analyticsQuery('pareto', req.query);
    res.json({ dimension: q.dimension, bars: await defectPareto(db(), q) });
  });
  r.get('/analytics/pareto/items', async (req, res) => {
    const q = analyticsQuery('paretoItems', req.query);
    res.json({ dimension: q.dimension, value: q.value, items: await paretoItems(db(), q) });
  });
  r.get('/analytics/spc/incoming', async (req, res) => {
    const q = analyticsQuery('spc', req.query);
    res.json({ period: q.period, ...(await incomingPChart(db(), q.period)) });
  });
  return r;
}
