import { usePageTitle } from '../hooks/use-page-title.ts';

export function RecallsPage() {
  usePageTitle('Recall cases');
  return (
    <section className="page">
      <h1>Recall cases</h1>
    </section>
  );
}
