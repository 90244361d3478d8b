// The supplier scorecard as a table: one row per supplier and period. A missing figure says
// "no data" (never 0); the lots-received figure opens the lots behind the row.
import type { ScorecardPeriod, ScorecardRow } from '../api/types.ts';
import { formatCount, formatPercent, formatPpm, formatScore, NO_DATA, periodLabel } from '../format.ts';
import { supplierLabel } from '../hooks/use-scorecard.ts';
import type { CsvRow } from './charts/csv-link.tsx';
import { DataTable } from './data-table.tsx';

export interface ScorecardTableProps {
  period: ScorecardPeriod;
  rows: ScorecardRow[];
  busy: boolean;
  /** the row whose lots are shown */
  selected: { supplier: string; start: string } | null;
  onDrill: (row: ScorecardRow) => void;
}

function Figure({ text }: { text: string }) {
  return text === NO_DATA ? <span className="no-data">{NO_DATA}</span> : <>{text}</>;
}

const severities = (r: ScorecardRow) =>
  `${r.defectsBySeverity.minor} / ${r.defectsBySeverity.major} / ${r.defectsBySeverity.critical}`;

export function ScorecardTable({ period, rows, busy, selected, onDrill }: ScorecardTableProps) {
  const isSelected = (r: ScorecardRow) =>
    selected !== null && selected.supplier === r.supplier && selected.start === r.periodStart;
  return (
    <DataTable
      caption={`Scorecard (${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`}
      rows={rows}
      busy={busy}
      rowKey={(r) => `${r.supplier}|${r.periodStart}`}
      rowClass={(r) => (isSelected(r) ? 'selected' : undefined)}
      empty="No lots were received with these filters."
      columns={[
        { label: 'Supplier', value: (r) => supplierLabel(r) },
        { label: 'Period', nowrap: true, value: (r) => periodLabel(r.periodStart, period) },
        {
          label: 'Lots received',
          num: true,
          value: (r) => (
            <button
              type="button"
              className="link"
              aria-pressed={isSelected(r)}
              aria-label={`${formatCount(r.lotsReceived)} lots received from ${supplierLabel(r)} in ${periodLabel(r.periodStart, period)}: list them`}
              onClick={() => onDrill(r)}
            >
              {formatCount(r.lotsReceived)}
            </button>
          ),
        },
        { label: 'Inspected', num: true, value: (r) => formatCount(r.lotsInspected) },
        { label: 'Passed', num: true, value: (r) => formatCount(r.lotsPassed) },
        { label: 'Acceptance', num: true, value: (r) => <Figure text={formatPercent(r.acceptanceRate)} /> },
        { label: 'PPM defective', num: true, value: (r) => <Figure text={formatPpm(r.ppmDefective)} /> },
        {
          label: (
            <abbr title="Defect quantities of the first incoming inspections: minor / major / critical">
              Defects min / maj / crit
            </abbr>
          ),
          num: true,
          value: severities,
        },
        { label: '8D', num: true, value: (r) => <Figure text={formatCount(r.eightD)} /> },
        { label: 'On-time', num: true, value: (r) => <Figure text={formatPercent(r.onTimeDelivery)} /> },
        { label: 'Score', num: true, value: (r) => <Figure text={formatScore(r.score)} /> },
        { label: 'Grade', nowrap: true, value: (r) => <Figure text={r.grade ?? NO_DATA} /> },
      ]}
    />
  );
}

/** The scorecard rows as CSV lines: every figure as the API gave it (empty: no data). */
export const scorecardCsv = (rows: ScorecardRow[]): CsvRow[] =>
  rows.map((r) => ({
    supplier: r.supplier,
    supplierName: r.supplierName,
    period: r.period,
    periodStart: r.periodStart,
    lotsReceived: r.lotsReceived,
    quantityReceived: r.quantityReceived.map((q) => `${q.quantity} ${q.uom ?? ''}`.trim()).join('; '),
    lotsInspected: r.lotsInspected,
    lotsPassed: r.lotsPassed,
    acceptanceRate: r.acceptanceRate,
    ppmDefective: r.ppmDefective,
    ppmDefective_defective: r.ppmBasis.defective,
    ppmDefective_sampleSize: r.ppmBasis.sampleSize,
    defectsMinor: r.defectsBySeverity.minor,
    defectsMajor: r.defectsBySeverity.major,
    defectsCritical: r.defectsBySeverity.critical,
    eightD: r.eightD,
    daysToContainment: r.daysToContainment,
    daysToClosure: r.daysToClosure,
    onTimeDelivery: r.onTimeDelivery,
    score: r.score,
    grade: r.grade,
  }));
