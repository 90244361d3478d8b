// Incoming inspection on the workflow engine: every received lot gets one instance of the
// 'incoming-inspection' workflow (and quality its task); the decision, taken as a transition or
// captured directly with the form, moves it to released, rejected or conditionally released.
// The sweep opens instances for lots received by CSV or EPCIS import, which no capture announced.
import { instanceById, listInstances, subjectsWithInstances } from '../../analytics/workflow.store.ts';
import { quarantinedLotRows } from '../../cypher/workflow.ts';
import { AppError } from '../../domain/errors.ts';
import {
  INCOMING_INSPECTION_WORKFLOW,
  INSPECTION_DECISIONS,
  type InspectionDecision,
} from '../../domain/incoming-inspection.ts';
import type { Runtime } from '../runtime.ts';
import { resolve } from './trace.service.ts';
import { ensureWorkflows, getDefinition, moveInTx, startInTx } from './workflow.service.ts';

export const SWEEP_ACTOR = 'system:incoming-inspection';

/** Opens one 'incoming-inspection' instance per lot that has none (any status); returns the lots opened. */
async function openFor(
  rt: Runtime,
  lots: { id: string; code?: string | null }[],
  actor: string,
): Promise<string[]> {
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const unique = [...new Map(lots.map((l) => [l.id, l])).values()];
  if (unique.length === 0) return [];
  return db.transaction(async (tx) => {
    const have = await subjectsWithInstances(
      tx,
      INCOMING_INSPECTION_WORKFLOW,
      unique.map((l) => l.id),
    );
    const opened: string[] = [];
    for (const l of unique) {
      if (have.has(l.id)) continue;
      await startInTx(tx, actor, {
        workflow: INCOMING_INSPECTION_WORKFLOW,
        title: `Incoming inspection of ${l.code ?? l.id}`,
        subject: l.id,
      });
      opened.push(l.id);
    }
    return opened;
  });
}

/** One 'incoming-inspection' instance per received lot that has none; creates the quality task. */
export async function openIncomingInspections(rt: Runtime, lotIds: string[]): Promise<void> {
  // The lot's code names the instance when the graph knows it already.
  const lots = await Promise.all(
    lotIds.map(async (id) => ({
      id,
      code: (await resolve(rt.stores.graph, id).catch(() => null))?.code ?? null,
    })),
  );
  await openFor(rt, lots, SWEEP_ACTOR);
}

/**
 * Moves a lot's open incoming-inspection instance to the state of a decision captured outside a
 * transition (no-op when the lot has none open). The capture already checked who decided.
 */
export async function completeIncomingInspection(
  rt: Runtime,
  input: { lot: string; decision: InspectionDecision; actor: string; submissionId: string },
): Promise<void> {
  if (!INSPECTION_DECISIONS.includes(input.decision))
    throw new AppError('INVALID_INPUT', `unknown decision "${String(input.decision)}"`, {
      problems: [{ field: 'decision', reason: `must be one of ${INSPECTION_DECISIONS.join(', ')}` }],
    });
  const db = rt.stores.duck;
  await ensureWorkflows(db);
  const [open] = await listInstances(db, {
    workflowKey: INCOMING_INSPECTION_WORKFLOW,
    status: 'open',
    subject: input.lot,
  });
  if (!open) return;
  const def = await getDefinition(db, open.workflow_key, open.version);
  // The transition of that decision from the instance's state (its name, else its preset).
  const t =
    def.transitions.find((x) => x.from.includes(open.state) && x.name === input.decision) ??
    def.transitions.find((x) => x.from.includes(open.state) && x.preset?.['decision'] === input.decision);
  if (!t) return;
  await db.transaction(async (tx) => {
    const now = await instanceById(tx, open.instance_id);
    if (!now || now.status !== 'open' || now.state !== open.state) return;
    await moveInTx(tx, now, def, t, {
      actor: input.actor,
      comment: 'decided with the incoming-inspection form',
      submissionId: input.submissionId,
    });
  });
}

/**
 * The scheduled sweep: opens instances for received lots still in quarantine that have none
 * (lots received by CSV or EPCIS import). Returns the lot ids opened.
 */
export async function sweepIncomingInspections(rt: Runtime, limit = 500): Promise<string[]> {
  const lots = await quarantinedLotRows(rt.stores.graph, limit);
  return openFor(rt, lots, SWEEP_ACTOR);
}
