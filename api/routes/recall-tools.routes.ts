// Recall narrowing and scope exports (CSV, XLSX, EPCIS 2.0, FDA FSMA 204), trace exports (EPCIS 2.0). Staff only (recall:read).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { actorOf, supplierScope } from '../../domain/roles.ts';
import { assertCan, principalOf, requirePermission } from '../auth/principal.ts';
import { exportEpcis } from '../services/epcis-export.service.ts';
import { exportFsma204, exportFsma204Product } from '../services/fsma204.service.ts';
import {
  EXPORT_FORMATS,
  EXPORT_TABLES,
  exportScope,
  type ExportFile,
} from '../services/recall-export.service.ts';
import {
  narrowRecall,
  parseNarrowingCriteria,
  type NarrowingCriteria,
} from '../services/recall-narrowing.service.ts';
import type { Runtime } from '../runtime.ts';
import { idParam } from './trace.routes.ts';
import { parseInput, jsonBody } from '../validation.ts';

const narrowBody = z.object({
  id: z
    .string('is required: a lot code, serial number, EPC URI or GS1 Digital Link')
    .trim()
    .min(1, 'must not be blank'),
  criteria: z.unknown(),
});

/** The `criteria` query parameter: JSON NarrowingCriteria, or absent for the full scope. */
function criteriaParam(req: Request): NarrowingCriteria | undefined {
  const raw = req.query['criteria'];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    if (typeof raw !== 'string') throw new Error('not one value');
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('INVALID_INPUT', 'the query parameter "criteria" is not JSON', {
      problems: [{ field: 'criteria', reason: 'must be one JSON object of narrowing criteria' }],
    });
  }
  return parseNarrowingCriteria(parsed);
}

function enumParam<T extends string>(
  req: Request,
  name: string,
  values: readonly T[],
  required: boolean,
): T | undefined {
  const v = req.query[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !values.includes(v as T))
    throw new AppError('INVALID_INPUT', `the query parameter "${name}" is invalid`, {
      problems: [{ field: name, reason: `must be one of ${values.join(', ')}` }],
    });
  return v as T;
}

/** An optional ISO 8601 date-time (or date) query parameter, as ISO UTC. */
function timeParam(req: Request, name: string): string | null {
  const v = req.query[name];
  if (v === undefined || v === '') return null;
  if (
    typeof v !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ||
    Number.isNaN(Date.parse(v))
  )
    throw new AppError('INVALID_INPUT', `the query parameter "${name}" is invalid`, {
      problems: [{ field: name, reason: 'must be an ISO 8601 date (2026-01-31) or date-time with a zone' }],
    });
  return new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString();
}

function sendFile(res: Response, f: ExportFile) {
  res.setHeader('Content-Type', f.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${f.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(f.body);
}

export function recallToolRoutes(rt: Runtime): Router {
  const r = Router();
  const stores = rt.stores;
  r.post(
    '/recall/narrow',
    requirePermission('recall:read'),
    jsonBody({ limit: '64kb' }),
    async (req, res) => {
      const body = parseInput(narrowBody, req.body, 'narrowing request');
      const criteria = parseNarrowingCriteria(body.criteria);
      res.json(
        await narrowRecall(stores, body.id, criteria, { supplierId: supplierScope(principalOf(req)) }),
      );
    },
  );
  r.get('/recall/export', requirePermission('recall:read'), async (req, res) => {
    const id = idParam(req);
    const format = enumParam(req, 'format', [...EXPORT_FORMATS, 'epcis'], true)!;
    if (format === 'epcis') {
      // whole events: they name other suppliers' lots too, so staff who read events only
      assertCan(principalOf(req), 'events:read');
      sendFile(res, await exportEpcis(stores, { id, kind: 'recall', criteria: criteriaParam(req) }));
      return;
    }
    const table = enumParam(req, 'table', EXPORT_TABLES, false);
    const criteria = criteriaParam(req);
    sendFile(
      res,
      await exportScope(stores, { id, format, table, criteria, actor: actorOf(principalOf(req)) }),
    );
  });
  r.get(
    '/trace/export',
    requirePermission('trace:read'),
    requirePermission('events:read'),
    async (req, res) => {
      const id = idParam(req);
      const direction = enumParam(req, 'direction', ['backward', 'forward'], true)!;
      enumParam(req, 'format', ['epcis'], false);
      sendFile(res, await exportEpcis(stores, { id, kind: direction }));
    },
  );
  // FSMA 204 for a product and a date range (not a recall scope)
  r.get('/fsma204', requirePermission('recall:read'), async (req, res) => {
    const material = req.query['material'];
    if (typeof material !== 'string' || material.trim() === '')
      throw new AppError('INVALID_INPUT', 'the query parameter "material" is required', {
        problems: [{ field: 'material', reason: 'is required: the material identifier of the product' }],
      });
    const format = enumParam(req, 'format', EXPORT_FORMATS, true)!;
    const window = { from: timeParam(req, 'from'), to: timeParam(req, 'to') };
    if (window.from && window.to && window.from >= window.to)
      throw new AppError('INVALID_INPUT', 'the date range is empty', {
        problems: [{ field: 'to', reason: 'must be after from' }],
      });
    sendFile(
      res,
      await exportFsma204Product(stores.duck, {
        material: material.trim(),
        format,
        window,
        actor: actorOf(principalOf(req)),
      }),
    );
  });
  r.get('/recall/fsma204', requirePermission('recall:read'), async (req, res) => {
    const id = idParam(req);
    const format = enumParam(req, 'format', EXPORT_FORMATS, true)!;
    const criteria = criteriaParam(req);
    sendFile(res, await exportFsma204(stores, { id, format, criteria, actor: actorOf(principalOf(req)) }));
  });
  return r;
}
