// Workflows (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function WorkflowsPage() {
  usePageTitle('Workflows');
  return (
    <section className="page wide">
      <h1>Workflows</h1>
    </section>
  );
}
