// Cell types of the CSV bundle as zod schemas over the (trimmed) cell text. Each failure carries
// the reason a person reads in the problem list, so messages name the value and the fix.
import { z } from 'zod';
import {
  CODE,
  KIND_NAME,
  classifyUri,
  internalId,
  isValidUri,
  looksLikeUri,
  type IdKind,
} from './csv.ids.ts';

/** A column: whether the header must have it, and how one cell of it is read. */
export interface Column<T> {
  required: boolean;
  schema: z.ZodType<T | undefined, string>;
}

class Bad {
  constructor(readonly reason: string) {}
}
const bad = (reason: string) => new Bad(reason);

/** A cell type from a parse function that returns the value or a `Bad` reason. */
function cell<T>(parse: (s: string) => T | Bad): z.ZodType<T, string> {
  return z.string().transform((s, ctx): T => {
    const r = parse(s);
    if (r instanceof Bad) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r;
  });
}

/** A column every row must fill. */
export function req<T>(type: z.ZodType<T, string>): Column<T> {
  return { required: true, schema: z.string().trim().min(1, 'missing value').pipe(type) };
}

/** A column that may be absent from the header, and a cell that may be empty. */
export function opt<T>(type: z.ZodType<T, string>): Column<T> {
  return {
    required: false,
    schema: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s))
      .pipe(type.optional()),
  };
}

/** Reads one cell: its value (undefined when empty and optional) or the reason it is wrong. */
export function readCell<T>(
  column: Column<T>,
  raw: string,
): { ok: true; value: T | undefined } | { ok: false; reason: string } {
  const r = column.schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reason: r.error.issues[0]?.message ?? 'is not valid' };
}

export const text = cell((s) => s);

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** A decimal with a dot; `min` says whether negative values or zero are wrong. */
export function decimal(min: 'any' | 'nonnegative' | 'positive', whole = false) {
  return cell((s) => {
    if (!DECIMAL.test(s))
      return bad(
        `"${s}" is not a number: write decimals with a dot (12.5), without thousands separators or units`,
      );
    const n = Number(s);
    if (min !== 'any' && n < 0) return bad(`must not be negative (got ${s})`);
    if (min === 'positive' && n === 0) return bad('must be greater than 0');
    if (whole && !Number.isInteger(n)) return bad(`must be a whole number (got ${s})`);
    return n;
  });
}

/** A point in time read from an ISO 8601 cell. */
export interface Instant {
  /** RFC 3339 form for EPCIS `eventTime`, in the offset it was written in */
  text: string;
  /** the offset as `+hh:mm` (`Z` becomes `+00:00`), for `eventTimeZoneOffset` */
  offset: string;
  /** milliseconds since the epoch */
  ms: number;
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME_EXAMPLE = '2024-03-04T08:30:00+01:00';

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const realDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

export const time = cell((s): Instant | Bad => {
  const m = TIME.exec(s);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s))
      return bad(`"${s}" is a date without a time of day; expected a date-time such as ${TIME_EXAMPLE}`);
    return bad(`"${s}" is not an ISO 8601 date-time; expected e.g. ${TIME_EXAMPLE}`);
  }
  const [, ys, mos, ds, hs, mis, ss = '00', frac = '', zone] = m;
  if (zone === undefined)
    return bad(
      `"${s}" has no time zone; add Z for UTC or the offset of the local time, e.g. ${TIME_EXAMPLE}`,
    );
  const [y, mo, d, h, mi, sec] = [ys, mos, ds, hs, mis, ss].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let offset = '+00:00';
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(3).replace(':', '') || '0');
    if (oh > 23 || om > 59) return bad(`"${s}" has an impossible time zone offset`);
    offset = `${zone[0]}${zone.slice(1, 3)}:${String(om).padStart(2, '0')}`;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (!realDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return bad(`"${s}" is not a real date-time`);
  const millis = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec, millis) - offsetMinutes * 60_000;
  const zoneText = zone.toUpperCase() === 'Z' ? 'Z' : offset;
  return { text: `${ys}-${mos}-${ds}T${hs}:${mis}:${ss}${frac}${zoneText}`, offset, ms };
});

export const date = cell((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return bad(`"${s}" is not an ISO 8601 date; expected e.g. 2024-09-30`);
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return bad(`"${s}" is not a real date`);
  return s;
});

/** One of a few words, case-insensitive; the value is the lower-case word. */
export function oneOf<const V extends readonly string[]>(values: V) {
  return cell((s): V[number] | Bad => {
    const v = s.toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as V[number];
    return bad(`must be one of ${values.join(', ')} (got "${s}")`);
  });
}

/** A UN/CEFACT Recommendation 20 unit code such as KGM, EA, CEL, MIN (upper-cased). */
export const uom = cell((s) => {
  const v = s.toUpperCase();
  if (!/^[A-Z0-9]{2,3}$/.test(v))
    return bad(`"${s}" is not a UN/CEFACT unit code (2-3 letters or digits, e.g. KGM, EA, CEL)`);
  return v;
});

/** An ISO 3166-1 alpha-2 country code (upper-cased). */
export const country = cell((s) => {
  const v = s.toUpperCase();
  if (!/^[A-Z]{2}$/.test(v)) return bad(`"${s}" is not an ISO 3166-1 alpha-2 country code (e.g. DE)`);
  return v;
});

/** A GTIN-8/12/13/14 with a correct check digit, returned as GTIN-14. */
export const gtin = cell((s) => {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(s)) return bad(`"${s}" is not a GTIN (8, 12, 13 or 14 digits)`);
  const digits = s.padStart(14, '0');
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 3 : 1);
  if ((10 - (sum % 10)) % 10 !== Number(digits[13])) return bad(`"${s}" has a wrong GTIN check digit`);
  return digits;
});

/** A CURIE or URI such as `gs1:Temperature`. */
export const curie = cell((s) =>
  /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(s)
    ? s
    : bad(`"${s}" is not a URI or prefixed name (e.g. gs1:Temperature)`),
);

/** An absolute URI such as `https://…` or `urn:…`, kept as written. */
export const uri = cell((s) =>
  isValidUri(s) ? s : bad(`"${s}" is not a URI: give a web address (https://…) or another URI (urn:…)`),
);

/**
 * An identifier: a code (becomes `urn:lotgraph:<kind>:<code>`) or an absolute URI kept as
 * given, whose scheme must not name another kind of object.
 */
export function ident(kind: IdKind) {
  return cell((s) => {
    if (looksLikeUri(s)) {
      if (!isValidUri(s)) return bad(`"${s}" is not a valid URI (no spaces allowed)`);
      const k = classifyUri(s);
      if (k !== null && k !== kind)
        return bad(
          `"${s}" identifies a ${Object.hasOwn(KIND_NAME, k) ? KIND_NAME[k] : k}, not a ${KIND_NAME[kind]}`,
        );
      return s;
    }
    if (!CODE.test(s))
      return bad(
        `"${s}" is not a valid code: use letters, digits and - . _ / + ( ) only, or give a full URI (urn:… or https://…)`,
      );
    return internalId(kind, s);
  });
}
