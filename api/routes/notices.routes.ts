// Quality notices (/notices): read with notices:read (a supplier's user only its supplier's sent
// notices; any other is 404), raised, sent, linked, answered on a party's behalf and closed with
// notices:manage, acknowledged in the portal with notices:respond. The customer's single-use link
// has its own router (/public/notices/{token}): no account, rate-limited, nothing but that notice.
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../domain/errors.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';
import {
  acknowledgeByToken,
  acknowledgeNotice,
  closeNotice,
  getNotice,
  issueLink,
  listNoticeSummaries,
  noticeByToken,
  noticeEpcis,
  noticesCsv,
  raiseNotices,
  recordAnswer,
  sendBatch,
} from '../services/notice.service.ts';
import type { ExportFile } from '../services/recall-export.service.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '64kb' });
const param = (req: Request, name: string) => String(req.params[name]);

function sendFile(res: Response, f: ExportFile) {
  res.setHeader('Content-Type', f.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${f.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(f.body);
}

export function noticeRoutes(rt: Runtime): Router {
  const r = Router();
  const read = requirePermission('notices:read');
  const manage = requirePermission('notices:manage');
  const respond = requirePermission('notices:respond');
  const { duck } = rt.stores;

  r.get('/notices', read, async (req, res) => {
    res.json({ notices: await listNoticeSummaries(duck, principalOf(req), req.query) });
  });
  r.post('/notices', manage, json, async (req, res) => {
    res.status(201).json(await raiseNotices(rt, principalOf(req), req.body));
  });
  r.get('/notices/export', read, async (req, res) => {
    const { format, ...filter } = req.query;
    if (format !== undefined && format !== 'csv')
      throw new AppError('INVALID_INPUT', 'the query parameter "format" is invalid', {
        problems: [{ field: 'format', reason: 'must be csv' }],
      });
    sendFile(res, await noticesCsv(duck, principalOf(req), filter));
  });
  r.post('/notice-batches/:batch/send', manage, json, async (req, res) => {
    res.json(await sendBatch(rt, principalOf(req), param(req, 'batch'), req.body));
  });
  r.get('/notices/:id', read, async (req, res) => {
    res.json(await getNotice(rt, principalOf(req), param(req, 'id')));
  });
  r.get('/notices/:id/epcis', read, async (req, res) => {
    sendFile(res, await noticeEpcis(rt, principalOf(req), param(req, 'id')));
  });
  r.post('/notices/:id/links', manage, json, async (req, res) => {
    res.status(201).json(await issueLink(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.post('/notices/:id/acknowledge', read, respond, json, async (req, res) => {
    res.json(await acknowledgeNotice(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.post('/notices/:id/record', manage, json, async (req, res) => {
    res.json(await recordAnswer(rt, principalOf(req), param(req, 'id'), req.body));
  });
  r.post('/notices/:id/close', manage, json, async (req, res) => {
    res.json(await closeNotice(rt, principalOf(req), param(req, 'id'), req.body));
  });
  return r;
}

/** Requests one client address may make to the link endpoints per 15 minutes. */
export const LINK_REQUESTS_PER_WINDOW = 60;

/**
 * The customer's link, signed out: mounted before authentication, so a session cookie neither
 * helps nor is needed; the token in the path is the only credential.
 */
export function publicNoticeRoutes(rt: Runtime, perWindow = LINK_REQUESTS_PER_WINDOW): Router {
  const r = Router();
  r.use(
    rateLimit({
      windowMs: 15 * 60_000,
      limit: perWindow,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => {
        res.status(429).json({
          error: { code: 'RATE_LIMITED', message: 'too many requests from this address: wait 15 minutes' },
        });
      },
    }),
    (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Robots-Tag', 'noindex');
      next();
    },
  );
  r.get('/notices/:token', async (req, res) => {
    res.json(await noticeByToken(rt.stores.duck, param(req, 'token')));
  });
  r.post('/notices/:token/acknowledge', jsonBody({ limit: '16kb' }), async (req, res) => {
    res.json(await acknowledgeByToken(rt.stores.duck, param(req, 'token'), req.body));
  });
  return r;
}
