/**
 * GS1 identifier helpers: check digits, EPC URI -> canonical GS1 Digital Link, Digital Link
 * canonicalisation (any host -> https://id.gs1.org, short names -> AIs, GTIN padded to 14
 * digits, CPV / query string dropped, lowest granularity kept) and an EPC/DL independent key.
 *
 * Pure code, no dependencies. The conversion rules follow the GS1 EPC Tag Data Standard
 * (EPC URI -> element string) and GS1 Digital Link; the constrained canonical form is the one the
 * CBV 2.0 "EPCIS Event Hash ID" algorithm uses.
 */

/** Host (and scheme) of canonical GS1 Digital Link URIs. */
export const CANONICAL_DL_PREFIX = 'https://id.gs1.org/';

/**
 * GS1 mod-10 check digit of a string of digits (the digits WITHOUT the check digit), as used by
 * GTIN, GLN, SSCC, GRAI, GDTI, GSRN, GSIN, SGCN, ...: weights 3,1,3,1,... from the right.
 * @throws TypeError when `digits` is empty or contains a non-digit.
 */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new TypeError(`gs1CheckDigit: not a digit string: "${digits}"`);
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = 4 - w) {
    sum += (digits.charCodeAt(i) - 48) * w;
  }
  return (10 - (sum % 10)) % 10;
}

function withCheckDigit(digits: string): string {
  return digits + String(gs1CheckDigit(digits));
}

/**
 * Percent-encodes the characters an EPC URI may carry literally but a GS1 Digital Link URI
 * must not (! ( ) * + , :). Existing %XX escapes are kept as they are.
 */
