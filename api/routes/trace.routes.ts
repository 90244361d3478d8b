import { Router, type Request } from 'express';
import { AppError } from '../../domain/errors.ts';
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
  r.get('/trace/backward', async (req, res) => {
    res.json(await traceBackward(graph, idParam(req)));
  });
  r.get('/trace/forward', async (req, res) => {
    res.json(await traceForward(graph, idParam(req)));
  });
  r.get('/recall', async (req, res) => {
    res.json(await recallScope(graph, idParam(req)));
  });
  return r;
}
