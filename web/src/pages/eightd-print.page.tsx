// The 8D report as a clean page to print or save as PDF: the case, every step with its answers,
// a summary of the evidence, who answered each step and when, and lines to sign. The app's
// navigation and the page's own buttons do not print (workflows.css, @media print).
import { Link, useParams } from 'react-router';
import type { EightDCase } from '../api/eightd.ts';
import type { FormDefinition } from '../api/forms.ts';
import type { Scope } from '../api/recall.ts';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { EightDAnswer, EightDAnsweredBy } from '../components/eightd-answer.tsx';
import { defectsText, inspectionsOf, parametersOf, parameterValue } from '../components/eightd-evidence.tsx';
import { EightDFacts, supplierName } from '../components/eightd-facts.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { ScopeCountList } from '../components/recall-view.tsx';
import { shortId } from '../format.ts';
import { useEightDCase, useStepForms } from '../hooks/use-eightd.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useSuppliers } from '../hooks/use-users.ts';
import '../styles/forms.css';
import '../styles/workflows.css';

export function EightDPrintPage() {
  const { id = '' } = useParams();
  const c = useEightDCase(id);
  const forms = useStepForms();
  const suppliers = useSuppliers(true);
  const v = c.data;
  usePageTitle(v ? `8D report ${v.id}` : '8D report');
  return (
    <section className="page eightd-report">
      <div className="actions no-print">
        <Link to={`/8d/${encodeURIComponent(id)}`}>Back to the case</Link>
        <button type="button" className="primary" disabled={!v} onClick={() => window.print()}>
          Print / save as PDF
        </button>
      </div>
      {c.loading && !v && (
        <p role="status" className="loading">
          Loading the 8D report…
        </p>
      )}
      <ErrorMessage error={c.error} />
      {v && <Report c={v} forms={forms.data} supplier={supplierName(suppliers.data, v.supplierId)} />}
    </section>
  );
}

function Report({
  c,
  forms,
  supplier,
}: {
  c: EightDCase;
  forms: FormDefinition[] | undefined;
  supplier: string;
}) {
  const objects = c.evidence.objects;
  return (
    <>
      <header>
        <h1>
          8D report {c.id}: {c.title}
        </h1>
      </header>
      <EightDFacts c={c} forms={forms} supplier={supplier} />

      {c.steps.map((s) => (
        <section key={s.step} className="eightd-report-step" aria-label={s.title}>
          <h2>{s.title}</h2>
          {s.answer ? (
            <>
              <EightDAnsweredBy step={s} />
              <EightDAnswer step={s} form={forms?.find((f) => f.key === s.form)} />
            </>
          ) : (
            <p className="muted">Not answered yet{s.status === 'current' ? ' (current step)' : ''}.</p>
          )}
        </section>
      ))}

      <section aria-label="Evidence">
        <h2>Evidence</h2>
        <p className="muted">
          Taken when the case was opened, <DateTime value={c.evidence.takenAt} />.
        </p>
        <DataTable<(typeof objects)[number]>
          caption="Affected objects"
          rows={objects}
          rowKey={(o) => o.id}
          empty="No affected object is yours to see."
          columns={[
            { label: 'Object', value: (o) => `${o.code} (${o.kind})` },
            { label: 'Material', value: (o) => o.materialName ?? (o.material ? shortId(o.material) : '') },
            {
              label: 'Supplier',
              value: (o) => o.suppliers.map((s) => s.name ?? shortId(s.id)).join(', '),
            },
            {
              label: 'Inspections',
              value: (o) =>
                inspectionsOf(o)
                  .map((i) => `${i.kind ?? 'inspection'} ${i.result ?? ''}: ${defectsText(i)}`)
                  .join('; '),
            },
            {
              label: 'Process parameters',
              value: (o) =>
                parametersOf(o)
                  .map((r) => `${r.op.step ?? shortId(r.op.id)} ${r.p.name} ${parameterValue(r.p)}`)
                  .join('; '),
            },
          ]}
        />
        {c.evidence.more.length > 0 && (
          <p>
            {c.evidence.more.length} more affected objects: {c.evidence.more.map(shortId).join(', ')}.
          </p>
        )}
        {c.evidence.recall && (
          <>
            <h3>
              Recall scope of {c.evidence.recall.title} ({c.evidence.recall.caseId})
            </h3>
            <ScopeCountList scope={c.evidence.recall.scope as Scope} />
          </>
        )}
      </section>

      <section aria-label="Signatures">
        <h2>Signatures</h2>
        <DataTable<(typeof c.steps)[number]>
          caption="Who answered each step"
          rows={c.steps}
          rowKey={(s) => s.step}
          columns={[
            { label: 'Step', value: (s) => s.title },
            { label: 'Answered by', value: (s) => s.answer?.actor ?? '' },
            { label: 'Date', nowrap: true, value: (s) => <DateTime value={s.answer?.at} empty="" /> },
          ]}
        />
        <div className="eightd-sign">
          {['Quality (plant)', `Supplier (${supplier})`].map((who) => (
            <div key={who} className="eightd-sign-line">
              <span>{who}</span>
              <span>Name and signature</span>
              <span>Date</span>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
