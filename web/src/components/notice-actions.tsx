// What people do with a notice: the status badge, the customers' single-use links (shown the one
// time the API sends them), quality recording an answer given otherwise, closing with a reason,
// and the supplier's acknowledgement in the portal.
import { useId, useState, type FormEvent } from 'react';
import {
  acknowledgeNotice,
  closeNotice,
  recordAnswer,
  RECORDED_CHANNELS,
  type IssuedLink,
  type Notice,
  type NoticeSummary,
} from '../api/notices.ts';
import { useAction } from '../hooks/use-action.ts';
import { DateTime } from './date-time.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';
import { FormDialog, RequiredReason } from './recall-actions.tsx';

const STATUS_LABELS: Record<NoticeSummary['status'], string> = {
  draft: 'Draft',
  sent: 'Waiting for the answer',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
};
const STATUS_LOOKS: Record<NoticeSummary['status'], string> = {
  draft: '',
  sent: 'running',
  acknowledged: 'ok',
  closed: '',
};

export function NoticeStatus({ n }: { n: NoticeSummary }) {
  return (
    <>
      <span className={`badge ${STATUS_LOOKS[n.status]}`}>{STATUS_LABELS[n.status]}</span>
      {n.overdue && (
        <>
          {' '}
          <strong className="badge bad">overdue</strong>
        </>
      )}
      {n.escalatedAt && n.status === 'sent' && (
        <>
          {' '}
          <span className="badge bad">escalated</span>
        </>
      )}
    </>
  );
}

export const partyName = (n: { party: { id: string; name: string | null } }) => n.party.name ?? n.party.id;

/** Each customer's link, the one time it is shown: its full address to copy into the notice. */
export function IssuedLinks({ links, names }: { links: IssuedLink[]; names: Map<string, string> }) {
  const [copied, setCopied] = useState<string | null>(null);
  if (links.length === 0) return null;
  const url = (l: IssuedLink) => `${window.location.origin}${l.path}`;
  return (
    <section className="secret-once notice-links" aria-label="Links for the customers">
      <h2>Links for the customers</h2>
      <p className="warning">
        <strong>Copy each link into the notice you send the customer now.</strong> They are shown only this
        once. A link opens the notice without an account and acknowledges it once; it expires.
      </p>
      {links.map((l) => (
        <LinkRow
          key={l.noticeId}
          label={`Link for ${names.get(l.noticeId) ?? l.noticeId}`}
          value={url(l)}
          expiresAt={l.expiresAt}
          onCopied={() => setCopied(l.noticeId)}
        />
      ))}
      <p role="status" className="hint">
        {copied && `Copied the link of ${names.get(copied) ?? copied}.`}
      </p>
    </section>
  );
}

function LinkRow({
  label,
  value,
  expiresAt,
  onCopied,
}: {
  label: string;
  value: string;
  expiresAt: string;
  onCopied: () => void;
}) {
  const id = useId();
  return (
    <div className="secret-row">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(value).then(onCopied, () => document.getElementById(id)?.focus())
        }
      >
        Copy
      </button>
      <small className="hint">
        valid until <DateTime value={expiresAt} />
      </small>
    </div>
  );
}

/** Quality records an answer the party gave otherwise: who, how, what, and why it is recorded. */
export function RecordAnswerDialog({
  open,
  n,
  onClose,
  onDone,
}: {
  open: boolean;
  n: Notice;
  onClose: () => void;
  onDone: (n: Notice) => void;
}) {
  const [answeredBy, setAnsweredBy] = useState('');
  const [channel, setChannel] = useState<string>('phone');
  const [answer, setAnswer] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(recordAnswer);
  return (
    <FormDialog
      open={open}
      title="Record an answer"
      submitLabel="Record the answer"
      busy={action.busy}
      error={action.error}
      labels={{ answeredBy: 'Answered by', channel: 'How', answer: 'Answer', reason: 'Reason' }}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run(n.id, {
          answeredBy: answeredBy.trim(),
          channel,
          answer: answer.trim(),
          reason: reason.trim(),
        });
        if (r.ok) onDone(r.value);
      }}
    >
      <p className="dialog-text">
        {partyName(n)} answered without {n.kind === 'customer' ? 'its link' : 'the portal'}: record it on
        their behalf. {n.kind === 'customer' && 'The open link stops working.'}
      </p>
      <TextField
        label="Answered by"
        value={answeredBy}
        onChange={(e) => setAnsweredBy(e.target.value)}
        maxLength={200}
        required
      />
      <SelectField label="How" value={channel} onChange={(e) => setChannel(e.target.value)}>
        {RECORDED_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {c === 'email' ? 'e-mail' : c}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Answer"
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        maxLength={2000}
        placeholder="e.g. stock quarantined, 40 pieces"
        required
      />
      <RequiredReason value={reason} onChange={setReason} label="Reason" />
    </FormDialog>
  );
}

/** Closes a notice with a reason (a draft: discarded). */
export function CloseNoticeDialog({
  open,
  n,
  onClose,
  onDone,
}: {
  open: boolean;
  n: Notice;
  onClose: () => void;
  onDone: (n: Notice) => void;
}) {
  const [reason, setReason] = useState('');
  const action = useAction(closeNotice);
  return (
    <FormDialog
      open={open}
      title={n.status === 'draft' ? 'Discard the draft' : 'Close the notice'}
      submitLabel={n.status === 'draft' ? 'Discard' : 'Close'}
      danger
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run(n.id, reason.trim());
        if (r.ok) onDone(r.value);
      }}
    >
      <p className="dialog-text">
        {n.status === 'draft'
          ? 'The draft is not sent with the others.'
          : 'No answer is expected any more; an open link stops working.'}
      </p>
      <RequiredReason value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/** The supplier's users acknowledge their notice in the portal. */
export function AcknowledgeForm({ n, onDone }: { n: Notice; onDone: (n: Notice) => void }) {
  const [answer, setAnswer] = useState('');
  const answerId = useId();
  const action = useAction(acknowledgeNotice);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(n.id, { answer: answer.trim() });
    if (r.ok) onDone(r.value);
  };
  return (
    <form onSubmit={submit} aria-label="Acknowledge the notice" noValidate>
      <div className="field">
        <label htmlFor={answerId}>Your answer</label>
        <textarea
          id={answerId}
          rows={3}
          maxLength={2000}
          value={answer}
          placeholder="e.g. stock blocked and sorting started; containment follows in the 8D case"
          onChange={(e) => setAnswer(e.target.value)}
          required
        />
      </div>
      <ErrorMessage error={action.error} labels={{ answer: 'Your answer' }} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Sending…' : 'Acknowledge'}
        </button>
      </div>
    </form>
  );
}
