// Label data for lots, units and containers: GET /api/labels?id=…&id=… (labels:print).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { supplierScope } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { labelsFor, MAX_LABELS } from '../services/labels.service.ts';
import { parseInput } from '../validation.ts';
import type { Runtime } from '../runtime.ts';

export interface LabelRouteOptions {
  /** host (and path prefix) of the Digital Links on labels; default: the server's own origin */
  resolverBase?: string | null;
}

const idList = z.object({
  id: z
    .union([z.string(), z.array(z.string())], {
      error: 'is required: a lot code, serial number, EPC URI or GS1 Digital Link (repeat id for more)',
    })
    .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()))
    .pipe(
      z
        .array(z.string().min(1, 'must not be blank').max(512, 'may have at most 512 characters'))
        .min(1, 'name at least one lot, unit or container')
        .max(MAX_LABELS, `may name at most ${MAX_LABELS} objects`),
    ),
});

/** This server's origin as the client reached it (behind a proxy: with trust proxy set). */
export const originOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function labelRoutes(rt: Runtime, opts: LabelRouteOptions = {}): Router {
  const r = Router();
  r.get('/labels', requirePermission('labels:print'), async (req, res) => {
    const { id } = parseInput(idList, { id: req.query['id'] }, 'label request');
    const labels = await labelsFor(rt.stores.graph, id, {
      origin: originOf(req),
      resolverBase: opts.resolverBase ?? null,
      scope: { supplierId: supplierScope(principalOf(req)) },
    });
    res.json({ labels });
  });
  return r;
}
