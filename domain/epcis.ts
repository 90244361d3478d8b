// EPCIS 2.0 JSON/JSON-LD shapes and their validation. Documents are read as plain JSON against
// the standard EPCIS 2.0 context, which the project knows; no context URL is ever fetched.
import { z } from 'zod';
import { cbvShortName, type CbvVocab } from './cbv.ts';
import type { Problem } from './errors.ts';

// RFC 3339 date-time with a zone (Z or ±hh:mm); EPCIS requires the zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TZ_OFFSET = /^[+-]([01]\d|2[0-3]):[0-5]\d$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

const dateTime = z
  .string()
  .refine(
    (s) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 date-time with a time zone',
  );
const uri = z.string().regex(URI, 'must be a URI');

/** A vocabulary value: a CBV short name, a CBV URI, or any other URI. */
const cbv = (vocab: CbvVocab, what: string) =>
  z.string().refine((v) => cbvShortName(vocab, v) !== null, `is not a standard CBV ${what} and not a URI`);

// Objects accept user extensions only under a namespace prefix ("ext:field"), as EPCIS 2.0 says.
function withExtensions<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape).superRefine((obj, ctx) => {
    for (const key of Object.keys(obj)) {
      if (key in shape || key.startsWith('@') || key.includes(':')) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'is not an EPCIS field; a user extension needs a namespace prefix (e.g. "ex:field")',
      });
    }
  });
}

const quantityElement = withExtensions({
  epcClass: uri,
  quantity: z.number().nonnegative().optional(),
  uom: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/, 'must be a UN/CEFACT unit code')
    .optional(),
});
export type QuantityElement = z.infer<typeof quantityElement>;

const bizTransaction = withExtensions({
  type: cbv('BTT', 'business transaction type').optional(),
  bizTransaction: uri,
});
const source = withExtensions({ type: cbv('SDT', 'source/destination type'), source: uri });
const destination = withExtensions({
  type: cbv('SDT', 'source/destination type'),
  destination: uri,
});
const place = withExtensions({ id: uri });

const sensorReport = z.looseObject({
  type: z.string().optional(),
  exception: z.string().optional(),
  deviceID: uri.optional(),
  deviceMetadata: uri.optional(),
  rawData: uri.optional(),
  dataProcessingMethod: uri.optional(),
  time: dateTime.optional(),
  microorganism: uri.optional(),
  chemicalSubstance: uri.optional(),
  value: z.number().optional(),
  component: z.string().optional(),
  stringValue: z.string().optional(),
  booleanValue: z.boolean().optional(),
  hexBinaryValue: z.string().optional(),
  uriValue: uri.optional(),
  minValue: z.number().optional(),
  maxValue: z.number().optional(),
  meanValue: z.number().optional(),
  sDev: z.number().optional(),
  percRank: z.number().optional(),
  percValue: z.number().optional(),
  uom: z.string().optional(),
  coordinateReferenceSystem: z.string().optional(),
});
const sensorElement = z.looseObject({
  sensorMetadata: z.looseObject({ time: dateTime.optional() }).optional(),
  sensorReport: z.array(sensorReport).min(1),
});
export type SensorReport = z.infer<typeof sensorReport>;

const errorDeclaration = z.looseObject({
  declarationTime: dateTime,
  reason: cbv('ER', 'error reason').optional(),
  correctiveEventIDs: z.array(uri).optional(),
});

const common = {
  '@context': z.unknown().optional(),
  eventID: uri.optional(),
  eventTime: dateTime,
  eventTimeZoneOffset: z.string().regex(TZ_OFFSET, 'must be like +02:00'),
  recordTime: dateTime.optional(),
  certificationInfo: z.union([uri, z.array(uri)]).optional(),
  errorDeclaration: errorDeclaration.optional(),
  bizStep: cbv('BizStep', 'bizStep').optional(),
  disposition: cbv('Disp', 'disposition').optional(),
  persistentDisposition: z
    .looseObject({
      set: z.array(cbv('Disp', 'disposition')).optional(),
      unset: z.array(cbv('Disp', 'disposition')).optional(),
    })
    .optional(),
  readPoint: place.optional(),
  bizLocation: place.optional(),
  bizTransactionList: z.array(bizTransaction).optional(),
  sourceList: z.array(source).optional(),
  destinationList: z.array(destination).optional(),
  sensorElementList: z.array(sensorElement).optional(),
};

