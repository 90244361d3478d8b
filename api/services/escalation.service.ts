// Escalation of overdue tasks: each open task past its due time that has not been escalated yet
// gets an in-app notification to its assignee or role (and to quality), is marked escalated and
// audited `task.escalate`; where SMTP is configured an e-mail goes to the users it reaches whose
// user name is an address, and to the configured escalation addresses.
import { appendAudit } from '../../analytics/audit.store.ts';
import {
  overdueTasks,
  markEscalated,
  usersForNoticeOf,
  type InboxRow,
} from '../../analytics/workflow.store.ts';
import type { Mailer } from '../mailer.ts';
import type { Runtime } from '../runtime.ts';
import { ensureWorkflows, linkOf, notifyInTx } from './workflow.service.ts';

export const ESCALATION_ACTOR = 'system:escalation';
const QUALITY = 'quality_engineer';
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface EscalationReport {
  escalated: { taskId: string; instanceId: string; title: string; dueAt: string }[];
  /** e-mails sent (one per task), and the failures (the task stays escalated in the app) */
  mailed: number;
  mailFailures: { taskId: string; reason: string }[];
}

// Who a task's notice reaches: its assignee, else its role (of its supplier); quality as well.
function recipientsOf(t: InboxRow) {
  const out = [
    t.assignee
      ? { recipientUser: t.assignee, recipientRole: null, supplierId: t.supplier_id }
      : { recipientUser: null, recipientRole: t.role, supplierId: t.supplier_id },
  ];
  if (t.role !== QUALITY || t.assignee !== null || t.supplier_id !== null)
    out.push({ recipientUser: null, recipientRole: QUALITY, supplierId: null });
  return out;
}

/**
 * Escalates every open task overdue at `now` that has not been escalated yet (a plain function:
 * the scheduler calls it with the clock, a test with a controlled one).
 */
export async function escalateOverdue(
  rt: Runtime,
  now: Date,
  mailer?: Mailer | null,
): Promise<EscalationReport> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const report: EscalationReport = { escalated: [], mailed: 0, mailFailures: [] };
  for (const t of await overdueTasks(db, now.toISOString())) {
    const text = `Overdue since ${t.due_at}: ${t.title} (${t.instance_title})`;
    const recipients = recipientsOf(t);
    const done = await db.transaction(async (tx) => {
      // Re-read: another run may have escalated or closed it meanwhile.
      const still = (await overdueTasks(tx, now.toISOString())).some((x) => x.task_id === t.task_id);
      if (!still) return false;
      await markEscalated(tx, t.task_id, now.toISOString());
      await notifyInTx(
        tx,
        recipients.map((r) => ({
          ...r,
          text,
          link: linkOf(t.workflow_key, t.instance_id),
          taskId: t.task_id,
        })),
        now,
      );
      await appendAudit(tx, {
        actor: ESCALATION_ACTOR,
        action: 'task.escalate',
        subject: t.instance_id,
        before: { task: t.task_id, escalated: false },
        after: {
          task: t.task_id,
          title: t.title,
          dueAt: t.due_at,
          escalated: true,
          notified: recipients.map(
            (r) => r.recipientUser ?? `${r.recipientRole}${r.supplierId ? ` of ${r.supplierId}` : ''}`,
          ),
        },
        reason: `overdue at ${now.toISOString()}`,
      });
      return true;
    });
    if (!done) continue;
    report.escalated.push({ taskId: t.task_id, instanceId: t.instance_id, title: t.title, dueAt: t.due_at! });
    if (!mailer) continue;
    try {
      const users = (
        await Promise.all(
          recipients.map((r) =>
            usersForNoticeOf(db, {
              userId: r.recipientUser,
              role: r.recipientRole,
              supplierId: r.supplierId,
            }),
          ),
        )
      ).flat();
      const to = [
        ...new Set([...users.map((u) => u.username).filter((u) => ADDRESS.test(u)), ...mailer.extraTo]),
      ];
      if (to.length === 0) continue;
      await mailer.send({
        to,
        subject: `[Lotgraph] Overdue: ${t.title}`,
        text: `${text}\n\nOpen it: ${linkOf(t.workflow_key, t.instance_id)}\n`,
      });
      report.mailed++;
    } catch (err) {
      report.mailFailures.push({
        taskId: t.task_id,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return report;
}