function dlEncode(s: string): string {
  return s.replace(/[!()*+,:]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Component made of GS1 AI encodable character set 82 chars / %XX escapes, as in EPC URIs. */
const EPC_COMPONENT = /^(?:%[0-9A-Fa-f]{2}|[!'()*+,.0-9:;=A-Za-z_-])+$/;
/** Number of characters of an EPC URI component once %XX escapes are decoded. */
function epcLength(s: string): number {
  return s.replace(/%[0-9A-Fa-f]{2}/g, '_').length;
}
function isEpcComponent(s: string, min: number, max: number): boolean {
  const n = epcLength(s);
  return n >= min && n <= max && (n === 0 || EPC_COMPONENT.test(s));
}

/** CP.REF with CP 6..12 digits and CP+REF digits of a given total length. */
function cpRef(cp: string | undefined, ref: string | undefined, total: number): boolean {
  return (
    cp !== undefined &&
    ref !== undefined &&
    /^\d{6,12}$/.test(cp) &&
    /^\d*$/.test(ref) &&
    cp.length + ref.length === total
  );
}

/** GTIN-14 from an EPC company prefix and item reference (indicator digit first). */
function gtin14(cp: string, itemRef: string): string {
  return withCheckDigit(itemRef.slice(0, 1) + cp + itemRef.slice(1));
}

/** Splits `body` at its first `n` dots: n+1 parts, the last one keeping any further dots. */
function splitDots(body: string, n: number): string[] | null {
  const parts: string[] = [];
  let rest = body;
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf('.');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

type EpcConverter = (body: string) => string | null;

const EPC_ID: Record<string, EpcConverter> = {
  sgtin(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 13) || !isEpcComponent(p[2]!, 1, 20)) return null;
    return `01/${gtin14(p[0]!, p[1]!)}/21/${dlEncode(p[2]!)}`;
  },
  sscc(body) {
    const p = splitDots(body, 1);
    if (!p || !cpRef(p[0], p[1], 17)) return null;
    return `00/${withCheckDigit(p[1]!.slice(0, 1) + p[0]! + p[1]!.slice(1))}`;
  },
  sgln(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 12) || !isEpcComponent(p[2]!, 1, 20)) return null;
    const gln = withCheckDigit(p[0]! + p[1]!);
    return p[2] === '0' ? `414/${gln}` : `414/${gln}/254/${dlEncode(p[2]!)}`;
  },
  grai(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 12) || !isEpcComponent(p[2]!, 1, 16)) return null;
    return `8003/${withCheckDigit('0' + p[0]! + p[1]!)}${dlEncode(p[2]!)}`;
  },
  giai(body) {
    const p = splitDots(body, 1);
    if (!p || !/^\d{6,12}$/.test(p[0]!) || !isEpcComponent(p[1]!, 1, 30 - p[0]!.length)) return null;
    return `8004/${p[0]!}${dlEncode(p[1]!)}`;
  },
  gsrn(body) {
    const p = splitDots(body, 1);
    if (!p || !cpRef(p[0], p[1], 17)) return null;
    return `8018/${withCheckDigit(p[0]! + p[1]!)}`;
  },
  gsrnp(body) {
    const p = splitDots(body, 1);
    if (!p || !cpRef(p[0], p[1], 17)) return null;
    return `8017/${withCheckDigit(p[0]! + p[1]!)}`;
  },
  gdti(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 12) || !isEpcComponent(p[2]!, 0, 17)) return null;
    return `253/${withCheckDigit(p[0]! + p[1]!)}${dlEncode(p[2]!)}`;
  },
  cpi(body) {
    const first = body.indexOf('.');
    const last = body.lastIndexOf('.');
    if (first < 0 || last <= first) return null;
    const cp = body.slice(0, first);
    const ref = body.slice(first + 1, last);
    const serial = body.slice(last + 1);
    if (!/^\d{6,12}$/.test(cp) || !/^\d{1,12}$/.test(serial)) return null;
    if (!/^(?:%[0-9A-Fa-f]{2}|[0-9A-Z-])+$/.test(ref) || cp.length + epcLength(ref) > 30) return null;
    return `8010/${cp}${ref}/8011/${serial}`;
  },
  sgcn(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 12) || !/^\d{1,12}$/.test(p[2]!)) return null;
    return `255/${withCheckDigit(p[0]! + p[1]!)}${p[2]!}`;
  },
  ginc(body) {
    const p = splitDots(body, 1);
    if (!p || !/^\d{6,12}$/.test(p[0]!) || !isEpcComponent(p[1]!, 1, 30 - p[0]!.length)) return null;
    return `401/${p[0]!}${dlEncode(p[1]!)}`;
  },
  gsin(body) {
    const p = splitDots(body, 1);
    if (!p || !cpRef(p[0], p[1], 16)) return null;
    return `402/${withCheckDigit(p[0]! + p[1]!)}`;
  },
  itip(body) {
    const p = splitDots(body, 4);
    if (!p || !cpRef(p[0], p[1], 13) || !/^\d{2}$/.test(p[2]!) || !/^\d{2}$/.test(p[3]!)) return null;
    if (!isEpcComponent(p[4]!, 1, 20)) return null;
    return `8006/${gtin14(p[0]!, p[1]!)}${p[2]!}${p[3]!}/21/${dlEncode(p[4]!)}`;
  },
  upui(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 13) || !isEpcComponent(p[2]!, 1, 28)) return null;
    return `01/${gtin14(p[0]!, p[1]!)}/235/${dlEncode(p[2]!)}`;
  },
  pgln(body) {
    const p = splitDots(body, 1);
    if (!p || !cpRef(p[0], p[1], 12)) return null;
    return `417/${withCheckDigit(p[0]! + p[1]!)}`;
  },
};

const EPC_CLASS: Record<string, EpcConverter> = {
  lgtin(body) {
    const p = splitDots(body, 2);
    if (!p || !cpRef(p[0], p[1], 13) || !isEpcComponent(p[2]!, 1, 20)) return null;
    return `01/${gtin14(p[0]!, p[1]!)}/10/${dlEncode(p[2]!)}`;
  },
};

