// The page a customer's single-use link opens (/ack/<token>), without an account: the notice, the
// customer's shipments and objects it names, and a form to acknowledge it. Acknowledging uses the
// link up; a used, expired or unknown link says so and nothing else.
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { acknowledgeByLink } from '../api/notices.ts';
import { DateTime } from '../components/date-time.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { CustomerNoticeTables } from '../components/notice-content.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePublicNotice } from '../hooks/use-notices.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/recall.css';
import '../styles/notices.css';

export function NoticeAckPage() {
  usePageTitle('Quality notice');
  const { token = '' } = useParams();
  const n = usePublicNotice(token);
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const answerId = useId();
  const ack = useAction(acknowledgeByLink);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await ack.run(token, { name: name.trim(), answer: answer.trim() });
    if (r.ok) setDone(r.value.acknowledgedAt);
  };
  return (
    <main id="main" className="page ack-page">
      <p className="brand">Lotgraph · Quality notice</p>
      {n.loading && !n.data && (
        <p role="status" className="loading">
          Loading the notice…
        </p>
      )}
      <ErrorMessage error={n.error} />
      {done && (
        <p role="status" className="notice">
          Thank you: your acknowledgement was recorded at <DateTime value={done} />. This link cannot be used
          again.
        </p>
      )}
      {n.data && !done && (
        <>
          <h1>
            {n.data.title} <span className="muted">{n.data.id}</span>
          </h1>
          <dl className="facts" aria-label="The notice">
            <div>
              <dt>To</dt>
              <dd>{n.data.customer.name ?? n.data.customer.id}</dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd>
                <DateTime value={n.data.sentAt} />
              </dd>
            </div>
            <div>
              <dt>Please answer by</dt>
              <dd>
                <DateTime value={n.data.dueAt} empty="as soon as you can" />
              </dd>
            </div>
          </dl>
          <h2>What was found</h2>
          <p className="notice-reason">{n.data.reason}</p>
          <h2>What you received that is affected</h2>
          <CustomerNoticeTables content={{ kind: 'customer', ...n.data }} />
          <h2>Acknowledge</h2>
          <form onSubmit={submit} aria-label="Acknowledge the notice" noValidate>
            <TextField
              label="Your name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              autoComplete="name"
              required
            />
            <div className="field">
              <label htmlFor={answerId}>Your answer</label>
              <textarea
                id={answerId}
                rows={3}
                maxLength={2000}
                value={answer}
                placeholder="e.g. stock quarantined: 2 units, 100 kits"
                onChange={(e) => setAnswer(e.target.value)}
                required
              />
            </div>
            <ErrorMessage error={ack.error} labels={{ name: 'Your name', answer: 'Your answer' }} />
            <div className="actions">
              <button type="submit" className="primary" disabled={ack.busy}>
                {ack.busy ? 'Sending…' : 'Acknowledge'}
              </button>
            </div>
            <p className="hint">
              This link works once and until <DateTime value={n.data.linkExpiresAt} />.
            </p>
          </form>
        </>
      )}
    </main>
  );
}
