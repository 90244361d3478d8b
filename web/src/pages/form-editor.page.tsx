// Form editor (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function FormEditorPage() {
  usePageTitle('Form editor');
  return (
    <section className="page wide">
      <h1>Form editor</h1>
    </section>
  );
}
