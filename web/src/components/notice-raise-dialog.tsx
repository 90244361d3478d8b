// "Raise notices": from a bad lot (its code or id, narrowed when the recall workspace was) or a
// recall case, with a title, what was found (required: the notices say it) and the hours the
// parties have to answer. The API drafts one notice per affected customer and one to the lot's
// supplier; the drafts are the preview, sent from the batch page.
import { useId, useState, type FormEvent } from 'react';
import { raiseNotices, type RaiseInput } from '../api/notices.ts';
import type { NarrowingCriteria } from '../api/recall.ts';
import { useAction } from '../hooks/use-action.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

/** What the form starts with ('' when not given). */
export interface RaisePrefill {
  kind: 'lot' | 'recall';
  lot: string;
  caseId: string;
  criteria: NarrowingCriteria | null;
}
export const EMPTY_RAISE: RaisePrefill = { kind: 'lot', lot: '', caseId: '', criteria: null };

const LABELS: Record<string, string> = {
  'source.lot': 'Lot',
  'source.caseId': 'Recall case',
  title: 'Title',
  reason: 'What was found',
  dueHours: 'Answer within (hours)',
};

export function NoticeRaiseDialog({
  open,
  prefill,
  onClose,
  onRaised,
}: {
  open: boolean;
  prefill: RaisePrefill;
  onClose: () => void;
  onRaised: (batch: string) => void;
}) {
  return (
    <Dialog open={open} title="Raise notices" onClose={onClose}>
      <RaiseForm prefill={prefill} onClose={onClose} onRaised={onRaised} />
    </Dialog>
  );
}

// Mounted only while the dialog is open, so every opening starts from the prefill.
function RaiseForm({
  prefill,
  onClose,
  onRaised,
}: {
  prefill: RaisePrefill;
  onClose: () => void;
  onRaised: (batch: string) => void;
}) {
  const [kind, setKind] = useState(prefill.kind);
  const [lot, setLot] = useState(prefill.lot);
  const [caseId, setCaseId] = useState(prefill.caseId);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [dueHours, setDueHours] = useState('48');
  const reasonId = useId();
  const action = useAction(raiseNotices);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const hours = Number(dueHours);
    const body: RaiseInput = {
      source:
        kind === 'recall'
          ? { kind: 'recall', caseId: caseId.trim() }
          : { kind: 'lot', lot: lot.trim(), ...(prefill.criteria ? { criteria: prefill.criteria } : {}) },
      title: title.trim(),
      reason: reason.trim(),
      ...(dueHours.trim() && Number.isFinite(hours) ? { dueHours: hours } : {}),
    };
    const r = await action.run(body);
    if (r.ok) onRaised(r.value.batch);
  };
  return (
    <form onSubmit={submit} aria-label="Raise notices" noValidate>
      <p className="dialog-text">
        Lotgraph works out who got what: one notice per affected customer with its shipments and objects, and
        one to the lot&apos;s supplier asking for an 8D. They are drafts until you send them.
      </p>
      <SelectField
        label="Raised from"
        value={kind}
        onChange={(e) => setKind(e.target.value as 'lot' | 'recall')}
      >
        <option value="lot">A lot found bad</option>
        <option value="recall">A recall case (its scope as snapshotted)</option>
      </SelectField>
      {kind === 'lot' ? (
        <TextField
          label="Lot"
          hint={
            prefill.criteria && lot === prefill.lot
              ? 'Its recall scope as narrowed in the recall workspace.'
              : 'Its code, EPC or id: its whole recall scope.'
          }
          value={lot}
          onChange={(e) => setLot(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          required
        />
      ) : (
        <TextField
          label="Recall case"
          value={caseId}
          onChange={(e) => setCaseId(e.target.value)}
          spellCheck={false}
          required
        />
      )}
      <TextField
        label="Title"
        value={title}
        maxLength={300}
        onChange={(e) => setTitle(e.target.value)}
        required
      />
      <div className="field">
        <label htmlFor={reasonId}>What was found</label>
        <textarea
          id={reasonId}
          rows={4}
          maxLength={4000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${reasonId}-hint`}
          required
        />
        <small id={`${reasonId}-hint`} className="hint">
          Every notice says it, and what the party should do; kept in the audit trail.
        </small>
      </div>
      <TextField
        label="Answer within (hours)"
        type="number"
        min={1}
        value={dueHours}
        onChange={(e) => setDueHours(e.target.value)}
        hint="Unanswered notices escalate after this time."
      />
      <ErrorMessage error={action.error} labels={LABELS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Working out the scope…' : 'Draft the notices'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
