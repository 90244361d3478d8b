// Labels: pick lots, units and containers (typed, scanned, or `?id=` in the address, several at
// once), choose the template and the label size, see them at true size, and print through the
// browser: an @page rule of the label's size, and only the labels on paper.
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { fetchLabels, type Label, type LabelTemplate } from '../api/labels.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { LabelCard } from '../components/label-card.tsx';
import { LABEL_SIZES, sizeOf } from '../components/label-sizes.ts';
import { useLabels } from '../hooks/use-labels.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import '../styles/labels.css';

type TemplateChoice = 'auto' | LabelTemplate;
const TEMPLATES: { value: TemplateChoice; name: string }[] = [
  { value: 'auto', name: 'As suits each object' },
  { value: 'finished-goods', name: 'Finished goods' },
  { value: 'inbound-lot', name: 'Inbound lot' },
];
const KIND: Record<Label['kind'], string> = { lot: 'lot', unit: 'unit', container: 'container' };

export function LabelsPage() {
  usePageTitle('Labels');
  const [params, setParams] = useSearchParams();
  const ids = params.getAll('id');
  const size = sizeOf(params.get('size'));
  const choice = (TEMPLATES.find((t) => t.value === params.get('template'))?.value ??
    'auto') as TemplateChoice;
  const gs1128 = params.get('gs1128') === '1';
  const labels = useLabels(ids);

  const update = (change: (p: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  const setIds = (list: string[]) =>
    update((p) => {
      p.delete('id');
      for (const id of list) p.append('id', id);
    });

  return (
    <section className="page wide labels-page">
      {/* The label's size is the printed page's size, while this page is open. */}
      <style>{`@page { size: ${size.width} ${size.height}; margin: 0; }`}</style>
      <div className="labels-screen">
        <h1>Labels</h1>
        <p>
          Labels carry a QR code with the GS1 Digital Link of the lot, unit or container (GTIN, lot or serial,
          expiry; an SSCC for a pallet). Objects without a GTIN get a QR code with their trace link in
          Lotgraph instead.
        </p>
        <AddObjects known={ids} onAdd={(more) => setIds([...ids, ...more])} />
        <div className="labels-options">
          <div className="field">
            <label htmlFor="label-template">Template</label>
            <select
              id="label-template"
              value={choice}
              onChange={(e) => update((p) => p.set('template', e.target.value))}
            >
              {TEMPLATES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="label-size">Label size</label>
            <select
              id="label-size"
              value={size.id}
              onChange={(e) => update((p) => p.set('size', e.target.value))}
            >
              {LABEL_SIZES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <label className="labels-check">
            <input
              type="checkbox"
              checked={gs1128}
              onChange={(e) => update((p) => (e.target.checked ? p.set('gs1128', '1') : p.delete('gs1128')))}
            />{' '}
            GS1-128 order line
          </label>
          <button
            type="button"
            className="primary"
            disabled={!labels.data?.length || labels.loading}
            onClick={() => window.print()}
          >
            Print{' '}
            {labels.data?.length ? `${labels.data.length} label${labels.data.length > 1 ? 's' : ''}` : ''}
          </button>
        </div>
        <ErrorMessage error={labels.error} labels={{ id: 'Object' }} />
        {labels.loading && !labels.data && ids.length > 0 && (
          <p role="status" className="loading">
            Loading the labels…
          </p>
        )}
        {labels.data && labels.data.length > 0 && (
          <ChosenObjects labels={labels.data} onRemove={(i) => setIds(ids.filter((_, j) => j !== i))} />
        )}
        {labels.error !== undefined && ids.length > 0 && (
          <button type="button" onClick={() => setIds([])}>
            Clear the list
          </button>
        )}
        {ids.length === 0 && (
          <p className="labels-empty">No object chosen yet: add one by its code or a scan.</p>
        )}
        {labels.data && labels.data.length > 0 && (
          <h2 id="labels-preview">
            Preview at true size ({size.name}, {labels.data.length} label{labels.data.length > 1 ? 's' : ''})
          </h2>
        )}
      </div>
      {labels.data && labels.data.length > 0 && (
        <div className="label-sheet" aria-labelledby="labels-preview">
          {labels.data.map((l, i) => (
            <LabelCard
              key={`${l.id}-${i}`}
              label={l}
              template={choice === 'auto' ? l.template : choice}
              size={size}
              gs1128={gs1128}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** Adds objects by code, EPC, Digital Link or a scan (several separated by spaces or lines). */
function AddObjects({ known, onAdd }: { known: string[]; onAdd: (ids: string[]) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // A scanner's group separator (FNC1) belongs to the text; spaces and lines separate objects.
    const more = text
      .split(/[ \t\r\n]+/)
      .map((s) => s.trim())
      .filter((s) => s && !known.includes(s));
    if (!more.length) return;
    setBusy(true);
    setError(null);
    try {
      // Checked first, so one unknown code does not empty the whole sheet.
      await fetchLabels(more);
      onAdd(more);
      setText('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="labels-add" onSubmit={submit} aria-label="Add objects">
      <div className="field">
        <label htmlFor="label-q">Lot, serial, container, EPC, Digital Link or scan</label>
        <div className="search-row">
          <input
            id="label-q"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Type or scan, then Enter"
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} labels={{ id: 'Object' }} />
    </form>
  );
}

function ChosenObjects({ labels, onRemove }: { labels: Label[]; onRemove: (index: number) => void }) {
  return (
    <table className="labels-chosen">
      <caption>Objects ({labels.length})</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Kind</th>
          <th scope="col">Material</th>
          <th scope="col">QR code</th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {labels.map((l, i) => (
          <tr key={`${l.id}-${i}`}>
            <td>{l.code}</td>
            <td>{KIND[l.kind]}</td>
            <td>{l.materialName ?? l.material ?? '—'}</td>
            <td>{l.qrKind === 'digital-link' ? 'GS1 Digital Link' : (l.note ?? 'Trace link')}</td>
            <td>
              <button
                type="button"
                className="small"
                onClick={() => onRemove(i)}
                aria-label={`Remove ${l.code}`}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
