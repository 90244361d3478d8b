// The evidence pack of a VDA 6.3 process audit: one zip an auditor can read offline, with an
// index page (the audit, its result and downgrades, every answer with its evidence, findings
// and actions, the audit trail of the audit), each evidence item as the JSON snapshot taken when
// it was linked (its SHA-256 recorded then), a readable HTML page and CSV tables, and a manifest
// with the SHA-256 of every file. Nothing is recomputed: the pack shows what was recorded.
import { stringify } from 'csv-stringify/sync';
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { auditHead, readAudit, recordAudit } from '../../analytics/audit.store.ts';
import { evidenceById } from '../../analytics/vda63.store.ts';
import type { AuditEntry } from '../../domain/audit.ts';
import { AppError } from '../../domain/errors.ts';
import { actorOf, type Principal } from '../../domain/roles.ts';
import type { Runtime } from '../runtime.ts';
import { getAudit, type AuditView, type EvidenceSummary } from './vda63.service.ts';

type Cell = string | number | boolean | null | undefined;
/** A table of an evidence item or of the audit: a name, its headers and rows. */
export interface PackTable {
  name: string;
  headers: string[];
  rows: Cell[][];
}

const esc = (v: unknown) =>
  String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const csv = (t: PackTable) => stringify([t.headers, ...t.rows.map((r) => r.map((c) => c ?? ''))]);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(rec) : []);
const cell = (v: unknown): Cell =>
  v === null || v === undefined
    ? null
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : JSON.stringify(v);
const pick = (rows: Record<string, unknown>[], cols: [string, string][]): Omit<PackTable, 'name'> => ({
  headers: cols.map(([, h]) => h),
  rows: rows.map((r) => cols.map(([k]) => cell(r[k]))),
});
const qty = (v: unknown) =>
  arr(v)
    .map((q) => `${String(q['qty'] ?? q['quantity'] ?? '')} ${String(q['uom'] ?? '')}`.trim())
    .join('; ');

/** The tables an evidence snapshot's data reads as (for its HTML page and CSV files). */
export function evidenceTables(kind: string, data: unknown): PackTable[] {
  const d = rec(data);
  switch (kind) {
    case 'trace':
      return [
        {
          name: 'nodes',
          ...pick(arr(d['nodes']), [
            ['id', 'ID'],
            ['kind', 'Kind'],
            ['label', 'Label'],
            ['material', 'Material'],
            ['state', 'State'],
          ]),
        },
        {
          name: 'edges',
          ...pick(arr(d['edges']), [
            ['from', 'From'],
            ['to', 'To'],
            ['type', 'Type'],
            ['qty', 'Quantity'],
            ['uom', 'Unit'],
          ]),
        },
      ];
    case 'recall':
    case 'drill': {
      const scope = rec(d['scope']);
      const out: PackTable[] = [];
      if (kind === 'drill')
        out.push({
          name: 'mass-balance',
          ...pick(arr(d['balance']), [
            ['code', 'Lot'],
            ['material', 'Material'],
            ['uom', 'Unit'],
            ['received', 'Received'],
            ['produced', 'Produced'],
            ['consumed', 'Consumed'],
            ['shipped', 'Shipped'],
            ['scrapped', 'Scrapped'],
            ['inStock', 'In stock (book)'],
            ['counted', 'Counted'],
            ['difference', 'Difference'],
          ]),
        });
      else
        out.push({
          name: 'accounting',
          ...pick(arr(d['accounting']), [
            ['shipment', 'Shipment'],
            ['customer', 'Customer'],
            ['material', 'Material'],
            ['uom', 'Unit'],
            ['shipped', 'Shipped'],
            ['recovered', 'Recovered'],
            ['destroyed', 'Destroyed'],
            ['consumed', 'Consumed'],
            ['open', 'Open'],
          ]),
        });
      out.push(
        {
          name: 'lots',
          ...pick(arr(scope['lots']), [
            ['id', 'ID'],
            ['code', 'Lot'],
            ['material', 'Material'],
            ['quantity', 'Quantity'],
            ['uom', 'Unit'],
            ['where', 'Where'],
          ]),
        },
        {
          name: 'customers',
          headers: ['ID', 'Customer', 'Quantities'],
          rows: arr(scope['customers']).map((c) => [
            cell(c['id']),
            cell(c['label'] ?? c['name']),
            qty(c['quantities']),
          ]),
        },
      );
      return out;
    }
    case 'eightd':
      return [
        {
          name: 'steps',
          headers: ['Step', 'Title', 'Status', 'Answered by', 'Answered at', 'Comment'],
          rows: arr(d['steps']).map((s) => {
            const a = rec(s['answer']);
            return [
              cell(s['step']),
              cell(s['title']),
              cell(s['status']),
              cell(a['actor']),
              cell(a['at']),
              cell(a['comment']),
            ];
          }),
        },
        {
          name: 'affected-objects',
          ...pick(arr(rec(d['evidence'])['objects']), [
            ['id', 'ID'],
            ['kind', 'Kind'],
            ['code', 'Code'],
            ['material', 'Material'],
            ['state', 'State'],
          ]),
        },
      ];
    case 'scorecard':
      return [
        {
          name: 'scorecard',
          ...pick(arr(d['rows']), [
            ['supplier', 'Supplier'],
            ['supplierName', 'Name'],
            ['periodStart', 'Period start'],
            ['lotsReceived', 'Lots received'],
            ['lotsInspected', 'Lots inspected'],
            ['lotsPassed', 'Lots passed'],
            ['acceptanceRate', 'Acceptance rate'],
            ['ppmDefective', 'PPM defective'],
            ['eightD', '8D cases'],
            ['daysToContainment', 'Days to containment'],
            ['daysToClosure', 'Days to closure'],
            ['score', 'Score'],
            ['grade', 'Grade'],
          ]),
        },
      ];
    case 'spc':
      return [
        {
          name: 'points',
          ...(d['chart'] === 'incoming'
            ? pick(arr(d['points']), [
                ['periodStart', 'Period start'],
                ['n', 'Lots inspected'],
                ['passed', 'Passed'],
                ['p', 'p'],
                ['lcl', 'LCL'],
                ['ucl', 'UCL'],
                ['rules', 'Western Electric rules'],
                ['beyondLimits', 'Beyond limits'],
              ])
            : pick(arr(d['points']), [
                ['periodStart', 'Period start'],
                ['units', 'Units'],
                ['defects', 'Defects'],
                ['u', 'u'],
                ['lcl', 'LCL'],
                ['ucl', 'UCL'],
                ['rules', 'Western Electric rules'],
                ['beyondLimits', 'Beyond limits'],
              ])),
        },
      ];
    default:
      return [];
  }
}

