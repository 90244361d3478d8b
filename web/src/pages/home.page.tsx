// The start page: the first page the user's role may open, or a word on what there is.
import { Link, Navigate } from 'react-router';
import { useUser } from '../auth/session.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { NAV } from '../nav.ts';

export function HomePage() {
  usePageTitle('Start');
  const { user, can } = useUser();
  const first = NAV.find((item) => can(item.permission));
  if (first) return <Navigate to={first.to} replace />;
  return (
    <section className="page">
      <h1>Welcome, {user.displayName}</h1>
      <p>
        The web app has no page for your role ({user.roleLabel}) yet. Programs can use the API with one of{' '}
        <Link to="/tokens">your API tokens</Link>.
      </p>
    </section>
  );
}
