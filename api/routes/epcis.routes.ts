// The GS1 EPCIS 2.0 REST binding under /epcis: capture (asynchronous jobs, JSON/JSON-LD and
// XML), single-event capture, and the SimpleEventQuery over the event log. Errors are RFC 7807
// problems with the standard's exception types (docs/epcis.md).
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { actorOf, can } from '../../domain/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { EVENT_TYPES } from '../../domain/epcis.ts';
import { randomSecret } from '../auth/secrets.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { Identity } from '../auth/identity.service.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';
import { admitCapture, takeCaptureTicket, type CaptureQueue } from '../services/capture-queue.service.ts';
import {
  CAPTURE_BYTE_LIMIT,
  CAPTURE_EVENT_LIMIT,
  captureJob,
  captureJobs,
  submitCapture,
  type CaptureMediaType,
} from '../services/epcis-capture.service.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  parseEventQuery,
  runEventQuery,
  QUERY_CONTEXT,
  type PageTokens,
} from '../services/epcis-query.service.ts';
import { jsonBody, withBodyLimit } from '../validation.ts';

const MEDIA: Record<string, CaptureMediaType> = {
  'application/json': 'application/json',
  'application/ld+json': 'application/ld+json',
  'application/xml': 'application/xml',
  'text/xml': 'application/xml',
};

/** The EPCIS exception type and HTTP status of an error (EPCIS 2.0 REST binding, §12.3). */
function epcisError(err: unknown): { status: number; body: Record<string, unknown> } {
  const e = err as { type?: string; status?: number; message?: string };
  if (err instanceof AppError) {
    const named = err.details['epcisException'] as string | undefined;
    const [type, mapped] = ((): [string, number] => {
      switch (err.code) {
        case 'INVALID_INPUT':
        case 'INVALID_EPCIS':
          return [named ?? 'ValidationException', 400];
        case 'NOT_FOUND':
          return [named ?? 'NoSuchResourceException', 404];
        case 'UNAUTHENTICATED':
          return ['SecurityException', 401];
        case 'FORBIDDEN':
          return ['SecurityException', 403];
        case 'CONFLICT':
          return [named ?? 'ValidationException', 409];
        case 'STORE_UNAVAILABLE':
        case 'NEO4J_SETUP':
          return ['ImplementationException', 503];
        case 'RATE_LIMITED':
          return ['ImplementationException', 429];
        default:
          return ['ImplementationException', 500];
      }
    })();
    const status = (err.details['httpStatus'] as number | undefined) ?? mapped;
    const body: Record<string, unknown> = {
      type: `epcisException:${type}`,
      title: status === 500 ? 'internal error' : err.message,
      status,
    };
    if (err.problems.length) body['problems'] = err.problems;
    return { status, body };
  }
  if (e.type === 'entity.too.large')
    return {
      status: 413,
      body: {
        type: 'epcisException:CaptureLimitExceededException',
        title: `the document is larger than ${CAPTURE_BYTE_LIMIT} bytes`,
        status: 413,
      },
    };
  if (e.type === 'entity.parse.failed')
    return {
      status: 400,
      body: {
        type: 'epcisException:ValidationException',
        title: 'the body is not valid JSON',
        status: 400,
        problems: [{ pointer: '', reason: e.message ?? 'not JSON' }],
      },
    };
  return {
    status: 500,
    body: { type: 'epcisException:ImplementationException', title: 'internal error', status: 500 },
  };
}

const epcisErrors: ErrorRequestHandler = (err, _req, res, next) => {
  void next;
  const { status, body } = epcisError(err);
  if (err instanceof AppError && typeof err.details['retryAfter'] === 'number')
    res.set('Retry-After', String(err.details['retryAfter']));
  if (status >= 500 && status !== 503) console.error(err);
  res.status(status).type('application/problem+json').json(body);
};

function standardHeaders(_req: Request, res: Response, next: () => void) {
  res.set({
    'GS1-EPCIS-Version': '2.0.0',
    'GS1-CBV-Version': '2.0.0',
    'GS1-EPCIS-Capture-Limit': String(CAPTURE_EVENT_LIMIT),
    'GS1-EPCIS-Capture-File-Size-Limit': String(CAPTURE_BYTE_LIMIT),
    'GS1-EPC-Format': 'Never_Translates',
    'GS1-Extensions': '',
  });
  next();
}

/** Refuses what this repository does not do, said plainly: other EPCIS versions, error behaviour "proceed". */
function checkRequestHeaders(req: Request): void {
  const version = req.get('GS1-EPCIS-Version');
  if (version && !/^2\.0(\.\d+)?$/.test(version.trim()))
    throw new AppError('INVALID_INPUT', `GS1-EPCIS-Version ${version} is not served here (2.0.0 is)`, {
      problems: [{ field: 'GS1-EPCIS-Version', reason: 'only 2.0.0 is served' }],
      details: { epcisException: 'ImplementationException' },
    });
  const behaviour = req.get('GS1-Capture-Error-Behaviour');
  if (behaviour && behaviour.trim().toLowerCase() !== 'rollback')
    throw new AppError(
      'INVALID_INPUT',
      `GS1-Capture-Error-Behaviour "${behaviour}" is not supported: a document with any problem stores nothing (rollback)`,
      {
        problems: [{ field: 'GS1-Capture-Error-Behaviour', reason: 'only rollback is supported' }],
        details: { epcisException: 'ImplementationException' },
      },
    );
}

