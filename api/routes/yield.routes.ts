import { Router } from 'express';
import {
  firstPassYieldTrend,
  parameterPoints,
  parameterYield,
  yieldFactors,
  yieldHeatmap,
} from '../../analytics/yield.ts';
import { requirePermission } from '../auth/principal.ts';
import {
  fpyQuery,
  heatmapQuery,
  parameterScope,
  pointsQuery,
  yieldScope,
} from '../services/yield.service.ts';
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
  r.get('/analytics/yield/fpy', async (req, res) => {
    res.json(await firstPassYieldTrend(rt.stores.duck, fpyQuery(req.query)));
  });
  r.get('/analytics/yield/heatmap', async (req, res) => {
    res.json(await yieldHeatmap(rt.stores.duck, heatmapQuery(req.query)));
  });
  r.get('/analytics/yield/points', async (req, res) => {
    res.json(await parameterPoints(rt.stores.duck, pointsQuery(req.query)));
  });
  return r;
}
