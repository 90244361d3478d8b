// Planning a process audit: the programme, what is audited (a supplier's process or our own),
// the catalogue version, the process steps P6 is audited at, elements left out with why, the
// date and the lead auditor. Problems come back from the API at their fields.
import { useState, type FormEvent } from 'react';
import {
  ELEMENTS,
  planAudit,
  type Audit,
  type CatalogueSummary,
  type ElementId,
  type Programme,
} from '../api/vda63.ts';
import type { Supplier } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { nameOf } from '../hooks/use-users.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { SelectField, TextField } from './fields.tsx';

const LABELS = {
  programmeId: 'Programme',
  supplierId: 'Supplier',
  title: 'Title',
  process: 'Audited process',
  catalogue: 'Catalogue',
  steps: 'Process steps',
  plannedOn: 'Planned on',
  leadAuditor: 'Lead auditor',
};

export function AuditPlanDialog({
  open,
  onClose,
  onPlanned,
  programmes,
  catalogues,
  suppliers,
  programmeId,
}: {
  open: boolean;
  onClose: () => void;
  onPlanned: (a: Audit) => void;
  programmes: Programme[];
  catalogues: CatalogueSummary[];
  suppliers: Supplier[];
  programmeId: string;
}) {
  const latest = catalogues.filter((c) => c.latest);
  const [programme, setProgramme] = useState(programmeId || programmes[0]?.id || '');
  const [supplier, setSupplier] = useState('');
  const [title, setTitle] = useState('');
  const [process, setProcess] = useState('');
  const [catalogue, setCatalogue] = useState(latest[0] ? `${latest[0].key}@${latest[0].version}` : '');
  const [steps, setSteps] = useState('');
  const [out, setOut] = useState<Partial<Record<ElementId, string>>>({});
  const [plannedOn, setPlannedOn] = useState('');
  const [lead, setLead] = useState('');
  const plan = useAction(planAudit);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [key = '', version = '0'] = catalogue.split('@');
    const r = await plan.run({
      programmeId: programme,
      supplierId: supplier || null,
      title,
      process,
      catalogue: { key, version: Number(version) },
      steps: steps
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      scopedOut: (Object.entries(out) as [ElementId, string][]).map(([element, reason]) => ({
        element,
        reason,
      })),
      plannedOn,
      leadAuditor: lead,
    });
    if (r.ok) onPlanned(r.value);
  };
  return (
    <Dialog open={open} title="Plan a process audit" onClose={onClose}>
      <form onSubmit={submit} aria-label="Plan a process audit" noValidate>
        <SelectField
          label="Programme"
          value={programme}
          onChange={(e) => setProgramme(e.target.value)}
          required
        >
          {programmes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id} {p.title}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          maxLength={300}
        />
        <SelectField label="Supplier" value={supplier} onChange={(e) => setSupplier(e.target.value)}>
          <option value="">None: our own process</option>
          {suppliers.map((s) => (
            <option key={s.id} value={s.id}>
              {nameOf(s)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Audited process"
          hint="The product, process, site or line audited."
          value={process}
          onChange={(e) => setProcess(e.target.value)}
          required
        />
        <SelectField
          label="Catalogue"
          value={catalogue}
          onChange={(e) => setCatalogue(e.target.value)}
          required
        >
          {latest.map((c) => (
            <option key={`${c.key}@${c.version}`} value={`${c.key}@${c.version}`}>
              {c.title} (version {c.version}, {c.questions} questions)
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label htmlFor="audit-steps">Process steps</label>
          <textarea
            id="audit-steps"
            rows={3}
            value={steps}
            onChange={(e) => setSteps(e.target.value)}
            aria-describedby="audit-steps-hint"
          />
          <small id="audit-steps-hint" className="hint">
            One per line; P6 is answered once per step (E_U1, E_U2, … in this order).
          </small>
        </div>
        <fieldset>
          <legend>Elements left out</legend>
          {ELEMENTS.map((el) => (
            <div key={el} className="scoped-out">
              <label>
                <input
                  type="checkbox"
                  checked={out[el] !== undefined}
                  onChange={(e) =>
                    setOut((o) => {
                      const next = { ...o };
                      if (e.target.checked) next[el] = '';
                      else delete next[el];
                      return next;
                    })
                  }
                />{' '}
                {el}
              </label>
              {out[el] !== undefined && (
                <TextField
                  label={`Why ${el} is left out`}
                  value={out[el]}
                  onChange={(e) => setOut((o) => ({ ...o, [el]: e.target.value }))}
                  required
                />
              )}
            </div>
          ))}
        </fieldset>
        <TextField
          label="Planned on"
          type="date"
          value={plannedOn}
          onChange={(e) => setPlannedOn(e.target.value)}
          required
        />
        <TextField label="Lead auditor" value={lead} onChange={(e) => setLead(e.target.value)} required />
        <ErrorMessage error={plan.error} labels={LABELS} />
        <div className="actions">
          <button type="submit" className="primary" disabled={plan.busy}>
            Plan the audit
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
