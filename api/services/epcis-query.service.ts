// The query side of the EPCIS 2.0 REST binding: SimpleEventQuery parameters (as query-string
// text) checked and turned into an EventQuery, and the matching events as one page of an
// EPCISQueryDocument (docs/epcis.md, decision 023).
import { createHmac } from 'node:crypto';
import { queryEvents, type Cursor, type EventQuery, type MatchGroup } from '../../analytics/epcis-query.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { cbvShortName, type CbvVocab } from '../../domain/cbv.ts';
import { EPCIS_2_0_CONTEXT_URL } from '../../domain/trace-event.ts';
import { EVENT_TYPES } from '../../domain/epcis.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { toCanonicalDigitalLink, toCanonicalKey, CANONICAL_DL_PREFIX } from '../../domain/gs1-ids.ts';

/** MATCH_ parameters and the EPCIS fields each one looks in (EPCIS 2.0 §8.2.7.1). */
const MATCH_FIELDS: Readonly<Record<string, readonly string[]>> = {
  MATCH_epc: ['epc'],
  MATCH_parentID: ['parentID'],
  MATCH_inputEPC: ['inputEPC'],
  MATCH_outputEPC: ['outputEPC'],
  MATCH_anyEPC: ['epc', 'parentID', 'inputEPC', 'outputEPC'],
  MATCH_epcClass: ['epcClass'],
  MATCH_inputEPCClass: ['inputEPCClass'],
  MATCH_outputEPCClass: ['outputEPCClass'],
  MATCH_anyEPCClass: ['epcClass', 'inputEPCClass', 'outputEPCClass'],
};

const LIST_PARAMS = [
  'eventType',
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_readPoint',
  'EQ_bizLocation',
  'EQ_eventID',
] as const;
const TIME_PARAMS = ['GE_eventTime', 'LT_eventTime', 'GE_recordTime', 'LT_recordTime'] as const;
const CONTROL_PARAMS = [
  'orderBy',
  'orderDirection',
  'eventCountLimit',
  'maxEventCount',
  'perPage',
  'nextPageToken',
  'EXISTS_errorDeclaration',
] as const;

/** Every parameter name the query understands; anything else is a QueryParameterException. */
export const QUERY_PARAMETERS: readonly string[] = [
  ...LIST_PARAMS,
  ...TIME_PARAMS,
  ...Object.keys(MATCH_FIELDS),
  ...CONTROL_PARAMS,
];

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 1000;

