// EPCIS XML capture documents -> EPCIS 2.0 JSON-LD, following the standard's XML binding and its
// JSON/JSON-LD binding; EPCIS 1.2 documents are converted to the 2.0 form on the way. Pure: the XML
// is parsed in memory, a DOCTYPE is refused before parsing (so no entity is ever expanded) and
// nothing is fetched.
import { DOMParser, type Attr, type Element, type Node } from '@xmldom/xmldom';
import { cbvShortName, type CbvVocab } from './cbv.ts';
import { EVENT_TYPES, parseEpcisDocument, type ParsedDocument } from './epcis.ts';
import type { Problem } from './errors.ts';
import { EPCIS_2_0_CONTEXT_URL } from './trace-event.ts';

export interface XmlEpcisDocument {
  /** the document as EPCIS 2.0 JSON-LD, ready for parseEpcisDocument (domain/epcis.ts) */
  json: Record<string, unknown>;
  /** 'urn:epcglobal:epcis:xsd:2' (2.0) or 'urn:epcglobal:epcis:xsd:1' (1.2, converted) */
  version: '2.0' | '1.2';
  /** 1-based line and column of the XML element a JSON pointer of `json` came from (nearest ancestor that has one) */
  locate(pointer: string): { line: number; column: number } | undefined;
}

type Json = Record<string, unknown>;
type Version = XmlEpcisDocument['version'];
interface Loc {
  line: number;
  column: number;
}

const VERSION_OF_NAMESPACE: Readonly<Record<string, Version>> = {
  'urn:epcglobal:epcis:xsd:2': '2.0',
  'urn:epcglobal:epcis-query:xsd:2': '2.0',
  'urn:epcglobal:epcis-masterdata:xsd:2': '2.0',
  'urn:epcglobal:epcis:xsd:1': '1.2',
  'urn:epcglobal:epcis-query:xsd:1': '1.2',
  'urn:epcglobal:epcis-masterdata:xsd:1': '1.2',
};
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * Namespaces the standard EPCIS 2.0 JSON-LD context already binds, with the prefix it binds them
 * to. The CBV master-data namespace is written without its trailing colon in XML
 * (`urn:epcglobal:cbv:mda`) and with it in the JSON-LD context: both are the same vocabulary, so a
 * `cbvmda:lotNumber` reads (and hashes) the same from XML and from JSON.
 */
const STANDARD_NAMESPACES: Readonly<Record<string, string>> = {
  'https://ref.gs1.org/epcis/': 'epcis',
  'https://ref.gs1.org/cbv/': 'cbv',
  'urn:epcglobal:cbv:mda:': 'cbvmda',
  'urn:epcglobal:cbv:mda': 'cbvmda',
  'https://gs1.org/voc/': 'gs1',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.w3.org/2000/01/rdf-schema#': 'rdfs',
  'http://www.w3.org/2002/07/owl#': 'owl',
  'http://www.w3.org/2001/XMLSchema#': 'xsd',
  'http://purl.org/dc/terms/': 'dcterms',
};
const STANDARD_PREFIXES = new Set(Object.values(STANDARD_NAMESPACES));
// Prefixes that would turn ordinary IRIs into compact IRIs, or redefine a term of the EPCIS
// context, if a JSON-LD context defined them.
const UNSAFE_PREFIXES = new Set(['http', 'https', 'urn', 'geo', 'ni', 'tag', '_', 'id', 'type', 'value']);

// Deeper nesting is refused rather than risking the stack on hostile input.
const MAX_DEPTH = 64;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GS1_VOC = ['gs1:', 'https://gs1.org/voc/'];

const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const isElement = (n: Node): n is Element => n.nodeType === 1;
const nameOf = (n: Element | Attr): string => n.localName ?? n.nodeName;
const elementChildren = (el: Element): Element[] => Array.from(el.childNodes).filter(isElement);
const locOf = (n: Node): Loc => ({
  line: Math.max(1, n.lineNumber ?? 1),
  column: Math.max(1, n.columnNumber ?? 1),
});

/** Text and CDATA directly inside an element. */
function textOf(el: Element): string {
  let s = '';
  for (const n of Array.from(el.childNodes)) if (n.nodeType === 3 || n.nodeType === 4) s += n.nodeValue ?? '';
  return s;
}

