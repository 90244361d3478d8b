// The lots behind one supplier-period of the scorecard, each opening its trace; a lot's material
// can become the page's material filter, to compare every supplier of it.
import type { ScorecardLot } from '../api/types.ts';
import { formatQty, shortId } from '../format.ts';
import { DataTable } from './data-table.tsx';
import { DateTime } from './date-time.tsx';
import { TraceLink } from './trace-link.tsx';

export interface ScorecardLotsProps {
  title: string;
  lots: ScorecardLot[];
  busy: boolean;
  onCompare?: (material: string) => void;
}

export function ScorecardLots({ title, lots, busy, onCompare }: ScorecardLotsProps) {
  return (
    <DataTable
      caption={`${title} (${lots.length})`}
      rows={lots}
      busy={busy}
      rowKey={(l) => `${l.objectId}|${l.receiptEventId}`}
      empty="No lots."
      columns={[
        { label: 'Lot', value: (l) => <TraceLink id={l.objectId} /> },
        {
          label: 'Material',
          value: (l) =>
            l.material === null ? (
              ''
            ) : (
              <>
                {shortId(l.material)}
                {onCompare && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link small-link"
                      onClick={() => onCompare(l.material!)}
                      aria-label={`Compare the suppliers of ${shortId(l.material)}`}
                    >
                      compare suppliers
                    </button>
                  </>
                )}
              </>
            ),
        },
        { label: 'Received', value: (l) => <DateTime value={l.receivedAt} /> },
        { label: 'Quantity', num: true, value: (l) => formatQty(l.quantity, l.uom) },
        { label: 'First incoming inspection', value: (l) => l.inspection?.result ?? 'not inspected' },
        { label: 'Inspected', value: (l) => <DateTime value={l.inspection?.inspectedAt} empty="" /> },
        { label: 'Sample', num: true, value: (l) => l.inspection?.sampleSize ?? '' },
        { label: 'Defective', num: true, value: (l) => l.inspection?.defective ?? '' },
      ]}
    />
  );
}
