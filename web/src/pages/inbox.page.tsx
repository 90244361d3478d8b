// The inbox: the tasks assigned to me and to my role (soonest due first, overdue marked), and my
// notifications with read marking. A supplier's user sees only its own supplier's tasks.
import { Link } from 'react-router';
import { markRead } from '../api/workflows.ts';
import { useUser } from '../auth/session.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { InboxTaskList } from '../components/inbox-task-list.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { refreshUnread, useInbox } from '../hooks/use-workflows.ts';
import '../styles/workflows.css';

export function InboxPage() {
  usePageTitle('Inbox');
  const { user } = useUser();
  const inbox = useInbox();
  const read = useAction(markRead);
  const mark = async (b: { ids?: string[]; all?: boolean }) => {
    const r = await read.run(b);
    if (r.ok) {
      inbox.reload();
      refreshUnread();
    }
  };
  const tasks = inbox.data?.tasks ?? [];
  const mine = tasks.filter((t) => t.mine);
  const role = tasks.filter((t) => !t.mine);
  const overdue = tasks.filter((t) => t.overdue).length;
  return (
    <section className="page wide inbox">
      <h1>Inbox</h1>
      <ErrorMessage error={inbox.error} />
      {inbox.loading && !inbox.data && (
        <p role="status" className="loading">
          Loading your tasks…
        </p>
      )}
      {inbox.data && (
        <>
          <p>
            {tasks.length} open task{tasks.length === 1 ? '' : 's'}
            {overdue > 0 && (
              <>
                , <strong className="badge danger">{overdue} overdue</strong>
              </>
            )}
            .
          </p>
          <div className="inbox-columns">
            <section aria-labelledby="inbox-mine">
              <h2 id="inbox-mine">Assigned to me</h2>
              <InboxTaskList tasks={mine} empty="Nothing is assigned to you personally." />
              <h2>For my role ({user.roleLabel})</h2>
              <InboxTaskList tasks={role} empty="No open task for your role." />
            </section>
            <section aria-labelledby="inbox-notes" className="inbox-notifications">
              <h2 id="inbox-notes">
                Notifications{' '}
                {inbox.data.unread > 0 && <span className="badge">{inbox.data.unread} unread</span>}
              </h2>
              {inbox.data.unread > 0 && (
                <button
                  type="button"
                  className="small"
                  onClick={() => mark({ all: true })}
                  disabled={read.busy}
                >
                  Mark all read
                </button>
              )}
              <ErrorMessage error={read.error} />
              {inbox.data.notifications.length === 0 ? (
                <p className="muted">No notifications.</p>
              ) : (
                <ul className="inbox-notes">
                  {inbox.data.notifications.map((n) => (
                    <li key={n.id} className={n.read ? 'read' : 'unread'}>
                      {n.link ? <Link to={n.link}>{n.text}</Link> : n.text}
                      <span className="muted">
                        {' '}
                        <DateTime value={n.createdAt} />
                      </span>
                      {!n.read && (
                        <button
                          type="button"
                          className="link small"
                          onClick={() => mark({ ids: [n.id] })}
                          disabled={read.busy}
                          aria-label={`Mark read: ${n.text}`}
                        >
                          mark read
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}
