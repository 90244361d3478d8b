import { Router } from 'express';
import { actorOf, can } from '../../domain/roles.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';
import { admitCapture, type CaptureQueue } from '../services/capture-queue.service.ts';
import { jsonBody } from '../validation.ts';

export function eventsRoutes(rt: Runtime, queue: CaptureQueue): Router {
  const r = Router();
  const json = jsonBody({ limit: '64mb', type: ['application/json', 'application/ld+json'] });
  // Admitted into the bounded capture queue before the body is read (429 with Retry-After when full).
  r.post('/events', requirePermission('events:capture'), admitCapture(queue), json, async (req, res) => {
    if (!req.is(['application/json', 'application/ld+json'])) {
      res.status(415).json({
        error: {
          code: 'INVALID_INPUT',
          message: 'send an EPCIS 2.0 document as application/json or application/ld+json',
        },
      });
      return;
    }
    const report = await ingestDocument(rt.stores, rt.projector, req.body, {
      source: 'api',
      actor: actorOf(principalOf(req)),
      // A hold goes through POST /api/holds or a caller who may hold stock anyway.
      allowHolds: can(principalOf(req), 'hold:write'),
    });
    res.status(report.captured.length ? 201 : 200).json(report);
  });
  return r;
}
