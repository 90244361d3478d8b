// Tasks as a list: what to do, for which instance, due when (overdue marked), escalated or not.
import { Link } from 'react-router';
import type { Task } from '../api/workflows.ts';
import { shortId } from '../format.ts';
import { DateTime } from './date-time.tsx';

export function InboxTaskList({ tasks, empty }: { tasks: Task[]; empty: string }) {
  if (tasks.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="inbox-tasks">
      {tasks.map((t) => (
        <li key={t.id} className={t.overdue ? 'inbox-task overdue' : 'inbox-task'}>
          <Link to={t.link}>{t.title}</Link>
          <span className="inbox-task-of">
            {t.instanceTitle}
            {t.subject && !t.instanceTitle.includes(shortId(t.subject)) ? ` · ${shortId(t.subject)}` : ''}
          </span>
          <span className="inbox-task-due">
            {t.dueAt ? (
              <>
                {t.overdue ? <strong className="badge danger">overdue</strong> : 'due'}{' '}
                <DateTime value={t.dueAt} />
              </>
            ) : (
              'no due time'
            )}
            {t.escalated && <span className="badge warn">escalated</span>}
            {t.mine && <span className="badge">assigned to you</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
