// One workflow instance: where it is, the version it runs on, its tasks, its history with the
// form answers, and the transitions the signed-in user may take now.
import { Link, useParams } from 'react-router';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { InboxTaskList } from '../components/inbox-task-list.tsx';
import { TraceLink } from '../components/trace-link.tsx';
import { WorkflowHistory } from '../components/workflow-history.tsx';
import { WorkflowTransitions } from '../components/workflow-transitions.tsx';
import { useUser } from '../auth/session.tsx';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { refreshUnread, useInstance } from '../hooks/use-workflows.ts';
import '../styles/workflows.css';

export function WorkflowInstancePage() {
  const { id = '' } = useParams();
  const view = useInstance(id);
  const { can } = useUser();
  usePageTitle(view.data ? view.data.instance.title : 'Workflow instance');
  const v = view.data;
  const label = (s: string) => v?.definition.states.find((x) => x.name === s)?.label ?? s;
  return (
    <section className="page wide workflow-instance">
      <p className="breadcrumb">
        <Link to="/inbox">Inbox</Link>
      </p>
      <h1>{v ? v.instance.title : 'Workflow instance'}</h1>
      <ErrorMessage error={view.error} />
      {view.loading && !v && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      {v && (
        <>
          <dl className="facts">
            <div>
              <dt>State</dt>
              <dd>
                <span className={`workflow-state ${v.instance.status}`}>{v.instance.stateLabel}</span>
              </dd>
            </div>
            <div>
              <dt>Workflow</dt>
              <dd>
                {can('config:write') ? (
                  <Link to={`/workflows/${encodeURIComponent(v.definition.key)}`}>{v.definition.title}</Link>
                ) : (
                  v.definition.title
                )}{' '}
                <span className="muted">version {v.instance.version}</span>
              </dd>
            </div>
            {v.instance.subject && (
              <div>
                <dt>About</dt>
                <dd>
                  {v.instance.subject.startsWith('urn:') ? (
                    <TraceLink id={v.instance.subject} />
                  ) : (
                    v.instance.subject
                  )}
                </dd>
              </div>
            )}
            <div>
              <dt>Started</dt>
              <dd>
                <DateTime value={v.instance.startedAt} /> by {v.instance.startedBy}
              </dd>
            </div>
            {v.instance.endedAt && (
              <div>
                <dt>Finished</dt>
                <dd>
                  <DateTime value={v.instance.endedAt} />
                </dd>
              </div>
            )}
          </dl>
          <h2>What you can do</h2>
          <WorkflowTransitions
            view={v}
            onDone={() => {
              view.reload();
              refreshUnread();
            }}
          />
          <h2>Open tasks</h2>
          <InboxTaskList tasks={v.tasks.filter((t) => t.status === 'open')} empty="No open task." />
          <h2>History</h2>
          <WorkflowHistory history={v.history} stateLabel={label} />
        </>
      )}
    </section>
  );
}
