// Changes the signed-in user's own password; the API checks the current one.
import { useState, type FormEvent } from 'react';
import { changePassword } from '../api/endpoints.ts';
import { useSession } from '../auth/session.tsx';
import { useAction } from '../hooks/use-action.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { TextField } from './fields.tsx';

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Change password" onClose={onClose}>
      <ChangePasswordForm onClose={onClose} />
    </Dialog>
  );
}

function ChangePasswordForm({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const { refresh } = useSession();
  // The server renews the session's CSRF token with the password; read it before going on.
  const action = useAction(async (current: string, next: string) => {
    await changePassword(current, next);
    await refresh();
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    if ((await action.run(current, next)).ok) setDone(true);
  };

  if (done)
    return (
      <>
        <p role="status">Your password is changed.</p>
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      </>
    );
  return (
    <form onSubmit={submit}>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
      />
      {mismatch && (
        <div className="error" role="alert">
          The two new passwords differ.
        </div>
      )}
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Change password
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