/** EPC ID pattern URIs whose only wildcard is the serial part: they denote a class-level key. */
const EPC_IDPAT: Record<string, EpcConverter> = {
  sgtin(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !cpRef(p[0], p[1], 13)) return null;
    return `01/${gtin14(p[0]!, p[1]!)}`;
  },
  grai(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !cpRef(p[0], p[1], 12)) return null;
    return `8003/${withCheckDigit('0' + p[0]! + p[1]!)}`;
  },
  gdti(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !cpRef(p[0], p[1], 12)) return null;
    return `253/${withCheckDigit(p[0]! + p[1]!)}`;
  },
  sgcn(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !cpRef(p[0], p[1], 12)) return null;
    return `255/${withCheckDigit(p[0]! + p[1]!)}`;
  },
  cpi(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !/^\d{6,12}$/.test(p[0]!)) return null;
    if (!/^(?:%[0-9A-Fa-f]{2}|[0-9A-Z-])+$/.test(p[1]!) || p[0]!.length + epcLength(p[1]!) > 30) return null;
    return `8010/${p[0]!}${p[1]!}`;
  },
  itip(body) {
    const p = splitDots(body, 4);
    if (!p || p[4] !== '*' || !cpRef(p[0], p[1], 13)) return null;
    if (!/^\d{2}$/.test(p[2]!) || !/^\d{2}$/.test(p[3]!)) return null;
    return `8006/${gtin14(p[0]!, p[1]!)}${p[2]!}${p[3]!}`;
  },
  upui(body) {
    const p = splitDots(body, 2);
    if (!p || p[2] !== '*' || !cpRef(p[0], p[1], 13)) return null;
    return `01/${gtin14(p[0]!, p[1]!)}`;
  },
};

/**
 * Converts a GS1 EPC pure identity URI (`urn:epc:id:sgtin:...`, sscc, sgln, grai, giai, gsrn,
 * gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln), an EPC class URI
 * (`urn:epc:class:lgtin:...`) or an EPC ID pattern URI with a wildcard serial
 * (`urn:epc:idpat:sgtin:CP.IR.*`, grai, gdti, sgcn, cpi, itip, upui) to its canonical GS1
 * Digital Link URI (`https://id.gs1.org/...`). Returns null for anything else (including
 * malformed EPC URIs and non-GS1 schemes such as gid, usdod, adi, bic, imovn).
 */
export function epcUriToDigitalLink(uri: string): string | null {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/.exec(uri);
  if (!m) return null;
  const table = m[1] === 'id' ? EPC_ID : m[1] === 'class' ? EPC_CLASS : EPC_IDPAT;
  const convert = Object.hasOwn(table, m[2]!) ? table[m[2]!] : undefined;
  const path = convert ? convert(m[3]!) : null;
  return path === null ? null : CANONICAL_DL_PREFIX + path;
}

/** GS1 Digital Link short names (primary keys and key qualifiers) -> application identifiers. */
const DL_SHORT_NAMES: Readonly<Record<string, string>> = {
  gtin: '01',
  itip: '8006',
  cpid: '8010',
  gln: '414',
  party: '417',
  gsrnp: '8017',
  gsrn: '8018',
  gcn: '255',
  sscc: '00',
  gdti: '253',
  ginc: '401',
  gsin: '402',
  grai: '8003',
  giai: '8004',
  cpv: '22',
  lot: '10',
  ser: '21',
};

const DL_PRIMARY_KEYS: ReadonlySet<string> = new Set(
  '01 8006 8010 414 417 8017 8018 255 00 253 401 402 8003 8004'.split(' '),
);

