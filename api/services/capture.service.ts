// Capture: a filled-in capture form becomes a trace event. The submission is validated against
// its pinned form version, its scanned codes are read and looked up, the step's rules and (for a
// material issue) the interlocks are checked; then the event, the submission and the audit entry
// land in one DuckDB transaction and the graph catches up. Nothing is stored on any error.
// See docs/forms.md.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import type { CaptureStep, FormDefinition } from '../../domain/forms.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import type { ItemKind } from '../../domain/trace-event.ts';
import { actorOf, type Principal } from '../../domain/roles.ts';
import { buildCaptureEvent, stepProblems, type ScannedObject } from '../../etl/capture/capture.builders.ts';
import { appendCaptured } from '../../etl/capture/capture.log.ts';
import { printable, scannedId } from '../../etl/capture/capture-scan.ts';
import { assertCan } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';
import { parseInput } from '../validation.ts';
import { allocateSubmissionId, getForm, storeSubmission, validateFor } from './forms.service.ts';
import { completeIncomingInspection, openIncomingInspections } from './incoming-inspection.service.ts';
import { checkIssue, type InterlockReason } from './interlocks.service.ts';
import { resolve } from './trace.service.ts';

export interface CaptureResult {
  submissionId: string;
  version: number;
  eventId: string;
  /** interlock warnings the capture was made despite (overridden with a reason) */
  warnings: InterlockReason[];
  /** the main object the capture is about */
  subject: string;
  /** whether the graph shows the event yet (it will after the next catch-up if not) */
  graph: 'projected' | 'pending';
  /** what went wrong after the capture was stored (a follow-up such as opening the inspection task) */
  followUpError?: string;
}

const captureBody = z.object({
  version: z.number().int('must be a whole number').positive().optional(),
  data: z.unknown(),
  override: z.object({ reason: z.string().trim().min(1, 'must not be blank').max(2000) }).optional(),
});

/** The permission a step needs: the incoming-inspection decision needs inspection:decide. */
export const permissionOfStep = (step: CaptureStep) =>
  step === 'incoming_inspection' ? ('inspection:decide' as const) : ('events:capture' as const);

// Scan fields whose object the capture itself brings into being: not looked up.
const CREATES: Partial<Record<CaptureStep, string[]>> = {
  receiving: ['lot'],
  process_record: ['outputLot'],
  packing: ['container'],
};

const notFound = (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND';
const storeDown = (e: unknown) => e instanceof AppError && e.code === 'STORE_UNAVAILABLE';

/** Reads and looks up every scan field; problems name the field. */
async function scannedObjects(
  rt: Runtime,
  form: FormDefinition,
  data: Record<string, unknown>,
): Promise<{ objects: Record<string, ScannedObject>; problems: Problem[] }> {
  const objects: Record<string, ScannedObject> = {};
  const problems: Problem[] = [];
  const creates = new Set(CREATES[form.step!] ?? []);
  for (const f of form.fields) {
    const raw = data[f.name];
    if (f.type !== 'scan' || typeof raw !== 'string' || (f.scanKind ?? 'text') === 'text') continue;
    const bad = (reason: string) => problems.push({ field: f.name, pointer: `/data/${f.name}`, reason });
    const r = scannedId(raw, f.scanKind);
    if (!r.ok) {
      bad(r.reason);
      continue;
    }
    let found: ScannedObject | null = r.kind ? { id: r.id, kind: r.kind } : null;
    if (!(f.standard && creates.has(f.name))) {
      try {
        // A plain code is looked up as people say it (it may name a GS1 object by its code).
        const hit = await resolve(rt.stores.graph, r.read === 'code' ? raw.trim() : r.id);
        found = { id: hit.id, kind: hit.kind as ItemKind };
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONFLICT') {
          const wanted = ((err.details['candidates'] ?? []) as ScannedObject[]).filter(
            (c) => c.kind === f.scanKind,
          );
          if (wanted.length === 1) found = { id: wanted[0]!.id, kind: wanted[0]!.kind };
          else {
            bad(`"${printable(raw)}" names several objects; scan the label's barcode instead`);
            continue;
          }
        } else if (!notFound(err) && !storeDown(err)) throw err;
      }
    }
    if (!found) {
      bad(`no lot, unit or container is known as "${printable(raw.trim())}"`);
      continue;
    }
    if (f.scanKind !== 'object' && found.kind !== f.scanKind) {
      bad(`"${printable(raw.trim())}" is a ${found.kind}, not a ${f.scanKind}`);
      continue;
    }
    objects[f.name] = found;
  }
  return { objects, problems };
}

/**
 * Captures a filled-in capture form as a trace event (see the file comment). Material issue runs
 * the interlocks first: a refusal, or a warning without `override.reason`, is an INTERLOCK error.
 */
