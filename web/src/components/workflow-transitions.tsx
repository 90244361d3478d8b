// The transitions the signed-in user may take on an instance now: one button each, opening its
// form (preset fields are set by the transition; a lot field defaults to the instance's subject).
import { useState } from 'react';
import type { FormDefinition } from '../api/forms.ts';
import { takeTransition, type AvailableTransition, type InstanceView } from '../api/workflows.ts';
import { useAction } from '../hooks/use-action.ts';
import { useForm } from '../hooks/use-forms.ts';
import { ErrorMessage } from './error-message.tsx';
import { WorkflowForm } from './workflow-form.tsx';

export function WorkflowTransitions({ view, onDone }: { view: InstanceView; onDone: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  if (view.transitions.length === 0)
    return (
      <p className="muted">
        {view.instance.status === 'done' ? 'Finished.' : 'Nothing here is yours to take now.'}
      </p>
    );
  const chosen = view.transitions.find((t) => t.name === open) ?? null;
  return (
    <div className="workflow-transitions">
      <div className="actions" role="group" aria-label="Transitions">
        {view.transitions.map((t) => (
          <button
            key={t.name}
            type="button"
            className={open === t.name ? 'primary' : undefined}
            aria-pressed={open === t.name}
            onClick={() => setOpen(open === t.name ? null : t.name)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {chosen && <TransitionPanel key={chosen.name} view={view} t={chosen} onDone={onDone} />}
    </div>
  );
}

function TransitionPanel({
  view,
  t,
  onDone,
}: {
  view: InstanceView;
  t: AvailableTransition;
  onDone: () => void;
}) {
  const form = useForm(t.form);
  const action = useAction((data: Record<string, unknown>, comment: string) =>
    takeTransition(view.instance.id, {
      transition: t.name,
      ...(t.form ? { data } : {}),
      ...(comment ? { comment } : {}),
    }),
  );
  const hidden = lotFields(form.data ?? null, view.instance.subject);
  return (
    <div className="workflow-transition-panel">
      <h3>{t.label}</h3>
      {Object.keys(t.preset).length > 0 && (
        <p className="muted small">
          Sets{' '}
          {Object.entries(t.preset)
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join(', ')}
          .
        </p>
      )}
      <ErrorMessage error={form.error} />
      {(!t.form || form.data) && (
        <WorkflowForm
          label={t.label}
          form={form.data ?? null}
          preset={t.preset}
          hidden={hidden}
          submitLabel={t.label}
          comment
          commentRequired={t.commentRequired}
          busy={action.busy}
          error={action.error}
          onSubmit={async (data, comment) => {
            const r = await action.run(data, comment);
            if (r.ok) onDone();
          }}
        />
      )}
    </div>
  );
}

// A lot scanned into the form is the instance's subject: not asked again.
const lotFields = (form: FormDefinition | null, subject: string | null) =>
  subject
    ? (form?.fields ?? []).filter((f) => f.type === 'scan' && f.scanKind === 'lot').map((f) => f.name)
    : [];