/** Standard EPCIS elements are unqualified (elementFormDefault="unqualified") or in an EPCIS namespace. */
const isStandard = (n: Element | Attr) => !n.namespaceURI || n.namespaceURI in VERSION_OF_NAMESPACE;
const isDeclaration = (a: Attr) => a.namespaceURI === XMLNS || a.name === 'xmlns' || a.prefix === 'xmlns';

/** JSON prefixes for the user-extension namespaces of one document, and the context defining them. */
class Namespaces {
  private readonly prefixOf = new Map<string, string>();
  private readonly uriOf = new Map<string, string>();

  key(node: Element | Attr): string {
    const uri = node.namespaceURI;
    const local = nameOf(node);
    if (!uri) return local;
    return `${this.prefix(uri, node.prefix)}:${local}`;
  }

  private prefix(uri: string, wanted: string | null): string {
    const standard = STANDARD_NAMESPACES[uri];
    if (standard) return standard;
    const known = this.prefixOf.get(uri);
    if (known) return known;
    const base = wanted && !UNSAFE_PREFIXES.has(wanted.toLowerCase()) ? wanted : 'ns';
    let p = base === 'ns' ? 'ns1' : base;
    for (let i = 2; this.uriOf.has(p) || STANDARD_PREFIXES.has(p); i++) p = `${base}${i}`;
    this.prefixOf.set(uri, p);
    this.uriOf.set(p, uri);
    return p;
  }

  context(): unknown[] {
    if (this.uriOf.size === 0) return [EPCIS_2_0_CONTEXT_URL];
    return [EPCIS_2_0_CONTEXT_URL, Object.fromEntries(this.uriOf)];
  }
}

/** How one standard child element (or attribute) is read into JSON. */
interface Field {
  read: (c: Converter, el: Element, pointer: string) => unknown;
  /** how often it may occur: once (default), 'many' (always an array), 'oneOrMany' (array when repeated) */
  occurs?: 'many' | 'oneOrMany';
  /** JSON member name when it differs from the element name */
  as?: string;
}
type Fields = Readonly<Record<string, Field>>;
type AttrReader = (value: string) => unknown;

interface StructureOptions {
  /** unknown standard-namespace children are problems here (no JSON schema check would name them) */
  strict?: boolean;
  /** readers of the unqualified attributes EPCIS defines on this element */
  attrs?: Readonly<Record<string, AttrReader>>;
  /** unqualified attributes to leave out */
  skipAttrs?: ReadonlySet<string>;
  /** members to start with (e.g. the event type) */
  init?: Json;
  /** why an unknown standard-namespace child is refused (implies strict) */
  unexpected?: (child: Element) => string;
  /** unwrap `extension` / `baseExtension` children (standard structures; not inside user extensions) */
  unwrap?: boolean;
}

const asNumber =
  (pattern: RegExp): AttrReader =>
  (v) => {
    const t = v.trim();
    return pattern.test(t) ? Number(t) : v;
  };
const asBoolean: AttrReader = (v) => {
  const t = v.trim();
  return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : v;
};
/** sensorReport/@type: the JSON binding writes GS1 measurement types as bare words (`Temperature`). */
const asMeasurementType: AttrReader = (v) => {
  const t = v.trim();
  for (const p of GS1_VOC)
    if (t.startsWith(p) && /^[A-Za-z][\w-]*$/.test(t.slice(p.length))) return t.slice(p.length);
  return t;
};
const asText: AttrReader = (v) => v.trim();

const text: Field['read'] = (c, el, pointer) => c.simpleText(el, pointer);
const vocab =
  (v: CbvVocab): Field['read'] =>
  (c, el, pointer) => {
    const t = c.simpleText(el, pointer);
    return cbvShortName(v, t) ?? t;
  };
const cbvAttr =
  (v: CbvVocab): AttrReader =>
  (value) => {
    const t = value.trim();
    return cbvShortName(v, t) ?? t;
  };

const epcs: Field['read'] = (c, el, pointer) => c.list(el, pointer, 'epc', text);
const quantityElement: Field['read'] = (c, el, pointer) =>
  c.structure(el, pointer, {
    epcClass: { read: text },
    quantity: { read: (cc, q, p) => cc.decimal(q, p) },
    uom: { read: text },
  });
