// Stub (forms helper) until the workflow helper lands the incoming-inspection workflow: the two
// exports of the shared contract, doing nothing yet. The workflow helper owns and replaces this file.
import type { Runtime } from '../runtime.ts';

/** Opens one incoming-inspection workflow instance per received lot that has none (stub: no-op). */
export async function openIncomingInspections(_rt: Runtime, _lotIds: string[]): Promise<void> {}

/** Moves a lot's open incoming-inspection instance to the decision's state (stub: no-op). */
export async function completeIncomingInspection(
  _rt: Runtime,
  _input: { lot: string; decision: 'release' | 'reject' | 'conditional_release'; actor: string; submissionId: string },
): Promise<void> {}
