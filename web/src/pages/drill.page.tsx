import { usePageTitle } from '../hooks/use-page-title.ts';

export function DrillPage() {
  usePageTitle('Mock-recall drill');
  return (
    <section className="page">
      <h1>Mock-recall drill</h1>
    </section>
  );
}
