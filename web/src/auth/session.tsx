// Who is signed in, for the whole app: loaded once from /api/auth/me, set by sign-in, cleared by
// sign-out or when the API says the session ended. Keeps the client's CSRF token in step.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, onSessionLost, setCsrfToken } from '../api/client.ts';
import * as endpoints from '../api/endpoints.ts';
import type { Session, User } from '../api/types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User; permissions: ReadonlySet<string> };

export interface SessionApi {
  state: SessionState;
  /** Signs in; throws the ApiError of a refused attempt. */
  signIn(username: string, password: string): Promise<void>;
  /** Ends the session on the server; throws when the server keeps it. */
  signOut(): Promise<void>;
  /** Reads the session again, e.g. after a password change renewed its CSRF token. */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

const signedIn = (s: Session): SessionState => {
  setCsrfToken(s.csrfToken);
  return { status: 'signed-in', user: s.user, permissions: new Set(s.permissions) };
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    endpoints.me().then(
      (s) => live && setState(signedIn(s)),
      // 401 (not signed in) and any other failure both lead to the sign-in page.
      () => live && setState({ status: 'signed-out' }),
    );
    onSessionLost(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out' });
    });
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    setState(signedIn(await endpoints.login(username, password)));
  }, []);

  const refresh = useCallback(async () => {
    setState(signedIn(await endpoints.me()));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await endpoints.logout();
    } catch (e) {
      // 401: the session had ended already. Otherwise the CSRF token may be stale (another tab
      // changed the password): read the session once more and try again.
      if (!(isApiError(e) && e.status === 401)) {
        const again = await endpoints.me().catch(() => null);
        if (again) {
          setCsrfToken(again.csrfToken);
          await endpoints.logout();
        }
      }
    }
    setCsrfToken(null);
    setState({ status: 'signed-out' });
  }, []);

  const api = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext value={api}>{children}</SessionContext>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user and a permission check; only for pages behind RequireAuth. */
export function useUser(): { user: User; can: (permission: string) => boolean } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return { user: state.user, can: (p) => state.permissions.has(p) };
}
