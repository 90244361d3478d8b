// Stock status (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function StockPage() {
  usePageTitle('Stock status');
  return (
    <section className="page wide">
      <h1>Stock status</h1>
    </section>
  );
}
