// Workflow editor (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function WorkflowEditorPage() {
  usePageTitle('Workflow editor');
  return (
    <section className="page wide">
      <h1>Workflow editor</h1>
    </section>
  );
}
