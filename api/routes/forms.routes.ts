// Form definitions and their versions (/forms), capture and record submissions (/capture/:key,
// /submissions) and uploaded files (/files). Definitions are readable by anyone signed in (a
// supplier answers 8D forms); changing one needs config:write; submissions and files are staff
// data (events:read), so a supplier's user sees none. Bodies are checked in the services.
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { jsonSchemaOf, type CaptureStep } from '../../domain/forms.ts';
import { actorOf, can } from '../../domain/roles.ts';
import { assertCan, principalOf, requirePermission } from '../auth/principal.ts';
import { admitCapture, type CaptureQueue } from '../services/capture-queue.service.ts';
import { permissionOfStep, submitCapture } from '../services/capture.service.ts';
import { MAX_FILE_BYTES, readFile, uploadFile } from '../services/form-files.service.ts';
import {
  defineForm,
  findSubmissions,
  formVersions,
  getForm,
  getSubmission,
  listForms,
  submitRecord,
  type FormInput,
} from '../services/forms.service.ts';
import { resolve } from '../services/trace.service.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput, jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '2mb' });
const raw = express.raw({ type: () => true, limit: MAX_FILE_BYTES });
const param = (req: Request, name: string) => String(req.params[name]);

const versionQuery = z.object({
  version: z.coerce.number().int('must be a whole number').positive('must be 1 or more').optional(),
});
const submissionsQuery = z.object({
  subject: z.string().trim().min(1).max(1000).optional(),
  form: z.string().trim().min(1).max(63).optional(),
  workflowInstance: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const defineBody = z.looseObject({ note: z.string().max(2000).optional() });

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** A subject as submissions name it: the object a code or scan names when the graph knows one. */
async function subjectId(rt: Runtime, text: string): Promise<string> {
  try {
    return (await resolve(rt.stores.graph, text)).id;
  } catch (err) {
    if (err instanceof AppError && ['NOT_FOUND', 'CONFLICT', 'STORE_UNAVAILABLE'].includes(err.code))
      return text;
    throw err;
  }
}

/** Whether anyone signed in: the route only needs a principal. */
const signedIn = (req: Request, _res: unknown, next: () => void) => {
  principalOf(req);
  next();
};

export function formRoutes(rt: Runtime, queue: CaptureQueue): Router {
  const r = Router();
  const { duck } = rt.stores;

  r.get('/forms', signedIn, async (req, res) => {
    const p = principalOf(req);
    const forms = await listForms(duck);
    res.json({
      forms: forms.map((f) => {
        const permission =
          f.kind === 'capture' && f.step ? permissionOfStep(f.step as CaptureStep) : 'events:capture';
        return { ...f, permission, canSubmit: can(p, permission) };
      }),
    });
  });
  r.get('/forms/:key', signedIn, async (req, res) => {
    const q = parseInput(versionQuery, req.query, 'query');
    res.json(await getForm(duck, param(req, 'key'), q.version));
  });
  r.get('/forms/:key/schema', signedIn, async (req, res) => {
    const q = parseInput(versionQuery, req.query, 'query');
    res.json(jsonSchemaOf(await getForm(duck, param(req, 'key'), q.version)));
  });
  r.get('/forms/:key/versions', signedIn, async (req, res) => {
    res.json({ versions: await formVersions(duck, param(req, 'key')) });
  });
  r.put('/forms/:key', requirePermission('config:write'), json, async (req, res) => {
    const b = parseInput(defineBody, req.body, 'form definition');
    const key = param(req, 'key');
    if (b['key'] !== undefined && b['key'] !== key)
      throw new AppError('INVALID_INPUT', 'the body names another form than the address', {
        problems: [{ field: 'key', pointer: '/key', reason: `must be "${key}" (or left out)` }],
      });
    const { note, ...def } = b;
    const saved = await defineForm(duck, { ...def, key } as FormInput, actorOf(principalOf(req)), note);
    res.status(201).json(saved);
  });

  // Admitted into the bounded capture queue before the body is read, like every capture door
  // (429 with Retry-After when full, or while a streamed CSV import holds the writer).
  r.post('/capture/:key', admitCapture(queue), json, async (req, res) => {
    const p = principalOf(req);
    const key = param(req, 'key');
    const form = await getForm(
      duck,
      key,
      typeof req.body?.version === 'number' ? req.body.version : undefined,
    );
    if (form.kind === 'capture') {
      res.status(201).json(await submitCapture(rt, p, key, req.body ?? {}));
      return;
    }
    assertCan(p, 'events:capture');
    const body = (req.body ?? {}) as { version?: number; data?: unknown; subject?: unknown };
    res
      .status(201)
      .json(
        await submitRecord(
          duck,
          actorOf(p),
          key,
          { ...(body.version === undefined ? {} : { version: body.version }), data: body.data },
          typeof body.subject === 'string' && body.subject.trim() ? { subject: body.subject.trim() } : {},
        ),
      );
  });

  r.get('/submissions', requirePermission('events:read'), async (req, res) => {
    const q = parseInput(submissionsQuery, req.query, 'query');
    const subject = q.subject === undefined ? undefined : await subjectId(rt, q.subject);
    res.json({
      submissions: await findSubmissions(duck, {
        ...(subject ? { subject } : {}),
        ...(q.form ? { formKey: q.form } : {}),
        ...(q.workflowInstance ? { workflowInstance: q.workflowInstance } : {}),
        limit: q.limit ?? 100,
      }),
    });
  });
  r.get('/submissions/:id', requirePermission('events:read'), async (req, res) => {
    res.json(await getSubmission(duck, param(req, 'id')));
  });

  r.post('/files', requirePermission('events:capture'), raw, async (req, res) => {
    const name = typeof req.query['name'] === 'string' ? req.query['name'] : req.get('X-File-Name');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res
      .status(201)
      .json(await uploadFile(duck, actorOf(principalOf(req)), name ? safeDecode(name) : undefined, body));
  });
  r.get('/files/:sha256', async (req, res) => {
    const p = principalOf(req);
    if (!can(p, 'events:read')) assertCan(p, 'events:capture');
    const f = await readFile(duck, param(req, 'sha256'));
    res.setHeader('Content-Type', f.mediaType);
    res.setHeader('Content-Length', String(f.size));
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    res.send(f.content);
  });
  return r;
}
