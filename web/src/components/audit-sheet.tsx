// The answer sheet of a process audit: the questions by element (P6 by process step, then
// sub-element), each with its score (0, 4, 6, 8, 10 or not evaluated with the reason), a note,
// who answered when, and the evidence linked to it. Scores are saved one question at a time.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { SCORES, type Audit, type Evidence, type Score, type SheetLine } from '../api/vda63.ts';
import { formatDateTime } from '../format.ts';
import { ErrorMessage } from './error-message.tsx';

type Choice = Score | 'ne' | '';
const choiceOf = (l: SheetLine): Choice =>
  l.answer ? (l.answer.score === null ? 'ne' : l.answer.score) : '';
const where = (l: { questionId: string; step: string | null }) =>
  l.step ? `${l.questionId} at ${l.step}` : l.questionId;

export interface SheetActions {
  save: (l: SheetLine, score: Score | null, reason: string) => Promise<boolean>;
  error: { line: string; error: unknown } | null;
  busy: boolean;
  linkEvidence: (l: SheetLine) => void;
  unlink: (e: Evidence) => void;
}

export function AuditSheet({
  audit,
  editable,
  actions,
}: {
  audit: Audit;
  editable: boolean;
  actions: SheetActions;
}) {
  // Groups in sheet order: an element, or for P6 a process step.
  const groups: { key: string; title: string; lines: SheetLine[] }[] = [];
  for (const l of audit.sheet) {
    const key = l.element === 'P6' ? `P6\u0000${l.step}` : l.element;
    let g = groups.find((x) => x.key === key);
    if (!g) {
      g = {
        key,
        title: l.element === 'P6' ? `P6 ${l.elementTitle}: ${l.step}` : `${l.element} ${l.elementTitle}`,
        lines: [],
      };
      groups.push(g);
    }
    g.lines.push(l);
  }
  return (
    <div className="audit-sheet">
      {groups.map((g) => (
        <section key={g.key} className="audit-group" aria-label={g.title}>
          <h3>{g.title}</h3>
          {g.lines.map((l, i) => (
            <div key={`${l.questionId}@${l.step ?? ''}`}>
              {l.subElement && l.subElement !== g.lines[i - 1]?.subElement && (
                <h4>
                  {l.subElement} {l.subElementTitle}
                </h4>
              )}
              <QuestionRow line={l} editable={editable} actions={actions} />
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function QuestionRow({
  line,
  editable,
  actions,
}: {
  line: SheetLine;
  editable: boolean;
  actions: SheetActions;
}) {
  const [choice, setChoice] = useState<Choice>(choiceOf(line));
  const [reason, setReason] = useState(line.answer?.reason ?? '');
  const id = where(line);
  const name = `score-${id}`;
  const dirty = choice !== choiceOf(line) || reason !== (line.answer?.reason ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (choice === '') return;
    await actions.save(line, choice === 'ne' ? null : choice, reason);
  };
  return (
    <form
      className={`audit-question${line.answer ? ' answered' : ''}`}
      onSubmit={submit}
      aria-label={`Question ${id}`}
      noValidate
    >
      <p className="audit-question-text">
        <strong>{line.questionId}</strong>
        {line.starred && (
          <span className="starred" title="Starred question: a low score downgrades the audit">
            {' '}
            ★
          </span>
        )}{' '}
        {line.text}
      </p>
      <div className="audit-answer">
        <div role="radiogroup" aria-label={`Score of ${id}`} className="score-choice">
          {[...SCORES, 'ne' as const].map((s) => (
            <label key={s} className={choice === s ? 'chosen' : undefined}>
              <input
                type="radio"
                name={name}
                value={String(s)}
                checked={choice === s}
                disabled={!editable}
                onChange={() => setChoice(s)}
              />
              {s === 'ne' ? 'n.e.' : s}
            </label>
          ))}
        </div>
        {editable ? (
          <>
            <label className="audit-reason">
              <span className="sr-only">
                {choice === 'ne' ? `Why ${id} is not evaluated` : `Note on ${id}`}
              </span>
              <input
                value={reason}
                placeholder={choice === 'ne' ? 'Why not evaluated (required)' : 'Note (optional)'}
                onChange={(e) => setReason(e.target.value)}
                maxLength={4000}
              />
            </label>
            <button type="submit" disabled={!dirty || choice === '' || actions.busy}>
              Save
            </button>
          </>
        ) : (
          line.answer?.reason && <span className="audit-reason-text">{line.answer.reason}</span>
        )}
        {line.answer && (
          <small className="muted">
            {line.answer.answeredBy}, {formatDateTime(line.answer.answeredAt)}
          </small>
        )}
      </div>
      {actions.error?.line === id && (
        <ErrorMessage
          error={actions.error.error}
          labels={{ score: 'Score', reason: 'Reason', step: 'Step' }}
        />
      )}
      {(line.evidence.length > 0 || editable) && (
        <ul className="audit-evidence" aria-label={`Evidence for ${id}`}>
          {line.evidence.map((e) => (
            <li key={e.id}>
              {e.link ? <Link to={e.link}>{e.label}</Link> : e.label}
              <small className="muted" title={`SHA-256 ${e.sha256}`}>
                {' '}
                taken {formatDateTime(e.linkedAt)} by {e.linkedBy} · {e.sha256.slice(0, 12)}…
              </small>
              {e.note && <small> · {e.note}</small>}
              {editable && (
                <button type="button" className="link small-link" onClick={() => actions.unlink(e)}>
                  Unlink
                </button>
              )}
            </li>
          ))}
          {editable && (
            <li>
              <button type="button" className="link" onClick={() => actions.linkEvidence(line)}>
                Link evidence
              </button>
            </li>
          )}
        </ul>
      )}
    </form>
  );
}