export interface ParsedQuery {
  query: EventQuery;
  /** at most this many events over all pages (eventCountLimit) */
  eventCountLimit: number | null;
  /** more matches than this is an error (maxEventCount) */
  maxEventCount: number | null;
  perPage: number;
  cursor: Cursor | null;
  /** events already returned on earlier pages (for eventCountLimit) */
  returned: number;
  /** identifies the query for its page tokens */
  key: string;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const bad = (problems: Problem[]) =>
  new AppError('INVALID_INPUT', `the query has ${problems.length} invalid parameter(s)`, {
    problems,
    details: { epcisException: 'QueryParameterException' },
  });

/** `a|b|c` (the REST binding's list separator); repeated parameters add to the list. */
function listOf(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : [raw];
  return values
    .flatMap((v) => String(v).split('|'))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function single(raw: unknown, name: string, problems: Problem[]): string | null {
  if (raw === undefined) return null;
  if (Array.isArray(raw) || typeof raw !== 'string') {
    problems.push({ field: name, reason: 'must be given once' });
    return null;
  }
  return raw;
}

function positiveInt(raw: unknown, name: string, problems: Problem[], max?: number): number | null {
  const v = single(raw, name, problems);
  if (v === null) return null;
  if (!/^\d+$/.test(v) || Number(v) < 1 || (max !== undefined && Number(v) > max)) {
    problems.push({
      field: name,
      reason: `must be a whole number from 1${max !== undefined ? ` to ${max}` : ''}, got "${v}"`,
    });
    return null;
  }
  return Number(v);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The match group of one MATCH_ parameter. An EPC pattern with a wildcard serial
 * (`urn:epc:idpat:sgtin:CP.IR.*`) matches every instance and class of that GTIN (and the
 * pattern itself as a class); any other value matches by canonical key, so EPC URIs and GS1
 * Digital Link URIs of the same object agree.
 */
function matchGroup(name: string, values: string[], problems: Problem[]): MatchGroup {
  const group: MatchGroup = { fields: [...MATCH_FIELDS[name]!], exact: [], patterns: [] };
  for (const v of values) {
    if (v.startsWith('urn:epc:idpat:')) {
      const dl = toCanonicalDigitalLink(v);
      if (dl === null) {
        problems.push({
          field: name,
          reason: `"${v}" is not an EPC pattern this repository understands (only a wildcard in the last position, e.g. urn:epc:idpat:sgtin:0614141.107346.*)`,
        });
        continue;
      }
      const key = dl.slice(CANONICAL_DL_PREFIX.length);
      group.exact.push(key);
      group.patterns.push(`${escapeLike(key)}%`);
    } else group.exact.push(toCanonicalKey(v));
  }
  return group;
}

/** Signs page tokens, so that a token is only ever read back as this server wrote it. */
export interface PageTokens {
  secret: string;
}

interface TokenBody {
  /** the query it belongs to (parameters other than nextPageToken/perPage) */
  q: string;
  k: number;
  s: number;
  n: number;
}

const signature = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);

export function pageToken(tokens: PageTokens, body: TokenBody): string {
  const text = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${text}.${signature(tokens.secret, text)}`;
}

function readToken(tokens: PageTokens, token: string, queryKey: string): TokenBody | null {
  const [text, sig] = token.split('.');
  if (!text || !sig || signature(tokens.secret, text) !== sig) return null;
  try {
    const body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as TokenBody;
    return body.q === queryKey ? body : null;
  } catch {
    return null;
  }
}

/** What identifies a query for its page tokens: the parameters other than paging, in a fixed order. */
export function queryKeyOf(params: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(params)
      .filter((k) => k !== 'nextPageToken' && k !== 'perPage')
      .sort()
      .map((k) => [k, params[k]]),
  );
}

/**
 * Checks the SimpleEventQuery parameters of a request. `fixed` are parameters the route sets
 * itself (an event type or an EPC from the path), which the query string may not contradict.
 * @throws AppError INVALID_INPUT (QueryParameterException) naming each bad parameter
 */
export function parseEventQuery(
  params: Record<string, unknown>,
  tokens: PageTokens,
  fixed: { eventType?: string; anyEpc?: string; eventId?: string } = {},
): ParsedQuery {
  const problems: Problem[] = [];
  const key = queryKeyOf({ ...params, ...fixed });
  for (const name of Object.keys(params))
    if (!QUERY_PARAMETERS.includes(name))
      problems.push({
        field: name,
        reason: `is not a query parameter of this repository (known: ${QUERY_PARAMETERS.join(', ')})`,
      });

  const lists: Record<(typeof LIST_PARAMS)[number], string[] | null> = {
    eventType: null,
    EQ_action: null,
    EQ_bizStep: null,
    EQ_disposition: null,
    EQ_readPoint: null,
    EQ_bizLocation: null,
    EQ_eventID: null,
  };
  for (const name of LIST_PARAMS)
    if (params[name] !== undefined) {
      const values = listOf(params[name]);
      if (!values.length) problems.push({ field: name, reason: 'must name at least one value' });
      lists[name] = values;
    }
  if (fixed.eventType) lists.eventType = [fixed.eventType];
  if (fixed.eventId) lists.EQ_eventID = [fixed.eventId];
  for (const t of lists.eventType ?? [])
    if (!(EVENT_TYPES as readonly string[]).includes(t))
      problems.push({
        field: 'eventType',
        reason: `"${t}" is not an EPCIS event type (${EVENT_TYPES.join(', ')})`,
      });
  for (const a of lists.EQ_action ?? [])
    if (!['ADD', 'OBSERVE', 'DELETE'].includes(a))
      problems.push({ field: 'EQ_action', reason: `"${a}" is not ADD, OBSERVE or DELETE` });
  // Stored bizStep/disposition are CBV short names where standard: compare in the same spelling.
  const vocab = (values: string[] | null, v: 'BizStep' | 'Disp') =>
    values && values.map((x) => cbvShortName(v, x) ?? x);

  const times: Record<(typeof TIME_PARAMS)[number], string | null> = {
    GE_eventTime: null,
    LT_eventTime: null,
    GE_recordTime: null,
    LT_recordTime: null,
  };
  for (const name of TIME_PARAMS) {
    const v = single(params[name], name, problems);
    if (v === null) continue;
    if (!ISO_WITH_ZONE.test(v) || Number.isNaN(Date.parse(v)))
      problems.push({
        field: name,
        reason: `must be an ISO 8601 date-time with a time zone (e.g. 2026-01-31T00:00:00Z), got "${v}"`,
      });
    else times[name] = new Date(v).toISOString();
  }

  const match: MatchGroup[] = [];
  for (const name of Object.keys(MATCH_FIELDS))
    if (params[name] !== undefined) {
      const values = listOf(params[name]);
      if (!values.length) problems.push({ field: name, reason: 'must name at least one EPC' });
      else match.push(matchGroup(name, values, problems));
    }
  if (fixed.anyEpc) match.push(matchGroup('MATCH_anyEPC', [fixed.anyEpc], problems));

  let errorDeclared: true | null = null;
  const exists = params['EXISTS_errorDeclaration'];
  if (exists !== undefined) {
    const v = single(exists, 'EXISTS_errorDeclaration', problems);
    if (v !== null && v !== '' && v !== 'true')
      problems.push({
        field: 'EXISTS_errorDeclaration',
        reason: 'takes no value (or "true"): only events with an errorDeclaration',
      });
    errorDeclared = true;
  }

  const orderByRaw = single(params['orderBy'], 'orderBy', problems);
  let orderBy: EventQuery['orderBy'] = 'eventTime';
  if (orderByRaw === 'recordTime' || orderByRaw === 'eventTime') orderBy = orderByRaw;
  else if (orderByRaw !== null)
    problems.push({ field: 'orderBy', reason: `must be eventTime or recordTime, got "${orderByRaw}"` });
  const dirRaw = single(params['orderDirection'], 'orderDirection', problems);
  if (dirRaw !== null && dirRaw !== 'ASC' && dirRaw !== 'DESC')
    problems.push({ field: 'orderDirection', reason: `must be ASC or DESC, got "${dirRaw}"` });
  // The standard's default is descending when orderBy is given, unspecified otherwise.
  const descending = dirRaw === 'DESC' || (dirRaw === null && orderByRaw !== null);

  const eventCountLimit = positiveInt(params['eventCountLimit'], 'eventCountLimit', problems);
  const maxEventCount = positiveInt(params['maxEventCount'], 'maxEventCount', problems);
  if (eventCountLimit !== null && maxEventCount !== null)
    problems.push({ field: 'maxEventCount', reason: 'cannot be combined with eventCountLimit' });
  const perPage = positiveInt(params['perPage'], 'perPage', problems, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;

  let cursor: Cursor | null = null;
  let returned = 0;
  const tokenRaw = single(params['nextPageToken'], 'nextPageToken', problems);
  if (tokenRaw !== null) {
    const body = readToken(tokens, tokenRaw, key);
    if (!body)
      problems.push({
        field: 'nextPageToken',
        reason: 'is not a page token of this query (send the other parameters unchanged)',
      });
    else {
      cursor = { key: body.k, seq: body.s };
      returned = body.n;
    }
  }
  if (problems.length) throw bad(problems);
  return {
    query: {
      types: lists.eventType,
      actions: lists.EQ_action,
      bizSteps: vocab(lists.EQ_bizStep, 'BizStep'),
      dispositions: vocab(lists.EQ_disposition, 'Disp'),
      readPoints: lists.EQ_readPoint,
      bizLocations: lists.EQ_bizLocation,
      eventIds: lists.EQ_eventID,
      geEventTime: times.GE_eventTime,
      ltEventTime: times.LT_eventTime,
      geRecordTime: times.GE_recordTime,
      ltRecordTime: times.LT_recordTime,
      errorDeclared,
      match,
      orderBy,
      descending,
    },
    eventCountLimit,
    maxEventCount,
    perPage,
    cursor,
    returned,
    key,
  };
}

/** The JSON-LD context of a query answer: the EPCIS 2.0 context; each event keeps its own. */
export const QUERY_CONTEXT = EPCIS_2_0_CONTEXT_URL;

const bare = (vocab: CbvVocab, v: unknown) => (typeof v === 'string' ? (cbvShortName(vocab, v) ?? v) : v);
const typed = (list: unknown, vocab: CbvVocab) =>
  Array.isArray(list)
    ? list.map((x) =>
        typeof x === 'object' && x !== null && 'type' in x
          ? { ...x, type: bare(vocab, (x as Json)['type']) }
          : x,
      )
    : list;
type Json = Record<string, unknown>;

/**
 * An event in the JSON binding's spelling: standard CBV values as bare words (the GS1 JSON
 * Schema refuses their URN form, which XML and older capturers send). The event hash is the same.
 */
export function inJsonSpelling(event: Json): Json {
  const out: Json = { ...event };
  if ('bizStep' in out) out['bizStep'] = bare('BizStep', out['bizStep']);
  if ('disposition' in out) out['disposition'] = bare('Disp', out['disposition']);
  for (const key of ['bizTransactionList'] as const) if (key in out) out[key] = typed(out[key], 'BTT');
  for (const key of ['sourceList', 'destinationList'] as const)
    if (key in out) out[key] = typed(out[key], 'SDT');
  const pd = out['persistentDisposition'] as Json | undefined;
  if (pd && typeof pd === 'object')
    out['persistentDisposition'] = Object.fromEntries(
      Object.entries(pd).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => bare('Disp', x)) : v]),
    );
  const ed = out['errorDeclaration'] as Json | undefined;
  if (ed && typeof ed === 'object' && 'reason' in ed)
    out['errorDeclaration'] = { ...ed, reason: bare('ER', ed['reason']) };
  return out;
}

export interface QueryPage {
  document: Record<string, unknown>;
  /** the token of the next page, or null on the last */
  nextPageToken: string | null;
}

/**
 * One page of events matching the parsed query, as an EPCISQueryDocument. Events are returned
 * as captured, with the repository's recordTime, and their eventID (the EPCIS event hash when
 * the capturer gave none).
 * @throws AppError INVALID_INPUT (QueryTooLargeException) when more than maxEventCount match
 */
export async function runEventQuery(
  db: DuckStore,
  parsed: ParsedQuery,
  tokens: PageTokens,
): Promise<QueryPage> {
  let limit = parsed.perPage;
  if (parsed.eventCountLimit !== null) limit = Math.min(limit, parsed.eventCountLimit - parsed.returned);
  // maxEventCount: the first page reads one more than allowed to know whether more match.
  const probe = parsed.maxEventCount !== null && parsed.cursor === null ? parsed.maxEventCount + 1 : 0;
  const fetched =
    limit > 0 ? await queryEvents(db, parsed.query, parsed.cursor, Math.max(limit + 1, probe)) : [];
  if (probe && fetched.length >= probe)
    throw new AppError(
      'INVALID_INPUT',
      `the query matches more than maxEventCount (${parsed.maxEventCount}) events`,
      {
        problems: [{ field: 'maxEventCount', reason: `more than ${parsed.maxEventCount} events match` }],
        details: { epcisException: 'QueryTooLargeException' },
      },
    );
  const rows = fetched.slice(0, limit);
  const eventList = rows.map((r) => {
    const body = JSON.parse(r.body) as Record<string, unknown>;
    const eventId = r.event_id.replace(/#errorDeclaration$/, '');
    return { ...inJsonSpelling(body), eventID: body['eventID'] ?? eventId, recordTime: r.record_time };
  });
  const returned = parsed.returned + rows.length;
  const more =
    fetched.length > rows.length && (parsed.eventCountLimit === null || returned < parsed.eventCountLimit);
  const last = rows[rows.length - 1];
  const nextPageToken =
    more && last
      ? pageToken(tokens, { q: parsed.key, k: last.sort_key, s: last.seq_key, n: returned })
      : null;
  return {
    document: {
      '@context': [QUERY_CONTEXT],
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: {
        queryResults: {
          queryName: 'SimpleEventQuery',
          resultsBody: { eventList },
        },
      },
    },
    nextPageToken,
  };
}
