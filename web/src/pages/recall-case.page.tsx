import { usePageTitle } from '../hooks/use-page-title.ts';

export function RecallCasePage() {
  usePageTitle('Recall case');
  return (
    <section className="page">
      <h1>Recall case</h1>
    </section>
  );
}
