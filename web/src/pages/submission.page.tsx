// Form submission (stub: to be written).
import { usePageTitle } from '../hooks/use-page-title.ts';

export function SubmissionPage() {
  usePageTitle('Form submission');
  return (
    <section className="page wide">
      <h1>Form submission</h1>
    </section>
  );
}
