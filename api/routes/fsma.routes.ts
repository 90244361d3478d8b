// FDA FSMA 204 beside the spreadsheet exports (recall-tools.routes.ts): the products an export can
// be asked for, and the traceability plan, read with recall:read (staff) and saved as a new
// version with config:write. Bodies are checked in the service.
import express, { Router } from 'express';
import { actorOf } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { currentPlan, planVersions, savePlan } from '../services/fsma-plan.service.ts';
import { fsmaProducts } from '../services/fsma204.service.ts';
import type { Runtime } from '../runtime.ts';

export function fsmaRoutes(rt: Runtime): Router {
  const r = Router();
  const { duck } = rt.stores;
  const read = requirePermission('recall:read');
  r.get('/fsma204/materials', read, async (_req, res) => {
    res.json({ materials: await fsmaProducts(duck) });
  });
  r.get('/fsma204/plan', read, async (_req, res) => {
    res.json({ plan: await currentPlan(duck) });
  });
  r.get('/fsma204/plan/versions', read, async (_req, res) => {
    res.json({ versions: await planVersions(duck) });
  });
  r.put(
    '/fsma204/plan',
    requirePermission('config:write'),
    express.json({ limit: '512kb' }),
    async (req, res) => {
      res.status(201).json({ plan: await savePlan(duck, req.body, actorOf(principalOf(req))) });
    },
  );
  return r;
}
