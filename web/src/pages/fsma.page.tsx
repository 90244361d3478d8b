// FDA FSMA 204: the sortable spreadsheet of a product for a date range (CSV or XLSX, from the
// API), and the traceability plan with its versions (admins save a new version with a reason).
import { useState } from 'react';
import { fsma204ProductUrl } from '../api/fsma.ts';
import { useUser } from '../auth/session.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { TraceabilityPlanView } from '../components/fsma-plan.tsx';
import { formatCount, shortId } from '../format.ts';
import { useFsmaProducts, useTraceabilityPlan } from '../hooks/use-fsma.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/fsma.css';

export function FsmaPage() {
  usePageTitle('FSMA 204');
  const { can } = useUser();
  const plan = useTraceabilityPlan();
  return (
    <section className="page wide">
      <h1>FSMA 204</h1>
      <p>
        The records the FDA Food Traceability Rule asks of foods on the Food Traceability List: the sortable
        spreadsheet of a product's critical tracking events, and the firm's traceability plan. The spreadsheet
        of a recall scope is in the recall workspace.
      </p>
      <ProductSheet />
      <ErrorMessage error={plan.error} />
      {plan.loading && !plan.data && (
        <p role="status" className="loading">
          Loading the traceability plan…
        </p>
      )}
      {plan.data && (
        <TraceabilityPlanView
          current={plan.data.current}
          versions={plan.data.versions}
          busy={plan.loading}
          canEdit={can('config:write')}
          onSaved={plan.reload}
        />
      )}
    </section>
  );
}

/** Product, dates and the download links the API answers with the spreadsheet. */
function ProductSheet() {
  const products = useFsmaProducts();
  const [material, setMaterial] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const chosen = material || products.data?.[0]?.id || '';
  const label = (p: { id: string; name: string | null; ftl: boolean; lots: number }) =>
    `${p.name ?? shortId(p.id)}${p.ftl ? ' (Food Traceability List)' : ''}, ${formatCount(p.lots)} ${p.lots === 1 ? 'lot' : 'lots'}`;
  return (
    <section className="card fsma-sheet" aria-labelledby="fsma-sheet">
      <h2 id="fsma-sheet">Sortable spreadsheet of a product</h2>
      <p>
        One row per critical tracking event of every traceability lot of the product, the key data elements as
        columns: what the FDA asks for within 24 hours.
      </p>
      <ErrorMessage error={products.error} />
      {products.data && products.data.length === 0 && <p>No lot has been received or made yet.</p>}
      {products.data && products.data.length > 0 && (
        <>
          <form
            className="inline-form"
            aria-label="Spreadsheet of a product"
            onSubmit={(e) => e.preventDefault()}
          >
            <SelectField label="Product" value={chosen} onChange={(e) => setMaterial(e.target.value)}>
              {products.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {label(p)}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Events from"
              type="date"
              hint="On or after this day (UTC); empty: from the first."
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
            <TextField
              label="Events before"
              type="date"
              hint="Before this day (UTC); empty: up to the last."
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </form>
          <div className="exports">
            <strong>Download:</strong>
            <a className="button small" href={fsma204ProductUrl(chosen, from, to, 'csv')} download>
              Spreadsheet (CSV)
            </a>
            <a className="button small" href={fsma204ProductUrl(chosen, from, to, 'xlsx')} download>
              Spreadsheet (XLSX)
            </a>
          </div>
        </>
      )}
    </section>
  );
}
