import { Router, type Request } from 'express';
import { AppError } from '../../domain/errors.ts';
import { actorOf } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import {
  extendHold,
  holdStock,
  listHolds,
  parseExtendRequest,
  parseHoldRequest,
  parseReleaseRequest,
  releaseStock,
} from '../services/holds.service.ts';
import type { Runtime } from '../runtime.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '1mb' });

/** The optional `recall` query parameter: one value, not blank. */
function recallParam(req: Request): string | undefined {
  const v = req.query['recall'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '')
    throw new AppError('INVALID_INPUT', 'the query parameter "recall" is invalid', {
      problems: [
        {
          field: 'recall',
          reason: 'must be one identifier: a lot code, serial number, EPC URI or GS1 Digital Link',
        },
      ],
    });
  return v.trim();
}

/** Holds on stock: hold (a recall's in-plant objects, or named ones), extend a hold downstream, release with a reason, list. */
export function holdRoutes(rt: Runtime): Router {
  const r = Router();
  r.post('/holds', requirePermission('hold:write'), json, async (req, res) => {
    const body = parseHoldRequest(req.body);
    res.json(await holdStock(rt.stores, rt.projector, body, actorOf(principalOf(req))));
  });
  // Everything made from an object (and the object), still in the plant: one hold event.
  r.post('/holds/extend', requirePermission('hold:write'), json, async (req, res) => {
    const body = parseExtendRequest(req.body);
    res.json(await extendHold(rt.stores, rt.projector, body, actorOf(principalOf(req))));
  });
  r.post('/holds/release', requirePermission('hold:write'), json, async (req, res) => {
    const body = parseReleaseRequest(req.body);
    res.json(await releaseStock(rt.stores, rt.projector, body, actorOf(principalOf(req))));
  });
  r.get('/holds', requirePermission('recall:read'), async (req, res) => {
    res.json(await listHolds(rt.stores, recallParam(req)));
  });
  return r;
}
