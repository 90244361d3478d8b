// 8D report (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function EightDPrintPage() {
  usePageTitle('8D report');
  return (
    <section className="page wide">
      <h1>8D report</h1>
    </section>
  );
}
