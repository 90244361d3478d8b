// One process audit: what is audited and how (programme, supplier or own process, catalogue
// version, process steps, elements left out), progress, the result with the grade and every
// downgrade explained (provisional until completed), the answer sheet with evidence, findings
// with their actions, completion, and the evidence pack. With vda63:conduct the sheet is
// answered here until the audit is completed; then it is final.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  answer,
  completeAudit,
  evidencePackHref,
  unlinkEvidence,
  type AuditAction,
  type Evidence,
  type Finding,
  type SheetLine,
} from '../api/vda63.ts';
import { useUser } from '../auth/session.tsx';
import { AuditActionDialog } from '../components/audit-action-dialog.tsx';
import { AuditEvidenceDialog } from '../components/audit-evidence-dialog.tsx';
import { AuditResultPanel } from '../components/audit-result.tsx';
import { AuditSheet, type SheetActions } from '../components/audit-sheet.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';
import { useAudit } from '../hooks/use-vda63.ts';
import { STATUS_LABELS } from './audits.page.tsx';
import '../styles/audits.css';

const where = (x: { questionId: string; step?: string | null }) =>
  x.step ? `${x.questionId} at ${x.step}` : x.questionId;

export function AuditPage() {
  const { id = '' } = useParams();
  const { user, can } = useUser();
  const staff = user.role !== 'supplier';
  const a = useAudit(id);
  const suppliers = useSuppliers(staff);
  const v = a.data;
  usePageTitle(v ? `${v.id} ${v.title}` : 'Process audit');
  const editable = can('vda63:conduct') && v !== undefined && v.status !== 'completed';
  const [notice, setNotice] = useState<string | null>(null);
  const [lineError, setLineError] = useState<{ line: string; error: unknown } | null>(null);
  const [evidenceFor, setEvidenceFor] = useState<SheetLine | null>(null);
  const [actionFor, setActionFor] = useState<Finding | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const complete = useAction(completeAudit);
  const unlink = useAction(unlinkEvidence);
  const supplierLabel = (sid: string | null) => {
    if (!sid) return null;
    const s = suppliers.data?.find((x) => x.id === sid);
    return s ? nameOf(s) : sid;
  };
  const changed = (said: string) => {
    setNotice(said);
    a.reload();
  };
  const actions: SheetActions = {
    busy: saving,
    error: lineError,
    save: async (l, score, reason) => {
      setLineError(null);
      setSaving(true);
      try {
        await answer(id, { questionId: l.questionId, step: l.step, score, reason });
        changed(`${where(l)}: ${score === null ? 'not evaluated' : `scored ${score}`}.`);
        return true;
      } catch (error) {
        setLineError({ line: where(l), error });
        return false;
      } finally {
        setSaving(false);
      }
    },
    linkEvidence: (l) => setEvidenceFor(l),
    unlink: async (e: Evidence) => {
      const reason = window.prompt(`Why is "${e.label}" unlinked? (kept in the audit trail)`);
      if (!reason) return;
      const r = await unlink.run(id, e.id, reason);
      if (r.ok) changed(`Unlinked ${e.label}.`);
    },
  };
  return (
    <section className="page wide audit-page">
      <p className="crumbs">
        <Link to="/audits">Process audits</Link>
      </p>
      {a.loading && !v && (
        <p role="status" className="loading">
          Loading the audit…
        </p>
      )}
      <ErrorMessage error={a.error} />
      {v && (
        <>
          <div className="page-head">
            <h1>
              {v.title} <span className="muted">{v.id}</span>
            </h1>
            {can('vda63:export') && (
              <a className="button-link" href={evidencePackHref(v.id)} download>
                Evidence pack (zip)
              </a>
            )}
          </div>
          <dl className="facts audit-facts">
            <dt>Status</dt>
            <dd className={`audit-status status-${v.status}`}>{STATUS_LABELS[v.status]}</dd>
            <dt>Programme</dt>
            <dd>
              {v.programmeId} {v.programmeTitle}
            </dd>
            <dt>Audited</dt>
            <dd>
              {v.process} ({supplierLabel(v.supplierId) ?? 'own process'})
            </dd>
            <dt>Catalogue</dt>
            <dd>
              {v.catalogueTitle} (version {v.catalogue.version})
            </dd>
            <dt>Process steps</dt>
            <dd>{v.steps.length ? v.steps.join(', ') : 'none (P6 left out)'}</dd>
            {v.scopedOut.length > 0 && (
              <>
                <dt>Left out</dt>
                <dd>{v.scopedOut.map((s) => `${s.element}: ${s.reason}`).join('; ')}</dd>
              </>
            )}
            <dt>Planned</dt>
            <dd>
              {v.plannedOn}, lead auditor {v.leadAuditor}
            </dd>
            <dt>Answered</dt>
            <dd>
              {v.progress.answered} of {v.progress.total}
              {v.progress.notEvaluated > 0 && ` (${v.progress.notEvaluated} not evaluated)`}
            </dd>
            {v.completedAt && (
              <>
                <dt>Completed</dt>
                <dd>
                  {formatDateTime(v.completedAt)} by {v.completedBy}
                </dd>
              </>
            )}
          </dl>
          <p role="status" className="notice" hidden={!notice}>
            {notice}
          </p>
          <ErrorMessage error={unlink.error} />
          {v.result && <AuditResultPanel result={v.result} provisional={v.provisional} />}
          {editable && (
            <form
              className="inline-form audit-complete"
              aria-label="Complete the audit"
              noValidate
              onSubmit={async (e) => {
                e.preventDefault();
                const r = await complete.run(v.id, note);
                if (r.ok) changed(`${v.id} is completed: grade ${r.value.result?.grade ?? 'none'}.`);
              }}
            >
              <label>
                Closing note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
              </label>
              <button
                type="submit"
                className="primary"
                disabled={complete.busy || v.progress.answered < v.progress.total}
              >
                Complete the audit
              </button>
              <small className="muted">
                {v.progress.answered < v.progress.total
                  ? `${v.progress.total - v.progress.answered} questions still to answer.`
                  : 'Answers and evidence are final once completed.'}
              </small>
              <ErrorMessage error={complete.error} />
            </form>
          )}
          {v.findings.length > 0 && (
            <DataTable<Finding>
              caption={`Findings (${v.findings.length})`}
              rows={v.findings}
              rowKey={(f) => where(f)}
              columns={[
                { label: 'Question', nowrap: true, value: (f) => `${where(f)}${f.starred ? ' ★' : ''}` },
                { label: 'Score', num: true, value: (f) => f.score },
                { label: 'Question text', value: (f) => f.text },
                {
                  label: 'Actions',
                  value: (f) => (
                    <>
                      {f.actions.join(', ')}
                      {can('vda63:conduct') && (
                        <button type="button" className="link small-link" onClick={() => setActionFor(f)}>
                          Raise an action
                        </button>
                      )}
                    </>
                  ),
                },
              ]}
            />
          )}
          {v.actions.length > 0 && (
            <DataTable<AuditAction>
              caption={`Actions (${v.actions.length})`}
              rows={v.actions}
              rowKey={(x) => x.id}
              rowClass={(x) => (x.overdue ? 'overdue' : undefined)}
              columns={[
                { label: 'Action', nowrap: true, value: (x) => <Link to={x.link}>{x.id}</Link> },
                { label: 'Question', nowrap: true, value: (x) => where(x) },
                { label: 'What', value: (x) => x.action },
                {
                  label: 'Owner',
                  value: (x) =>
                    'userId' in x.owner
                      ? (x.owner.name ?? x.owner.userId)
                      : `supplier ${supplierLabel(x.owner.supplierId)}`,
                },
                {
                  label: 'Due',
                  nowrap: true,
                  value: (x) => `${formatDateTime(x.dueAt)}${x.overdue ? ' (overdue)' : ''}`,
                },
                { label: 'State', value: (x) => x.state },
              ]}
            />
          )}
          <h2>Answers</h2>
          <AuditSheet audit={v} editable={editable} actions={actions} />
          {staff && v.removedEvidence.length > 0 && (
            <DataTable
              caption="Unlinked evidence (kept)"
              rows={v.removedEvidence}
              rowKey={(e) => e.id}
              columns={[
                { label: 'Question', value: (e) => where(e) },
                { label: 'Evidence', value: (e) => e.label },
                { label: 'Unlinked', value: (e) => `${formatDateTime(e.removedAt)} by ${e.removedBy}` },
                { label: 'Why', value: (e) => e.removedReason },
              ]}
            />
          )}
          <AuditEvidenceDialog
            key={evidenceFor ? where(evidenceFor) : 'none'}
            auditId={v.id}
            line={evidenceFor}
            supplierId={v.supplierId}
            suppliers={suppliers.data ?? []}
            onClose={() => setEvidenceFor(null)}
            onLinked={() => {
              const l = evidenceFor;
              setEvidenceFor(null);
              changed(`Evidence linked to ${l ? where(l) : 'the question'}.`);
            }}
          />
          <AuditActionDialog
            key={actionFor ? where(actionFor) : 'none'}
            auditId={v.id}
            finding={actionFor}
            supplierLabel={supplierLabel(v.supplierId)}
            onClose={() => setActionFor(null)}
            onRaised={() => {
              const f = actionFor;
              setActionFor(null);
              changed(`Action raised on ${f ? where(f) : 'the finding'}.`);
            }}
          />
        </>
      )}
    </section>
  );
}
