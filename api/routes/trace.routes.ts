import { Router, type Request } from 'express';
import { AppError } from '../../domain/errors.ts';
import { supplierScope } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { z } from 'zod';
import {
  LAYER_PAGE_MAX,
  recallScope,
  traceBackward,
  traceForward,
  traceForwardLayerPage,
  traceForwardLayers,
} from '../services/trace.service.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';

const layerPage = z.object({
  depth: z.coerce
    .number({ error: 'must be a whole number: the layer, 0 for the traced object' })
    .int()
    .min(0),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(LAYER_PAGE_MAX).default(1000),
});

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

export function traceRoutes(rt: Runtime, opts: { wholeUpTo: number }): Router {
  const r = Router();
  const graph = rt.stores.graph;
  const scope = (req: Request) => ({ supplierId: supplierScope(principalOf(req)) });
  r.get('/trace/backward', requirePermission('trace:read'), async (req, res) => {
    res.json(await traceBackward(graph, idParam(req), scope(req)));
  });
  r.get('/trace/forward', requirePermission('trace:read'), async (req, res) => {
    res.json(await traceForward(graph, idParam(req), scope(req)));
  });
  // A large forward trace in parts (decision 046): its layers and counts, then pages of a layer.
  r.get('/trace/forward/layers', requirePermission('trace:read'), async (req, res) => {
    // wholeUpTo: the size up to which a client had better fetch the whole answer at once
    res.json({ ...(await traceForwardLayers(graph, idParam(req), scope(req))), wholeUpTo: opts.wholeUpTo });
  });
  r.get('/trace/forward/layer', requirePermission('trace:read'), async (req, res) => {
    const id = idParam(req);
    const page = parseInput(layerPage, req.query, 'layer page query');
    res.json(await traceForwardLayerPage(graph, id, page, scope(req)));
  });
  r.get('/recall', requirePermission('recall:read'), async (req, res) => {
    res.json(await recallScope(graph, idParam(req)));
  });
  return r;
}
