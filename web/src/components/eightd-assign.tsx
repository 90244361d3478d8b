// Assigns a case to a supplier (or takes it back), with a reason for the audit trail: that
// supplier's users then answer its steps (D3–D7 by default) in the portal, and the current
// step's task follows the assignment.
import { useState, type FormEvent } from 'react';
import { assignCase, type EightDCase } from '../api/eightd.ts';
import type { Supplier } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { nameOf } from '../hooks/use-users.ts';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

export function EightDAssign({
  c,
  suppliers,
  onAssigned,
}: {
  c: EightDCase;
  suppliers: Supplier[];
  onAssigned: (supplierId: string | null) => void;
}) {
  const [supplierId, setSupplierId] = useState(c.supplierId ?? '');
  const [reason, setReason] = useState('');
  const action = useAction(assignCase);
  const unchanged = (supplierId || null) === c.supplierId;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = supplierId || null;
    const r = await action.run(c.id, {
      supplierId: chosen,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    if (r.ok) {
      setReason('');
      onAssigned(chosen);
    }
  };
  return (
    <form className="inline-form eightd-assign" aria-label="Assign to a supplier" onSubmit={submit}>
      <SelectField label="Supplier" value={supplierId} onChange={(e) => setSupplierId(e.target.value)}>
        <option value="">Not assigned (quality answers every step)</option>
        {suppliers.map((s) => (
          <option key={s.id} value={s.id}>
            {nameOf(s)}
          </option>
        ))}
        {c.supplierId && !suppliers.some((s) => s.id === c.supplierId) && (
          <option value={c.supplierId}>{c.supplierId}</option>
        )}
      </SelectField>
      <TextField
        label="Reason (optional)"
        hint="Kept in the audit trail with the assignment."
        value={reason}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="actions">
        <button type="submit" disabled={action.busy || unchanged}>
          {action.busy ? 'Assigning…' : supplierId ? 'Assign' : 'Take back'}
        </button>
      </div>
      <ErrorMessage error={action.error} labels={{ supplierId: 'Supplier' }} />
    </form>
  );
}