const quantities: Field['read'] = (c, el, pointer) => c.list(el, pointer, 'quantityElement', quantityElement);
const place: Field['read'] = (c, el, pointer) => c.structure(el, pointer, { id: { read: text } });

/** bizTransaction / source / destination: the value as text content, its type as an attribute. */
const typedValue =
  (member: string, v: CbvVocab): Field['read'] =>
  (c, el, pointer) => {
    const out = c.structure(el, pointer, {}, { strict: true, attrs: { type: cbvAttr(v) } });
    out[member] = c.simpleText(el, pointer, `${pointer}/${member}`);
    return out;
  };

const SENSOR_METADATA_ATTRS: Readonly<Record<string, AttrReader>> = {
  time: asText,
  startTime: asText,
  endTime: asText,
  deviceID: asText,
  deviceMetadata: asText,
  rawData: asText,
  bizRules: asText,
  dataProcessingMethod: asText,
};
const double = asNumber(DOUBLE);
const SENSOR_REPORT_ATTRS: Readonly<Record<string, AttrReader>> = {
  type: asMeasurementType,
  value: double,
  minValue: double,
  maxValue: double,
  meanValue: double,
  sDev: double,
  percRank: double,
  percValue: double,
  booleanValue: asBoolean,
};
const sensorElement: Field['read'] = (c, el, pointer) =>
  c.structure(
    el,
    pointer,
    {
      sensorMetadata: { read: (cc, m, p) => cc.structure(m, p, {}, { attrs: SENSOR_METADATA_ATTRS }) },
      sensorReport: {
        occurs: 'many',
        read: (cc, r, p) => cc.structure(r, p, {}, { attrs: SENSOR_REPORT_ATTRS }),
      },
    },
    { strict: true },
  );

const errorDeclaration: Field['read'] = (c, el, pointer) =>
  c.structure(
    el,
    pointer,
    {
      declarationTime: { read: text },
      reason: { read: vocab('ER') },
      correctiveEventIDs: { read: (cc, l, p) => cc.list(l, p, 'correctiveEventID', text) },
    },
    { strict: true },
  );

/** The standard members of all five event types; the schema check refuses one in the wrong event. */
const EVENT_FIELDS: Fields = {
  eventTime: { read: text },
  recordTime: { read: text },
  eventTimeZoneOffset: { read: text },
  certificationInfo: { read: text, occurs: 'oneOrMany' },
  eventID: { read: text },
  errorDeclaration: { read: errorDeclaration },
  parentID: { read: text },
  epcList: { read: epcs },
  childEPCs: { read: epcs },
  inputEPCList: { read: epcs },
  outputEPCList: { read: epcs },
  quantityList: { read: quantities },
  childQuantityList: { read: quantities },
  inputQuantityList: { read: quantities },
  outputQuantityList: { read: quantities },
  action: { read: text },
  transformationID: { read: text },
  bizStep: { read: vocab('BizStep') },
  disposition: { read: vocab('Disp') },
  persistentDisposition: {
    read: (c, el, pointer) =>
      c.structure(
        el,
        pointer,
        { set: { read: vocab('Disp'), occurs: 'many' }, unset: { read: vocab('Disp'), occurs: 'many' } },
        { strict: true },
      ),
  },
  readPoint: { read: place },
  bizLocation: { read: place },
  bizTransactionList: {
    read: (c, el, pointer) => c.list(el, pointer, 'bizTransaction', typedValue('bizTransaction', 'BTT')),
  },
  sourceList: { read: (c, el, pointer) => c.list(el, pointer, 'source', typedValue('source', 'SDT')) },
  destinationList: {
    read: (c, el, pointer) => c.list(el, pointer, 'destination', typedValue('destination', 'SDT')),
  },
  sensorElementList: { read: (c, el, pointer) => c.list(el, pointer, 'sensorElement', sensorElement) },
  ilmd: { read: (c, el, pointer) => c.structure(el, pointer, {}) },
};