function mediaTypeOf(req: Request): CaptureMediaType {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const media = Object.hasOwn(MEDIA, type) ? MEDIA[type] : undefined;
  if (!media)
    throw new AppError(
      'INVALID_INPUT',
      'send an EPCIS 2.0 document as application/json, application/ld+json or application/xml (EPCIS 2.0 or 1.2 XML)',
      {
        problems: [{ field: 'Content-Type', reason: `"${type || 'none'}" is not accepted` }],
        details: { httpStatus: 415 },
      },
    );
  return media;
}

export function epcisRoutes(rt: Runtime, identity: Identity, queue: CaptureQueue): Router {
  const r = Router();
  const tokens: PageTokens = { secret: randomSecret() };
  const raw = withBodyLimit(CAPTURE_BYTE_LIMIT, express.raw({ type: () => true, limit: CAPTURE_BYTE_LIMIT }));
  r.use(standardHeaders);
  r.use(authenticate(identity));

  const admit = admitCapture(queue);
  r.post('/capture', requirePermission('events:capture'), admit, raw, async (req, res) => {
    checkRequestHeaders(req);
    const mediaType = mediaTypeOf(req);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!body.length)
      throw new AppError('INVALID_INPUT', 'the body is empty: send an EPCIS document', {
        problems: [{ pointer: '', reason: 'is empty' }],
      });
    const p = principalOf(req);
    // The job keeps its place in the capture queue until it has finished.
    const release = takeCaptureTicket(res);
    let job: Awaited<ReturnType<typeof submitCapture>>;
    try {
      job = await submitCapture(rt, {
        body,
        mediaType,
        actor: actorOf(p),
        allowHolds: can(p, 'hold:write'),
        onFinished: release,
      });
    } catch (err) {
      release();
      throw err;
    }
    res.status(202).location(`${req.baseUrl}/capture/${job.captureID}`).json(job);
  });

  // A capturer sees its own jobs; a reader of events sees everyone's.
  const jobActor = (req: Request) => {
    const p = principalOf(req);
    return can(p, 'events:read') ? null : actorOf(p);
  };
  r.get('/capture', requirePermission('events:capture'), async (req, res) => {
    const perPage = Math.min(Number(req.query['perPage'] ?? 30) || 30, 1000);
    const jobs = await captureJobs(rt.stores.duck, jobActor(req), { before: null, limit: perPage });
    res.json({ captureJobs: jobs });
  });
  r.get('/capture/:id', requirePermission('events:capture'), async (req, res) => {
    res.json(await captureJob(rt.stores.duck, String(req.params['id']), jobActor(req)));
  });

  // One event, captured at once (the REST binding's POST /events): 201 with its address.
  const json = jsonBody({ limit: '1mb', type: ['application/json', 'application/ld+json'] });
  r.post('/events', requirePermission('events:capture'), admit, json, async (req, res) => {
    checkRequestHeaders(req);
    if (!req.is(['application/json', 'application/ld+json']))
      throw new AppError(
        'INVALID_INPUT',
        'send one EPCIS 2.0 event as application/json or application/ld+json',
        {
          problems: [{ field: 'Content-Type', reason: 'is not JSON' }],
        },
      );
    const event = req.body as Record<string, unknown>;
    const context = event?.['@context'] ?? [QUERY_CONTEXT];
    const p = principalOf(req);
    const report = await ingestDocument(
      rt.stores,
      rt.projector,
      {
        '@context': context,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date().toISOString(),
        epcisBody: { eventList: [event] },
      },
      { source: 'epcis:event', actor: actorOf(p), allowHolds: can(p, 'hold:write') },
    );
    const id = report.captured[0] ?? report.duplicates[0]!;
    res
      .status(report.captured.length ? 201 : 200)
      .location(`${req.baseUrl}/events/${encodeURIComponent(id)}`)
      .json(report);
  });

  const query = async (
    req: Request,
    res: Response,
    fixed: { eventType?: string; anyEpc?: string; eventId?: string } = {},
  ) => {
    const params = req.query as Record<string, unknown>;
    const parsed = parseEventQuery(params, tokens, fixed);
    const page = await runEventQuery(rt.stores.duck, parsed, tokens);
    if (
      fixed.eventId &&
      !(page.document['epcisBody'] as { queryResults: { resultsBody: { eventList: unknown[] } } })
        .queryResults.resultsBody.eventList.length
    )
      throw new AppError('NOT_FOUND', `no event ${fixed.eventId}`);
    if (page.nextPageToken) {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(params))
        if (k !== 'nextPageToken') for (const x of Array.isArray(v) ? v : [v]) next.append(k, String(x));
      next.set('nextPageToken', page.nextPageToken);
      res.set('Link', `<${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
    }
    res.type('application/ld+json').json(page.document);
  };
  r.get('/events', requirePermission('events:read'), (req, res) => query(req, res));
  r.get('/events/:eventID', requirePermission('events:read'), (req, res) =>
    query(req, res, { eventId: String(req.params['eventID']) }),
  );
  r.get('/eventTypes', requirePermission('events:read'), (_req, res) => {
    res.json({ '@context': QUERY_CONTEXT, type: 'Collection', member: EVENT_TYPES });
  });
  r.get('/eventTypes/:type/events', requirePermission('events:read'), (req, res) =>
    query(req, res, { eventType: String(req.params['type']) }),
  );
  r.get('/epcs/:epc/events', requirePermission('events:read'), (req, res) =>
    query(req, res, { anyEpc: String(req.params['epc']) }),
  );
  r.use((_req, _res) => {
    throw new AppError('NOT_FOUND', 'no such EPCIS resource');
  });
  r.use(epcisErrors);
  return r;
}
