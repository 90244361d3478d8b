// Administration: every user at a glance, and a new user. Each user's own page holds the changes.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { createUser, type NewUser } from '../api/endpoints.ts';
import type { RoleOption, User } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { ReasonField, TextField } from '../components/fields.tsx';
import { RoleFields, SUPPLIER_ROLE } from '../components/role-fields.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useRoles, useUsers } from '../hooks/use-users.ts';

export function AdminPage() {
  usePageTitle('Admin');
  const users = useUsers();
  const roles = useRoles();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Users</h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setNotice(null);
            setCreating(true);
          }}
          disabled={!roles.data}
        >
          New user
        </button>
      </div>
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      <ErrorMessage error={users.error ?? roles.error} />
      {users.data && <UserTable users={users.data} busy={users.loading} />}
      <Dialog open={creating} title="New user" onClose={() => setCreating(false)}>
        <NewUserForm
          roles={roles.data ?? []}
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice(`User “${u.username}” created.`);
            users.reload();
          }}
        />
      </Dialog>
    </section>
  );
}

function UserTable({ users, busy }: { users: User[]; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-busy={busy}>
        <caption>Users ({users.length})</caption>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Display name</th>
            <th scope="col">Role</th>
            <th scope="col">Supplier</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.disabled ? 'disabled' : undefined}>
              <td>
                <Link to={`/admin/users/${encodeURIComponent(u.id)}`}>{u.username}</Link>
              </td>
              <td>{u.displayName}</td>
              <td>{u.roleLabel}</td>
              <td>{u.supplierName ?? '—'}</td>
              <td>{u.disabled ? 'disabled' : 'active'}</td>
              <td>
                <DateTime value={u.lastLoginAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewUserForm({
  roles,
  onCancel,
  onCreated,
}: {
  roles: RoleOption[];
  onCancel: () => void;
  onCreated: (u: User) => void;
}) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('');
  const [supplierId, setSupplierId] = useState('');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(createUser);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: NewUser = { username: username.trim(), displayName: displayName.trim(), role, password };
    if (role === SUPPLIER_ROLE) body.supplierId = supplierId;
    if (reason.trim()) body.reason = reason.trim();
    const out = await action.run(body);
    if (out.ok) onCreated(out.value.user);
  };

  return (
    <form onSubmit={submit}>
      <TextField
        label="User name"
        required
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
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
      <TextField
        label="Initial password"
        type="password"
        required
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="Tell the user through a safe channel; they can change it after signing in."
      />
      <ReasonField value={reason} onChange={setReason} />
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Create user
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