// Master data in the header: EPCISHeader/extension/EPCISMasterData (1.2) or epcisMasterData (2.0).
const vocabularyElement: Field['read'] = (c, el, pointer) =>
  c.structure(
    el,
    pointer,
    {
      attribute: {
        as: 'attributes',
        occurs: 'many',
        read: (cc, a, p) => ({
          id: a.getAttribute('id') ?? '',
          attribute: cc.generic(a, `${p}/attribute`, ['id']),
        }),
      },
      children: { read: (cc, l, p) => cc.list(l, p, 'id', text) },
    },
    { strict: true, attrs: { id: asText } },
  );
const vocabulary: Field['read'] = (c, el, pointer) =>
  c.structure(
    el,
    pointer,
    {
      VocabularyElementList: {
        as: 'vocabularyElementList',
        read: (cc, l, p) => cc.list(l, p, 'VocabularyElement', vocabularyElement),
      },
    },
    { strict: true, attrs: { type: asText } },
  );
const vocabularyList: Field['read'] = (c, el, pointer) => c.list(el, pointer, 'Vocabulary', vocabulary);
const masterData: Field = {
  as: 'epcisMasterData',
  read: (c, el, pointer) =>
    c.structure(
      el,
      pointer,
      { VocabularyList: { as: 'vocabularyList', read: vocabularyList } },
      { strict: true },
    ),
};
const HEADER_FIELDS: Fields = { EPCISMasterData: masterData, epcisMasterData: masterData };

class Converter {
  readonly problems: Problem[] = [];
  readonly locations = new Map<string, Loc>();
  readonly ns = new Namespaces();

  problem(node: Node, reason: string, extra: { pointer?: string; field?: string } = {}): void {
    this.problems.push({ ...extra, reason, ...locOf(node) });
  }

  mark(pointer: string, node: Node): void {
    if (!this.locations.has(pointer)) this.locations.set(pointer, locOf(node));
  }

  describe(el: Element): string {
    return `<${el.nodeName}>`;
  }

  /** Children, with the `extension` / `baseExtension` wrappers of EPCIS 1.2 (and 2.0) unwrapped. */
  private flatChildren(el: Element): Element[] {
    const out: Element[] = [];
    const stack = elementChildren(el).reverse();
    while (stack.length) {
      const c = stack.pop()!;
      if (isStandard(c) && (nameOf(c) === 'extension' || nameOf(c) === 'baseExtension'))
        stack.push(...elementChildren(c).reverse());
      else out.push(c);
    }
    return out;
  }

  /** Text content of a simple-valued element; child elements are a problem. */
  simpleText(el: Element, pointer: string, at = pointer): string {
    this.mark(at, el);
    if (elementChildren(el).length > 0)
      this.problem(el, `${this.describe(el)} must hold a value, not elements`, {
        pointer: at,
        field: nameOf(el),
      });
    return textOf(el).trim();
  }

  /** xsd:decimal content as a JSON number; anything else stays text for the schema check to refuse. */
  decimal(el: Element, pointer: string): unknown {
    const t = this.simpleText(el, pointer);
    return DECIMAL.test(t) ? Number(t) : t;
  }

  /** A list element whose items are all `item` elements. */
  list(el: Element, pointer: string, item: string, read: Field['read']): unknown[] {
    this.mark(pointer, el);
    const out: unknown[] = [];
    for (const c of this.flatChildren(el)) {
      if (isStandard(c) && nameOf(c) === item) out.push(read(this, c, `${pointer}/${out.length}`));
      else
        this.problem(
          c,
          `${this.describe(c)} does not belong in ${this.describe(el)}, which holds <${item}> elements`,
          {
            pointer,
            field: nameOf(c),
          },
        );
    }
    return out;
  }

