// Material status and interlocks: the lots in the plant by state, and the issue check a
// capture client asks before issuing a lot to a work order.
import { Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../auth/principal.ts';
import { checkIssue } from '../services/interlocks.service.ts';
import { listStock, parseStockFilters } from '../services/stock.service.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput, jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '64kb' });

const issueCheckBody = z.object({
  lot: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be an identifier') })
    .trim()
    .min(1, 'must not be blank')
    .max(1000, 'must be at most 1000 characters'),
  workOrder: z.string({ error: 'must be a work order id' }).trim().min(1).max(200).optional(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).optional(),
});

export function stockRoutes(rt: Runtime): Router {
  const r = Router();
  r.post('/interlocks/issue-check', requirePermission('events:capture'), json, async (req, res) => {
    const body = parseInput(issueCheckBody, req.body, 'issue check');
    res.json(
      await checkIssue(rt.stores, {
        lot: body.lot,
        ...(body.workOrder ? { workOrder: body.workOrder } : {}),
        ...(body.at ? { at: new Date(body.at) } : {}),
      }),
    );
  });
  r.get('/stock', requirePermission('recall:read'), async (req, res) => {
    res.json(await listStock(rt.stores.graph, parseStockFilters(req.query)));
  });
  return r;
}
