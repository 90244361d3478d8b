import { Link } from 'react-router';
import { usePageTitle } from '../hooks/use-page-title.ts';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
