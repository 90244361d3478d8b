// Labels (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function LabelsPage() {
  usePageTitle('Labels');
  return (
    <section className="page wide">
      <h1>Labels</h1>
    </section>
  );
}
