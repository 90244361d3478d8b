// One capture form, its latest version, filled in at the point of work (see CaptureForm).
import { Link, useParams } from 'react-router';
import { useUser } from '../auth/session.tsx';
import { CaptureForm } from '../components/capture-form.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useForm } from '../hooks/use-forms.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/forms.css';

export function CaptureFormPage() {
  const key = useParams()['key'] ?? '';
  const form = useForm(key);
  const { can } = useUser();
  usePageTitle(form.data ? form.data.title : 'Capture form');
  return (
    <section className="page capture-page">
      <p className="crumbs">
        <Link to="/capture">Capture</Link>
      </p>
      {form.loading && !form.data && (
        <p role="status" className="loading">
          Loading the form…
        </p>
      )}
      <ErrorMessage error={form.error} />
      {form.data && (
        <>
          <h1>
            {form.data.title} <span className="muted form-version">version {form.data.version}</span>
          </h1>
          {form.data.description && <p className="muted">{form.data.description}</p>}
          <CaptureForm
            key={`${form.data.key}:${form.data.version}`}
            form={form.data}
            canReadSubmissions={can('events:read')}
            canTrace={can('trace:read')}
          />
        </>
      )}
    </section>
  );
}
