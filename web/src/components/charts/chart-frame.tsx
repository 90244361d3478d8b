// The frame of every chart: its title, a sentence on what it shows and in which units, the legend,
// the CSV download, the plot (drawn at the measured width) and a data table for those who
// cannot see the plot.
import { useId, type ReactNode } from 'react';
import { CHART } from './chart-layout.ts';
import { CsvLink, type CsvData } from './csv-link.tsx';
import { useElementWidth } from './use-element-width.ts';

export interface PlotContext {
  /** the SVG width to draw at */
  width: number;
  /** the id of the title, for the SVG's aria-labelledby */
  titleId: string;
  /** the id of the description, for the SVG's aria-describedby */
  descId: string;
}

export interface ChartFrameProps {
  title: string;
  description?: ReactNode;
  legend?: ReactNode;
  csv?: CsvData;
  /** the same data as a table (in a disclosure under the plot) */
  table?: ReactNode;
  /** shown instead of the plot, e.g. "no data in this period" */
  empty?: string | null;
  children: (ctx: PlotContext) => ReactNode;
}

export function ChartFrame({ title, description, legend, csv, table, empty, children }: ChartFrameProps) {
  const titleId = useId();
  const descId = useId();
  const [ref, measured] = useElementWidth<HTMLDivElement>();
  const width = Math.max(measured, CHART.minWidth);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <div className="chart-head">
        <h3 id={titleId}>{title}</h3>
        {csv && !empty && <CsvLink data={csv} title={title} />}
      </div>
      {description && (
        <p className="chart-desc" id={descId}>
          {description}
        </p>
      )}
      {!empty && legend}
      {empty ? (
        <p className="chart-empty">{empty}</p>
      ) : (
        <div className="chart-plot" ref={ref}>
          {measured > 0 && children({ width, titleId, descId })}
        </div>
      )}
      {table && !empty && (
        <details className="chart-table">
          <summary>Data table</summary>
          {table}
        </details>
      )}
    </figure>
  );
}
