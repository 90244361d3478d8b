/**
 * EPCIS Event Hash ID (GS1 CBV 2.0, "ni:///sha-256;<hex>?ver=CBV2.0") for events given as
 * EPCIS 2.0 JSON / JSON-LD.
 *
 * The pre-hash string is built as the reference implementation
 * (https://github.com/RalphTro/epcis-event-hash-generator) does for CBV 2.0, which is what its
 * test vectors encode:
 *
 *  1. `eventType=<type>`;
 *  2. the standard fields in canonical property order (see ORDER below), each as `name=value`,
 *     nested structures as `name` followed by their children, repeated elements (EPCs, quantity
 *     elements, sensor elements/reports, persistentDisposition set/unset values, ...) sorted;
 *     user extensions (`prefix:name`) inside a standard structure are appended, sorted, right
 *     after that structure's standard children; other unknown members (bare names) are left for
 *     step 3, under the names of the structures holding them, as the reference does;
 *  3. everything else, sorted as whole strings: bizTransactionList, sourceList, destinationList
 *     (each element rendered as `type=...` then the value), ilmd, the event-level user
 *     extensions, whose names are written `{namespace-IRI}localName`, and the unknown members
 *     left over from step 2.
 *
 *  recordTime, eventID, errorDeclaration, comments and `@context` are not part of the hash.
 *  Values are trimmed and canonicalised: timestamps of standard time fields to UTC with
 *  milliseconds (`2020-03-04T10:00:30.000Z`, half-up rounding of extra digits); CBV bare words
 *  and CURIEs to their full web URIs (`https://ref.gs1.org/cbv/BizStep-shipping`); old CBV URNs
 *  (`urn:epcglobal:cbv:bizstep:...`) to web URIs; numbers to plain decimal notation without
 *  superfluous zeros or sign; EPC URIs and GS1 Digital Link URIs to constrained canonical GS1
 *  Digital Link URIs (`https://id.gs1.org/...`).
 *
 * Pure: only node:crypto is used, nothing is fetched (the prefixes of the standard EPCIS 2.0
 * JSON-LD context are constants here).
 */
import { createHash } from 'node:crypto';
import { toCanonicalDigitalLink } from './gs1-ids.ts';

/** Options of {@link eventPreHash} / {@link eventHashId}. */
export interface EventHashOptions {
  /**
   * Extra member names to leave out of the hash wherever they occur (compact `prefix:name` or
   * expanded `{namespace}name`), e.g. bookkeeping fields a repository adds to stored events and
   * declares in an `ignoreFields` list of the document.
   */
  readonly ignoreFields?: readonly string[];
}

/** Prefixes of the standard EPCIS 2.0 JSON-LD context (ref.gs1.org/standards/epcis/2.0.0). */
const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};

/** Bare-word expansions of the vocabulary-typed fields of the standard context. */
const VOCAB = {
  bizStep: 'https://ref.gs1.org/cbv/BizStep-',
  disposition: 'https://ref.gs1.org/cbv/Disp-',
  bizTransactionType: 'https://ref.gs1.org/cbv/BTT-',
  sourceDestType: 'https://ref.gs1.org/cbv/SDT-',
  component: 'https://ref.gs1.org/cbv/Comp-',
  gs1: 'https://gs1.org/voc/',
} as const;

