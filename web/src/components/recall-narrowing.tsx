// Narrowing a recall with evidence: a time window, lines, equipment, an out-of-spec process
// parameter, or one input lot. The criteria go into the address; the API's answer says what the
// narrowing removed and why, so the smaller recall can be defended.
import { useState, type FormEvent } from 'react';
import type { NarrowedScope, NarrowingCriteria, ParameterOp } from '../api/recall.ts';
import { cleanCriteria } from '../hooks/use-recall.ts';
import { shortId } from '../format.ts';
import { TextField, SelectField } from './fields.tsx';
import { shipmentLabel } from './recall-state.tsx';
import { SortableTable } from './recall-table.tsx';
import '../styles/recall.css';

const OPS: [ParameterOp, string][] = [
  ['gt', 'above (>)'],
  ['gte', 'at or above (≥)'],
  ['lt', 'below (<)'],
  ['lte', 'at or below (≤)'],
];

// <input type="datetime-local"> speaks "YYYY-MM-DDTHH:mm" without a zone; the app works in UTC.
const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');
const fromLocalInput = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : undefined);
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

interface FormState {
  from: string;
  to: string;
  lines: string;
  equipment: string;
  paramName: string;
  paramOp: ParameterOp;
  paramValue: string;
  paramStep: string;
  paramEquipment: string;
  paramDay: string;
  inputLot: string;
}

const stateOf = (c: NarrowingCriteria | null): FormState => ({
  from: toLocalInput(c?.from),
  to: toLocalInput(c?.to),
  lines: c?.lines?.join(', ') ?? '',
  equipment: c?.equipment?.join(', ') ?? '',
  paramName: c?.parameter?.name ?? '',
  paramOp: c?.parameter?.op ?? 'gt',
  paramValue: c?.parameter ? String(c.parameter.value) : '',
  paramStep: c?.parameter?.step ?? '',
  paramEquipment: c?.parameter?.equipment ?? '',
  paramDay: c?.parameter?.day ?? '',
  inputLot: c?.inputLot ?? '',
});

/** The narrowing form; `onApply(null)` clears every criterion. */
export function NarrowingPanel({
  criteria,
  onApply,
}: {
  criteria: NarrowingCriteria | null;
  onApply: (c: NarrowingCriteria | null) => void;
}) {
  const [f, setF] = useState<FormState>(() => stateOf(criteria));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<FormState>) => setF((s) => ({ ...s, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const c: NarrowingCriteria = {
      from: fromLocalInput(f.from),
      to: fromLocalInput(f.to),
      lines: list(f.lines),
      equipment: list(f.equipment),
      inputLot: f.inputLot.trim() || undefined,
    };
    if (f.paramName.trim()) {
      const value = Number(f.paramValue);
      if (f.paramValue.trim() === '' || !Number.isFinite(value)) {
        setProblem('Parameter value: give the limit as a number, e.g. 245.');
        return;
      }
      c.parameter = {
        name: f.paramName.trim(),
        op: f.paramOp,
        value,
        step: f.paramStep.trim() || undefined,
        equipment: f.paramEquipment.trim() || undefined,
        day: f.paramDay || undefined,
      };
    } else if (f.paramValue.trim()) {
      setProblem('Parameter: name the parameter the value is a limit of.');
      return;
    }
    onApply(cleanCriteria(c));
  };

  return (
    <details className="narrowing" open={criteria !== null || undefined}>
      <summary>Narrow the recall with evidence</summary>
      <form onSubmit={submit} aria-label="Narrow the recall">
        <fieldset>
          <legend>When and where it was made</legend>
          <TextField
            label="Made from (UTC)"
            type="datetime-local"
            value={f.from}
            onChange={(e) => set({ from: e.target.value })}
          />
          <TextField
            label="Made before (UTC)"
            type="datetime-local"
            value={f.to}
            onChange={(e) => set({ to: e.target.value })}
          />
          <TextField
            label="Lines"
            hint="Comma-separated line ids."
            value={f.lines}
            onChange={(e) => set({ lines: e.target.value })}
          />
          <TextField
            label="Equipment"
            hint="Comma-separated equipment ids."
            value={f.equipment}
            onChange={(e) => set({ equipment: e.target.value })}
          />
        </fieldset>
        <fieldset>
          <legend>Out-of-spec process parameter</legend>
          <TextField
            label="Parameter"
            value={f.paramName}
            placeholder="e.g. peakTemperature"
            onChange={(e) => set({ paramName: e.target.value })}
          />
          <SelectField
            label="Reading"
            value={f.paramOp}
            onChange={(e) => set({ paramOp: e.target.value as ParameterOp })}
          >
            {OPS.map(([op, label]) => (
              <option key={op} value={op}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Limit"
            inputMode="decimal"
            value={f.paramValue}
            onChange={(e) => set({ paramValue: e.target.value })}
          />
          <TextField
            label="At step"
            value={f.paramStep}
            onChange={(e) => set({ paramStep: e.target.value })}
          />
          <TextField
            label="On equipment"
            value={f.paramEquipment}
            onChange={(e) => set({ paramEquipment: e.target.value })}
          />
          <TextField
            label="On day (UTC)"
            type="date"
            value={f.paramDay}
            onChange={(e) => set({ paramDay: e.target.value })}
          />
        </fieldset>
        <fieldset>
          <legend>One input lot</legend>
          <TextField
            label="Input lot"
            hint="Keep only what descends from this lot (e.g. one supplier lot of a multi-lot input)."
            value={f.inputLot}
            onChange={(e) => set({ inputLot: e.target.value })}
          />
        </fieldset>
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Narrow
          </button>
          <button
            type="button"
            disabled={criteria === null}
            onClick={() => {
              setF(stateOf(null));
              onApply(null);
            }}
          >
            Clear narrowing
          </button>
        </div>
      </form>
    </details>
  );
}

interface RemovedRow {
  key: string;
  kind: string;
  label: string;
  reason: string;
}

/** What the narrowing removed (objects, shipments, customers) with the API's reasons. */
export function NarrowingResult({ narrowed }: { narrowed: NarrowedScope }) {
  const { removed } = narrowed;
  const rows: RemovedRow[] = [
    ...removed.items.map((i) => ({ key: i.id, kind: i.kind, label: i.code, reason: i.reason })),
    ...removed.shipments.map((s) => ({
      key: s.id,
      kind: 'shipment',
      label: shipmentLabel(s.id),
      reason: s.reason,
    })),
    ...removed.customers.map((c) => ({
      key: c.id,
      kind: 'customer',
      label: c.name ?? shortId(c.id),
      reason: c.reason ?? 'no shipment to this customer is left in the narrowed scope',
    })),
  ];
  return (
    <section className="narrowed" aria-label="What narrowing removed">
      <h2>Narrowed scope</h2>
      {narrowed.explanation.length > 0 && (
        <ul className="explanation" aria-label="Explanation">
          {narrowed.explanation.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <SortableTable
        caption={`What narrowing removed and why (${rows.length})`}
        columns={[
          { label: 'Kind', value: (r) => r.kind, sort: (r) => r.kind },
          { label: 'Item', value: (r) => r.label, sort: (r) => r.label },
          { label: 'Reason', value: (r) => r.reason, sort: (r) => r.reason },
        ]}
        rows={rows}
        rowKey={(r) => `${r.kind}|${r.key}`}
        empty="The narrowing removed nothing: every object of the scope meets the criteria."
      />
    </section>
  );
}
