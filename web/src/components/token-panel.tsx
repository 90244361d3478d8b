// A list of API tokens with create and revoke: one's own (My API tokens) or another user's
// (Admin). The caller passes the endpoints; this component renders and asks.
import { useState, type FormEvent } from 'react';
import type { ApiToken, CreatedToken } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { useApiData } from '../hooks/use-api-data.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { DateTime } from './date-time.tsx';
import { ErrorMessage } from './error-message.tsx';
import { ReasonField, TextField } from './fields.tsx';
import { SecretOnce } from './secret-once.tsx';

export interface NewToken {
  name: string;
  expiresInDays?: number;
  reason?: string;
}

export interface TokenPanelProps {
  /** changes when the panel shows another owner's tokens */
  owner: string;
  load: () => Promise<{ tokens: ApiToken[] }>;
  create: (body: NewToken) => Promise<CreatedToken>;
  revoke: (id: string, reason: string | undefined) => Promise<void>;
  /** ask for a reason with each change (administration) */
  withReason: boolean;
}

export function TokenPanel({ owner, load, create, revoke, withReason }: TokenPanelProps) {
  const tokens = useApiData(load, [owner]);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <div className="token-panel">
      {created ? (
        <SecretOnce name={created.token.name} secret={created.secret} onDone={() => setCreated(null)} />
      ) : (
        <NewTokenForm
          withReason={withReason}
          create={create}
          onCreated={(c) => {
            setCreated(c);
            tokens.reload();
          }}
        />
      )}
      <ErrorMessage error={tokens.error} />
      {tokens.data && <TokenTable tokens={tokens.data.tokens} onRevoke={setRevoking} busy={tokens.loading} />}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke token"
        confirmLabel="Revoke"
        withReason={withReason}
        onConfirm={async (reason) => {
          if (!revoking) return;
          await revoke(revoking.id, reason);
          tokens.reload();
        }}
        onClose={() => setRevoking(null)}
      >
        <p>
          Revoke the token “{revoking?.name}” ({revoking?.prefix}…)? Programs that use it are refused from now
          on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function NewTokenForm({
  withReason,
  create,
  onCreated,
}: {
  withReason: boolean;
  create: (body: NewToken) => Promise<CreatedToken>;
  onCreated: (c: CreatedToken) => void;
}) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(create);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: NewToken = { name: name.trim() };
    if (days.trim()) body.expiresInDays = Number(days);
    if (withReason && reason.trim()) body.reason = reason.trim();
    const out = await action.run(body);
    if (out.ok) {
      setName('');
      setDays('');
      setReason('');
      onCreated(out.value);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New token">
      <TextField label="Token name" required value={name} onChange={(e) => setName(e.target.value)} />
      <TextField
        label="Expires in days (optional)"
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        value={days}
        onChange={(e) => setDays(e.target.value)}
        hint="Empty: the token does not expire."
      />
      {withReason && <ReasonField value={reason} onChange={setReason} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Create token
        </button>
      </div>
      <ErrorMessage error={action.error} />
    </form>
  );
}

function TokenTable({
  tokens,
  onRevoke,
  busy,
}: {
  tokens: ApiToken[];
  onRevoke: (t: ApiToken) => void;
  busy: boolean;
}) {
  return (
    <div className="table-wrap">
      <table aria-busy={busy}>
        <caption>API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Revoked</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No tokens yet.
              </td>
            </tr>
          )}
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}</code>
              </td>
              <td>
                <DateTime value={t.createdAt} />
              </td>
              <td>
                <DateTime value={t.lastUsedAt} />
              </td>
              <td>
                <DateTime value={t.expiresAt} />
              </td>
              <td>
                <DateTime value={t.revokedAt} empty="no" />
              </td>
              <td>
                {!t.revokedAt && (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Revoke ${t.name}`}
                    onClick={() => onRevoke(t)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
