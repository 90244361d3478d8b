// Simulation clock helpers. All times are epoch milliseconds in UTC; the demo covers 2025.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR_START = Date.UTC(2025, 0, 1);
export const YEAR_END = Date.UTC(2026, 0, 1); // exclusive
export const DAYS_IN_YEAR = 365;

/** RFC 3339 with second precision, always UTC ("2025-03-04T05:06:07Z"). */
export const isoTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** xsd:date ("2025-03-04"), used for expiry and best-before dates. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const dayStart = (day: number): number => YEAR_START + day * DAY;

/** 0 = Sunday ... 6 = Saturday. */
export const weekday = (ms: number): number => new Date(ms).getUTCDay();

/** ISO week number within 2025 (1 January 2025 is a Wednesday in ISO week 1). */
export const isoWeek = (ms: number): number => Math.floor((Math.floor((ms - YEAR_START) / DAY) + 2) / 7) + 1;

/** "2503" for March 2025: the month part of lot codes such as FL-2503-007. */
export const yymm = (ms: number): string => isoDate(ms).slice(2, 7).replace('-', '');
