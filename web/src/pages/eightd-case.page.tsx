// One 8D case: its header (state, supplier, opened, contained, closed, due), the steps D0–D8 with
// their answers and the form for the current step when it is the signed-in user's to answer,
// assignment to a supplier (eightd:manage), the evidence snapshotted at opening, and the link to
// the printable report. Another supplier's case is a 404 from the API, shown as such.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StepView } from '../api/eightd.ts';
import { useUser } from '../auth/session.tsx';
import { EightDAssign } from '../components/eightd-assign.tsx';
import { EightDEvidence } from '../components/eightd-evidence.tsx';
import { EightDFacts, supplierName } from '../components/eightd-facts.tsx';
import { EightDSteps } from '../components/eightd-steps.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useEightDCase, useStepForms } from '../hooks/use-eightd.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useSuppliers } from '../hooks/use-users.ts';
import { refreshUnread } from '../hooks/use-workflows.ts';
import '../styles/forms.css';
import '../styles/workflows.css';

export function EightDCasePage() {
  const { id = '' } = useParams();
  const { can } = useUser();
  const c = useEightDCase(id);
  const forms = useStepForms();
  const suppliers = useSuppliers(true);
  const [notice, setNotice] = useState<string | null>(null);
  const v = c.data;
  usePageTitle(v ? `${v.id} ${v.title}` : '8D case');
  const supplier = v ? supplierName(suppliers.data, v.supplierId) : '';
  const changed = (said: string) => {
    setNotice(said);
    c.reload();
    refreshUnread();
  };
  return (
    <section className="page wide eightd-case">
      <p className="crumbs">
        <Link to="/8d">8D board</Link>
      </p>
      {c.loading && !v && (
        <p role="status" className="loading">
          Loading the 8D case…
        </p>
      )}
      <ErrorMessage error={c.error} />
      {v && (
        <>
          <div className="page-head">
            <h1>
              {v.title} <span className="muted">{v.id}</span>
            </h1>
            <Link className="button-link" to={`/8d/${encodeURIComponent(v.id)}/print`}>
              Printable report
            </Link>
          </div>
          <EightDFacts c={v} forms={forms.data} supplier={supplier} />
          <p role="status" className="notice" hidden={!notice}>
            {notice}
          </p>
          {can('eightd:manage') && v.status === 'open' && (
            <>
              <h2>Supplier</h2>
              <EightDAssign
                key={v.supplierId ?? ''}
                c={v}
                suppliers={suppliers.data ?? []}
                onAssigned={(s) =>
                  changed(
                    s
                      ? `Assigned to ${supplierName(suppliers.data, s)}.`
                      : 'Taken back: quality answers every step.',
                  )
                }
              />
            </>
          )}
          <h2>Steps</h2>
          <EightDSteps
            c={v}
            forms={forms.data}
            formsError={forms.error}
            supplier={supplier}
            recordLinks={can('events:read')}
            onAnswered={(s: StepView) => changed(`${s.title} answered.`)}
          />
          <h2>Evidence</h2>
          <EightDEvidence evidence={v.evidence} />
        </>
      )}
    </section>
  );
}
