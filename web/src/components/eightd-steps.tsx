// The steps D0–D8 of a case: each with its status (done, current, pending), who answers it, the
// answer read-only once done, and for the current step the form to answer it when the signed-in
// user may (the step's record form, with the API's problems at their fields).
import { useId } from 'react';
import { answerStep, type EightDCase, type StepView } from '../api/eightd.ts';
import type { FormDefinition } from '../api/forms.ts';
import { useAction } from '../hooks/use-action.ts';
import { DateTime } from './date-time.tsx';
import { EightDAnswer, EightDAnsweredBy } from './eightd-answer.tsx';
import { ErrorMessage } from './error-message.tsx';
import { WorkflowForm } from './workflow-form.tsx';

const STATUS: Record<StepView['status'], string> = {
  done: 'Done',
  current: 'Current step',
  pending: 'Pending',
};

export function EightDSteps({
  c,
  forms,
  formsError,
  supplier,
  recordLinks,
  onAnswered,
}: {
  c: EightDCase;
  forms: FormDefinition[] | undefined;
  formsError: unknown;
  /** the supplier's name, for "answered by the supplier" */
  supplier: string;
  /** link each answer to its submission record */
  recordLinks: boolean;
  onAnswered: (step: StepView) => void;
}) {
  return (
    <ol className="eightd-steps" aria-label="Steps">
      {c.steps.map((s) => (
        <EightDStepItem
          key={s.step}
          c={c}
          step={s}
          form={forms?.find((f) => f.key === s.form)}
          formsError={formsError}
          supplier={supplier}
          recordLinks={recordLinks}
          onAnswered={onAnswered}
        />
      ))}
    </ol>
  );
}

function EightDStepItem({
  c,
  step: s,
  form,
  formsError,
  supplier,
  recordLinks,
  onAnswered,
}: {
  c: EightDCase;
  step: StepView;
  form: FormDefinition | undefined;
  formsError: unknown;
  supplier: string;
  recordLinks: boolean;
  onAnswered: (step: StepView) => void;
}) {
  const titleId = useId();
  const overdue = s.task?.overdue === true;
  return (
    <li className={['eightd-step', s.status, overdue ? 'overdue' : ''].filter(Boolean).join(' ')}>
      <section aria-labelledby={titleId}>
        <h3 id={titleId}>{s.title}</h3>
        <p className="eightd-step-status">
          <span className={`badge ${s.status === 'done' ? 'ok' : s.status === 'current' ? 'running' : ''}`}>
            {STATUS[s.status]}
          </span>{' '}
          {s.bySupplier ? `answered by the supplier (${supplier})` : 'answered by quality'}
          {s.status === 'current' && s.task?.dueAt && (
            <>
              {' '}
              · due <DateTime value={s.task.dueAt} />
              {overdue && (
                <>
                  {' '}
                  <strong className="badge bad">overdue</strong>
                </>
              )}
            </>
          )}
        </p>
        {s.answer && (
          <>
            <EightDAnsweredBy step={s} link={recordLinks} />
            <EightDAnswer step={s} form={form} />
          </>
        )}
        {s.status === 'current' && !s.canAnswer && (
          <p className="muted">
            {s.bySupplier ? `Waiting for ${supplier} to answer.` : 'Waiting for quality to answer.'}
          </p>
        )}
        {s.status === 'current' && s.canAnswer && (
          <>
            <ErrorMessage error={formsError} />
            {form && <StepAnswerForm key={c.state} c={c} step={s} form={form} onAnswered={onAnswered} />}
          </>
        )}
      </section>
    </li>
  );
}

function StepAnswerForm({
  c,
  step,
  form,
  onAnswered,
}: {
  c: EightDCase;
  step: StepView;
  form: FormDefinition;
  onAnswered: (step: StepView) => void;
}) {
  const action = useAction((data: Record<string, unknown>, comment: string) =>
    answerStep(c.id, step.step, { data, ...(comment ? { comment } : {}) }),
  );
  return (
    <WorkflowForm
      label={`Answer ${step.title}`}
      form={form}
      submitLabel={`Save ${step.step.toUpperCase()}`}
      comment
      busy={action.busy}
      error={action.error}
      onSubmit={async (data, comment) => {
        const r = await action.run(data, comment);
        if (r.ok) onAnswered(step);
      }}
    />
  );
}
