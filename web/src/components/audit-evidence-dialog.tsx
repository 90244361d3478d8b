// Linking evidence to one question of an audit: a trace (backward or forward), a recall case, a
// mock-recall drill, an 8D case, a supplier scorecard or an SPC chart. The API takes the snapshot
// and its SHA-256 when it is linked; the evidence pack shows exactly that.
import { useState, type FormEvent } from 'react';
import { EVIDENCE_KINDS, linkEvidence, type EvidenceKind, type SheetLine } from '../api/vda63.ts';
import type { Supplier } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { nameOf } from '../hooks/use-users.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

const KIND_LABELS: Record<EvidenceKind, string> = {
  trace: 'Trace of a lot, unit or container',
  recall: 'Recall case',
  drill: 'Mock-recall drill report',
  eightd: '8D case',
  scorecard: 'Supplier scorecard',
  spc: 'SPC chart',
};

export function AuditEvidenceDialog({
  auditId,
  line,
  supplierId,
  suppliers,
  onClose,
  onLinked,
}: {
  auditId: string;
  line: SheetLine | null;
  supplierId: string | null;
  suppliers: Supplier[];
  onClose: () => void;
  onLinked: () => void;
}) {
  const [kind, setKind] = useState<EvidenceKind>('trace');
  const [id, setId] = useState('');
  const [direction, setDirection] = useState('backward');
  const [period, setPeriod] = useState('month');
  const [supplier, setSupplier] = useState(supplierId ?? '');
  const [chart, setChart] = useState('incoming');
  const [inspection, setInspection] = useState('');
  const [note, setNote] = useState('');
  const link = useAction(linkEvidence);
  const refOf = (): Record<string, unknown> => {
    switch (kind) {
      case 'trace':
        return { id, direction };
      case 'recall':
      case 'eightd':
        return { caseId: id };
      case 'drill':
        return { drillId: id };
      case 'scorecard':
        return { period, ...(supplier ? { supplier } : {}) };
      case 'spc':
        return chart === 'incoming'
          ? { chart, period: period === 'week' ? 'week' : 'month', ...(supplier ? { supplier } : {}) }
          : { chart, period: period === 'week' ? 'week' : 'month', inspection };
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!line) return;
    const r = await link.run(auditId, {
      questionId: line.questionId,
      step: line.step,
      kind,
      ref: refOf(),
      note,
    });
    if (r.ok) onLinked();
  };
  const idLabel = {
    trace: 'Lot, unit or container',
    recall: 'Recall case',
    eightd: '8D case',
    drill: 'Drill',
  };
  return (
    <Dialog
      open={line !== null}
      title={
        line ? `Link evidence to ${line.questionId}${line.step ? ` at ${line.step}` : ''}` : 'Link evidence'
      }
      onClose={onClose}
    >
      <form onSubmit={submit} aria-label="Link evidence" noValidate>
        <SelectField label="Evidence" value={kind} onChange={(e) => setKind(e.target.value as EvidenceKind)}>
          {EVIDENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {(kind === 'trace' || kind === 'recall' || kind === 'eightd' || kind === 'drill') && (
          <TextField
            label={idLabel[kind]}
            hint={kind === 'trace' ? 'A code, serial, EPC URI or Digital Link.' : undefined}
            value={id}
            onChange={(e) => setId(e.target.value)}
            spellCheck={false}
            required
          />
        )}
        {kind === 'trace' && (
          <SelectField label="Direction" value={direction} onChange={(e) => setDirection(e.target.value)}>
            <option value="backward">Backward: where it came from</option>
            <option value="forward">Forward: where it went</option>
          </SelectField>
        )}
        {kind === 'spc' && (
          <SelectField label="Chart" value={chart} onChange={(e) => setChart(e.target.value)}>
            <option value="incoming">p-chart of incoming-inspection pass rate</option>
            <option value="defects">u-chart of defects per unit</option>
          </SelectField>
        )}
        {kind === 'spc' && chart === 'defects' && (
          <TextField
            label="Inspection"
            hint="The inspection kind, e.g. fct."
            value={inspection}
            onChange={(e) => setInspection(e.target.value)}
            required
          />
        )}
        {(kind === 'scorecard' || kind === 'spc') && (
          <SelectField label="Period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {(kind === 'spc' ? ['month', 'week'] : ['month', 'quarter', 'year']).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
        )}
        {(kind === 'scorecard' || (kind === 'spc' && chart === 'incoming')) && (
          <SelectField label="Supplier" value={supplier} onChange={(e) => setSupplier(e.target.value)}>
            <option value="">All suppliers</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {nameOf(s)}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label="Note (optional)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
        />
        <ErrorMessage
          error={link.error}
          labels={{
            'ref.id': idLabel.trace,
            'ref.caseId': 'Case',
            'ref.drillId': 'Drill',
            'ref.direction': 'Direction',
            'ref.inspection': 'Inspection',
          }}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={link.busy}>
            {link.busy ? 'Taking the snapshot…' : 'Link'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
