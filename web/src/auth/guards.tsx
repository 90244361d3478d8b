// Route guards: sign-in first, then the permission a page needs.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { NotAllowed } from '../components/not-allowed.tsx';
import { useSession, useUser } from './session.tsx';

/** Where the sign-in page sends the user back to. */
export interface ReturnTo {
  from?: string;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading')
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (state.status === 'signed-out') {
    const from = location.pathname + location.search + location.hash;
    return <Navigate to="/login" replace state={{ from } satisfies ReturnTo} />;
  }
  return children;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useUser();
  return can(permission) ? children : <NotAllowed />;
}