  /**
   * An element with standard members (read by `fields`), user extensions (any other namespace:
   * `prefix:localName` members) and attributes. Unknown unqualified members keep their bare name,
   * so that the JSON schema check refuses them where EPCIS does not allow them.
   */
  structure(el: Element, pointer: string, fields: Fields, opts: StructureOptions = {}): Json {
    this.mark(pointer, el);
    const out: Json = { ...opts.init };
    if (pointer.split('/').length > MAX_DEPTH) {
      this.problem(el, `${this.describe(el)} is nested more than ${MAX_DEPTH} levels deep`, { pointer });
      return out;
    }
    this.attributes(el, pointer, out, opts);
    const groups = new Map<string, Element[]>();
    const children = opts.unwrap === false ? elementChildren(el) : this.flatChildren(el);
    for (const c of children) {
      // xsi:nil="true" (e.g. a nillable quantity) means the member is absent
      if (/^(true|1)$/.test(c.getAttributeNS(XSI, 'nil')?.trim() ?? '')) continue;
      const standard = isStandard(c);
      const field = standard && Object.hasOwn(fields, nameOf(c)) ? fields[nameOf(c)] : undefined;
      if (standard && !field && (opts.strict || opts.unexpected)) {
        const reason =
          opts.unexpected?.(c) ?? `${this.describe(c)} is not an element of ${this.describe(el)}`;
        this.problem(c, reason, { pointer, field: nameOf(c) });
        continue;
      }
      const key = field?.as ?? (standard ? nameOf(c) : this.ns.key(c));
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    for (const [key, els] of groups) {
      const first = els[0]!;
      const field = isStandard(first) ? fields[nameOf(first)] : undefined;
      const at = `${pointer}/${escapeKey(key)}`;
      if (field && field.occurs === 'many') {
        this.mark(at, first);
        out[key] = els.map((e, i) => field.read(this, e, `${at}/${i}`));
      } else if (field && field.occurs === 'oneOrMany') {
        out[key] =
          els.length === 1
            ? field.read(this, first, at)
            : els.map((e, i) => field.read(this, e, `${at}/${i}`));
        this.mark(at, first);
      } else if (field) {
        for (const dup of els.slice(1))
          this.problem(dup, `${this.describe(dup)} appears more than once in ${this.describe(el)}`, {
            pointer: at,
            field: nameOf(dup),
          });
        out[key] = field.read(this, first, at);
      } else {
        out[key] =
          els.length === 1 ? this.generic(first, at) : els.map((e, i) => this.generic(e, `${at}/${i}`));
        this.mark(at, first);
      }
    }
    return out;
  }

  private attributes(el: Element, pointer: string, out: Json, opts: StructureOptions): void {
    for (const a of Array.from(el.attributes)) {
      if (isDeclaration(a) || a.namespaceURI === XSI) continue;
      const standard = !a.namespaceURI;
      if (standard && opts.skipAttrs?.has(nameOf(a))) continue;
      const key = this.ns.key(a);
      const reader = standard && opts.attrs && Object.hasOwn(opts.attrs, key) ? opts.attrs[key] : undefined;
      out[key] = reader ? reader(a.value) : a.value;
      this.mark(`${pointer}/${escapeKey(key)}`, a);
    }
  }

  /**
   * A user-extension element as JSON: text alone as a string; with child elements or attributes as
   * an object (repeated children as arrays, text beside them as `#text`).
   */
  generic(el: Element, pointer: string, skipAttrs: readonly string[] = []): unknown {
    this.mark(pointer, el);
    const hasChildren = elementChildren(el).length > 0;
    const attrs = Array.from(el.attributes).filter(
      (a) => !isDeclaration(a) && a.namespaceURI !== XSI && !(!a.namespaceURI && skipAttrs.includes(a.name)),
    );
    const t = textOf(el).trim();
    if (!hasChildren && attrs.length === 0) return t;
    const out = this.structure(el, pointer, {}, { skipAttrs: new Set(skipAttrs), unwrap: false });
    if (t) out['#text'] = t;
    return out;
  }

  event(el: Element, pointer: string, skipAttrs?: ReadonlySet<string>): Json {
    return this.structure(el, pointer, EVENT_FIELDS, {
      init: { type: nameOf(el) },
      ...(skipAttrs ? { skipAttrs } : {}),
    });
  }

  eventList(el: Element, pointer: string): Json[] {
    this.mark(pointer, el);
    const out: Json[] = [];
    for (const c of this.flatChildren(el)) {
      const at = `${pointer}/${out.length}`;
      const name = nameOf(c);
      if (isStandard(c) && (EVENT_TYPES as readonly string[]).includes(name)) {
        out.push(this.event(c, at));
      } else if (isStandard(c) && name === 'QuantityEvent') {
        this.problem(
          c,
          '<QuantityEvent> was removed in EPCIS 2.0; send an ObjectEvent with a quantityList instead',
          { pointer: at, field: 'type' },
        );
      } else {
        this.problem(c, `${this.describe(c)} is not an EPCIS event type (${EVENT_TYPES.join(', ')})`, {
          pointer: `${at}/type`,
          field: 'type',
        });
      }
    }
    return out;
  }

  /** The document element: EPCISDocument, EPCISQueryDocument, or one bare event. */
  document(root: Element): Json {
    const name = nameOf(root);
    const version = versionOf(root);
    const schemaVersion = root.getAttribute('schemaVersion');
    const creationDate = root.getAttribute('creationDate');
    const init: Json = {
      '@context': null,
      type: 'EPCISDocument',
      schemaVersion: version === '1.2' ? '2.0' : schemaVersionOf(schemaVersion),
    };
    if (creationDate !== null) init['creationDate'] = creationDate.trim();
    for (const attr of ['schemaVersion', 'creationDate']) {
      const node = root.getAttributeNode(attr);
      if (node) this.mark(`/${attr}`, node);
    }
    const skipAttrs = new Set(['schemaVersion', 'creationDate']);
    let json: Json;
    if (isStandard(root) && (EVENT_TYPES as readonly string[]).includes(name)) {
      // A single event, as the EPCIS 2.0 capture interface takes at /events: wrapped in a document.
      this.mark('', root);
      json = { ...init, epcisBody: { eventList: [this.event(root, '/epcisBody/eventList/0', skipAttrs)] } };
    } else if (isStandard(root) && (name === 'EPCISDocument' || name === 'EPCISQueryDocument')) {
      json = this.structure(
        root,
        '',
        {
          EPCISHeader: {
            as: 'epcisHeader',
            read: (c, el, p) => c.structure(el, p, HEADER_FIELDS, { strict: true }),
          },
          EPCISBody: {
            as: 'epcisBody',
            read: (c, el, p) => (name === 'EPCISDocument' ? c.captureBody(el, p) : c.queryBody(el, p)),
          },
        },
        {
          init: { ...init, type: name },
          skipAttrs,
          unexpected: (c) =>
            `${this.describe(c)} does not belong in <${root.nodeName}>, which holds EPCISHeader and EPCISBody`,
        },
      );
      if (json['epcisBody'] === undefined)
        this.problem(root, `<${root.nodeName}> needs an <EPCISBody>`, {
          pointer: '/epcisBody',
          field: 'EPCISBody',
        });
    } else {
      this.mark('', root);
      json = init;
      this.problem(
        root,
        `the root element must be EPCISDocument, EPCISQueryDocument or an EPCIS event, not ${this.describe(root)}`,
        { pointer: '', field: name },
      );
    }
    json['@context'] = this.ns.context();
    return json;
  }

  captureBody(body: Element, pointer: string): Json {
    const out = this.structure(
      body,
      pointer,
      { EventList: { as: 'eventList', read: (c, l, p) => c.eventList(l, p) } },
      { strict: true },
    );
    if (out['eventList'] === undefined) out['eventList'] = [];
    return out;
  }

  queryBody(body: Element, pointer: string): Json {
    const before = this.problems.length;
    const out = this.structure(
      body,
      pointer,
      {
        QueryResults: {
          as: 'queryResults',
          read: (c, q, p) =>
            c.structure(
              q,
              p,
              {
                queryName: { read: text },
                subscriptionID: { read: text },
                resultsBody: {
                  read: (c2, r, p2) =>
                    c2.structure(
                      r,
                      p2,
                      {
                        EventList: { as: 'eventList', read: (c3, l, p3) => c3.eventList(l, p3) },
                        VocabularyList: { as: 'vocabularyList', read: vocabularyList },
                      },
                      { strict: true },
                    ),
                },
              },
              { strict: true },
            ),
        },
      },
      {
        unexpected: (c) =>
          `${this.describe(c)} does not belong in the <EPCISBody> of an EPCISQueryDocument, which carries events in <QueryResults>`,
      },
    );
    if (out['queryResults'] === undefined && this.problems.length === before)
      this.problem(body, 'an EPCISQueryDocument needs <QueryResults> in its <EPCISBody>', {
        pointer: `${pointer}/queryResults`,
        field: 'QueryResults',
      });
    return out;
  }
}

/** schemaVersion is an xsd:decimal: "2", "2.0" and "2.00" are all the "2.0" of the JSON binding. */
function schemaVersionOf(attr: string | null): string {
  const t = attr?.trim();
  if (t === undefined) return '2.0';
  return DECIMAL.test(t) && Number(t) === 2 ? '2.0' : t;
}

/** 2.0 or 1.2, from the namespace of the document element (or one it declares, for a bare event). */
function versionOf(root: Element): Version {
  const own = root.namespaceURI ? VERSION_OF_NAMESPACE[root.namespaceURI] : undefined;
  if (own) return own;
  for (const a of Array.from(root.attributes))
    if (isDeclaration(a) && VERSION_OF_NAMESPACE[a.value]) return VERSION_OF_NAMESPACE[a.value]!;
  return /^1(\.|$)/.test(root.getAttribute('schemaVersion') ?? '') ? '1.2' : '2.0';
}

/** 1-based line and column of an offset in the source. */
function position(source: string, offset: number): Loc {
  const before = source.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Offset of a DOCTYPE declaration outside comments and CDATA sections, or -1. */
function doctypeAt(source: string): number {
  const blanked = source.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) =>
    m.replace(/[^\r\n]/g, ' '),
  );
  return blanked.search(/<!DOCTYPE/i);
}

