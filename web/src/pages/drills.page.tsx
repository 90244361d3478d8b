import { usePageTitle } from '../hooks/use-page-title.ts';

export function DrillsPage() {
  usePageTitle('Mock-recall drills');
  return (
    <section className="page">
      <h1>Mock-recall drills</h1>
    </section>
  );
}
