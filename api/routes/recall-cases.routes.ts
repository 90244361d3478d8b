// Recall cases (/recalls) and mock-recall drills (/drills): staff only, by permission
// (recall:read to read, recall:manage to change); bodies are checked in the services.
import { Router, type Request } from 'express';
import { actorOf } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { confirmDrill, getDrill, listDrillSummaries, startDrill } from '../services/drill.service.ts';
import {
  closeRecallCase,
  getRecallCase,
  listRecallCases,
  openRecallCase,
  recordRecall,
} from '../services/recall-case.service.ts';
import type { Runtime } from '../runtime.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '1mb' });
const actor = (req: Request) => actorOf(principalOf(req));
const param = (req: Request, name: string) => String(req.params[name]);

export function recallCaseRoutes(rt: Runtime): Router {
  const r = Router();
  const read = requirePermission('recall:read');
  const manage = requirePermission('recall:manage');
  const { duck } = rt.stores;

  r.get('/recalls', read, async (_req, res) => {
    res.json({ cases: await listRecallCases(duck) });
  });
  r.post('/recalls', manage, json, async (req, res) => {
    res.status(201).json(await openRecallCase(rt.stores, actor(req), req.body));
  });
  r.get('/recalls/:caseId', read, async (req, res) => {
    res.json(await getRecallCase(duck, param(req, 'caseId')));
  });
  r.post('/recalls/:caseId/records', manage, json, async (req, res) => {
    res.json(await recordRecall(duck, actor(req), param(req, 'caseId'), req.body));
  });
  r.post('/recalls/:caseId/close', manage, json, async (req, res) => {
    res.json(await closeRecallCase(duck, actor(req), param(req, 'caseId'), req.body));
  });

  r.get('/drills', read, async (_req, res) => {
    res.json({ drills: await listDrillSummaries(duck) });
  });
  r.post('/drills', manage, json, async (req, res) => {
    res.status(201).json(await startDrill(rt.stores, actor(req), req.body));
  });
  r.get('/drills/:drillId', read, async (req, res) => {
    res.json(await getDrill(rt.stores, param(req, 'drillId')));
  });
  r.post('/drills/:drillId/confirm', manage, json, async (req, res) => {
    res.json(await confirmDrill(rt.stores, actor(req), param(req, 'drillId'), req.body));
  });
  return r;
}
