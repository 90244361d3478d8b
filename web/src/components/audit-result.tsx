// The result of a process audit as the API scored it: the grade (and the grade before
// downgrading), E_G, every downgrading rule that fired with its reason, why there is no grade,
// and the compliance of each element, P6 step and sub-element. Nothing is recomputed here.
import type { AuditResult, Compliance } from '../api/vda63.ts';
import { DataTable } from './data-table.tsx';

const pct = (c: Compliance | null) => (c === null ? 'none' : `${c.percent.toFixed(1)} %`);

export function AuditResultPanel({ result, provisional }: { result: AuditResult; provisional: boolean }) {
  return (
    <section className="audit-result" aria-labelledby="audit-result-title">
      <h2 id="audit-result-title">
        Result{provisional && <span className="muted"> (provisional: the audit is not completed)</span>}
      </h2>
      <p className="audit-grade">
        <span
          className={`grade grade-${result.grade ?? 'none'}`}
          aria-label={`Grade ${result.grade ?? 'none'}`}
        >
          {result.grade ?? '–'}
        </span>{' '}
        E<sub>G</sub> {pct(result.overall)}
        {result.gradeBeforeDowngrade && result.gradeBeforeDowngrade !== result.grade && (
          <span className="muted"> ({result.gradeBeforeDowngrade} before downgrading)</span>
        )}
      </p>
      {result.noGrade.length > 0 && (
        <ul className="audit-no-grade" aria-label="Why there is no grade">
          {result.noGrade.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {result.downgrades.length > 0 ? (
        <ul className="audit-downgrades" aria-label="Downgrades">
          {result.downgrades.map((d) => (
            <li key={d.rule}>
              <strong>{d.to}</strong>: {d.reason}
            </li>
          ))}
        </ul>
      ) : (
        result.grade && <p className="muted">No downgrading rule fired.</p>
      )}
      <DataTable
        caption="Compliance by element"
        rows={result.elements}
        rowKey={(e) => e.element}
        columns={[
          { label: 'Element', value: (e) => `${e.element} ${e.title}` },
          { label: 'Questions', num: true, value: (e) => e.questions },
          { label: 'Evaluated', num: true, value: (e) => e.evaluated },
          { label: 'Compliance', num: true, value: (e) => pct(e.compliance) },
        ]}
      />
      {result.steps.length > 0 && (
        <DataTable
          caption="P6 by process step"
          rows={result.steps}
          rowKey={(s) => String(s.k)}
          columns={[
            { label: 'Step', value: (s) => `E_U${s.k} ${s.step}` },
            { label: 'Questions', num: true, value: (s) => s.questions },
            { label: 'Evaluated', num: true, value: (s) => s.evaluated },
            { label: 'Compliance', num: true, value: (s) => pct(s.compliance) },
          ]}
        />
      )}
      {result.subElements.length > 0 && (
        <DataTable
          caption="P6 by sub-element"
          rows={result.subElements}
          rowKey={(s) => s.subElement}
          columns={[
            { label: 'Sub-element', value: (s) => `${s.subElement} ${s.title}` },
            { label: 'Answers', num: true, value: (s) => s.questions },
            { label: 'Evaluated', num: true, value: (s) => s.evaluated },
            { label: 'Compliance', num: true, value: (s) => pct(s.compliance) },
          ]}
        />
      )}
    </section>
  );
}
