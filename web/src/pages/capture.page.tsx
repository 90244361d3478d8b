// Capture: the steps this person may capture (receiving, inspection, issue, process records, …),
// each opening its form, large enough to tap on a tablet.
import { Link } from 'react-router';
import { ErrorMessage } from '../components/error-message.tsx';
import { stepLabel, useForms } from '../hooks/use-forms.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/forms.css';

export function CapturePage() {
  usePageTitle('Capture');
  const forms = useForms();
  const mine = (forms.data ?? []).filter((f) => f.canSubmit && f.kind === 'capture');
  return (
    <section className="page wide">
      <h1>Capture</h1>
      <p>Record what happens at the point of work. Scan a label into a scan field; Enter moves on.</p>
      {forms.loading && !forms.data && (
        <p role="status" className="loading">
          Loading the forms…
        </p>
      )}
      <ErrorMessage error={forms.error} />
      {forms.data && mine.length === 0 && <p>There is no capture step your role may record.</p>}
      <ul className="capture-steps">
        {mine.map((f) => (
          <li key={f.key}>
            <Link className="capture-step" to={`/capture/${encodeURIComponent(f.key)}`}>
              <strong>{f.title}</strong>
              <span className="muted">{f.description ?? stepLabel(f.step)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