const action = z.enum(['ADD', 'OBSERVE', 'DELETE'], { message: 'must be ADD, OBSERVE or DELETE' });
const ilmd = z.record(z.string(), z.unknown()).superRefine((obj, ctx) => {
  for (const key of Object.keys(obj)) {
    if (!key.includes(':') && !key.startsWith('@'))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'ILMD fields need a namespace prefix (e.g. "cbvmda:lotNumber")',
      });
  }
});
const epcList = z.array(uri);
const qtyList = z.array(quantityElement);

const objectEvent = withExtensions({
  ...common,
  type: z.literal('ObjectEvent'),
  action,
  epcList: epcList.optional(),
  quantityList: qtyList.optional(),
  ilmd: ilmd.optional(),
}).refine((e) => (e.epcList?.length ?? 0) + (e.quantityList?.length ?? 0) > 0, {
  message: 'an ObjectEvent needs a non-empty epcList or quantityList',
  path: ['epcList'],
});

const aggregationEvent = withExtensions({
  ...common,
  type: z.literal('AggregationEvent'),
  action,
  parentID: uri.optional(),
  childEPCs: epcList.optional(),
  childQuantityList: qtyList.optional(),
});

const associationEvent = withExtensions({
  ...common,
  type: z.literal('AssociationEvent'),
  action,
  parentID: uri,
  childEPCs: epcList.optional(),
  childQuantityList: qtyList.optional(),
});

const transactionEvent = withExtensions({
  ...common,
  type: z.literal('TransactionEvent'),
  action,
  parentID: uri.optional(),
  epcList: epcList.optional(),
  quantityList: qtyList.optional(),
});

const transformationEvent = withExtensions({
  ...common,
  type: z.literal('TransformationEvent'),
  inputEPCList: epcList.optional(),
  inputQuantityList: qtyList.optional(),
  outputEPCList: epcList.optional(),
  outputQuantityList: qtyList.optional(),
  transformationID: uri.optional(),
  ilmd: ilmd.optional(),
});

const EVENT_SCHEMAS = {
  ObjectEvent: objectEvent,
  AggregationEvent: aggregationEvent,
  AssociationEvent: associationEvent,
  TransactionEvent: transactionEvent,
  TransformationEvent: transformationEvent,
} as const;
export type EpcisEventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EpcisEventType[];

export type ObjectEvent = z.infer<typeof objectEvent>;
export type AggregationEvent = z.infer<typeof aggregationEvent>;
export type AssociationEvent = z.infer<typeof associationEvent>;
export type TransactionEvent = z.infer<typeof transactionEvent>;
export type TransformationEvent = z.infer<typeof transformationEvent>;
export type EpcisEvent =
  ObjectEvent | AggregationEvent | AssociationEvent | TransactionEvent | TransformationEvent;

/** One vocabulary element of EPCIS master data (header `epcisMasterData`). */
export interface VocabularyElement {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
}

