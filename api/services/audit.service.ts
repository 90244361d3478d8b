// The audit trail's filter, shared by the REST API and the CLI.
import { z } from 'zod';
import type { AuditFilter } from '../../analytics/audit.store.ts';
import { AppError } from '../../domain/errors.ts';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const filter = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  subject: z.string().optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

/** Parses the audit filter from a query string; bad values are a 400 naming the field. */
export function auditFilter(query: unknown): AuditFilter & { after: number; limit: number } {
  const r = filter.safeParse(query);
  if (!r.success)
    throw new AppError('INVALID_INPUT', 'the audit filter is invalid', {
      problems: r.error.issues.map((i) => ({ field: String(i.path[0]), reason: i.message })),
    });
  return r.data;
}
