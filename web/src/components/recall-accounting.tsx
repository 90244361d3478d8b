// A recall case's accounting: per shipment and material, what was shipped and how much of it is
// recovered, destroyed or consumed, and what is still open (the API's figures); the form that
// records quantities, and the history of what was recorded.
import { useState, type FormEvent } from 'react';
import {
  recordCase,
  type AccountingLine,
  type RecallCase,
  type RecallRecord,
  type RecordInput,
} from '../api/recall.ts';
import { formatQty, shortId } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { DateTime } from './date-time.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';
import { shipmentLabel } from './recall-state.tsx';
import { SortableTable } from './recall-table.tsx';
import '../styles/recall.css';

const lineKey = (l: { shipment: string; material: string | null; uom: string }) =>
  `${l.shipment}|${l.material ?? ''}|${l.uom}`;
const materialOf = (l: { material: string | null; materialName?: string | null }) =>
  l.materialName ?? (l.material ? shortId(l.material) : '');
const customerOf = (l: AccountingLine) => l.customerName ?? (l.customer ? shortId(l.customer) : '');

export function AccountingTable({ lines, busy }: { lines: AccountingLine[]; busy?: boolean }) {
  return (
    <SortableTable<AccountingLine>
      caption="Accounting per shipment and material"
      busy={busy}
      rows={lines}
      rowKey={lineKey}
      rowClass={(l) => (l.open > 0 ? 'open-line' : undefined)}
      empty="Nothing in this scope was shipped: there is nothing to recover."
      columns={[
        {
          label: 'Shipment',
          value: (l) => shipmentLabel(l.shipment),
          sort: (l) => shipmentLabel(l.shipment),
        },
        { label: 'Customer', value: customerOf, sort: customerOf },
        { label: 'Material', value: materialOf, sort: materialOf },
        { label: 'Shipped', num: true, value: (l) => formatQty(l.shipped, l.uom), sort: (l) => l.shipped },
        {
          label: 'Recovered',
          num: true,
          value: (l) => formatQty(l.recovered, l.uom),
          sort: (l) => l.recovered,
        },
        {
          label: 'Destroyed',
          num: true,
          value: (l) => formatQty(l.destroyed, l.uom),
          sort: (l) => l.destroyed,
        },
        { label: 'Consumed', num: true, value: (l) => formatQty(l.consumed, l.uom), sort: (l) => l.consumed },
        {
          label: 'Open',
          num: true,
          value: (l) => (l.open > 0 ? <strong>{formatQty(l.open, l.uom)}</strong> : formatQty(l.open, l.uom)),
          sort: (l) => l.open,
        },
      ]}
    />
  );
}

const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** Records recovered, destroyed or consumed quantities against one open line. */
export function RecordForm({
  c,
  onStart,
  onRecorded,
}: {
  c: RecallCase;
  onStart: () => void;
  onRecorded: (c: RecallCase) => void;
}) {
  const open = c.accounting.filter((l) => l.open > 0);
  const [line, setLine] = useState(open[0] ? lineKey(open[0]) : '');
  const [recovered, setRecovered] = useState('');
  const [destroyed, setDestroyed] = useState('');
  const [consumed, setConsumed] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction((body: RecordInput) => recordCase(c.caseId, body));
  const chosen = c.accounting.find((l) => lineKey(l) === line) ?? open[0];
  if (open.length === 0) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    onStart();
    if (!chosen) return;
    const q = { recovered: num(recovered), destroyed: num(destroyed), consumed: num(consumed) };
    const given = Object.values(q).filter((v) => v !== undefined);
    if (given.length === 0) {
      setProblem('Give a quantity recovered, destroyed or consumed.');
      return;
    }
    if (given.some((v) => !Number.isFinite(v))) {
      setProblem('Quantities are numbers, e.g. 12.5.');
      return;
    }
    const body: RecordInput = {
      shipment: chosen.shipment,
      material: chosen.material,
      uom: chosen.uom,
      ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const r = await action.run(body);
    if (r.ok) {
      setRecovered('');
      setDestroyed('');
      setConsumed('');
      setNote('');
      onRecorded(r.value);
    }
  };

  return (
    <form className="record-form" onSubmit={submit} aria-label="Record quantities">
      <SelectField
        label="Shipment line"
        value={chosen ? lineKey(chosen) : ''}
        onChange={(e) => setLine(e.target.value)}
      >
        {open.map((l) => (
          <option key={lineKey(l)} value={lineKey(l)}>
            {shipmentLabel(l.shipment)} · {customerOf(l)} · {materialOf(l)} (open {formatQty(l.open, l.uom)})
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Recovered${chosen ? ` (${chosen.uom})` : ''}`}
        inputMode="decimal"
        value={recovered}
        onChange={(e) => setRecovered(e.target.value)}
        hint="Returned to us."
      />
      <TextField
        label={`Destroyed${chosen ? ` (${chosen.uom})` : ''}`}
        inputMode="decimal"
        value={destroyed}
        onChange={(e) => setDestroyed(e.target.value)}
        hint="At the customer, attested."
      />
      <TextField
        label={`Consumed${chosen ? ` (${chosen.uom})` : ''}`}
        inputMode="decimal"
        value={consumed}
        onChange={(e) => setConsumed(e.target.value)}
        hint="Used or sold on: not recoverable."
      />
      <div className="record-note">
        <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record'}
        </button>
      </div>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      <ErrorMessage
        error={action.error}
        labels={{
          recovered: 'Recovered',
          destroyed: 'Destroyed',
          consumed: 'Consumed',
          shipment: 'Shipment',
        }}
      />
    </form>
  );
}

/** What was recorded, newest last; materials are named as the accounting names them. */
export function RecordsTable({ records, lines }: { records: RecallRecord[]; lines: AccountingLine[] }) {
  const names = new Map(lines.map((l) => [l.material ?? '', l.materialName]));
  const material = (r: RecallRecord) =>
    materialOf({ material: r.material, materialName: names.get(r.material ?? '') });
  const qty = (v: number, uom: string) => (v ? formatQty(v, uom) : '');
  return (
    <SortableTable<RecallRecord>
      caption={`Records (${records.length})`}
      rows={records}
      rowKey={(r) => String(r.seq)}
      empty="Nothing recorded yet."
      columns={[
        {
          label: 'When',
          value: (r) => <DateTime value={r.recordedAt} empty="" />,
          sort: (r) => r.recordedAt,
        },
        { label: 'By', value: (r) => r.recordedBy, sort: (r) => r.recordedBy },
        {
          label: 'Shipment',
          value: (r) => shipmentLabel(r.shipment),
          sort: (r) => shipmentLabel(r.shipment),
        },
        { label: 'Material', value: material, sort: material },
        { label: 'Recovered', num: true, value: (r) => qty(r.recovered, r.uom), sort: (r) => r.recovered },
        { label: 'Destroyed', num: true, value: (r) => qty(r.destroyed, r.uom), sort: (r) => r.destroyed },
        { label: 'Consumed', num: true, value: (r) => qty(r.consumed, r.uom), sort: (r) => r.consumed },
        { label: 'Note', value: (r) => r.note ?? '', sort: (r) => r.note ?? '' },
      ]}
    />
  );
}
