// How the web app writes times, quantities and the API's figures. Times are shown in UTC, as
// they are stored. Formatting only: no figure is computed here.
import { format, utcFormat } from 'd3';

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

/** What a figure the API has no data for shows (never 0). */
export const NO_DATA = 'no data';

const percent = format('.1%');
const count = format(',');
const ppm = format(',.0f');
const oneDecimal = format('.1f');
const twoDecimals = format('.2f');
const threeDigits = format('.3~g');
const scientific = format('.1e');

/** A rate 0–1 as a percentage: `66.7%`. */
export const formatPercent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? NO_DATA : percent(rate);
/** A count: `1,250`. */
export const formatCount = (n: number | null | undefined): string =>
  n === null || n === undefined ? NO_DATA : count(n);
/** Defective parts per million: `41,667`. */
export const formatPpm = (n: number | null | undefined): string =>
  n === null || n === undefined ? NO_DATA : ppm(n);
/** A score 0–100: `44.4`. */
export const formatScore = (n: number | null | undefined): string =>
  n === null || n === undefined ? NO_DATA : oneDecimal(n);
/** A number with two decimals (a ratio, a correlation). */
export const formatDecimal = (n: number | null | undefined): string =>
  n === null || n === undefined ? NO_DATA : twoDecimals(n);
/** A p-value: three significant digits, or scientific when very small. */
export const formatP = (p: number): string => (p < 1e-4 ? scientific(p) : threeDigits(p));
/** A value with up to three significant digits and its unit: `245 CEL`. */
export const formatValue = (v: number, uom?: string | null): string =>
  uom ? `${threeDigits(v)} ${uom}` : threeDigits(v);

const month = utcFormat('%Y-%m');
const year = utcFormat('%Y');
const isoWeek = utcFormat('%G-W%V');

/** A period by its first day (YYYY-MM-DD, UTC): `2025-03`, `2025 Q1`, `2025`, `2025-W09`. */
export function periodLabel(start: string, period: 'month' | 'quarter' | 'year' | 'week'): string {
  const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return start;
  if (period === 'year') return year(d);
  if (period === 'quarter') return `${year(d)} Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  if (period === 'week') return isoWeek(d);
  return month(d);
}

/** The readable end of one of the project's own identifiers: `urn:lotgraph:lot:A1` -> `A1`. */
export const shortId = (id: string): string => /^urn:lotgraph:[a-z_]+:(.+)$/.exec(id)?.[1] ?? id;
