// The defect Pareto with its legend, data table and CSV, and the lots and units behind one bar.
import type { ParetoBar, ParetoDimension, ParetoItem } from '../api/types.ts';
import { formatCount, formatPercent } from '../format.ts';
import { UNATTRIBUTED } from '../hooks/use-pareto.ts';
import { ChartFrame } from './charts/chart-frame.tsx';
import { COLORS } from './charts/chart-style.ts';
import { Legend } from './charts/legend.tsx';
import { ParetoChart } from './charts/pareto-chart.tsx';
import { DataTable } from './data-table.tsx';
import { DateTime } from './date-time.tsx';
import { TraceLink } from './trace-link.tsx';

export const DIMENSIONS: Record<ParetoDimension, string> = {
  code: 'Defect code',
  step: 'Process step',
  equipment: 'Equipment',
  supplier: 'Supplier',
  material: 'Material',
};

export const canDrill = (b: ParetoBar) => b.name !== UNATTRIBUTED;

export interface ParetoViewProps {
  dimension: ParetoDimension;
  bars: ParetoBar[];
  labelOf: (name: string) => string;
  selected: string | null;
  onDrill: (bar: ParetoBar) => void;
  filename: string;
}

export function ParetoView({ dimension, bars, labelOf, selected, onDrill, filename }: ParetoViewProps) {
  return (
    <ChartFrame
      title={`Defects by ${DIMENSIONS[dimension].toLowerCase()}`}
      description={`Defect quantities, largest first; the line is the cumulative share. The vital few are the bars up to the one that reaches 80 %. Select a bar for its lots and units.`}
      legend={
        <Legend
          items={[
            { label: 'Vital few', color: COLORS.barVital, swatch: 'bar' },
            { label: 'Trivial many', color: COLORS.bar, swatch: 'bar' },
            { label: 'Cumulative share (right axis)', color: COLORS.cumulative, swatch: 'line' },
            { label: '80 % of defects', color: COLORS.reference, swatch: 'line' },
          ]}
        />
      }
      csv={{
        filename,
        columns: ['name', 'count', 'objects', 'share', 'cumulativeShare', 'vitalFew'],
        rows: bars.map((b) => ({ ...b })),
      }}
      table={
        <DataTable
          caption="Pareto bars"
          rows={bars}
          rowKey={(b) => b.name}
          columns={[
            { label: DIMENSIONS[dimension], value: (b) => labelOf(b.name) },
            { label: 'Defects', num: true, value: (b) => formatCount(b.count) },
            { label: 'Lots and units', num: true, value: (b) => formatCount(b.objects) },
            { label: 'Share', num: true, value: (b) => formatPercent(b.share) },
            { label: 'Cumulative', num: true, value: (b) => formatPercent(b.cumulativeShare) },
            { label: 'Vital few', value: (b) => (b.vitalFew ? 'yes' : 'no') },
          ]}
        />
      }
      empty={bars.length === 0 ? 'No defects were found with these filters.' : null}
    >
      {(ctx) => (
        <ParetoChart
          {...ctx}
          bars={bars}
          labelOf={labelOf}
          canDrill={canDrill}
          onDrill={onDrill}
          selected={selected}
          countTitle="Defects (count)"
          categoryTitle={DIMENSIONS[dimension]}
        />
      )}
    </ChartFrame>
  );
}

export function ParetoItems({
  title,
  items,
  total,
  busy,
}: {
  title: string;
  items: ParetoItem[];
  /** how many there are in all, when more than these */
  total?: number;
  busy: boolean;
}) {
  const count =
    total !== undefined && total > items.length
      ? `the ${formatCount(items.length)} with most defects of ${formatCount(total)}`
      : String(items.length);
  return (
    <DataTable
      caption={`${title} (${count})`}
      rows={items}
      busy={busy}
      rowKey={(i) => i.objectKey}
      empty="No lots or units."
      columns={[
        { label: 'Lot or unit', value: (i) => <TraceLink id={i.objectId} /> },
        { label: 'Kind', value: (i) => i.kind ?? '' },
        { label: 'Defects', num: true, value: (i) => formatCount(i.defects) },
        { label: 'Inspections', num: true, value: (i) => formatCount(i.inspections) },
        { label: 'First found', value: (i) => <DateTime value={i.firstAt} /> },
        { label: 'Last found', value: (i) => <DateTime value={i.lastAt} /> },
      ]}
    />
  );
}
