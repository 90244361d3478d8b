// The audit trail's filter, shared by the REST API and the CLI.
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { auditHead, readAudit, verifyAudit, type AuditFilter } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { AppError } from '../../domain/errors.ts';
import { parseInput } from '../validation.ts';

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
  return parseInput(filter, query, 'audit filter');
}

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export function auditExportFormat(v: unknown): AuditExportFormat {
  if (v === undefined) return 'csv';
  if (typeof v === 'string' && (AUDIT_EXPORT_FORMATS as readonly string[]).includes(v))
    return v as AuditExportFormat;
  throw new AppError('INVALID_INPUT', 'the export format is invalid', {
    problems: [{ field: 'format', reason: `must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}` }],
  });
}

const COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'before', 'after', 'reason', 'prevHash', 'hash'];

/**
 * The audit trail as evidence: every entry the filter selects, page by page, with the chain's
 * verification and its head hash in front (JSON Lines: a first `export` line; CSV: `#` lines),
 * so a reader can re-check the hashes and anchor the head elsewhere.
 */
export async function* exportAudit(
  db: DuckStore,
  f: AuditFilter,
  format: AuditExportFormat,
  exportedBy: string,
): AsyncGenerator<string> {
  const chain = await verifyAudit(db);
  const head = await auditHead(db);
  const meta = {
    export: 'lotgraph-audit',
    exportedAt: new Date().toISOString(),
    exportedBy,
    filter: f,
    chain,
    head,
  };
  if (format === 'jsonl') yield `${JSON.stringify(meta)}\n`;
  else {
    yield `# ${JSON.stringify(meta)}\n`;
    yield stringify([COLUMNS]);
  }
  let after = 0;
  for (;;) {
    const page = await readAudit(db, { ...f, after, limit: 5000 });
    if (page.length === 0) return;
    if (format === 'jsonl') yield page.map((e) => `${JSON.stringify(e)}\n`).join('');
    else
      yield stringify(
        page.map((e) => [
          e.seq,
          e.at,
          e.actor,
          e.action,
          e.subject,
          e.before === null ? '' : JSON.stringify(e.before),
          e.after === null ? '' : JSON.stringify(e.after),
          e.reason ?? '',
          e.prevHash,
          e.hash,
        ]),
      );
    after = page[page.length - 1]!.seq;
  }
}
