// How the web app writes times and quantities. Times are shown in UTC, as they are stored.

/** `2025-03-04 05:06 UTC`, or `empty` when there is no time. */
export function formatDateTime(iso: string | null | undefined, empty = 'never'): string {
  if (!iso) return empty;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 6 });

/** A quantity as the API gave it, with its unit: `1,250.5 KGM`. */
export const formatQty = (qty: number | null | undefined, uom?: string | null): string =>
  qty === null || qty === undefined ? '' : uom ? `${number.format(qty)} ${uom}` : number.format(qty);

/** The API's messages start in lower case; on screen they open a sentence. */
export const sentence = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);
