import { useUser } from '../auth/session.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';

/** What a signed-in user sees on a page their role does not open. */
export function NotAllowed() {
  const { user } = useUser();
  usePageTitle('Not allowed');
  return (
    <section className="page">
      <h1>Not allowed</h1>
      <p>
        Your role ({user.roleLabel}) is not allowed to open this page. Ask an administrator if you need it.
      </p>
    </section>
  );
}
