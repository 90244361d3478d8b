// A step's answer, read-only: every field with the label of the form version it was answered with
// (the latest step form when the answer carries none), who answered it and when.
import { Link } from 'react-router';
import type { StepView } from '../api/eightd.ts';
import type { FormDefinition, Submission } from '../api/forms.ts';
import type { HistoryEntry } from '../api/workflows.ts';
import { DateTime } from './date-time.tsx';
import { FormSubmissionView } from './form-submission-view.tsx';

// The answer as the submission view reads it: its data with the fields it was made with.
function asSubmission(h: HistoryEntry, latest: FormDefinition | undefined): Submission | null {
  const s = h.submission;
  if (!s) return null;
  const fields = s.fields.length > 0 ? s.fields : (latest?.fields ?? []);
  return {
    submissionId: h.submissionId ?? '',
    formKey: s.formKey,
    version: s.version,
    data: s.data,
    eventId: null,
    subject: null,
    workflowInstance: null,
    submittedBy: h.actor,
    submittedAt: h.at,
    form: {
      key: s.formKey,
      version: s.version,
      title: s.title,
      kind: 'record',
      fields,
      createdBy: '',
      createdAt: '',
    },
  };
}

/** Who answered the step and when; `link` adds the submission record. */
export function EightDAnsweredBy({ step, link }: { step: StepView; link?: boolean }) {
  const a = step.answer;
  if (!a) return null;
  return (
    <p className="eightd-answered">
      Answered by {a.actor}, <DateTime value={a.at} />
      {link && a.submissionId && (
        <>
          {' '}
          · <Link to={`/submissions/${encodeURIComponent(a.submissionId)}`}>record</Link>
        </>
      )}
    </p>
  );
}

export function EightDAnswer({ step, form }: { step: StepView; form: FormDefinition | undefined }) {
  const s = step.answer ? asSubmission(step.answer, form) : null;
  return (
    <>
      {s ? <FormSubmissionView submission={s} /> : <p className="muted">Answered without a form.</p>}
      {step.answer?.comment && <p className="workflow-comment">“{step.answer.comment}”</p>}
    </>
  );
}
