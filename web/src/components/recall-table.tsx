// A table whose columns sort on a click or Enter on their heading (ascending, then descending).
// Sorting only orders the API's rows; it never changes a figure. A long table (a hub lot's recall
// holds tens of thousands of units) shows its first rows, in the chosen order, and more on request;
// the exports beside the caption hold every row.
import { useMemo, useState, type ReactNode } from 'react';
import '../styles/recall.css';

export interface SortColumn<T> {
  label: string;
  /** right-aligned figures */
  num?: boolean;
  value: (row: T) => ReactNode;
  /** what the column sorts by; without it the column does not sort */
  sort?: (row: T) => string | number | null;
}

export interface SortableTableProps<T> {
  caption: ReactNode;
  columns: SortColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: string;
  busy?: boolean;
  rowClass?: (row: T) => string | undefined;
  /** a link or note shown beside the caption */
  extra?: ReactNode;
  /** rows shown at first and added by "Show more" (default ROWS_SHOWN) */
  pageSize?: number;
}

/** Rows a table shows before "Show more": enough to read, few enough to draw at once. */
export const ROWS_SHOWN = 500;

type Order = { col: number; dir: 1 | -1 } | null;

const compare = (a: string | number | null, b: string | number | null): number => {
  // Empty values go last either way round.
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
};

export function SortableTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  busy,
  rowClass,
  extra,
  pageSize = ROWS_SHOWN,
}: SortableTableProps<T>) {
  const [order, setOrder] = useState<Order>(null);
  const [shown, setShown] = useState(pageSize);
  const sorted = useMemo(() => {
    const by = order && columns[order.col]?.sort;
    if (!order || !by) return rows;
    return rows
      .map((r, i) => ({ r, i }))
      .sort((x, y) => compare(by(x.r), by(y.r)) * order.dir || x.i - y.i)
      .map((x) => x.r);
  }, [rows, order, columns]);
  const toggle = (col: number) =>
    setOrder((o) => (o && o.col === col ? { col, dir: o.dir === 1 ? -1 : 1 } : { col, dir: 1 }));

  return (
    <div className="table-wrap recall-table">
      <table aria-busy={busy}>
        <caption>
          {caption}
          {extra && <span className="caption-extra">{extra}</span>}
        </caption>
        <thead>
          <tr>
            {columns.map((c, i) => {
              const dir = order?.col === i ? order.dir : 0;
              return (
                <th
                  key={c.label}
                  scope="col"
                  className={c.num ? 'num' : undefined}
                  aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : undefined}
                >
                  {c.sort ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={() => toggle(i)}
                      title={`Sort by ${c.label.toLowerCase()}`}
                    >
                      {c.label}
                      <span aria-hidden="true" className="sort-mark">
                        {dir === 1 ? '▲' : dir === -1 ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? 'Nothing to show.'}
              </td>
            </tr>
          )}
          {sorted.slice(0, shown).map((r) => (
            <tr key={rowKey(r)} className={rowClass?.(r)}>
              {columns.map((c) => (
                <td key={c.label} className={c.num ? 'num' : undefined}>
                  {c.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > shown && (
        <p className="table-more" role="status">
          Showing {shown.toLocaleString('en')} of {sorted.length.toLocaleString('en')} rows.{' '}
          <button type="button" className="small" onClick={() => setShown((n) => n + pageSize)}>
            Show {Math.min(pageSize, sorted.length - shown).toLocaleString('en')} more
          </button>
        </p>
      )}
    </div>
  );
}