/** One character of a Digital Link path value (GS1 AI character set 82, URI-safe subset) or %XX. */
const X = `(?:%[0-9A-Fa-f]{2}|["'\\-.0-9;<=>A-Z_a-z])`;
/** Accepted canonical forms (AI path after the host), one element string each. */
const DL_CANONICAL_FORMS: readonly RegExp[] = [
  /^00\/\d{18}$/,
  new RegExp(`^01/\\d{14}(?:/(?:21|10)/${X}{1,20}|/235/${X}{1,28})?$`),
  new RegExp(`^253/\\d{13}${X}{0,17}$`),
  /^255\/\d{13}\d{0,12}$/,
  new RegExp(`^401/${X}{1,30}$`),
  /^402\/\d{17}$/,
  new RegExp(`^414/\\d{13}(?:/254/${X}{1,20})?$`),
  /^417\/\d{13}$/,
  new RegExp(`^8003/\\d{14}${X}{0,16}$`),
  new RegExp(`^8004/${X}{1,30}$`),
  new RegExp(`^8006/\\d{18}(?:/(?:21|10)/${X}{1,20})?$`),
  /^8010\/(?:%[0-9A-Fa-f]{2}|[#\-/0-9A-Z]){1,30}(?:\/8011\/\d{1,12})?$/,
  /^8017\/\d{18}$/,
  /^8018\/\d{18}$/,
];

/**
 * Canonicalises a GS1 Digital Link URI with any host (http or https) to the constrained
 * canonical form `https://id.gs1.org/<AI>/<key>[/<AI>/<qualifier>]`: short names (gtin, sscc,
 * lot, ser, ...) become AIs, a GTIN is zero-padded to 14 digits, the query string / fragment and
 * the CPV qualifier (22) are dropped, and for a GTIN/ITIP with both lot (10) and serial (21) only
 * the serial is kept. Returns null when `uri` is not a recognisable GS1 Digital Link URI.
 */
export function canonicalDigitalLink(uri: string): string | null {
  const m = /^https?:\/\/[^/?#]+(\/[^?#]*)?(?:\?[^#]*)?(?:#.*)?$/i.exec(uri.trim());
  if (!m || !m[1]) return null;
  const segments = m[1].split('/').slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  const ai = (s: string): string => (Object.hasOwn(DL_SHORT_NAMES, s) ? DL_SHORT_NAMES[s]! : s);

  const start = segments.findIndex(
    (s, i) => DL_PRIMARY_KEYS.has(ai(s)) && /^\d{4}/.test(segments[i + 1] ?? ''),
  );
  if (start < 0) return null;
  const rest = segments.slice(start);
  if (rest.length % 2 !== 0) return null;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < rest.length; i += 2) pairs.push([ai(rest[i]!), rest[i + 1]!]);

  const [key, value] = pairs[0]!;
  if (key === '01' && /^(?:\d{8}|\d{12}|\d{13})$/.test(value)) pairs[0] = [key, value.padStart(14, '0')];
  let qualifiers = pairs.slice(1);
  if (key === '01' || key === '8006') {
    qualifiers = qualifiers.filter(([q]) => q !== '22');
    if (qualifiers.some(([q]) => q === '21')) qualifiers = qualifiers.filter(([q]) => q !== '10');
  }
  const path = [pairs[0]!, ...qualifiers].map(([a, v]) => `${a}/${v}`).join('/');
  return DL_CANONICAL_FORMS.some((re) => re.test(path)) ? CANONICAL_DL_PREFIX + path : null;
}

/**
 * Canonical GS1 Digital Link URI of an EPC URI / EPC class / EPC ID pattern URI or of a GS1
 * Digital Link URI with any host; null when `id` is neither.
 */
export function toCanonicalDigitalLink(id: string): string | null {
  return id.startsWith('urn:epc:') ? epcUriToDigitalLink(id) : canonicalDigitalLink(id);
}

/**
 * A Digital Link path value in its one canonical spelling: decoded, then every character but
 * letters, digits, `-`, `.` and `_` percent-encoded as UTF-8 with upper-case hex (what
 * encodeDigitalLinkValue writes on labels). A value with a broken escape is kept as it is.
 */
export function canonicalValue(value: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return value;
  }
  return encodeURIComponent(decoded).replace(
    /[!'()*~]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * EPC/Digital-Link independent key of a GS1 identifier: the canonical Digital Link path without
 * host, e.g. `urn:epc:id:sgtin:0614141.107346.2017` and
 * `https://example.com/gtin/10614141073464/21/2017?x=1` both give `01/10614141073464/21/2017`,
 * `urn:epc:class:lgtin:4012345.012345.L1` gives `01/04012345123456/10/L1`. Identifiers that are
 * not GS1 keys in EPC URI or Digital Link form are returned unchanged.
 */
export function toCanonicalKey(id: string): string {
  const dl = toCanonicalDigitalLink(id);
  if (dl === null) return id;
  // One spelling per value, whichever way the identifier escaped it (an EPC URI, a partner's
  // Digital Link, a scanned element string, a printed label): `A'B`, `A%27B` and `A%27b` are one.
  return dl
    .slice(CANONICAL_DL_PREFIX.length)
    .split('/')
    .map((part, i) => (i % 2 === 1 ? canonicalValue(part) : part))
    .join('/');
}