const HTML_ROWS = 2000;
const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#eee}code{font-size:12px}.grade{font-size:2em;font-weight:700}
@media print{a{color:inherit;text-decoration:none}}`;
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
const htmlTable = (t: Omit<PackTable, 'name'>, rawHtml = false) =>
  `<table><thead><tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .slice(0, HTML_ROWS)
    .map((r) => `<tr>${r.map((c) => `<td>${rawHtml ? String(c ?? '') : esc(c)}</td>`).join('')}</tr>`)
    .join(
      '',
    )}</tbody></table>${t.rows.length > HTML_ROWS ? `<p>First ${HTML_ROWS} of ${t.rows.length} rows; all of them are in the CSV and JSON files.</p>` : ''}`;
const scoreText = (s: number | null | undefined) =>
  s === null ? 'not evaluated' : s === undefined ? '' : String(s);

export interface EvidencePack {
  filename: string;
  body: Buffer;
  /** file name → SHA-256, as in manifest.json */
  manifest: Record<string, string>;
}

/**
 * Builds the evidence pack of an audit (staff only). The export is recorded in the audit trail
 * (`vda63.evidence-pack.export`) before the pack is built, so the pack's trail shows it.
 */
export async function evidencePack(rt: Runtime, p: Principal, id: string): Promise<EvidencePack> {
  const db = rt.stores.duck;
  const before = await getAudit(rt, p, id);
  await recordAudit(db, {
    actor: actorOf(p),
    action: 'vda63.evidence-pack.export',
    subject: id,
    before: null,
    after: { status: before.status, evidence: before.sheet.reduce((n, l) => n + l.evidence.length, 0) },
    reason: null,
  });
  const a = await getAudit(rt, p, id);
  const files: Record<string, Uint8Array> = {};
  const put = (name: string, text: string) => void (files[name] = strToU8(text));

  // Evidence items, numbered in sheet order.
  const items: { e: EvidenceSummary; n: string; base: string; tables: string[] }[] = [];
  let k = 0;
  for (const line of a.sheet)
    for (const e of line.evidence) {
      const row = await evidenceById(db, id, e.id);
      if (!row) throw new AppError('INTERNAL', `evidence ${e.id} of ${id} is missing`);
      const n = String(++k).padStart(3, '0');
      const base = `evidence/${n}-${e.kind}`;
      put(`${base}.json`, row.snapshot);
      const snap = rec(JSON.parse(row.snapshot));
      const tables = evidenceTables(e.kind, snap['data']);
      const names: string[] = [];
      for (const t of tables) {
        const f = `${base}-${t.name}.csv`;
        put(f, csv(t));
        names.push(f);
      }
      put(
        `${base}.html`,
        page(
          e.label,
          `<p><a href="../index.html">Back to the audit ${esc(id)}</a></p><h1>${esc(e.label)}</h1>
