// Capture (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function CapturePage() {
  usePageTitle('Capture');
  return (
    <section className="page wide">
      <h1>Capture</h1>
    </section>
  );
}
