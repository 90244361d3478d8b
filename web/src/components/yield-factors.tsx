// The factor ranking of a step: the drivers found one after another, and every factor by its most
// significant level. A parameter opens its charts; an input lot opens its trace.
import type { YieldFactor, YieldFactorsAnswer } from '../api/types.ts';
import { formatCount, formatDecimal, formatP, formatPercent, formatValue } from '../format.ts';
import { DataTable, type Column } from './data-table.tsx';
import { TraceLink } from './trace-link.tsx';

export const levelText = (l: YieldFactor['level']): string =>
  l ? (l.lo === l.hi ? formatValue(l.lo, l.uom) : `${formatValue(l.lo)}–${formatValue(l.hi, l.uom)}`) : '';

// JSON has no Infinity: a null ratio means the other units never failed.
const ratioText = (r: number | null) => (r === null ? '∞' : formatDecimal(r));

export interface YieldFactorsProps {
  answer: YieldFactorsAnswer;
  parameter: string;
  onParameter: (name: string) => void;
}

export function YieldFactors({ answer, parameter, onParameter }: YieldFactorsProps) {
  const columns: Column<YieldFactor>[] = [
    {
      label: 'Factor',
      value: (f) =>
        f.kind === 'parameter' ? (
          <button
            type="button"
            className="link"
            aria-pressed={f.name === parameter}
            aria-label={`Parameter ${f.name}: show its charts`}
            onClick={() => onParameter(f.name)}
          >
            {f.name}
          </button>
        ) : (
          <TraceLink id={f.name} />
        ),
    },
    { label: 'Kind', value: (f) => (f.kind === 'parameter' ? 'parameter' : 'input lot') },
    { label: 'Level', value: (f) => levelText(f.level) },
    { label: 'Units', num: true, value: (f) => formatCount(f.units) },
    { label: 'Failed', num: true, value: (f) => formatCount(f.fails) },
    { label: 'Fail rate', num: true, value: (f) => formatPercent(f.failRate) },
    { label: 'Others’ fail rate', num: true, value: (f) => formatPercent(f.otherFailRate) },
    { label: 'Ratio', num: true, value: (f) => ratioText(f.ratio) },
    { label: 'p', num: true, value: (f) => formatP(f.pValue) },
    { label: 'Adjusted p', num: true, value: (f) => formatP(f.adjustedP) },
  ];
  const key = (f: YieldFactor) => `${f.kind}|${f.name}`;
  return (
    <>
      <p>
        {formatCount(answer.units)} units, {formatCount(answer.fails)} failed at their first test. Each input
        lot and each band of each parameter is tested against the other units (Fisher exact test, p adjusted
        for the number of tests by Benjamini–Hochberg).
      </p>
      <DataTable
        caption="Drivers (found one after another; adjusted p below 0.05)"
        rows={answer.drivers}
        rowKey={key}
        empty="No factor is a significant driver."
        columns={[
          { label: 'Round', num: true, value: (f) => (f as YieldFactor & { round: number }).round },
          ...columns,
        ]}
      />
      <DataTable
        caption={`All factors (${answer.factors.length}), most significant first`}
        rows={answer.factors}
        rowKey={key}
        empty="No factor to test."
        columns={columns}
      />
    </>
  );
}
