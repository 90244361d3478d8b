// Forms (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function FormsPage() {
  usePageTitle('Forms');
  return (
    <section className="page wide">
      <h1>Forms</h1>
    </section>
  );
}