export interface ParsedDocument {
  kind: 'EPCISDocument' | 'EPCISQueryDocument';
  context: unknown;
  events: { event: EpcisEvent; pointer: string }[];
  masterData: VocabularyElement[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pointerOf = (path: readonly PropertyKey[]) =>
  path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path)
    v = isObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function zodProblems(err: z.ZodError, base: string, raw: unknown): Problem[] {
  return err.issues.map((i) => {
    const path = i.path as PropertyKey[];
    const field = path.length ? String(path[path.length - 1]) : undefined;
    let reason = i.message;
    const got = valueAt(raw, path);
    if (got === undefined && i.code !== 'custom') reason = 'is required';
    else if (i.code === 'invalid_type') {
      reason =
        got === undefined ? 'is required' : `must be of type ${i.expected}, got ${JSON.stringify(got)}`;
    } else if (i.code === 'invalid_union') reason = 'must be a URI or a list of URIs';
    return { pointer: base + pointerOf(path), ...(field ? { field } : {}), reason };
  });
}

/** Validates one EPCIS event; `pointer` says where it sits in its document. */
export function validateEvent(
  raw: unknown,
  pointer: string,
): { event: EpcisEvent; problems: [] } | { event: null; problems: Problem[] } {
  if (!isObject(raw)) return { event: null, problems: [{ pointer, reason: 'an event must be an object' }] };
  const type = raw['type'];
  // own keys only: a type named "valueOf" or "constructor" is not an event type
  const schema =
    typeof type === 'string' && Object.hasOwn(EVENT_SCHEMAS, type)
      ? EVENT_SCHEMAS[type as EpcisEventType]
      : undefined;
  if (!schema)
    return {
      event: null,
      problems: [
        {
          pointer: `${pointer}/type`,
          field: 'type',
          reason: `must be one of ${EVENT_TYPES.join(', ')}`,
        },
      ],
    };
  const r = schema.safeParse(raw);
  if (r.success) return { event: r.data as EpcisEvent, problems: [] };
  return { event: null, problems: zodProblems(r.error, pointer, raw) };
}

function readMasterData(header: unknown): VocabularyElement[] {
  if (!isObject(header)) return [];
  const md = header['epcisMasterData'];
  if (!isObject(md) || !Array.isArray(md['vocabularyList'])) return [];
  const out: VocabularyElement[] = [];
  for (const vocab of md['vocabularyList']) {
    if (!isObject(vocab) || typeof vocab['type'] !== 'string') continue;
    const elements = vocab['vocabularyElementList'];
    if (!Array.isArray(elements)) continue;
    for (const el of elements) {
      if (!isObject(el) || typeof el['id'] !== 'string') continue;
      const attributes: Record<string, unknown> = {};
      if (Array.isArray(el['attributes']))
        for (const a of el['attributes'])
          if (isObject(a) && typeof a['id'] === 'string') attributes[a['id']] = a['attribute'];
      out.push({ type: vocab['type'], id: el['id'], attributes });
    }
  }
  return out;
}

/**
 * Validates an EPCISDocument or EPCISQueryDocument given as parsed JSON. Every problem is
 * reported with its JSON pointer; a document with any problem yields no events.
 */
export function parseEpcisDocument(
  json: unknown,
): { ok: true; doc: ParsedDocument } | { ok: false; problems: Problem[] } {
  if (!isObject(json)) return { ok: false, problems: [{ pointer: '', reason: 'must be a JSON object' }] };
  const problems: Problem[] = [];
  const kind = json['type'];
  if (kind !== 'EPCISDocument' && kind !== 'EPCISQueryDocument')
    problems.push({ pointer: '/type', field: 'type', reason: 'must be EPCISDocument or EPCISQueryDocument' });
  const context = json['@context'];
  if (context === undefined)
    problems.push({
      pointer: '/@context',
      field: '@context',
      reason: 'is required (the EPCIS 2.0 JSON-LD context)',
    });
  if (json['schemaVersion'] !== undefined && !['2.0', 2].includes(json['schemaVersion'] as string))
    problems.push({ pointer: '/schemaVersion', field: 'schemaVersion', reason: 'must be "2.0"' });
  if (json['creationDate'] !== undefined && !dateTime.safeParse(json['creationDate']).success)
    problems.push({
      pointer: '/creationDate',
      field: 'creationDate',
      reason: 'must be an ISO 8601 date-time with a time zone',
    });

  const body = json['epcisBody'];
  let rawEvents: unknown[] = [];
  let listPointer = '/epcisBody/eventList';
  if (!isObject(body)) {
    problems.push({ pointer: '/epcisBody', field: 'epcisBody', reason: 'is required' });
  } else if (kind === 'EPCISQueryDocument') {
    const results = body['queryResults'];
    const list =
      isObject(results) && isObject(results['resultsBody']) ? results['resultsBody']['eventList'] : undefined;
    listPointer = '/epcisBody/queryResults/resultsBody/eventList';
    if (!Array.isArray(list))
      problems.push({ pointer: listPointer, field: 'eventList', reason: 'must be an array' });
    else rawEvents = list;
  } else {
    const list = body['eventList'];
    if (!Array.isArray(list))
      problems.push({ pointer: listPointer, field: 'eventList', reason: 'must be an array' });
    else rawEvents = list;
  }

  const events: ParsedDocument['events'] = [];
  rawEvents.forEach((raw, i) => {
    const pointer = `${listPointer}/${i}`;
    const r = validateEvent(raw, pointer);
    if (r.event) events.push({ event: r.event, pointer });
    else problems.push(...r.problems);
  });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    doc: {
      kind: kind as ParsedDocument['kind'],
      context,
      events,
      masterData: readMasterData(json['epcisHeader']),
    },
  };
}
