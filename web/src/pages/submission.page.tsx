// One form submission, rendered with its own form version: who, when, which event it became,
// and every field as it was filled in.
import { Link, useParams } from 'react-router';
import { useUser } from '../auth/session.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { FormSubmissionView } from '../components/form-submission-view.tsx';
import { TraceLink } from '../components/trace-link.tsx';
import { useSubmission } from '../hooks/use-forms.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/forms.css';

export function SubmissionPage() {
  const id = useParams()['id'] ?? '';
  usePageTitle(`Submission ${id}`);
  const s = useSubmission(id);
  const { can } = useUser();
  return (
    <section className="page">
      {s.loading && !s.data && (
        <p role="status" className="loading">
          Loading the submission…
        </p>
      )}
      <ErrorMessage error={s.error} />
      {s.data && (
        <>
          <h1>
            {s.data.form.title} <span className="muted">{s.data.submissionId}</span>
          </h1>
          <dl className="facts">
            <div>
              <dt>Form version</dt>
              <dd>
                {s.data.formKey} version {s.data.version}
                {can('config:write') && (
                  <>
                    {' '}
                    (<Link to={`/forms/${encodeURIComponent(s.data.formKey)}`}>the form now</Link>)
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt>Submitted</dt>
              <dd>
                <DateTime value={s.data.submittedAt} /> by {s.data.submittedBy}
              </dd>
            </div>
            {s.data.subject && (
              <div>
                <dt>About</dt>
                <dd>
                  {s.data.eventId && can('trace:read') ? <TraceLink id={s.data.subject} /> : s.data.subject}
                </dd>
              </div>
            )}
            {s.data.eventId && (
              <div>
                <dt>Trace event</dt>
                <dd>
                  <code>{s.data.eventId}</code>
                </dd>
              </div>
            )}
            {s.data.workflowInstance && (
              <div>
                <dt>Workflow</dt>
                <dd>
                  <Link to={`/workflow-instances/${encodeURIComponent(s.data.workflowInstance)}`}>
                    {s.data.workflowInstance}
                  </Link>
                </dd>
              </div>
            )}
          </dl>
          <h2>As filled in</h2>
          <FormSubmissionView submission={s.data} />
        </>
      )}
    </section>
  );
}