/** Pre-CBV-2.0 URN forms of CBV values -> their web URI equivalents. */
const CBV_URNS: ReadonlyArray<readonly [string, string]> = [
  ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

/** Members never hashed, at any level. */
const ALWAYS_IGNORED = new Set(['@context', '#text', 'comment', 'rdfs:comment']);
/** Event-level members not hashed. */
const EVENT_IGNORED = new Set(['type', 'recordTime', 'eventID', 'errorDeclaration']);

interface Ctx {
  /** prefix -> namespace IRI */
  readonly ns: ReadonlyMap<string, string>;
  /** ignored member names, compact and expanded */
  readonly ignore: ReadonlySet<string>;
  readonly ignoreFields: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Property order

type Field =
  /** scalar(s): `name=value` per value, sorted; `vocab` expands bare words; `time` normalises */
  | { kind: 'value'; name: string; vocab?: string; time?: boolean }
  /** list of EPC URIs rendered `name` + sorted `epc=...` */
  | { kind: 'epcs'; name: string }
  /** list of objects rendered `name` + sorted `<item>...` */
  | { kind: 'list'; name: string; item: string; order: readonly Field[] }
  /** object (or each object of an array): `name` + children, repeated ones sorted */
  | { kind: 'object'; name: string; order: readonly Field[] };

const value = (name: string, extra: { vocab?: string; time?: boolean } = {}): Field => ({
  kind: 'value',
  name,
  ...extra,
});
const time = (name: string): Field => value(name, { time: true });

const QUANTITY_ELEMENT: readonly Field[] = [value('epcClass'), value('quantity'), value('uom')];

const SENSOR_METADATA: readonly Field[] = [
  time('time'),
  time('startTime'),
  time('endTime'),
  value('deviceID'),
  value('deviceMetadata'),
  value('rawData'),
  value('dataProcessingMethod'),
  value('bizRules'),
];

const SENSOR_REPORT: readonly Field[] = [
  value('type', { vocab: VOCAB.gs1 }),
  value('exception', { vocab: VOCAB.gs1 }),
  value('deviceID'),
  value('deviceMetadata'),
  value('rawData'),
  value('dataProcessingMethod'),
  time('time'),
  value('microorganism'),
  value('chemicalSubstance'),
  value('value'),
  value('component', { vocab: VOCAB.component }),
  value('stringValue'),
  value('booleanValue'),
  value('hexBinaryValue'),
  value('uriValue'),
  value('minValue'),
  value('maxValue'),
  value('meanValue'),
  value('sDev'),
  value('percRank'),
  value('percValue'),
  value('uom'),
  value('coordinateReferenceSystem'),
];

/** Canonical property order of the standard event fields hashed in place. */
const ORDER: readonly Field[] = [
  time('eventTime'),
  value('eventTimeZoneOffset'),
  value('certificationInfo'),
  { kind: 'epcs', name: 'epcList' },
  value('parentID'),
  { kind: 'epcs', name: 'inputEPCList' },
  { kind: 'epcs', name: 'childEPCs' },
  { kind: 'list', name: 'quantityList', item: 'quantityElement', order: QUANTITY_ELEMENT },
  { kind: 'list', name: 'childQuantityList', item: 'quantityElement', order: QUANTITY_ELEMENT },
  { kind: 'list', name: 'inputQuantityList', item: 'quantityElement', order: QUANTITY_ELEMENT },
  { kind: 'epcs', name: 'outputEPCList' },
  { kind: 'list', name: 'outputQuantityList', item: 'quantityElement', order: QUANTITY_ELEMENT },
  value('action'),
  value('transformationID'),
  value('bizStep', { vocab: VOCAB.bizStep }),
  value('disposition', { vocab: VOCAB.disposition }),
  {
    kind: 'object',
    name: 'persistentDisposition',
    order: [value('set', { vocab: VOCAB.disposition }), value('unset', { vocab: VOCAB.disposition })],
  },
  { kind: 'object', name: 'readPoint', order: [value('id')] },
  { kind: 'object', name: 'bizLocation', order: [value('id')] },
  {
    kind: 'list',
    name: 'sensorElementList',
    item: 'sensorElement',
    order: [
      { kind: 'object', name: 'sensorMetadata', order: SENSOR_METADATA },
      { kind: 'object', name: 'sensorReport', order: SENSOR_REPORT },
    ],
  },
];

/** Lists of typed references rendered in the sorted tail: list name -> [value member, vocab]. */
const TYPED_LISTS: Readonly<Record<string, readonly [string, string]>> = {
  bizTransactionList: ['bizTransaction', VOCAB.bizTransactionType],
  sourceList: ['source', VOCAB.sourceDestType],
  destinationList: ['destination', VOCAB.sourceDestType],
};

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Canonical pre-hash string of one EPCIS 2.0 JSON event (CBV 2.0 event hash algorithm).
 * `context` is the document's `@context` (array / object / string) so that user-extension
 * prefixes can be expanded to their namespace IRIs; the standard EPCIS context's prefixes are
 * built in. An event-level `@context` is honoured as well.
 * @throws TypeError when `event` is not an object with a string `type`.
 */
export function eventPreHash(
  event: Record<string, unknown>,
  context?: unknown,
  options: EventHashOptions = {},
): string {
  if (!isObject(event) || typeof event['type'] !== 'string') {
    throw new TypeError('eventPreHash: event must be an object with a string "type"');
  }
  const ignoreFields = options.ignoreFields ?? [];
  let ctx = makeCtx(new Map(Object.entries(STANDARD_PREFIXES)), ignoreFields);
  ctx = withContext(ctx, context);
  ctx = withContext(ctx, event['@context']);

  const consumed = new Set<string>();
  const tail: string[] = [];
  const standard = renderOrdered(event, ORDER, ctx, consumed, tail);
  for (const [key, val] of Object.entries(event)) {
    if (consumed.has(key) || EVENT_IGNORED.has(key) || isIgnored(key, ctx)) continue;
    const typed = Object.hasOwn(TYPED_LISTS, key) ? TYPED_LISTS[key] : undefined;
    if (typed) {
      const rendered = renderTypedList(key, val, typed[0], typed[1], ctx);
      if (rendered) tail.push(rendered);
    } else {
      tail.push(...renderGeneric(expandKey(key, ctx), val, ctx));
    }
  }
  return `eventType=${event['type'].trim()}${standard}${sortStrings(tail).join('')}`;
}

/** EPCIS Event Hash ID of one EPCIS 2.0 JSON event: `ni:///sha-256;<lowercase hex>?ver=CBV2.0`. */
export function eventHashId(
  event: Record<string, unknown>,
  context?: unknown,
  options: EventHashOptions = {},
): string {
  const digest = createHash('sha256')
    .update(eventPreHash(event, context, options), 'utf8')
    .digest('hex');
  return `ni:///sha-256;${digest}?ver=CBV2.0`;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/**
 * Renders the fields of `order` found in `obj`. Unknown bare-named members met inside them (not
 * user extensions, which have a prefix) are not rendered in place: the reference leaves them in the
 * tree and renders them at the end, under the names of the structures holding them
 * (`sensorElementListsensorElementsensorReportbizRules=...`); they are pushed to `leftovers`.
 */
function renderOrdered(
  obj: Record<string, unknown>,
  order: readonly Field[],
  ctx: Ctx,
  consumed: Set<string>,
  leftovers: string[],
): string {
  let out = '';
  for (const field of order) {
    if (!Object.hasOwn(obj, field.name) || isIgnored(field.name, ctx)) continue;
    consumed.add(field.name);
    out += renderField(field, obj[field.name], ctx, leftovers);
  }
  return out;
}

/** A user extension (`prefix:name`, `{namespace}name`) or JSON-LD keyword, as opposed to a bare name. */
const isExtensionKey = (key: string): boolean =>
  key.includes(':') || key.startsWith('{') || key.startsWith('@');

/**
 * Standard children in order, then the user extensions sorted. Other unknown members go to
 * `leftovers` (see renderOrdered), or when `leftovers` is null are sorted in with the extensions.
 */
function renderStructure(
  obj: Record<string, unknown>,
  order: readonly Field[],
  parent: Ctx,
  leftovers: string[] | null,
): string {
  const ctx = withContext(parent, obj['@context']);
  const consumed = new Set<string>();
  const rest: string[] = [];
  const standard = renderOrdered(obj, order, ctx, consumed, leftovers ?? rest);
  for (const [key, val] of Object.entries(obj)) {
    if (consumed.has(key) || isIgnored(key, ctx)) continue;
    (leftovers === null || isExtensionKey(key) ? rest : leftovers).push(
      ...renderGeneric(expandKey(key, ctx), val, ctx),
    );
  }
  return standard + sortStrings(rest).join('');
}

/** `name` followed by the sorted leftovers of the structures inside it, if there are any. */
function leftoverBranch(name: string, inner: string[]): string[] {
  return inner.length > 0 ? [name + sortStrings(inner).join('')] : [];
}

function renderField(field: Field, val: unknown, ctx: Ctx, leftovers: string[]): string {
  switch (field.kind) {
    case 'value': {
      const parts: string[] = [];
      for (const v of flatten(val)) {
        if (isObject(v)) {
          parts.push(...renderGeneric(field.name, v, ctx));
          continue;
        }
        const text = scalarText(v);
        if (text === '') continue;
        const canonical = field.time
          ? normaliseTimestamp(text)
          : canonicalValue(field.vocab ? expandVocab(text, field.vocab) : text, ctx);
        parts.push(`${field.name}=${canonical}`);
      }
      return sortStrings(parts).join('');
    }
    case 'epcs': {
      const parts: string[] = [];
      for (const v of flatten(val)) {
        if (isObject(v)) parts.push(...renderGeneric('epc', v, ctx));
        else if (scalarText(v) !== '') parts.push(`epc=${canonicalValue(scalarText(v), ctx)}`);
      }
      return parts.length > 0 ? field.name + sortStrings(parts).join('') : '';
    }
    case 'list': {
      const parts: string[] = [];
      const branches: string[] = [];
      for (const item of flatten(val)) {
        if (!isObject(item)) {
          if (scalarText(item) !== '') parts.push(...renderGeneric(field.item, item, ctx));
          continue;
        }
        const left: string[] = [];
        const inner = renderStructure(item, field.order, ctx, left);
        if (inner) parts.push(field.item + inner);
        branches.push(...leftoverBranch(field.item, left));
      }
      leftovers.push(...leftoverBranch(field.name, branches));
      return parts.length > 0 ? field.name + sortStrings(parts).join('') : '';
    }
    case 'object': {
      const parts: string[] = [];
      for (const item of flatten(val)) {
        if (!isObject(item)) {
          const text = scalarText(item);
          if (text === '') continue;
          // `"readPoint": "urn:..."` shorthand: the value is the location's id
          if (field.name === 'readPoint' || field.name === 'bizLocation') {
            parts.push(`${field.name}id=${canonicalValue(text, ctx)}`);
          } else {
            parts.push(...renderGeneric(field.name, item, ctx));
          }
          continue;
        }
        const left: string[] = [];
        const inner = renderStructure(item, field.order, ctx, left);
        if (inner) parts.push(field.name + inner);
        leftovers.push(...leftoverBranch(field.name, left));
      }
      return sortStrings(parts).join('');
    }
  }
}

/** bizTransactionList / sourceList / destinationList: `name` + sorted `type=...<member>=...`. */
function renderTypedList(name: string, val: unknown, member: string, vocab: string, parent: Ctx): string {
  const order: readonly Field[] = [value('type', { vocab }), value(member)];
  const parts: string[] = [];
  for (const item of flatten(val)) {
    if (!isObject(item)) {
      if (scalarText(item) !== '') parts.push(...renderGeneric(member, item, parent));
      continue;
    }
    // unknown members of a typed list item stay in place (the item is rendered in the tail anyway)
    const inner = renderStructure(item, order, parent, null);
    if (inner) parts.push(inner);
  }
  return parts.length > 0 ? name + sortStrings(parts).join('') : '';
}

/**
 * Generic rendering of a non-standard member: `name[=value]` followed by its children sorted;
 * arrays give one entry per element.
 */
function renderGeneric(name: string, val: unknown, parent: Ctx): string[] {
  if (Array.isArray(val)) return val.flatMap((v) => renderGeneric(name, v, parent));
  if (isObject(val)) {
    const ctx = withContext(parent, val['@context']);
    const text = typeof val['#text'] === 'string' ? val['#text'].trim() : '';
    const children: string[] = [];
    for (const [key, v] of Object.entries(val)) {
      if (isIgnored(key, ctx)) continue;
      children.push(...renderGeneric(expandKey(key, ctx), v, ctx));
    }
    return [name + (text ? `=${canonicalValue(text, ctx)}` : '') + sortStrings(children).join('')];
  }
  const text = scalarText(val);
  return [text === '' ? name : `${name}=${canonicalValue(text, parent)}`];
}

// ---------------------------------------------------------------------------------------------
// Values

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

/** Bare word of a vocabulary-typed field (no ':'): prefix it with the vocabulary's IRI. */
function expandVocab(text: string, vocab: string): string {
  return text.includes(':') ? text : vocab + text;
}

/** CURIE expansion (GS1 namespaces only), CBV URNs, number formatting, GS1 Digital Link. */
function canonicalValue(text: string, ctx: Ctx): string {
  let t = expandGs1Curie(text, ctx);
  for (const [urn, web] of CBV_URNS) {
    if (t.startsWith(urn)) {
      t = web + t.slice(urn.length);
      break;
    }
  }
  t = canonicalNumber(t) ?? t;
  return toCanonicalDigitalLink(t) ?? t;
}

function expandGs1Curie(text: string, ctx: Ctx): string {
  const m = /^([A-Za-z_][\w.-]*):(.*)$/s.exec(text);
  if (!m) return text;
  const iri = ctx.ns.get(m[1]!);
  if (iri === undefined || !/^https?:\/\/(?:ref\.)?gs1\.org\//.test(iri)) return text;
  return iri + m[2]!;
}

/**
 * Plain decimal rendering of a numeric string (`+007.50` -> `7.5`, `452.0` -> `452`,
 * `1e-7` -> `0.0000001`); null when `text` is not a finite decimal number.
 */
export function canonicalNumber(text: string): string | null {
  const m = /^([+-]?)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*)?)?(?:[eE]([+-]?\d+(?:_\d+)*))?$/.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const intDigits = (m[2] ?? '').replaceAll('_', '');
  const fracDigits = (m[3] ?? '').replaceAll('_', '');
  const exponent = m[4] === undefined ? 0 : Number(m[4].replaceAll('_', ''));
  if (!Number.isSafeInteger(exponent)) return null;
  // value = 0.<digits> shifted: digits with the decimal point after `point` digits
  let digits = intDigits + fracDigits;
  let point = intDigits.length + exponent;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return m[1] === '-' ? '-0' : '0';
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  return (m[1] === '-' ? '-' : '') + int + (frac ? `.${frac}` : '');
}

/** `YYYY-MM-DD[Thh:mm[:ss[.fff...]]][Z|±hh[:mm]]` */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 date-time -> UTC with millisecond precision (`...T10:00:30.000Z`); extra fraction
 * digits are rounded half-up (on microseconds, as the reference does). A missing offset is
 * taken as UTC. Unparseable text is returned unchanged.
 */
export function normaliseTimestamp(text: string): string {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return text;
  const num = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [num(1), num(2), num(3), num(4), num(5), num(6)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return text;
  const micros = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  const millis = Math.floor((micros + 500) / 1000);
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offsetMinutes = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
  }
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + millis;
  if (year < 100 || !Number.isFinite(epoch)) return text;
  const iso = new Date(epoch).toISOString();
  return /^\d{4}-/.test(iso) ? iso : text;
}

// ---------------------------------------------------------------------------------------------
// Namespaces, ignore lists, helpers

function makeCtx(ns: ReadonlyMap<string, string>, ignoreFields: readonly string[]): Ctx {
  const ignore = new Set<string>(ALWAYS_IGNORED);
  const partial: Ctx = { ns, ignore, ignoreFields };
  for (const f of ignoreFields) {
    ignore.add(f);
    ignore.add(expandKey(f, partial));
  }
  return partial;
}

/** Adds the prefix definitions of a JSON-LD `@context` (string URLs are ignored). */
function withContext(ctx: Ctx, context: unknown): Ctx {
  if (context === undefined || context === null || typeof context === 'string') return ctx;
  const defs = new Map(ctx.ns);
  let changed = false;
  for (const c of Array.isArray(context) ? context : [context]) {
    if (!isObject(c)) continue;
    for (const [prefix, def] of Object.entries(c)) {
      if (prefix.startsWith('@')) continue;
      const iri =
        typeof def === 'string' ? def : isObject(def) && typeof def['@id'] === 'string' ? def['@id'] : null;
      if (iri === null) continue;
      defs.set(prefix, iri);
      changed = true;
    }
  }
  return changed ? makeCtx(defs, ctx.ignoreFields) : ctx;
}

/** `prefix:local` -> `{namespace}local` when the prefix is defined; other names unchanged. */
function expandKey(key: string, ctx: Ctx): string {
  const at = key.indexOf(':');
  if (at <= 0) return key;
  const iri = ctx.ns.get(key.slice(0, at));
  return iri === undefined ? key : `{${iri}}${key.slice(at + 1)}`;
}

function isIgnored(key: string, ctx: Ctx): boolean {
  return (
    ctx.ignore.has(key) || (ctx.ignore.size > ALWAYS_IGNORED.size && ctx.ignore.has(expandKey(key, ctx)))
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

/** Sort by Unicode code points (as UTF-8 byte order / Python string order). */
function sortStrings(values: string[]): string[] {
  return values.sort(compareCodePoints);
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // surrogates encode code points above every BMP char
    return x - y;
  }
  return a.length - b.length;
}
