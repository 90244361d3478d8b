// My API tokens: what lets a program use the API as the signed-in user.
import { createOwnToken, listOwnTokens, revokeToken } from '../api/endpoints.ts';
import { useUser } from '../auth/session.tsx';
import { TokenPanel } from '../components/token-panel.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';

export function TokensPage() {
  usePageTitle('My API tokens');
  const { user } = useUser();
  return (
    <section className="page">
      <h1>My API tokens</h1>
      <p>
        A token lets a program use the REST and GraphQL API as you, with your role’s permissions. Send it in
        the header <code>Authorization: Bearer &lt;secret&gt;</code>. Revoke a token as soon as it is no
        longer needed.
      </p>
      <TokenPanel
        owner={user.id}
        load={listOwnTokens}
        create={({ name, expiresInDays }) => createOwnToken({ name, expiresInDays })}
        revoke={(id) => revokeToken(id)}
        withReason={false}
      />
    </section>
  );
}
