// Process audits (VDA 6.3): the audit programmes with their audits counted by status, the audits
// (filtered by programme and status, in the address) with their grade and open actions, and,
// with vda63:conduct, a new programme and planning an audit. A supplier's user sees only its
// own supplier's completed audits (the API's cut).
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { createProgramme, type AuditSummary } from '../api/vda63.ts';
import { useUser } from '../auth/session.tsx';
import { AuditPlanDialog } from '../components/audit-plan-dialog.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { TextField } from '../components/fields.tsx';
import { FilterBar, FilterSelect } from '../components/filter-fields.tsx';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks/use-action.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { useUrlFilters, type Filters } from '../hooks/use-url-filters.ts';
import { nameOf, useSuppliers } from '../hooks/use-users.ts';
import { useAudits, useCatalogues, useProgrammes } from '../hooks/use-vda63.ts';
import '../styles/audits.css';

type FilterKey = 'programme' | 'status';
const DEFAULTS: Filters<FilterKey> = { programme: '', status: '' };
const CHOICES = { status: ['', 'planned', 'in_progress', 'completed'] };
export const STATUS_LABELS = { planned: 'Planned', in_progress: 'In progress', completed: 'Completed' };

export function AuditsPage() {
  usePageTitle('Process audits');
  const { user, can } = useUser();
  const conduct = can('vda63:conduct');
  const staff = user.role !== 'supplier';
  const [f, setF] = useUrlFilters<FilterKey>(DEFAULTS, CHOICES);
  const programmes = useProgrammes();
  const audits = useAudits(f);
  const catalogues = useCatalogues();
  const suppliers = useSuppliers(staff);
  const navigate = useNavigate();
  const [planning, setPlanning] = useState(false);
  const [newProgramme, setNewProgramme] = useState(false);
  const supplierLabel = (id: string | null) => {
    if (!id) return 'own process';
    const s = suppliers.data?.find((x) => x.id === id);
    return s ? nameOf(s) : id;
  };
  return (
    <section className="page wide audits-page">
      <div className="page-head">
        <h1>Process audits</h1>
        <div className="actions">
          {can('config:write') && <Link to="/audits/catalogues">Catalogues</Link>}
          {conduct && (
            <button type="button" onClick={() => setNewProgramme(true)}>
              New programme
            </button>
          )}
          {conduct && (
            <button
              type="button"
              className="primary"
              disabled={!programmes.data?.length || !catalogues.data?.length}
              onClick={() => setPlanning(true)}
            >
              Plan an audit
            </button>
          )}
        </div>
      </div>
      <p>
        VDA 6.3 process audits: each answered question by question (P6 once per process step), with evidence
        linked from Lotgraph&apos;s own records, scored and graded with every downgrade explained, findings
        turned into actions, and an evidence pack for the auditor.
      </p>
      <ErrorMessage error={programmes.error} />
      {staff && programmes.data && (
        <ul className="programme-list" aria-label="Audit programmes">
          {programmes.data.map((p) => (
            <li key={p.id} className={f.programme === p.id ? 'selected' : undefined}>
              <button
                type="button"
                className="link"
                onClick={() => setF({ programme: f.programme === p.id ? '' : p.id })}
              >
                {p.id} {p.title}
              </button>
              <span className="muted">
                {' '}
                {p.audits} audits: {p.planned} planned, {p.inProgress} in progress, {p.completed} completed
              </span>
            </li>
          ))}
          {programmes.data.length === 0 && <li className="muted">No audit programme yet.</li>}
        </ul>
      )}
      <FilterBar>
        {staff && (
          <FilterSelect
            label="Programme"
            value={f.programme}
            onChange={(v) => setF({ programme: v })}
            choices={[
              { value: '', label: 'All programmes' },
              ...(programmes.data ?? []).map((p) => ({ value: p.id, label: `${p.id} ${p.title}` })),
            ]}
          />
        )}
        {staff && (
          <FilterSelect
            label="Status"
            value={f.status}
            onChange={(v) => setF({ status: v })}
            choices={[
              { value: '', label: 'Every status' },
              ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
            ]}
          />
        )}
      </FilterBar>
      <ErrorMessage error={audits.error} />
      {audits.data && (
        <DataTable<AuditSummary>
          caption={`Audits (${audits.data.length})`}
          busy={audits.loading}
          rows={audits.data}
          rowKey={(a) => a.id}
          empty={staff ? 'No audit matches.' : 'No completed audit of yours yet.'}
          columns={[
            {
              label: 'Audit',
              value: (a) => <Link to={`/audits/${encodeURIComponent(a.id)}`}>{`${a.id} ${a.title}`}</Link>,
            },
            { label: 'Audited', value: (a) => `${a.process} (${supplierLabel(a.supplierId)})` },
            { label: 'Planned', nowrap: true, value: (a) => a.plannedOn },
            { label: 'Lead auditor', value: (a) => a.leadAuditor },
            { label: 'Status', value: (a) => STATUS_LABELS[a.status] },
            {
              label: 'Grade',
              value: (a) =>
                a.grade ? (
                  <span className={`grade grade-${a.grade}`}>{a.grade}</span>
                ) : a.status === 'completed' ? (
                  'none'
                ) : (
                  ''
                ),
            },
            {
              label: 'E_G',
              num: true,
              value: (a) => (a.overall === null ? '' : `${a.overall.toFixed(1)} %`),
            },
            { label: 'Answers', num: true, value: (a) => a.answers },
            { label: 'Open actions', num: true, value: (a) => a.openActions },
            { label: 'Completed', value: (a) => formatDateTime(a.completedAt, '') },
          ]}
        />
      )}
      {conduct && planning && programmes.data && catalogues.data && (
        <AuditPlanDialog
          open
          onClose={() => setPlanning(false)}
          onPlanned={(a) => navigate(`/audits/${encodeURIComponent(a.id)}`)}
          programmes={programmes.data}
          catalogues={catalogues.data}
          suppliers={suppliers.data ?? []}
          programmeId={f.programme}
        />
      )}
      <ProgrammeDialog
        open={newProgramme}
        onClose={() => setNewProgramme(false)}
        onCreated={(id) => {
          setNewProgramme(false);
          programmes.reload();
          setF({ programme: id });
        }}
      />
    </section>
  );
}

function ProgrammeDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [title, setTitle] = useState('');
  const [year, setYear] = useState(String(new Date().getUTCFullYear()));
  const [description, setDescription] = useState('');
  const create = useAction(createProgramme);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create.run({ title, year: Number(year), ...(description ? { description } : {}) });
    if (r.ok) onCreated(r.value.id);
  };
  return (
    <Dialog open={open} title="New audit programme" onClose={onClose}>
      <form onSubmit={submit} aria-label="New audit programme" noValidate>
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} required />
        <TextField
          label="Year"
          type="number"
          value={year}
          onChange={(e) => setYear(e.target.value)}
          required
        />
        <TextField
          label="Description (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <ErrorMessage error={create.error} labels={{ title: 'Title', year: 'Year' }} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            Create
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
