// An instance's history: every transition taken, who took it and when, its comment and the form
// answers taken with it (shown with the labels of the form version they were made with).
import type { HistoryEntry } from '../api/workflows.ts';
import { DateTime } from './date-time.tsx';
import { formatFieldValue } from './form-submission-view.tsx';

export function WorkflowAnswers({ entry }: { entry: HistoryEntry }) {
  const s = entry.submission;
  if (!s) return null;
  return (
    <dl className="facts workflow-answers">
      {s.fields
        .filter((f) => s.data[f.name] !== undefined)
        .map((f) => (
          <div key={f.name}>
            <dt>{f.label}</dt>
            <dd>{formatFieldValue(f, s.data[f.name])}</dd>
          </div>
        ))}
    </dl>
  );
}

export function WorkflowHistory({
  history,
  stateLabel,
}: {
  history: HistoryEntry[];
  stateLabel: (s: string) => string;
}) {
  return (
    <ol className="workflow-history" aria-label="History">
      {history.map((h) => (
        <li key={h.seq}>
          <p>
            <strong>{h.label}</strong>
            {h.from ? ` — ${stateLabel(h.from)} → ${stateLabel(h.to)}` : ` in ${stateLabel(h.to)}`}
            <span className="muted">
              {' '}
              by {h.actor}, <DateTime value={h.at} />
            </span>
          </p>
          {h.comment && <p className="workflow-comment">“{h.comment}”</p>}
          <WorkflowAnswers entry={h} />
        </li>
      ))}
    </ol>
  );
}
