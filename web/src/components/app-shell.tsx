// The frame of every signed-in page: the top bar (product name, navigation the user's role
// may use, the user menu) and the page itself.
import { Link, NavLink, Outlet } from 'react-router';
import { useUser } from '../auth/session.tsx';
import { NAV } from '../nav.ts';
import { UserMenu } from './user-menu.tsx';

export function AppShell() {
  const { can } = useUser();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Lotgraph
        </Link>
        <nav aria-label="Main" className="mainnav">
          <ul>
            {NAV.filter((item) => can(item.permission)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <UserMenu />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
