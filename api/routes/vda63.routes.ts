// VDA 6.3 process audits (/vda63): catalogues (read with vda63:read, new versions with
// config:write), programmes and audits (read with vda63:read; a supplier user only its own
// supplier's completed audits, others are 404), planned, answered, evidenced, completed and
// actioned with vda63:conduct; the evidence pack with vda63:export.
import { Router, type Request } from 'express';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { evidencePack } from '../services/vda63-pack.service.ts';
import {
  actionOwners,
  answerQuestion,
  auditSummaries,
  catalogueSummaries,
  completeAuditWith,
  createProgramme,
  getAudit,
  getCatalogue,
  getEvidence,
  linkEvidence,
  planAudit,
  programmes,
  raiseAction,
  replanAudit,
  saveCatalogue,
  unlinkEvidence,
} from '../services/vda63.service.ts';
import { AppError } from '../../domain/errors.ts';
import type { Runtime } from '../runtime.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '2mb' });
const param = (req: Request, name: string) => String(req.params[name]);

export function vda63Routes(rt: Runtime): Router {
  const r = Router();
  const read = requirePermission('vda63:read');
  const conduct = requirePermission('vda63:conduct');
  const { duck } = rt.stores;
  r.use('/vda63', read);

  r.get('/vda63/catalogues', async (_req, res) => {
    res.json({ catalogues: await catalogueSummaries(duck) });
  });
  r.get('/vda63/catalogues/:key', async (req, res) => {
    const v = req.query['version'];
    const version = v === undefined ? null : Number(v);
    if (version !== null && !(Number.isInteger(version) && version > 0))
      throw new AppError('INVALID_INPUT', 'the catalogue query is invalid', {
        problems: [{ field: 'version', pointer: '/version', reason: 'must be a whole number ≥ 1' }],
      });
    res.json(await getCatalogue(duck, param(req, 'key'), version));
  });
  r.post('/vda63/catalogues', requirePermission('config:write'), json, async (req, res) => {
    const saved = await saveCatalogue(duck, principalOf(req), req.body);
    res.status(saved.created ? 201 : 200).json(saved);
  });

  r.get('/vda63/programmes', async (_req, res) => {
    res.json({ programmes: await programmes(duck) });
  });
  r.post('/vda63/programmes', conduct, json, async (req, res) => {
    res.status(201).json(await createProgramme(duck, principalOf(req), req.body));
  });
  r.get('/vda63/owners', conduct, async (_req, res) => {
    res.json({ owners: await actionOwners(duck) });
  });

  r.get('/vda63/audits', async (req, res) => {
    res.json({ audits: await auditSummaries(duck, principalOf(req), req.query) });
  });
  r.post('/vda63/audits', conduct, json, async (req, res) => {
    res.status(201).json(await planAudit(rt, principalOf(req), req.body));
  });
  r.get('/vda63/audits/:id', async (req, res) => {
    res.json(await getAudit(rt, principalOf(req), param(req, 'id')));
  });
  r.put('/vda63/audits/:id/plan', conduct, json, async (req, res) => {
    res.json(await replanAudit(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.put('/vda63/audits/:id/answers', conduct, json, async (req, res) => {
    res.json(await answerQuestion(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.post('/vda63/audits/:id/complete', conduct, json, async (req, res) => {
    res.json(await completeAuditWith(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.post('/vda63/audits/:id/evidence', conduct, json, async (req, res) => {
    res.status(201).json(await linkEvidence(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.get('/vda63/audits/:id/evidence/:evidence', async (req, res) => {
    res.json(await getEvidence(duck, principalOf(req), param(req, 'id'), param(req, 'evidence')));
  });
  r.post('/vda63/audits/:id/evidence/:evidence/unlink', conduct, json, async (req, res) => {
    res.json(await unlinkEvidence(rt, principalOf(req), param(req, 'id'), param(req, 'evidence'), req.body));
  });
  r.post('/vda63/audits/:id/actions', conduct, json, async (req, res) => {
    res.status(201).json(await raiseAction(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.get('/vda63/audits/:id/evidence-pack', requirePermission('vda63:export'), async (req, res) => {
    const pack = await evidencePack(rt, principalOf(req), param(req, 'id'));
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${pack.filename}"`);
    res.send(pack.body);
  });
  return r;
}