<table><tbody>
<tr><th>Question</th><td>${esc(e.questionId)}${e.step ? ` at "${esc(e.step)}"` : ''}</td></tr>
<tr><th>Kind</th><td>${esc(e.kind)}</td></tr>
<tr><th>Names</th><td><code>${esc(JSON.stringify(e.ref))}</code></td></tr>
<tr><th>Taken</th><td>${esc(snap['takenAt'])} by ${esc(e.linkedBy)}</td></tr>
<tr><th>Note</th><td>${esc(e.note)}</td></tr>
<tr><th>SHA-256 of ${esc(`${n}-${e.kind}.json`)}</th><td><code>${esc(e.sha256)}</code></td></tr>
</tbody></table>
${tables.map((t) => `<h2>${esc(t.name)} (${t.rows.length})</h2>${htmlTable(t)}`).join('\n')}`,
        ),
      );
      items.push({ e, n, base, tables: names });
    }

  // The audit's own tables.
  const answers: PackTable = {
    name: 'answers',
    headers: [
      'Element',
      'Sub-element',
      'Question',
      'Step',
      'Starred',
      'Question text',
      'Score',
      'Reason or note',
      'Answered by',
      'Answered at',
      'Evidence',
    ],
    rows: a.sheet.map((l) => [
      l.element,
      l.subElement,
      l.questionId,
      l.step,
      l.starred,
      l.text,
      l.answer ? scoreText(l.answer.score) : null,
      l.answer?.reason,
      l.answer?.answeredBy,
      l.answer?.answeredAt,
      l.evidence.map((e) => items.find((i) => i.e.id === e.id)!.n).join(' '),
    ]),
  };
  const findings: PackTable = {
    name: 'findings',
    headers: ['Question', 'Step', 'Score', 'Starred', 'Question text', 'Actions'],
    rows: a.findings.map((f) => [f.questionId, f.step, f.score, f.starred, f.text, f.actions.join(' ')]),
  };
  const actions: PackTable = {
    name: 'actions',
    headers: [
      'Action',
      'Question',
      'Step',
      'Score',
      'What',
      'Owner',
      'Due',
      'State',
      'Raised by',
      'Raised at',
      'Ended at',
    ],
    rows: a.actions.map((x) => [
      x.id,
      x.questionId,
      x.step,
      x.score,
      x.action,
      'userId' in x.owner ? (x.owner.name ?? x.owner.userId) : `supplier ${x.owner.supplierId}`,
      x.dueAt,
      x.state,
      x.createdBy,
      x.createdAt,
      x.endedAt,
    ]),
  };
  const evidenceIndex: PackTable = {
    name: 'evidence',
    headers: ['No.', 'Question', 'Step', 'Kind', 'Label', 'Linked by', 'Linked at', 'SHA-256', 'File'],
    rows: items.map((i) => [
      i.n,
      i.e.questionId,
      i.e.step,
      i.e.kind,
      i.e.label,
      i.e.linkedBy,
      i.e.linkedAt,
      i.e.sha256,
      `${i.base}.json`,
    ]),
  };
  const trail = await trailOf(rt, a);
  const trailTable: PackTable = {
    name: 'audit-trail',
    headers: ['Seq', 'At', 'Actor', 'Action', 'Subject', 'Before', 'After', 'Reason', 'Hash'],
    rows: trail.map((e) => [
      e.seq,
      e.at,
      e.actor,
      e.action,
      e.subject,
      cell(e.before),
      cell(e.after),
      e.reason,
      e.hash,
    ]),
  };
  for (const t of [answers, findings, actions, evidenceIndex, trailTable]) put(`${t.name}.csv`, csv(t));
  put('audit.json', `${JSON.stringify(a, null, 2)}\n`);
  const head = await auditHead(db);
  put('index.html', indexPage(a, items, trailTable, head));

  const manifest: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files).sort(([x], [y]) => (x < y ? -1 : 1)))
    manifest[name] = sha256(bytes);
  const generatedAt = new Date().toISOString();
  put(
    'manifest.json',
    `${JSON.stringify(
      {
        audit: id,
        generatedAt,
        generatedBy: actorOf(p),
        auditTrailHead: head,
        note: 'SHA-256 of every other file of the pack; each evidence/*.json hashes to the value recorded when it was linked',
        files: manifest,
      },
      null,
      2,
    )}\n`,
  );
  const zip: Zippable = {};
  const mtime = new Date(generatedAt);
  for (const [name, bytes] of Object.entries(files)) zip[`${id}/${name}`] = [bytes, { mtime }];
  return {
    filename: `${id}-evidence-pack.zip`,
    body: Buffer.from(zipSync(zip, { level: 6 })),
    manifest,
  };
}

// Every audit entry about the audit and its actions, in chain order.
async function trailOf(rt: Runtime, a: AuditView): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (const subject of [a.id, ...a.actions.map((x) => x.id)]) {
    let after = 0;
    for (;;) {
      const page = await readAudit(rt.stores.duck, { subject, after, limit: 1000 });
      out.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1]!.seq;
    }
  }
  return out.sort((x, y) => x.seq - y.seq);
}

function indexPage(
  a: AuditView,
  items: { e: EvidenceSummary; n: string; base: string; tables: string[] }[],
  trail: PackTable,
  head: { seq: number; hash: string } | null,
): string {
  const r = a.result;
  const pct = (c: { percent: number } | null) => (c === null ? '–' : `${c.percent.toFixed(1)} %`);
  const evLinks = (ids: EvidenceSummary[]) =>
    ids
      .map((e) => {
        const i = items.find((x) => x.e.id === e.id)!;
        return `<a href="${esc(i.base)}.html">${esc(i.n)}</a>`;
      })
      .join(' ');
  const result = r
    ? `<p>Grade <span class="grade">${esc(r.grade ?? '–')}</span> · E<sub>G</sub> ${pct(r.overall)}${
        r.gradeBeforeDowngrade && r.gradeBeforeDowngrade !== r.grade
          ? ` (${esc(r.gradeBeforeDowngrade)} before downgrading)`
          : ''
      }${a.provisional ? ' · <strong>provisional: the audit is not completed</strong>' : ''}</p>
