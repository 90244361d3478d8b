// 8D cases (/8d): read with eightd:read (a supplier user only its own supplier's cases, others
// are 404), opened and assigned with eightd:manage, steps answered by staff with eightd:manage or
// the assigned supplier's users (eightd:respond), as the '8d' workflow definition allows.
import { Router, type Request } from 'express';
import { principalOf, requirePermission } from '../auth/principal.ts';
import {
  answerStep,
  assignEightD,
  eightDForms,
  getEightD,
  listEightDCases,
  openEightD,
} from '../services/eightd.service.ts';
import type { Runtime } from '../runtime.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '1mb' });
const param = (req: Request, name: string) => String(req.params[name]);

export function eightDRoutes(rt: Runtime): Router {
  const r = Router();
  const read = requirePermission('eightd:read');
  const manage = requirePermission('eightd:manage');
  const { duck } = rt.stores;

  r.get('/8d', read, async (req, res) => {
    res.json({ cases: await listEightDCases(duck, principalOf(req), req.query) });
  });
  r.post('/8d', manage, json, async (req, res) => {
    res.status(201).json(await openEightD(rt, principalOf(req), req.body));
  });
  r.get('/8d-forms', read, async (_req, res) => {
    res.json({ forms: await eightDForms(duck) });
  });
  r.get('/8d/:id', read, async (req, res) => {
    res.json(await getEightD(rt, principalOf(req), param(req, 'id')));
  });
  r.post('/8d/:id/steps/:step', read, json, async (req, res) => {
    res.json(await answerStep(rt, principalOf(req), param(req, 'id'), param(req, 'step'), req.body));
  });
  r.post('/8d/:id/assign', manage, json, async (req, res) => {
    res.json(await assignEightD(rt, principalOf(req), param(req, 'id'), req.body));
  });
  return r;
}
