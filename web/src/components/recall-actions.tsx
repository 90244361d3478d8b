// What a quality engineer does with a recall scope: hold all in-house stock (with a reason for
// the audit trail), release holds, open a recall case, start a mock-recall drill, and export.
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  exportUrl,
  fsma204Url,
  holdRecall,
  releaseHolds,
  type Hold,
  type HoldAnswer,
  type NarrowingCriteria,
  type ObjectRef,
  type ScopeTable,
} from '../api/recall.ts';
import { useAction } from '../hooks/use-action.ts';
import { DateTime } from './date-time.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';
import { TextField } from './fields.tsx';
import { SortableTable } from './recall-table.tsx';
import '../styles/recall.css';

/** A reason the audit trail keeps: required, never blank. */
export function RequiredReason({
  value,
  onChange,
  label = 'Reason',
}: {
  value: string;
  onChange: (v: string) => void;
  label?: string;
}) {
  return (
    <TextField
      label={label}
      hint="Kept in the audit trail with who and when."
      value={value}
      onChange={(e) => onChange(e.target.value)}
      maxLength={2000}
      required
    />
  );
}

/** A dialog with one form: fields, the API's error, a submit and a cancel button. */
export function FormDialog({
  open,
  title,
  submitLabel,
  danger,
  onSubmit,
  onClose,
  children,
  error,
  busy,
  labels,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  danger?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  error: unknown;
  busy: boolean;
  labels?: Record<string, string>;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form onSubmit={submit}>
        {children}
        <ErrorMessage error={error} labels={labels} />
        <div className="actions">
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Working…' : submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Hold all in-house stock": one hold for every object of the scope still in the plant. */
export function HoldAllDialog({
  open,
  id,
  criteria,
  onClose,
  onHeld,
}: {
  open: boolean;
  id: string;
  criteria: NarrowingCriteria | null;
  onClose: () => void;
  onHeld: (a: HoldAnswer) => void;
}) {
  const [reason, setReason] = useState('');
  const action = useAction(holdRecall);
  return (
    <FormDialog
      open={open}
      title="Hold all in-house stock"
      submitLabel="Put on hold"
      danger
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run(id, criteria, reason.trim());
        if (r.ok) {
          setReason('');
          onHeld(r.value);
        }
      }}
    >
      <p className="dialog-text">
        Every lot, unit and container of this {criteria ? 'narrowed ' : ''}scope that is still in the plant
        goes on hold in one step. Shipped and used-up objects are not touched.
      </p>
      <RequiredReason value={reason} onChange={setReason} />
    </FormDialog>
  );
}

/** What one hold put on hold, and what was on hold already. */
export function HoldOutcome({ answer }: { answer: HoldAnswer }) {
  const codes = (xs: ObjectRef[]) =>
    xs
      .map((o) => o.code)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .join(', ');
  return (
    <p role="status" className="notice">
      {answer.held.length === 0 ? 'Nothing new was put on hold.' : `Put on hold: ${codes(answer.held)}.`}
      {answer.alreadyHeld.length > 0 && ` Already on hold: ${codes(answer.alreadyHeld)}.`}
      {answer.held.length + answer.alreadyHeld.length === 0 &&
        ' Nothing of this scope is still in the plant.'}
    </p>
  );
}

/** The holds on this scope's objects; with hold:write, selected ones can be released with a reason. */
export function HoldsTable({
  holds,
  canRelease,
  busy,
  onReleased,
}: {
  holds: Hold[];
  canRelease: boolean;
  busy?: boolean;
  onReleased: (message: string) => void;
}) {
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction(releaseHolds);
  return (
    <>
      <SortableTable<Hold>
        caption={`On hold (${holds.length})`}
        busy={busy}
        columns={[
          { label: 'Code', value: (h) => h.code, sort: (h) => h.code },
          { label: 'Kind', value: (h) => h.kind, sort: (h) => h.kind },
          { label: 'Since', value: (h) => <DateTime value={h.since} />, sort: (h) => h.since },
          { label: 'By', value: (h) => h.by, sort: (h) => h.by },
          { label: 'Reason', value: (h) => h.reason, sort: (h) => h.reason },
          ...(canRelease
            ? [
                {
                  label: 'Release',
                  value: (h: Hold) => (
                    <button
                      type="button"
                      className="small"
                      onClick={() => {
                        action.clear();
                        setReason('');
                        setReleasing(h);
                      }}
                    >
                      Release {h.code}
                    </button>
                  ),
                },
              ]
            : []),
        ]}
        rows={holds}
        rowKey={(h) => h.id}
        empty="Nothing of this scope is on hold."
      />
      <FormDialog
        open={releasing !== null}
        title={`Release ${releasing?.code ?? ''}`}
        submitLabel="Release"
        busy={action.busy}
        error={action.error}
        onClose={() => setReleasing(null)}
        onSubmit={async () => {
          if (!releasing) return;
          const r = await action.run([releasing.id], reason.trim());
          if (r.ok) {
            setReleasing(null);
            onReleased(`${releasing.code} released.`);
          }
        }}
      >
        <p className="dialog-text">The hold ends; the object can be used and shipped again.</p>
        <RequiredReason value={reason} onChange={setReason} />
      </FormDialog>
    </>
  );
}

/** The CSV link beside a table's caption. */
export function TableExport({
  id,
  table,
  criteria,
}: {
  id: string;
  table: ScopeTable;
  criteria: NarrowingCriteria | null;
}) {
  return (
    <a href={exportUrl(id, 'csv', table, criteria)} download aria-label={`Download ${table} as CSV`}>
      CSV
    </a>
  );
}

/** The whole scope as XLSX, its events as an EPCIS 2.0 document for partners, and the FDA FSMA 204 sortable spreadsheet. */
export function ScopeExports({ id, criteria }: { id: string; criteria: NarrowingCriteria | null }) {
  return (
    <div className="recall-exports">
      <strong>Export{criteria ? ' (narrowed)' : ''}:</strong>
      <a className="button small" href={exportUrl(id, 'xlsx', null, criteria)} download>
        Scope (XLSX)
      </a>
      <a className="button small" href={exportUrl(id, 'epcis', null, criteria)} download>
        Events (EPCIS 2.0)
      </a>
      <a className="button small" href={fsma204Url(id, 'csv', criteria)} download>
        FSMA 204 (CSV)
      </a>
      <a className="button small" href={fsma204Url(id, 'xlsx', criteria)} download>
        FSMA 204 (XLSX)
      </a>
    </div>
  );
}
