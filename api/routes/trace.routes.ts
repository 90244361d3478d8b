import { Router, type Request } from 'express';
import { AppError } from '../../domain/errors.ts';
import { supplierScope } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { recallScope, traceBackward, traceForward } from '../services/trace.service.ts';
import type { Runtime } from '../runtime.ts';

/** The `id` query parameter: required, one value, not blank. */
export function idParam(req: Request): string {
  const id = req.query['id'];
  if (typeof id !== 'string' || id.trim() === '')
    throw new AppError('INVALID_INPUT', 'the query parameter "id" is required', {
      problems: [
        { field: 'id', reason: 'is required: a lot code, serial number, EPC URI or GS1 Digital Link' },
      ],
    });
  return id.trim();
}

export function traceRoutes(rt: Runtime): Router {
  const r = Router();
  const graph = rt.stores.graph;
  const scope = (req: Request) => ({ supplierId: supplierScope(principalOf(req)) });
  r.get('/trace/backward', requirePermission('trace:read'), async (req, res) => {
    res.json(await traceBackward(graph, idParam(req), scope(req)));
  });
  r.get('/trace/forward', requirePermission('trace:read'), async (req, res) => {
    res.json(await traceForward(graph, idParam(req), scope(req)));
  });
  r.get('/recall', requirePermission('recall:read'), async (req, res) => {
    res.json(await recallScope(graph, idParam(req)));
  });
  return r;
}
