import { formatDateTime } from '../format.ts';

/** A machine-readable time shown in UTC; `empty` when there is none. */
export function DateTime({ value, empty = 'never' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <>{empty}</>;
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}