export async function submitCapture(
  rt: Runtime,
  principal: Principal,
  key: string,
  input: { version?: number; data: unknown; override?: { reason: string } },
  ctx: { workflowInstance?: string } = {},
): Promise<CaptureResult> {
  const body = parseInput(captureBody, input, 'capture');
  const duck = rt.stores.duck;
  const pinned = await getForm(duck, key, body.version);
  if (pinned.kind !== 'capture' || !pinned.step)
    throw new AppError('INVALID_INPUT', `the form "${key}" is a record form, not a capture form`, {
      problems: [{ field: 'key', reason: 'is a record form: submit it as a record' }],
    });
  const step = pinned.step;
  assertCan(principal, permissionOfStep(step));
  const actor = actorOf(principal);
  const { form, data } = await validateFor(duck, key, { version: pinned.version, data: body.data });

  const { objects, problems } = await scannedObjects(rt, form, data);
  const now = new Date();
  const time = now.toISOString();
  problems.push(...stepProblems(step, data, objects, time.slice(0, 10)));
  if (problems.length)
    throw new AppError(
      'INVALID_INPUT',
      `the submission of "${form.title}" (version ${form.version}) is invalid`,
      {
        problems,
        details: { form: key, version: form.version },
      },
    );

  let warnings: InterlockReason[] = [];
  let override: { reason: string; warnings: string[] } | undefined;
  if (step === 'material_issue') {
    const check = await checkIssue(rt.stores, {
      lot: objects['lot']!.id,
      workOrder: data['workOrder'] as string,
      at: now,
    });
    if (check.refusals.length)
      throw new AppError('INTERLOCK', check.refusals[0]!.message, {
        problems: check.refusals.map((r) => ({ field: 'lot', pointer: '/data/lot', reason: r.message })),
        details: { refusals: check.refusals, warnings: check.warnings },
      });
    warnings = check.warnings;
    if (warnings.length && !body.override)
      throw new AppError('INTERLOCK', warnings.map((w) => w.message).join(' '), {
        details: { refusals: [], warnings, overridable: true },
      });
    if (warnings.length) override = { reason: body.override!.reason, warnings: warnings.map((w) => w.code) };
  }

  // Custom scan fields carry the identifier they were read as, not the scanner's raw text.
  const eventData = { ...data };
  for (const f of form.fields) if (!f.standard && objects[f.name]) eventData[f.name] = objects[f.name]!.id;
  const eventId = `urn:uuid:${randomUUID()}`;
  const appended = await appendCaptured(duck, `form:${form.key}`, async (tx) => {
    const id = await allocateSubmissionId(tx, time);
    const built = buildCaptureEvent({
      step,
      form,
      submissionId: id.submissionId,
      data: eventData,
      objects,
      actor,
      eventId,
      time,
      ...(override ? { override } : {}),
    });
    return {
      event: built.event,
      store: async (seq: number) => {
        await storeSubmission(tx, {
          form,
          data,
          actor,
          eventId,
          subject: built.subject,
          workflowInstance: ctx.workflowInstance ?? null,
          objects: built.objects.map((o) => ({ key: toCanonicalKey(o), id: o })),
          at: time,
          id,
          audit: { logSeq: seq, step },
        });
        if (override)
          await appendAudit(tx, {
            actor,
            action: 'material.issue.override',
            subject: built.subject,
            before: null,
            after: {
              lot: built.subject,
              workOrder: data['workOrder'],
              warnings: override.warnings,
              submissionId: id.submissionId,
              eventId,
            },
            reason: override.reason,
          });
        return { submissionId: id.submissionId, subject: built.subject };
      },
    };
  });

  let graph: CaptureResult['graph'] = 'pending';
  try {
    graph = (await rt.projector.catchUp()) >= appended.seq ? 'projected' : 'pending';
  } catch (err) {
    // The log holds the event; the graph shows it once Neo4j is back and catches up.
    if (!storeDown(err)) throw err;
  }
  const result: CaptureResult = {
    submissionId: appended.result.submissionId,
    version: form.version,
    eventId,
    warnings,
    subject: appended.result.subject,
    graph,
  };
  try {
    if (step === 'receiving') await openIncomingInspections(rt, [appended.result.subject]);
    if (step === 'incoming_inspection' && !ctx.workflowInstance)
      await completeIncomingInspection(rt, {
        lot: appended.result.subject,
        decision: data['decision'] as 'release' | 'reject' | 'conditional_release',
        actor,
        submissionId: result.submissionId,
      });
  } catch (err) {
    // The capture is stored; a follow-up that failed is reported, never a reason to capture twice.
    result.followUpError = err instanceof Error ? err.message : String(err);
  }
  return result;
}
