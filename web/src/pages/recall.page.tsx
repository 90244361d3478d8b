import { usePageTitle } from '../hooks/use-page-title.ts';

export function RecallPage() {
  usePageTitle('Recall');
  return (
    <section className="page">
      <h1>Recall</h1>
    </section>
  );
}
