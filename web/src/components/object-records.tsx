// The form submissions about one lot, unit or container (capture records with their custom
// fields), for the trace explorer's node panel. Shows nothing to someone who may not read them.
import { Link } from 'react-router';
import { isApiError } from '../api/client.ts';
import { DateTime } from './date-time.tsx';
import { ErrorMessage } from './error-message.tsx';
import { formatFieldValue } from './form-submission-view.tsx';
import { useObjectSubmissions } from '../hooks/use-forms.ts';

export function ObjectRecords({ id }: { id: string }) {
  const records = useObjectSubmissions(id);
  if (isApiError(records.error) && records.error.status === 403) return null;
  return (
    <section className="object-records" aria-label="Form records">
      <h3>Form records</h3>
      {records.loading && !records.data && <p className="loading">Loading…</p>}
      <ErrorMessage error={records.error} />
      {records.data && records.data.length === 0 && <p className="muted">No form records.</p>}
      {records.data && records.data.length > 0 && (
        <ul>
          {records.data.map((r) => (
            <li key={r.submissionId}>
              <Link to={`/submissions/${encodeURIComponent(r.submissionId)}`}>{r.title}</Link>{' '}
              <span className="muted">
                v{r.version}, <DateTime value={r.submittedAt} />, {r.submittedBy}
              </span>
              <CustomValues data={r.data} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// The values at a glance: numbers, yes/no and choices (codes and scans stay on the record page).
function CustomValues({ data }: { data: Record<string, unknown> }) {
  const shown = Object.entries(data).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean');
  if (shown.length === 0) return null;
  return (
    <span className="object-record-values">
      {shown.map(([k, v]) => (
        <span key={k}>
          {k}: {formatFieldValue(undefined, v)}
        </span>
      ))}
    </span>
  );
}
