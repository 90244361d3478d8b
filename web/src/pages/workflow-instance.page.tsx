// Workflow instance (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function WorkflowInstancePage() {
  usePageTitle('Workflow instance');
  return (
    <section className="page wide">
      <h1>Workflow instance</h1>
    </section>
  );
}
