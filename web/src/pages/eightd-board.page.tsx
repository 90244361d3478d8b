// 8D board (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function EightDBoardPage() {
  usePageTitle('8D board');
  return (
    <section className="page wide">
      <h1>8D board</h1>
    </section>
  );
}
