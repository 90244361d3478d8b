// 8D case (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function EightDCasePage() {
  usePageTitle('8D case');
  return (
    <section className="page wide">
      <h1>8D case</h1>
    </section>
  );
}
