/**
 * Builds GS1 Digital Link URIs for labels: a trade item (GTIN, AI 01) with its lot (AI 10) or
 * serial (AI 21), or a logistic unit (SSCC, AI 00), with the expiry date (AI 17, YYMMDD) as a
 * query attribute. Also the texts printed under the QR code: the human-readable AI text
 * `(01)…(10)…(17)…` and a GS1-128 style line (fixed-length AIs first, as a barcode carries them).
 *
 * Pure code, no dependencies beyond gs1-ids. GTIN-8/12/13 are padded to 14 digits; GTIN and
 * SSCC check digits are checked, never computed over a wrong value; lot and serial values must
 * be GS1 character set 82 (at most 20 characters) and are percent-encoded in the path.
 */
import { CANONICAL_DL_PREFIX, gs1CheckDigit } from './gs1-ids.ts';

/** What a label names. Give a GTIN (with lot and/or serial) or an SSCC. */
export interface DigitalLinkInput {
  gtin?: string | null;
  /** AI 10, batch or lot number */
  lot?: string | null;
  /** AI 21, serial number; with a serial the lot stays on the label text but not in the path */
  serial?: string | null;
  /** AI 00, 18 digits */
  sscc?: string | null;
  /** `YYYY-MM-DD` or an ISO date-time (its date part is used) */
  expiry?: string | null;
}

export interface DigitalLinkElement {
  ai: string;
  value: string;
}

export interface DigitalLink {
  /** the URI a QR code holds: `<base>/01/<gtin>/10/<lot>?17=<yymmdd>` */
  uri: string;
  /** the path after the base without the query: the object's canonical key (`01/…/10/…`) */
  path: string;
  /** the elements in the order printed: key, qualifiers, then data attributes */
  elements: DigitalLinkElement[];
  /** human-readable AI text, `(01)04012345123456(10)L1(17)250930` */
  text: string;
  /** the same elements in GS1-128 order (fixed-length AIs first), `(01)…(17)…(10)…` */
  gs1128: string;
}

export type DigitalLinkResult = ({ ok: true } & DigitalLink) | { ok: false; reason: string };

/** GS1 AI encodable character set 82. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/**
 * Percent-encodes a lot or serial for a Digital Link path: every character other than letters,
 * digits, `-`, `.` and `_` (the GS1 Digital Link toolkits do the same; `/`, `%`, `?`, `#` would
 * otherwise change the URI's meaning).
 */
export function encodeDigitalLinkValue(value: string): string {
  return value.replace(
    /[^A-Za-z0-9\-._]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
}

const validCheckDigit = (digits: string) => gs1CheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));

/** A GTIN-8, -12, -13 or -14 as GTIN-14, or the reason it is not a GTIN. */
export function gtin14(gtin: string): { ok: true; gtin: string } | { ok: false; reason: string } {
  const g = gtin.trim();
  if (!/^(?:\d{8}|\d{12}|\d{13}|\d{14})$/.test(g))
    return { ok: false, reason: `GTIN "${gtin}" must have 8, 12, 13 or 14 digits` };
  if (!validCheckDigit(g))
    return {
      ok: false,
      reason: `GTIN ${g} has check digit ${g.slice(-1)}, expected ${gs1CheckDigit(g.slice(0, -1))}`,
    };
  return { ok: true, gtin: g.padStart(14, '0') };
}

/** An expiry date as AI 17 wants it (YYMMDD), or null when `date` is not a date. */
export function yymmdd(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(date.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return y!.slice(2) + mo! + d!;
}

function checkText(ai: string, title: string, value: string): string | null {
  if (value.length > 20) return `(${ai}) ${title} "${value}" has more than 20 characters`;
  if (!CSET82.test(value)) return `(${ai}) ${title} "${value}" holds a character barcodes cannot carry`;
  return null;
}

const paren = (els: DigitalLinkElement[]) => els.map((e) => `(${e.ai})${e.value}`).join('');
/** Fixed-length AIs (00, 01, 17) go first in a barcode, so variable ones need no separator but the last. */
const FIXED = new Set(['00', '01', '17']);

/**
 * The GS1 Digital Link of a trade item or logistic unit, with `base` as the host (GS1 allows any
 * domain; default `https://id.gs1.org/`). A serial wins over a lot in the path (the lowest
 * granularity), but both are printed. Returns the reason when the input cannot make one.
 */
export function buildDigitalLink(input: DigitalLinkInput, base = CANONICAL_DL_PREFIX): DigitalLinkResult {
  const root = base.endsWith('/') ? base : base + '/';
  if (!/^https?:\/\/[^/?#]+\/(?:[^?#]*)$/i.test(root))
    return { ok: false, reason: `resolver base "${base}" is not an http(s) URL without query` };
  const elements: DigitalLinkElement[] = [];
  let path: string;
  if (input.sscc) {
    const s = input.sscc.trim();
    if (!/^\d{18}$/.test(s)) return { ok: false, reason: `SSCC "${input.sscc}" must have 18 digits` };
    if (!validCheckDigit(s))
      return {
        ok: false,
        reason: `SSCC ${s} has check digit ${s.slice(-1)}, expected ${gs1CheckDigit(s.slice(0, -1))}`,
      };
    elements.push({ ai: '00', value: s });
    path = `00/${s}`;
  } else if (input.gtin) {
    const g = gtin14(input.gtin);
    if (!g.ok) return g;
    elements.push({ ai: '01', value: g.gtin });
    path = `01/${g.gtin}`;
    if (input.lot) {
      const bad = checkText('10', 'lot', input.lot);
      if (bad) return { ok: false, reason: bad };
      elements.push({ ai: '10', value: input.lot });
    }
    if (input.serial) {
      const bad = checkText('21', 'serial', input.serial);
      if (bad) return { ok: false, reason: bad };
      elements.push({ ai: '21', value: input.serial });
      path += `/21/${encodeDigitalLinkValue(input.serial)}`;
    } else if (input.lot) path += `/10/${encodeDigitalLinkValue(input.lot)}`;
  } else return { ok: false, reason: 'a Digital Link needs a GTIN or an SSCC' };

  let query = '';
  if (input.expiry) {
    const d = yymmdd(input.expiry);
    if (d === null) return { ok: false, reason: `expiry "${input.expiry}" is not a date YYYY-MM-DD` };
    elements.push({ ai: '17', value: d });
    query = `?17=${d}`;
  }
  const ordered = [...elements.filter((e) => FIXED.has(e.ai)), ...elements.filter((e) => !FIXED.has(e.ai))];
  return {
    ok: true,
    uri: root + path + query,
    path,
    elements,
    text: paren(elements),
    gs1128: paren(ordered),
  };
}
