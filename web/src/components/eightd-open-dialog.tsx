// "Open an 8D": from a lot (its code or id), a defect Pareto bar (code, period, material) or a
// recall case, with a title, the supplier who answers its steps (or none yet) and a description.
// Other pages link here with the source prefilled (/8d?open=lot&lot=…); the API finds the
// affected lots and snapshots their evidence.
import { useId, useState, type FormEvent } from 'react';
import { openCase, type EightDCase, type EightDSource } from '../api/eightd.ts';
import type { Supplier } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { nameOf } from '../hooks/use-users.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

export type SourceKind = EightDSource['kind'];

/** What the form starts with: every source field as text ('' when not given). */
export interface OpenPrefill {
  kind: SourceKind;
  lot: string;
  code: string;
  from: string;
  to: string;
  material: string;
  caseId: string;
}

export const EMPTY_PREFILL: OpenPrefill = {
  kind: 'lot',
  lot: '',
  code: '',
  from: '',
  to: '',
  material: '',
  caseId: '',
};

const KINDS: { value: SourceKind; label: string }[] = [
  { value: 'lot', label: 'A lot' },
  { value: 'pareto', label: 'A defect Pareto bar' },
  { value: 'recall', label: 'A recall case' },
];

// The API names fields as its body does; people read the form's labels.
const LABELS: Record<string, string> = {
  title: 'Title',
  'source.lot': 'Lot',
  'source.code': 'Defect code',
  'source.from': 'From',
  'source.to': 'To',
  'source.material': 'Material',
  'source.caseId': 'Recall case',
  supplierId: 'Supplier',
  description: 'Description',
};

export function EightDOpenDialog({
  open,
  prefill,
  suppliers,
  onClose,
  onOpened,
}: {
  open: boolean;
  prefill: OpenPrefill;
  suppliers: Supplier[];
  onClose: () => void;
  onOpened: (c: EightDCase) => void;
}) {
  return (
    <Dialog open={open} title="Open an 8D" onClose={onClose}>
      <OpenForm prefill={prefill} suppliers={suppliers} onClose={onClose} onOpened={onOpened} />
    </Dialog>
  );
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function sourceOf(f: OpenPrefill): EightDSource {
  if (f.kind === 'lot') return { kind: 'lot', lot: f.lot.trim() };
  if (f.kind === 'recall') return { kind: 'recall', caseId: f.caseId.trim() };
  return {
    kind: 'pareto',
    code: f.code.trim(),
    from: orNull(f.from),
    to: orNull(f.to),
    material: orNull(f.material),
  };
}

// Mounted only while the dialog is open, so every opening starts from the prefill.
function OpenForm({
  prefill,
  suppliers,
  onClose,
  onOpened,
}: {
  prefill: OpenPrefill;
  suppliers: Supplier[];
  onClose: () => void;
  onOpened: (c: EightDCase) => void;
}) {
  const [f, setF] = useState<OpenPrefill>(prefill);
  const [title, setTitle] = useState('');
  const [supplierId, setSupplierId] = useState('');
  const [description, setDescription] = useState('');
  const descriptionId = useId();
  const action = useAction(openCase);
  const set = (patch: Partial<OpenPrefill>) => setF((s) => ({ ...s, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run({
      title: title.trim(),
      source: sourceOf(f),
      supplierId: supplierId || null,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
    if (r.ok) onOpened(r.value);
  };
  return (
    <form onSubmit={submit} aria-label="Open an 8D" noValidate>
      <SelectField
        label="Opened from"
        value={f.kind}
        onChange={(e) => set({ kind: e.target.value as SourceKind })}
      >
        {KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </SelectField>
      {f.kind === 'lot' && (
        <TextField
          label="Lot"
          hint="Its code, EPC or id; the case's evidence is taken from it."
          value={f.lot}
          onChange={(e) => set({ lot: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          required
        />
      )}
      {f.kind === 'pareto' && (
        <>
          <TextField
            label="Defect code"
            value={f.code}
            onChange={(e) => set({ code: e.target.value })}
            spellCheck={false}
            required
          />
          <TextField
            label="From"
            type="date"
            value={f.from.slice(0, 10)}
            onChange={(e) => set({ from: e.target.value })}
          />
          <TextField
            label="To"
            type="date"
            value={f.to.slice(0, 10)}
            onChange={(e) => set({ to: e.target.value })}
          />
          <TextField
            label="Material"
            hint="Optional: only this material's lots and units."
            value={f.material}
            onChange={(e) => set({ material: e.target.value })}
            spellCheck={false}
          />
        </>
      )}
      {f.kind === 'recall' && (
        <TextField
          label="Recall case"
          value={f.caseId}
          onChange={(e) => set({ caseId: e.target.value })}
          spellCheck={false}
          required
        />
      )}
      <TextField
        label="Title"
        value={title}
        maxLength={300}
        onChange={(e) => setTitle(e.target.value)}
        required
      />
      <SelectField label="Supplier" value={supplierId} onChange={(e) => setSupplierId(e.target.value)}>
        <option value="">Not assigned yet</option>
        {suppliers.map((s) => (
          <option key={s.id} value={s.id}>
            {nameOf(s)}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label htmlFor={descriptionId}>Description (optional)</label>
        <textarea
          id={descriptionId}
          rows={3}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <ErrorMessage error={action.error} labels={LABELS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Opening…' : 'Open the 8D'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
