// A chart's data as a CSV file: d3's csvFormat over the rows the API answered (flattened), a
// Blob, and a plain <a download>. The object URL is released when the data changes or the link goes.
import { csvFormat } from 'd3';
import { useEffect, useMemo, useState } from 'react';
import { shortId } from '../../format.ts';

export type CsvValue = string | number | boolean | null;
export type CsvRow = Record<string, CsvValue>;

export interface CsvData {
  /** the file name, from csvName */
  filename: string;
  rows: CsvRow[];
  /** the columns in order; by default the first row's keys */
  columns?: string[];
}

/** `defects-pareto_dimension-code_from-2025-03-01.csv`: the chart's name and every filter set. */
export function csvName(chart: string, filters: Record<string, string | null | undefined> = {}): string {
  const slug = (s: string) => shortId(s).replace(/[^A-Za-z0-9._-]+/g, '-');
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}-${slug(v!)}`);
  return `${[chart, ...parts].join('_')}.csv`;
}

export function CsvLink({ data, title }: { data: CsvData; title: string }) {
  const text = useMemo(
    () => (data.columns ? csvFormat(data.rows, data.columns) : csvFormat(data.rows)),
    [data.rows, data.columns],
  );
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [text]);
  return (
    <a
      className="button small"
      href={url ?? undefined}
      download={data.filename}
      aria-disabled={url === null}
      aria-label={`Download CSV: ${title}`}
    >
      Download CSV
    </a>
  );
}
