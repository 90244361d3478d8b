// One user, for an administrator: name, role and supplier; disable or enable; reset the
// password; the user's API tokens. Every change can carry a reason into the audit trail.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  createUserToken,
  listUserTokens,
  revokeToken,
  updateUser,
  type UserChange,
} from '../api/endpoints.ts';
import { isApiError } from '../api/client.ts';
import type { RoleOption, User } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { ReasonField, TextField } from '../components/fields.tsx';
import { RoleFields, SUPPLIER_ROLE } from '../components/role-fields.tsx';
import { TokenPanel } from '../components/token-panel.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useRoles, useUserById } from '../hooks/use-users.ts';

export function AdminUserPage() {
  const { id = '' } = useParams();
  const found = useUserById(id);
  const roles = useRoles();
  const user = found.data;
  usePageTitle(user ? `User ${user.username}` : 'User');
  const [notice, setNotice] = useState<string | null>(null);

  const changed = (message: string) => {
    setNotice(message);
    found.reload();
  };

  if (isApiError(found.error) && found.error.status === 404)
    return (
      <section className="page">
        <h1>No such user</h1>
        <p>
          There is no user with this id. <Link to="/admin">Back to all users</Link>.
        </p>
      </section>
    );
  if (!user || !roles.data)
    return (
      <section className="page">
        <ErrorMessage error={found.error ?? roles.error} />
        {!found.error && !roles.error && (
          <p role="status" className="loading">
            Loading…
          </p>
        )}
      </section>
    );

  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">All users</Link>
      </p>
      <h1>
        {user.displayName} <span className="muted">({user.username})</span>
      </h1>
      <dl className="facts">
        <dt>Role</dt>
        <dd>{user.roleLabel}</dd>
        {user.supplierName && (
          <>
            <dt>Supplier</dt>
            <dd>{user.supplierName}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>{user.disabled ? 'disabled' : 'active'}</dd>
        <dt>Last sign-in</dt>
        <dd>
          <DateTime value={user.lastLoginAt} />
        </dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={user.createdAt} />
        </dd>
      </dl>
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>

      <div className="cards">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Name and role</h2>
          <ProfileForm
            key={`${user.id}|${user.role}|${user.supplierId}|${user.displayName}`}
            user={user}
            roles={roles.data}
            onSaved={changed}
          />
        </section>
        <section className="card" aria-labelledby="access-title">
          <h2 id="access-title">Access</h2>
          <AccessControl user={user} onChanged={changed} />
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Reset password</h2>
          <PasswordForm user={user} onSaved={changed} />
        </section>
      </div>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens of {user.username}</h2>
        <TokenPanel
          owner={user.id}
          load={() => listUserTokens(user.id)}
          create={(body) => createUserToken(user.id, body)}
          revoke={revokeToken}
          withReason
        />
      </section>
    </section>
  );
}

function ProfileForm({
  user,
  roles,
  onSaved,
}: {
  user: User;
  roles: RoleOption[];
  onSaved: (message: string) => void;
}) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState(user.role);
  const [supplierId, setSupplierId] = useState(user.supplierId ?? '');
  const [reason, setReason] = useState('');
  const [unchanged, setUnchanged] = useState(false);
  const action = useAction(updateUser);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Only what changed goes to the API, so the audit trail says exactly that.
    const change: UserChange = {};
    if (displayName.trim() !== user.displayName) change.displayName = displayName.trim();
    if (role !== user.role) change.role = role;
    const nextSupplier = role === SUPPLIER_ROLE ? supplierId : null;
    if (nextSupplier !== user.supplierId) change.supplierId = nextSupplier;
    setUnchanged(Object.keys(change).length === 0);
    if (Object.keys(change).length === 0) return;
    if (reason.trim()) change.reason = reason.trim();
    if ((await action.run(user.id, change)).ok) onSaved(`Saved the changes to “${user.username}”.`);
  };

  return (
    <form onSubmit={submit}>
      <TextField
        label="Display name"
        required
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <RoleFields
        roles={roles}
        role={role}
        supplierId={supplierId}
        onRole={setRole}
        onSupplier={setSupplierId}
      />
      <ReasonField value={reason} onChange={setReason} />
      {unchanged && <p className="notice">Nothing has changed.</p>}
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function AccessControl({ user, onChanged }: { user: User; onChanged: (message: string) => void }) {
  const { user: me } = useUser();
  const [asking, setAsking] = useState(false);
  const disable = !user.disabled;
  return (
    <>
      <p>
        {user.disabled
          ? 'This user is disabled: signing in and their API tokens are refused.'
          : 'This user can sign in and use their API tokens.'}
      </p>
      <div className="actions">
        <button
          type="button"
          className={disable ? 'danger' : 'primary'}
          onClick={() => setAsking(true)}
          disabled={disable && user.id === me.id}
          title={disable && user.id === me.id ? 'You cannot disable yourself.' : undefined}
        >
          {disable ? 'Disable user' : 'Enable user'}
        </button>
      </div>
      <ConfirmDialog
        open={asking}
        title={disable ? 'Disable user' : 'Enable user'}
        confirmLabel={disable ? 'Disable' : 'Enable'}
        withReason
        onConfirm={async (reason) => {
          await updateUser(user.id, { disabled: disable, reason });
          onChanged(disable ? `“${user.username}” is disabled.` : `“${user.username}” is enabled.`);
        }}
        onClose={() => setAsking(false)}
      >
        <p>
          {disable
            ? `Disable “${user.username}”? They can no longer sign in or use their API tokens until enabled again.`
            : `Enable “${user.username}” again? They can sign in and use their tokens that are not revoked.`}
        </p>
      </ConfirmDialog>
    </>
  );
}

function PasswordForm({ user, onSaved }: { user: User; onSaved: (message: string) => void }) {
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(updateUser);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const change: UserChange = { password };
    if (reason.trim()) change.reason = reason.trim();
    if ((await action.run(user.id, change)).ok) {
      setPassword('');
      setReason('');
      onSaved(`The password of “${user.username}” is reset.`);
    }
  };

  return (
    <form onSubmit={submit}>
      <TextField
        label="New password"
        type="password"
        required
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="Tell the user through a safe channel."
      />
      <ReasonField value={reason} onChange={setReason} />
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Reset password
        </button>
      </div>
    </form>
  );
}
