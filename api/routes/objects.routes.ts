// Resolve what a person has in hand to objects, and one object's detail (the explorer's panel).
import { Router, type Request } from 'express';
import { AppError } from '../../domain/errors.ts';
import { supplierScope } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { objectDetail, resolveText } from '../services/objects.service.ts';
import type { Runtime } from '../runtime.ts';
import { idParam } from './trace.routes.ts';

const MAX_QUERY = 512;

/** The `q` query parameter: one value, not blank, of a sane length. Control characters stay. */
function qParam(req: Request): string {
  const q = req.query['q'];
  if (typeof q !== 'string' || q.trim() === '')
    throw new AppError('INVALID_INPUT', 'the query parameter "q" is required', {
      problems: [
        {
          field: 'q',
          reason:
            'is required: a lot code, serial number, supplier lot, EPC URI, GS1 Digital Link or scanned barcode text',
        },
      ],
    });
  if (q.length > MAX_QUERY)
    throw new AppError('INVALID_INPUT', `the query parameter "q" is longer than ${MAX_QUERY} characters`, {
      problems: [{ field: 'q', reason: `may have at most ${MAX_QUERY} characters` }],
    });
  return q;
}

export function objectRoutes(rt: Runtime): Router {
  const r = Router();
  const scope = (req: Request) => ({ supplierId: supplierScope(principalOf(req)) });
  r.get('/resolve', requirePermission('trace:read'), async (req, res) => {
    res.json(await resolveText(rt.stores.graph, qParam(req), scope(req)));
  });
  r.get('/objects/detail', requirePermission('trace:read'), async (req, res) => {
    res.json(await objectDetail(rt.stores, idParam(req), scope(req)));
  });
  return r;
}