${r.noGrade.length ? `<p>No grade: ${r.noGrade.map(esc).join('; ')}</p>` : ''}
${r.downgrades.length ? `<h3>Downgrades</h3><ul>${r.downgrades.map((d) => `<li><code>${esc(d.rule)}</code>: ${esc(d.reason)} → ${esc(d.to)}</li>`).join('')}</ul>` : '<p>No downgrading rule fired.</p>'}
<h3>Elements</h3>${htmlTable({
        headers: ['Element', 'Title', 'Questions', 'Evaluated', 'Compliance'],
        rows: r.elements.map((e) => [e.element, e.title, e.questions, e.evaluated, pct(e.compliance)]),
      })}
${r.steps.length ? `<h3>P6 per process step</h3>${htmlTable({ headers: ['E_U', 'Step', 'Questions', 'Evaluated', 'Compliance'], rows: r.steps.map((s) => [`E_U${s.k}`, s.step, s.questions, s.evaluated, pct(s.compliance)]) })}` : ''}
${r.subElements.length ? `<h3>P6 sub-elements</h3>${htmlTable({ headers: ['Sub-element', 'Title', 'Questions', 'Evaluated', 'Compliance'], rows: r.subElements.map((s) => [s.subElement, s.title, s.questions, s.evaluated, pct(s.compliance)]) })}` : ''}`
    : `<p>No result yet: ${a.progress.answered} of ${a.progress.total} questions answered.</p>`;
  const sheet = htmlTable(
    {
      headers: ['Question', 'Step', 'Text', 'Score', 'Reason or note', 'Answered', 'Evidence'],
      rows: a.sheet.map((l) => [
        `${esc(l.questionId)}${l.starred ? ' *' : ''}`,
        esc(l.step),
        esc(l.text),
        esc(l.answer ? scoreText(l.answer.score) : 'not answered'),
        esc(l.answer?.reason),
        l.answer ? `${esc(l.answer.answeredBy)}<br>${esc(l.answer.answeredAt)}` : '',
        evLinks(l.evidence),
      ]),
    },
    true,
  );
  return page(
    `${a.id} ${a.title}: evidence pack`,
    `<h1>${esc(a.id)} ${esc(a.title)}</h1>
