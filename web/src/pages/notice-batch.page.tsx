// The notices raised together from one bad lot: the preview before sending (each customer's
// shipments and objects, the supplier's lot and its 8D case), "Send" with notices:manage, and
// after sending each customer's single-use link, shown this once.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { sendBatch, type IssuedLink, type Notice } from '../api/notices.ts';
import { useUser } from '../auth/session.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { IssuedLinks, NoticeStatus, partyName } from '../components/notice-actions.tsx';
import { CustomerNoticeTables, SupplierNoticeFacts } from '../components/notice-content.tsx';
import { useAction } from '../hooks/use-action.ts';
import { useNoticeBatch } from '../hooks/use-notices.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/recall.css';
import '../styles/notices.css';

export function NoticeBatchPage() {
  const { batch = '' } = useParams();
  usePageTitle(`Notices ${batch}`);
  const { can } = useUser();
  const notices = useNoticeBatch(batch);
  const [links, setLinks] = useState<IssuedLink[]>([]);
  const send = useAction(sendBatch);
  const list = notices.data ?? [];
  const drafts = list.filter((n) => n.status === 'draft');
  const names = useMemo(() => new Map(list.map((n) => [n.id, partyName(n)])), [list]);
  const first = list[0];
  return (
    <section className="page wide">
      <p className="crumbs">
        <Link to="/notices">Notices</Link>
      </p>
      <div className="page-head">
        <h1>
          {first ? first.title : 'Notices'} <span className="muted">{batch}</span>
        </h1>
      </div>
      <ErrorMessage error={notices.error} />
      {notices.loading && !notices.data && (
        <p role="status" className="loading">
          Loading the notices…
        </p>
      )}
      {first && (
        <>
          <p>
            Raised from lot <strong>{first.root.code}</strong> by {first.raisedBy} at{' '}
            <DateTime value={first.raisedAt} />: {first.reason}
          </p>
          <IssuedLinks links={links} names={names} />
          {can('notices:manage') && drafts.length > 0 && (
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={send.busy}
                onClick={async () => {
                  const r = await send.run(batch);
                  if (r.ok) {
                    setLinks(r.value.links);
                    notices.reload();
                  }
                }}
              >
                {send.busy ? 'Sending…' : `Send ${drafts.length} notice${drafts.length === 1 ? '' : 's'}`}
              </button>
              <span className="muted">
                Drafts until sent: check each one below; discard one on its own page.
              </span>
            </div>
          )}
          <ErrorMessage error={send.error} />
          {list.map((n) => (
            <BatchNotice key={n.id} n={n} />
          ))}
        </>
      )}
    </section>
  );
}

function BatchNotice({ n }: { n: Notice }) {
  const heading = `${n.kind === 'customer' ? 'To customer' : 'To supplier'} ${partyName(n)}`;
  return (
    <section className="notice-card" aria-label={heading}>
      <h2>
        {heading} <span className="muted">{n.id}</span> <NoticeStatus n={n} />
      </h2>
      <p>
        <Link to={`/notices/${encodeURIComponent(n.id)}`}>Open the notice</Link>
        {n.dueAt && (
          <>
            {' '}
            · answer due <DateTime value={n.dueAt} />
          </>
        )}
      </p>
      {n.content.kind === 'customer' ? (
        <CustomerNoticeTables content={n.content} traceLinks />
      ) : (
        <>
          <SupplierNoticeFacts content={n.content} traceLinks />
          <p>
            {n.eightDCase ? (
              <>
                8D case <Link to={`/8d/${encodeURIComponent(n.eightDCase)}`}>{n.eightDCase}</Link>
              </>
            ) : n.openEightD ? (
              <>
                Sending links the open 8D case{' '}
                <Link to={`/8d/${encodeURIComponent(n.openEightD)}`}>{n.openEightD}</Link>.
              </>
            ) : (
              'Sending opens an 8D case on the lot for the supplier.'
            )}
          </p>
        </>
      )}
    </section>
  );
}
