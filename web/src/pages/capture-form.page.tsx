// Capture form (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function CaptureFormPage() {
  usePageTitle('Capture form');
  return (
    <section className="page wide">
      <h1>Capture form</h1>
    </section>
  );
}
