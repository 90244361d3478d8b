// Asks before a change that cannot simply be undone (revoke a token, disable a user), with an
// optional reason for the audit trail.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useAction } from '../hooks/use-action.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { ReasonField } from './fields.tsx';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  withReason: boolean;
  onConfirm: (reason: string | undefined) => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose}>
      <ConfirmForm {...props} />
    </Dialog>
  );
}

function ConfirmForm({ children, confirmLabel, withReason, onConfirm, onClose }: ConfirmDialogProps) {
  const [reason, setReason] = useState('');
  const action = useAction(onConfirm);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await action.run(reason.trim() || undefined)).ok) onClose();
  };
  return (
    <form onSubmit={submit}>
      <div className="dialog-text">{children}</div>
      {withReason && <ReasonField value={reason} onChange={setReason} />}
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="submit" className="danger" disabled={action.busy}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
