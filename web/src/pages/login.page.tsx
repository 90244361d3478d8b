// Sign-in: user name and password; back to the page the user was going to.
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import type { ReturnTo } from '../auth/guards.tsx';
import { useSession } from '../auth/session.tsx';
import { TextField } from '../components/fields.tsx';
import { sentence } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';

// Only paths inside the app, so a crafted link cannot send the user elsewhere after sign-in.
const returnPath = (state: unknown): string => {
  const from = (state as ReturnTo | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login'
    ? from
    : '/';
};

function messageOf(e: unknown): string {
  if (isApiError(e)) {
    // 401 says nothing about which of the two was wrong, and neither does the page.
    if (e.status === 401) return 'The user name or password is wrong.';
    return sentence(e.message);
  }
  return 'Signing in failed. Try again.';
}

export function LoginPage() {
  usePageTitle('Sign in');
  const { state, signIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const to = returnPath(location.state);

  if (state.status === 'signed-in' && !busy) return <Navigate to={to} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(to, { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <p className="brand">Lotgraph</p>
        <h1 id="login-title">Sign in</h1>
        <TextField
          label="User name"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary wide" disabled={busy || state.status === 'loading'}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
