// Raising an action on a finding: what is to be done, who owns it (a user, or the audited
// supplier's users in the portal) and by when. It runs on the 'vda63-action' workflow: the
// owner's inbox, escalation when overdue, verification by quality.
import { useState, type FormEvent } from 'react';
import { raiseAction, type Finding } from '../api/vda63.ts';
import { useAction } from '../hooks/use-action.ts';
import { useApiData } from '../hooks/use-api-data.ts';
import { actionOwners } from '../api/vda63.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

const SUPPLIER = '__supplier__';

export function AuditActionDialog({
  auditId,
  finding,
  supplierLabel,
  onClose,
  onRaised,
}: {
  auditId: string;
  finding: Finding | null;
  /** the audited supplier's name, or null for an audit of our own process */
  supplierLabel: string | null;
  onClose: () => void;
  onRaised: () => void;
}) {
  const owners = useApiData(actionOwners, []);
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState(supplierLabel ? SUPPLIER : '');
  const [due, setDue] = useState('');
  const raise = useAction(raiseAction);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!finding) return;
    const r = await raise.run(auditId, {
      questionId: finding.questionId,
      step: finding.step ?? null,
      action,
      owner: owner === SUPPLIER ? { supplier: true } : { userId: owner },
      // the end of the chosen day, UTC
      dueAt: due ? `${due}T23:59:59.000Z` : '',
    });
    if (r.ok) onRaised();
  };
  return (
    <Dialog
      open={finding !== null}
      title={
        finding ? `Action on ${finding.questionId}${finding.step ? ` at ${finding.step}` : ''}` : 'Action'
      }
      onClose={onClose}
    >
      <form onSubmit={submit} aria-label="Raise an action" noValidate>
        {finding && (
          <p>
            Scored {finding.score}: {finding.text}
          </p>
        )}
        <div className="field">
          <label htmlFor="audit-action-text">What is to be done</label>
          <textarea
            id="audit-action-text"
            rows={3}
            value={action}
            onChange={(e) => setAction(e.target.value)}
            maxLength={4000}
          />
        </div>
        <SelectField label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
          <option value="">Choose…</option>
          {supplierLabel && <option value={SUPPLIER}>The supplier: {supplierLabel}</option>}
          {(owners.data ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.role.replace(/_/g, ' ')})
            </option>
          ))}
        </SelectField>
        <TextField label="Due on" type="date" value={due} onChange={(e) => setDue(e.target.value)} required />
        <ErrorMessage error={owners.error} />
        <ErrorMessage
          error={raise.error}
          labels={{ action: 'What is to be done', 'owner.userId': 'Owner', owner: 'Owner', dueAt: 'Due on' }}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={raise.busy}>
            Raise the action
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
