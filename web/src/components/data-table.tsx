// A plain table from rows and column definitions: chart data tables and drill-down lists.
import type { ReactNode } from 'react';

export interface Column<T> {
  label: ReactNode;
  /** right-aligned figures */
  num?: boolean;
  /** keep on one line (periods, codes) */
  nowrap?: boolean;
  value: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, i: number) => string;
  /** shown in one cell when there are no rows */
  empty?: string;
  busy?: boolean;
  rowClass?: (row: T) => string | undefined;
}

export function DataTable<T>({ caption, columns, rows, rowKey, empty, busy, rowClass }: DataTableProps<T>) {
  return (
    <div className="table-wrap">
      <table aria-busy={busy}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? 'Nothing to show.'}
              </td>
            </tr>
          )}
          {rows.map((r, i) => (
            <tr key={rowKey(r, i)} className={rowClass?.(r)}>
              {columns.map((c, j) => (
                <td
                  key={j}
                  className={[c.num && 'num', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || undefined}
                >
                  {c.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
