/**
 * GS1 element strings as scanners deliver them (the text of a GS1 DataMatrix, GS1 QR Code or
 * GS1-128 barcode) and as people type them from a label: raw with a symbology identifier
 * (`]d2`, `]Q3`, `]C1`, …) and FNC1 sent as the group separator (U+001D), or human-readable
 * with the AIs in parentheses (`(01)09506000134352(10)ABC123`). Parsed into application
 * identifiers, checked (lengths, digits, GTIN/SSCC check digit, dates) and converted to the
 * canonical GS1 Digital Link URI and key that `gs1-ids.ts` gives an EPC URI or Digital Link.
 *
 * Pure code, no dependencies beyond gs1-ids. Only the AIs a traceable object is named by are
 * known: 00 SSCC, 01 GTIN, 10 batch/lot, 21 serial, 11/15/17 dates, 37 count.
 */
import { CANONICAL_DL_PREFIX, canonicalDigitalLink, gs1CheckDigit, toCanonicalKey } from './gs1-ids.ts';

/** FNC1 in a scanned element string: the ASCII group separator. */
export const GS = '\u001d';

interface AiSpec {
  title: string;
  /** fixed length of the value, or the maximum for a variable-length AI */
  length: number;
  fixed: boolean;
  digits: boolean;
  check?: boolean;
  date?: boolean;
}

const AIS: Readonly<Record<string, AiSpec>> = {
  '00': { title: 'SSCC', length: 18, fixed: true, digits: true, check: true },
  '01': { title: 'GTIN', length: 14, fixed: true, digits: true, check: true },
  '10': { title: 'batch or lot number', length: 20, fixed: false, digits: false },
  '11': { title: 'production date', length: 6, fixed: true, digits: true, date: true },
  '15': { title: 'best before date', length: 6, fixed: true, digits: true, date: true },
  '17': { title: 'expiry date', length: 6, fixed: true, digits: true, date: true },
  '21': { title: 'serial number', length: 20, fixed: false, digits: false },
  '37': { title: 'count of trade items', length: 8, fixed: false, digits: true },
};

/** GS1 AI encodable character set 82. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

export interface Element {
  ai: string;
  value: string;
}
export interface ElementString {
  /** the symbology identifier the scanner sent (`]d2`), or null */
  symbology: string | null;
  elements: Element[];
  /** canonical GS1 Digital Link URI of the object the string names */
  digitalLink: string;
  /** its canonical key (the Digital Link path without host), as traces look objects up */
  key: string;
}
export type ElementStringResult = ({ ok: true } & ElementString) | { ok: false; reason: string };

/** Symbology identifiers of the GS1 barcodes that carry element strings (ISO/IEC 15424). */
const GS1_SYMBOLOGIES = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);
const SYMBOLOGY = /^\][A-Za-z][0-9A-Za-z]/;

/** Splits a scanner's symbology identifier (`]d2`, `]Q1`, …) off the text. */
export function splitSymbology(text: string): { symbology: string | null; body: string } {
  const m = SYMBOLOGY.exec(text);
  return m ? { symbology: m[0], body: text.slice(3) } : { symbology: null, body: text };
}

const validCheckDigit = (digits: string) => gs1CheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));

/**
 * Whether `text` is meant as a GS1 element string: it carries a GS1 symbology identifier or a
 * group separator, opens with a parenthesised AI, or opens with a GTIN (01) whose check digit
 * holds. Anything else (lot codes, serials, URIs) is left to the other identifier forms.
 */
export function looksLikeElementString(text: string): boolean {
  const { symbology, body } = splitSymbology(text);
  if (symbology !== null && GS1_SYMBOLOGIES.has(symbology)) return true;
  if (body.includes(GS) || /^\(\d{2,4}\)/.test(body)) return true;
  const gtin = /^01(\d{14})/.exec(body);
  return gtin !== null && validCheckDigit(gtin[1]!);
}

