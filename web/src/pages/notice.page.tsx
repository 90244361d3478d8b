// One notice: to whom, about which lot, what was found, its status and due time, the answer and
// who gave it how, what it names, and its EPCIS 2.0 export. Quality (notices:manage) issues a new
// link to a customer, records an answer given otherwise, and closes it; the supplier's users
// acknowledge theirs here. Another supplier's notice is a 404 from the API, shown as such.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { issueLink, noticeEpcisUrl, type IssuedLink, type Notice } from '../api/notices.ts';
import { useUser } from '../auth/session.tsx';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import {
  AcknowledgeForm,
  CloseNoticeDialog,
  IssuedLinks,
  NoticeStatus,
  partyName,
  RecordAnswerDialog,
} from '../components/notice-actions.tsx';
import { CustomerNoticeTables, SupplierNoticeFacts } from '../components/notice-content.tsx';
import { useAction } from '../hooks/use-action.ts';
import { useNotice } from '../hooks/use-notices.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { refreshUnread } from '../hooks/use-workflows.ts';
import '../styles/recall.css';
import '../styles/notices.css';

const CHANNELS: Record<string, string> = {
  portal: 'in the portal',
  link: 'through the link',
  phone: 'by phone',
  email: 'by e-mail',
  letter: 'by letter',
  meeting: 'in a meeting',
  other: 'otherwise',
};

export function NoticePage() {
  const { id = '' } = useParams();
  const n = useNotice(id);
  usePageTitle(n.data ? `${n.data.id} ${n.data.title}` : 'Notice');
  return (
    <section className="page wide">
      <p className="crumbs">
        <Link to="/notices">Notices</Link>
      </p>
      {n.loading && !n.data && (
        <p role="status" className="loading">
          Loading the notice…
        </p>
      )}
      <ErrorMessage error={n.error} />
      {n.data && <NoticeView n={n.data} onChanged={n.reload} />}
    </section>
  );
}

function NoticeView({ n, onChanged }: { n: Notice; onChanged: () => void }) {
  const { user, can } = useUser();
  const manage = can('notices:manage');
  const [said, setSaid] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [closing, setClosing] = useState(false);
  const [link, setLink] = useState<IssuedLink | null>(null);
  const newLink = useAction(issueLink);
  const done = (text: string) => {
    setSaid(text);
    setRecording(false);
    setClosing(false);
    onChanged();
    refreshUnread();
  };
  return (
    <>
      <div className="page-head">
        <h1>
          {n.title} <span className="muted">{n.id}</span>
        </h1>
        <a className="button-link" href={noticeEpcisUrl(n.id)} download>
          EPCIS 2.0 document
        </a>
      </div>
      <dl className="facts" aria-label="The notice">
        <div>
          <dt>To</dt>
          <dd>
            {partyName(n)} ({n.kind === 'customer' ? 'customer' : 'supplier'})
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <NoticeStatus n={n} />
          </dd>
        </div>
        <div>
          <dt>Lot found bad</dt>
          <dd>{n.root.code}</dd>
        </div>
        <div>
          <dt>Raised</dt>
          <dd>
            <DateTime value={n.raisedAt} /> by {n.raisedBy}{' '}
            {manage && (
              <Link to={`/notices/batches/${encodeURIComponent(n.batch)}`}>(the notices raised with it)</Link>
            )}
          </dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>
            <DateTime value={n.sentAt} empty="not yet" />
          </dd>
        </div>
        <div>
          <dt>Answer due</dt>
          <dd>
            <DateTime value={n.dueAt} empty={`${n.dueHours} hours after sending`} />
            {n.escalatedAt && (
              <>
                {' '}
                (escalated <DateTime value={n.escalatedAt} />)
              </>
            )}
          </dd>
        </div>
        {n.eightDCase && (
          <div>
            <dt>8D case</dt>
            <dd>
              <Link to={`/8d/${encodeURIComponent(n.eightDCase)}`}>{n.eightDCase}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>Answer</dt>
          <dd>
            {n.answer ? (
              <>
                {n.answer.answer}{' '}
                <span className="muted">
                  — {n.answer.name}, {CHANNELS[n.answer.channel] ?? n.answer.channel}
                </span>
                {n.answer.recordedBy && (
                  <span className="muted">
                    ; recorded by {n.answer.recordedBy}: {n.answer.reason}
                  </span>
                )}{' '}
                <DateTime value={n.answeredAt} />
              </>
            ) : (
              'none yet'
            )}
          </dd>
        </div>
        {n.status === 'closed' && (
          <div>
            <dt>Closed</dt>
            <dd>
              <DateTime value={n.closedAt} /> by {n.closedBy}: {n.closeReason}
            </dd>
          </div>
        )}
      </dl>
      <h2>What was found</h2>
      <p className="notice-reason">{n.reason}</p>
      <p role="status" className="notice" hidden={!said}>
        {said}
      </p>

      {user.role === 'supplier' && n.status === 'sent' && (
        <>
          <h2>Acknowledge</h2>
          <AcknowledgeForm n={n} onDone={() => done('Acknowledged. Thank you.')} />
        </>
      )}
      {manage && n.status !== 'closed' && (
        <div className="actions" role="group" aria-label="Notice actions">
          {n.kind === 'customer' && n.status === 'sent' && (
            <button
              type="button"
              disabled={newLink.busy}
              onClick={async () => {
                const r = await newLink.run(n.id);
                if (r.ok) {
                  setLink(r.value);
                  onChanged();
                }
              }}
            >
              Issue a new link
            </button>
          )}
          {n.status === 'sent' && (
            <button type="button" onClick={() => setRecording(true)}>
              Record an answer
            </button>
          )}
          <button type="button" className="danger" onClick={() => setClosing(true)}>
            {n.status === 'draft' ? 'Discard' : 'Close'}
          </button>
        </div>
      )}
      <ErrorMessage error={newLink.error} />
      {link && <IssuedLinks links={[link]} names={new Map([[n.id, partyName(n)]])} />}

      <h2>{n.kind === 'customer' ? 'What the customer received' : 'The lot'}</h2>
      {n.content.kind === 'customer' ? (
        <CustomerNoticeTables
          content={n.content}
          traceLinks={can('trace:read') && user.role !== 'supplier'}
        />
      ) : (
        <SupplierNoticeFacts content={n.content} traceLinks={can('trace:read')} />
      )}

      {manage && n.kind === 'customer' && n.links.length > 0 && (
        <DataTable
          caption="Links issued"
          rows={n.links}
          rowKey={(l) => l.issuedAt}
          columns={[
            { label: 'Issued', value: (l) => <DateTime value={l.issuedAt} />, nowrap: true },
            { label: 'By', value: (l) => l.issuedBy },
            { label: 'Valid until', value: (l) => <DateTime value={l.expiresAt} />, nowrap: true },
            { label: 'State', value: (l) => l.state },
          ]}
        />
      )}
      {manage && (
        <>
          <RecordAnswerDialog
            open={recording}
            n={n}
            onClose={() => setRecording(false)}
            onDone={() => done('The answer is recorded.')}
          />
          <CloseNoticeDialog
            open={closing}
            n={n}
            onClose={() => setClosing(false)}
            onDone={() => done(n.status === 'draft' ? 'The draft is discarded.' : 'The notice is closed.')}
          />
        </>
      )}
    </>
  );
}