function parseXml(xml: string): { root: Element } | { problems: Problem[] } {
  const at = doctypeAt(xml);
  if (at >= 0)
    return {
      problems: [
        {
          ...position(xml, at),
          field: 'DOCTYPE',
          reason:
            'a DOCTYPE declaration is refused: EPCIS documents need none, and DTD entities can expand without bound or read external files',
        },
      ],
    };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report = (msg: string, locator: { lineNumber?: number; columnNumber?: number } | undefined) => {
    const line = Math.max(1, locator?.lineNumber ?? 1);
    const column = Math.max(1, locator?.columnNumber ?? 1);
    const reason = `the XML is not well-formed: ${msg.replace(/^\[xmldom \w+\]\s*/, '').trim()}`;
    const key = `${line}:${column}:${reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ line, column, reason });
  };
  let root: Element | null = null;
  try {
    const doc = new DOMParser({
      onError: (_level, msg, context: { locator?: { lineNumber?: number; columnNumber?: number } }) =>
        report(msg, context?.locator),
    }).parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
    root = doc.documentElement;
  } catch (e) {
    const err = e as { message?: string; locator?: { lineNumber?: number; columnNumber?: number } };
    if (problems.length === 0) report(err.message ?? String(e), err.locator);
  }
  if (problems.length) return { problems };
  if (!root) return { problems: [{ line: 1, column: 1, reason: 'the XML has no document element' }] };
  return { root };
}

/**
 * Converts an EPCIS XML capture document (EPCISDocument or EPCISQueryDocument, EPCIS 2.0 or 1.2, or
 * one bare event) into EPCIS 2.0 JSON-LD. Problems name the XML line and column.
 */
export function epcisXmlToJson(
  xml: string,
): { ok: true; doc: XmlEpcisDocument } | { ok: false; problems: Problem[] } {
  const parsed = parseXml(xml);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const c = new Converter();
  const json = c.document(parsed.root);
  if (c.problems.length) return { ok: false, problems: c.problems };
  const locations = c.locations;
  return {
    ok: true,
    doc: {
      json,
      version: versionOf(parsed.root),
      locate(pointer: string) {
        for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
          const loc = locations.get(p);
          if (loc) return { ...loc };
          if (p === '') return undefined;
        }
      },
    },
  };
}

/** epcisXmlToJson + parseEpcisDocument; every problem of the schema check carries the XML line/column too. */
export function parseEpcisXml(
  xml: string,
):
  | { ok: true; doc: ParsedDocument; json: Record<string, unknown>; version: '2.0' | '1.2' }
  | { ok: false; problems: Problem[] } {
  const converted = epcisXmlToJson(xml);
  if (!converted.ok) return converted;
  const { json, version, locate } = converted.doc;
  const r = parseEpcisDocument(json);
  if (!r.ok) return { ok: false, problems: r.problems.map((p) => ({ ...p, ...locate(p.pointer ?? '') })) };
  return { ok: true, doc: r.doc, json, version };
}