<table><tbody>
<tr><th>Programme</th><td>${esc(a.programmeId)} ${esc(a.programmeTitle)}</td></tr>
<tr><th>Audited</th><td>${esc(a.process)}${a.supplierId ? ` (supplier ${esc(a.supplierId)})` : ''}</td></tr>
<tr><th>Catalogue</th><td>${esc(a.catalogueTitle)} (${esc(a.catalogue.key)} version ${a.catalogue.version})</td></tr>
<tr><th>Process steps (P6)</th><td>${a.steps.map(esc).join(', ') || '–'}</td></tr>
<tr><th>Scoped out</th><td>${a.scopedOut.map((s) => `${esc(s.element)}: ${esc(s.reason)}`).join('<br>') || '–'}</td></tr>
<tr><th>Planned</th><td>${esc(a.plannedOn)}, lead auditor ${esc(a.leadAuditor)}</td></tr>
<tr><th>Status</th><td>${esc(a.status)}${a.completedAt ? `, completed ${esc(a.completedAt)} by ${esc(a.completedBy)}` : ''}</td></tr>
</tbody></table>
<h2>Result</h2>${result}
<h2>Answers</h2><p>* starred question. Tables: <a href="answers.csv">answers.csv</a>.</p>${sheet}
<h2>Findings and actions</h2>${htmlTable({
      headers: ['Question', 'Step', 'Score', 'Text', 'Actions'],
      rows: a.findings.map((f) => [f.questionId, f.step, f.score, f.text, f.actions.join(' ')]),
    })}${htmlTable({
      headers: ['Action', 'Question', 'What', 'Owner', 'Due', 'State'],
      rows: a.actions.map((x) => [
        x.id,
        `${x.questionId}${x.step ? ` (${x.step})` : ''}`,
        x.action,
        'userId' in x.owner ? (x.owner.name ?? x.owner.userId) : `supplier ${x.owner.supplierId}`,
        x.dueAt,
        x.state,
      ]),
    })}
<h2>Evidence</h2><p>Each item is the snapshot taken when it was linked; its JSON file hashes to the SHA-256 recorded then.</p>${htmlTable(
      {
        headers: ['No.', 'Question', 'Label', 'Linked', 'SHA-256', 'Files'],
        rows: items.map((i) => [
          esc(i.n),
          `${esc(i.e.questionId)}${i.e.step ? ` (${esc(i.e.step)})` : ''}`,
          esc(i.e.label),
          `${esc(i.e.linkedBy)}<br>${esc(i.e.linkedAt)}`,
          `<code>${esc(i.e.sha256)}</code>`,
          [`${i.base}.html`, `${i.base}.json`, ...i.tables]
            .map((f) => `<a href="${esc(f)}">${esc(f.split('/').pop())}</a>`)
            .join('<br>'),
        ]),
      },
      true,
    )}
${a.removedEvidence.length ? `<h3>Unlinked evidence</h3>${htmlTable({ headers: ['Question', 'Label', 'SHA-256', 'Unlinked', 'Why'], rows: a.removedEvidence.map((e) => [e.questionId, e.label, e.sha256, `${e.removedBy} ${e.removedAt}`, e.removedReason]) })}` : ''}
<h2>Audit trail</h2><p>Every recorded change to this audit and its actions (<a href="audit-trail.csv">audit-trail.csv</a>). The trail's head when the pack was made: ${
      head ? `entry ${head.seq}, hash <code>${esc(head.hash)}</code>` : '–'
    }; <code>GET /api/audit/verify</code> checks the whole chain.</p>${htmlTable({
      headers: trail.headers.filter((h) => h !== 'Before' && h !== 'After'),
      rows: trail.rows.map((row) => row.filter((_, i) => i !== 5 && i !== 6)),
    })}
<p>manifest.json lists the SHA-256 of every file in this pack.</p>`,
  );
}
