// The FDA FSMA 204 traceability plan as the API keeps it: the version shown (the current one, or
// one picked from the history), an editor that saves a new version with a reason (config:write),
// and every version. Old versions are never changed; saving makes the next one.
import { useId, useState, type TextareaHTMLAttributes } from 'react';
import { savePlan, type PlanContent, type TraceabilityPlan } from '../api/fsma.ts';
import { useAction } from '../hooks/use-action.ts';
import { DateTime } from './date-time.tsx';
import { TextField } from './fields.tsx';
import { FormDialog, RequiredReason } from './recall-actions.tsx';
import { SortableTable } from './recall-table.tsx';
import '../styles/fsma.css';

// The plan's fields as the form and the API's problems name them.
const LABELS: Record<string, string> = {
  'plan.recordProcedures': 'How the records are kept',
  'plan.ftlIdentification': 'How foods on the list are identified',
  'plan.tlcAssignment': 'How traceability lot codes are assigned',
  'plan.contact.name': 'Point of contact',
  'plan.contact.phone': 'Phone',
  'plan.contact.email': 'E-mail',
  'plan.farmMaps': 'Farm maps',
  'plan.farmMapsReference': 'Farm maps (URI)',
  'plan.notes': 'Notes',
  reason: 'Reason',
};

function TextArea({
  label,
  hint,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={4} aria-describedby={hint ? `${id}-hint` : undefined} {...area} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** One version's content, as a definition list. */
function PlanFacts({ plan }: { plan: TraceabilityPlan }) {
  return (
    <dl className="facts plan-facts">
      <dt>How the records are kept</dt>
      <dd>{plan.recordProcedures}</dd>
      <dt>How foods on the list are identified</dt>
      <dd>{plan.ftlIdentification}</dd>
      <dt>How traceability lot codes are assigned</dt>
      <dd>{plan.tlcAssignment}</dd>
      <dt>Point of contact</dt>
      <dd>
        {plan.contact.name}, {plan.contact.phone},{' '}
        <a href={`mailto:${plan.contact.email}`}>{plan.contact.email}</a>
      </dd>
      <dt>Farm maps</dt>
      <dd>
        {plan.farmMaps}
        {plan.farmMaps && plan.farmMapsReference ? ' ' : ''}
        {plan.farmMapsReference && (
          <a href={plan.farmMapsReference} rel="noreferrer" target="_blank">
            {plan.farmMapsReference}
          </a>
        )}
        {!plan.farmMaps && !plan.farmMapsReference && '—'}
      </dd>
      <dt>Notes</dt>
      <dd>{plan.notes ?? '—'}</dd>
      <dt>Saved</dt>
      <dd>
        <DateTime value={plan.savedAt} /> by {plan.savedBy}: {plan.reason}
      </dd>
    </dl>
  );
}

const EMPTY: PlanContent = {
  recordProcedures: '',
  ftlIdentification: '',
  tlcAssignment: '',
  contact: { name: '', phone: '', email: '' },
  farmMaps: null,
  farmMapsReference: null,
  notes: null,
};

/** The plan editor: starts from the current version, saves the next one. */
function PlanForm({
  open,
  current,
  onClose,
  onSaved,
}: {
  open: boolean;
  current: TraceabilityPlan | null;
  onClose: () => void;
  onSaved: (p: TraceabilityPlan) => void;
}) {
  const start = current ?? EMPTY;
  const [plan, setPlan] = useState<PlanContent>({
    recordProcedures: start.recordProcedures,
    ftlIdentification: start.ftlIdentification,
    tlcAssignment: start.tlcAssignment,
    contact: { ...start.contact },
    farmMaps: start.farmMaps,
    farmMapsReference: start.farmMapsReference,
    notes: start.notes,
  });
  const [reason, setReason] = useState('');
  const action = useAction(savePlan);
  const text = (k: 'recordProcedures' | 'ftlIdentification' | 'tlcAssignment') => ({
    value: plan[k],
    onChange: (e: { target: { value: string } }) => setPlan((p) => ({ ...p, [k]: e.target.value })),
  });
  const optional = (k: 'farmMaps' | 'farmMapsReference' | 'notes') => ({
    value: plan[k] ?? '',
    onChange: (e: { target: { value: string } }) => setPlan((p) => ({ ...p, [k]: e.target.value || null })),
  });
  const contact = (k: 'name' | 'phone' | 'email') => ({
    value: plan.contact[k],
    onChange: (e: { target: { value: string } }) =>
      setPlan((p) => ({ ...p, contact: { ...p.contact, [k]: e.target.value } })),
  });
  return (
    <FormDialog
      open={open}
      title={current ? `Traceability plan: version ${current.version + 1}` : 'Traceability plan: version 1'}
      submitLabel="Save new version"
      busy={action.busy}
      error={action.error}
      labels={LABELS}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run(plan, reason.trim());
        if (r.ok) onSaved(r.value);
      }}
    >
      <p className="dialog-text">
        Saving keeps the version before it; every version stays readable for audits.
      </p>
      <TextArea
        label={LABELS['plan.recordProcedures']!}
        hint="The procedures used to maintain the records: format, where they are kept."
        required
        maxLength={20000}
        {...text('recordProcedures')}
      />
      <TextArea
        label={LABELS['plan.ftlIdentification']!}
        hint="How the firm tells which of its foods are on the Food Traceability List."
        required
        maxLength={20000}
        {...text('ftlIdentification')}
      />
      <TextArea
        label={LABELS['plan.tlcAssignment']!}
        hint="Where and how codes are assigned (initial packing, first land-based receiving, transformation)."
        required
        maxLength={20000}
        {...text('tlcAssignment')}
      />
      <fieldset className="plan-contact">
        <legend>Point of contact</legend>
        <TextField label="Name" required maxLength={200} {...contact('name')} />
        <TextField label="Phone" type="tel" required {...contact('phone')} />
        <TextField label="E-mail" type="email" required {...contact('email')} />
      </fieldset>
      <TextArea
        label={LABELS['plan.farmMaps']!}
        hint="Where the firm grows or raises listed foods: fields or containers with their coordinates. Leave empty when it grows none."
        maxLength={20000}
        {...optional('farmMaps')}
      />
      <TextField
        label={LABELS['plan.farmMapsReference']!}
        hint="A link to the maps, e.g. https://…"
        spellCheck={false}
        {...optional('farmMapsReference')}
      />
      <TextArea label={LABELS['plan.notes']!} rows={2} maxLength={20000} {...optional('notes')} />
      <RequiredReason value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/** The plan: the version shown, the editor for admins, and the history. */
export function TraceabilityPlanView({
  current,
  versions,
  busy,
  canEdit,
  onSaved,
}: {
  current: TraceabilityPlan | null;
  versions: TraceabilityPlan[];
  busy: boolean;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const shown = versions.find((v) => v.version === picked) ?? current;
  return (
    <section className="card" aria-labelledby="fsma-plan">
      <div className="page-head">
        <h2 id="fsma-plan">Traceability plan</h2>
        {canEdit && (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setEditing(true);
            }}
          >
            {current ? 'Edit the plan' : 'Write the plan'}
          </button>
        )}
      </div>
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      {shown ? (
        <>
          <h3>
            Version {shown.version} {shown.version === current?.version ? '(current)' : '(superseded)'}
          </h3>
          <PlanFacts plan={shown} />
        </>
      ) : (
        <p>No traceability plan is saved yet.</p>
      )}
      <SortableTable<TraceabilityPlan>
        caption={`Versions (${versions.length})`}
        busy={busy}
        rows={versions}
        rowKey={(v) => String(v.version)}
        empty="No version yet."
        columns={[
          { label: 'Version', num: true, value: (v) => v.version, sort: (v) => v.version },
          { label: 'Saved', value: (v) => <DateTime value={v.savedAt} />, sort: (v) => v.savedAt },
          { label: 'By', value: (v) => v.savedBy, sort: (v) => v.savedBy },
          { label: 'Reason', value: (v) => v.reason, sort: (v) => v.reason },
          { label: 'Point of contact', value: (v) => v.contact.name, sort: (v) => v.contact.name },
          {
            label: 'Show',
            value: (v) =>
              v.version === shown?.version ? (
                'shown'
              ) : (
                <button type="button" className="small" onClick={() => setPicked(v.version)}>
                  Show version {v.version}
                </button>
              ),
          },
        ]}
      />
      {editing && (
        <PlanForm
          open={editing}
          current={current}
          onClose={() => setEditing(false)}
          onSaved={(p) => {
            setEditing(false);
            setPicked(null);
            setNotice(`Version ${p.version} of the traceability plan is saved.`);
            onSaved();
          }}
        />
      )}
    </section>
  );
}
