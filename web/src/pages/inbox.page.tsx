// Inbox (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function InboxPage() {
  usePageTitle('Inbox');
  return (
    <section className="page wide">
      <h1>Inbox</h1>
    </section>
  );
}