function checkValue(ai: string, value: string): string | null {
  const spec = AIS[ai]!;
  const name = `(${ai}) ${spec.title}`;
  if (value === '') return `${name} is empty`;
  if (spec.fixed && value.length !== spec.length)
    return `${name} must have ${spec.length} digits, found ${value.length} ("${value}")`;
  if (!spec.fixed && value.length > spec.length)
    return `${name} may have at most ${spec.length} characters, found ${value.length}`;
  if (spec.digits && !/^\d+$/.test(value)) return `${name} must be digits only, found "${value}"`;
  if (!CSET82.test(value)) return `${name} holds a character barcodes cannot carry ("${value}")`;
  if (spec.check && !validCheckDigit(value)) {
    const expected = gs1CheckDigit(value.slice(0, -1));
    return `${name} ${value} has check digit ${value.slice(-1)}, expected ${expected}`;
  }
  if (spec.date) {
    const mm = Number(value.slice(2, 4));
    const dd = Number(value.slice(4, 6));
    if (mm < 1 || mm > 12 || dd > 31) return `${name} ${value} is not a date YYMMDD`;
  }
  return null;
}

/** Reads AIs from raw text: fixed-length values by length, variable ones up to a separator. */
function readRaw(body: string): Element[] | string {
  const out: Element[] = [];
  let at = 0;
  while (at < body.length) {
    if (body[at] === GS) {
      at++;
      continue;
    }
    const ai = body.slice(at, at + 2);
    const spec = Object.hasOwn(AIS, ai) ? AIS[ai] : undefined;
    if (!spec)
      return /^\d{2}$/.test(ai)
        ? `application identifier (${ai}) at position ${at + 1} is not one Lotgraph reads (known: ${Object.keys(AIS).join(', ')})`
        : `expected an application identifier at position ${at + 1}, found "${body.slice(at, at + 8)}"`;
    at += 2;
    let value: string;
    if (spec.fixed) {
      value = body.slice(at, at + spec.length);
      at += value.length;
    } else {
      const end = body.indexOf(GS, at);
      value = body.slice(at, end < 0 ? body.length : end);
      at += value.length;
    }
    out.push({ ai, value });
  }
  return out;
}

/** Reads AIs from the human-readable form `(01)…(10)…`. */
function readParenthesised(body: string): Element[] | string {
  const out: Element[] = [];
  const re = /\((\d{2,4})\)([^(]*)/y;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) return `expected "(AI)" at position ${at + 1}, found "${body.slice(at, at + 8)}"`;
    const ai = m[1]!;
    if (!Object.hasOwn(AIS, ai))
      return `application identifier (${ai}) is not one Lotgraph reads (known: ${Object.keys(AIS).join(', ')})`;
    out.push({ ai, value: m[2]!.replaceAll(GS, '').trim() });
    at = re.lastIndex;
  }
  return out;
}

/** Percent-encodes what a Digital Link path segment may not carry literally. */
const dlValue = (v: string) =>
  v.replace(
    /[^"'\-.0-9;<=>A-Z_a-z]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );

/**
 * Parses a scanned or typed GS1 element string and names the object it identifies: the SSCC
 * (00) if present, else the GTIN (01) with its serial (21) or, without one, its lot (10).
 * A malformed string gives `{ ok: false, reason }` in words a user understands.
 */
export function parseElementString(text: string): ElementStringResult {
  const { symbology, body: raw } = splitSymbology(text.trim());
  let body = raw;
  while (body.startsWith(GS)) body = body.slice(1);
  if (body === '') return { ok: false, reason: 'the scanned text holds no GS1 data' };
  const read = body.startsWith('(') ? readParenthesised(body) : readRaw(body);
  if (typeof read === 'string') return { ok: false, reason: read };
  const seen = new Map<string, string>();
  for (const { ai, value } of read) {
    if (seen.has(ai)) return { ok: false, reason: `application identifier (${ai}) appears twice` };
    const problem = checkValue(ai, value);
    if (problem) return { ok: false, reason: problem };
    seen.set(ai, value);
  }
  let path: string;
  const sscc = seen.get('00');
  const gtin = seen.get('01');
  if (sscc !== undefined) path = `00/${sscc}`;
  else if (gtin !== undefined) {
    const serial = seen.get('21');
    const lot = seen.get('10');
    path =
      serial !== undefined
        ? `01/${gtin}/21/${dlValue(serial)}`
        : lot !== undefined
          ? `01/${gtin}/10/${dlValue(lot)}`
          : `01/${gtin}`;
  } else return { ok: false, reason: 'it names no GTIN (01) or SSCC (00), so there is nothing to trace' };
  const digitalLink = canonicalDigitalLink(CANONICAL_DL_PREFIX + path);
  if (digitalLink === null) return { ok: false, reason: `it does not form a GS1 Digital Link (${path})` };
  return {
    ok: true,
    symbology,
    elements: read,
    digitalLink,
    key: toCanonicalKey(digitalLink),
  };
}
