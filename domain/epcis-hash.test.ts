import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalNumber, eventHashId, eventPreHash, normaliseTimestamp } from './epcis-hash.ts';

/*
 * Reference vectors of the GS1 CBV 2.0 EPCIS Event Hash ID, from
 * https://github.com/RalphTro/epcis-event-hash-generator (MIT), copied under
 * test/fixtures/epcis-event-hash-generator/ (see ORIGIN.md there).
 */
const FIXTURES = new URL('../test/fixtures/epcis-event-hash-generator/tests/', import.meta.url);
const EXAMPLES = new URL('examples/', FIXTURES);

type Json = Record<string, unknown>;

interface Doc {
  context: unknown;
  events: Json[];
  ignoreFields: string[];
}

function loadDoc(url: URL): Doc {
  const doc = JSON.parse(readFileSync(url, 'utf8')) as Json;
  const body = doc['epcisBody'] as Json;
  const queryResults = body['queryResults'] as Json | undefined;
  const events = (body['eventList'] ??
    (queryResults?.['resultsBody'] as Json | undefined)?.['eventList'] ?? [body['event']]) as Json[];
  // The vectors declare repository bookkeeping fields to leave out of the hash in a
  // document-level (or queryResults-level) `<prefix>:ignoreFields` list.
  const ignoreFields: string[] = [];
  for (const holder of [doc, queryResults ?? {}]) {
    for (const [key, val] of Object.entries(holder)) {
      if ((key === 'ignoreFields' || key.endsWith(':ignoreFields')) && Array.isArray(val)) {
        ignoreFields.push(...val.map(String));
      }
    }
  }
  return { context: doc['@context'], events, ignoreFields };
}

function lines(url: URL): string[] {
  const text = readFileSync(url, 'utf8');
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function ni(preHash: string): string {
  return `ni:///sha-256;${createHash('sha256').update(preHash, 'utf8').digest('hex')}?ver=CBV2.0`;
}

/**
 * Known differences: `.prehashes` lines that are corrupt in the upstream fixtures (garbled /
 * truncated / copied from another event). Their own SHA-256 does NOT equal the expected hash in
 * the matching `.hashes` line, while our pre-hash does, so only these pre-hash comparisons are
 * skipped; the test below asserts that each listed line really is inconsistent, so the list fails
 * as soon as upstream fixes one of them. Any other pre-hash mismatch fails.
 */
const CORRUPT_PREHASH_LINES: Readonly<Record<string, readonly number[]>> = {
  epcisDocWithAllGS1Keys: [0], // characters shuffled inside the line
  epcisDocWithCustomSchemaInContext: [1], // line is a variant of event 0, not event 1
  epcisDocWithDefaultSchemaInContext: [1], // line truncated
};

const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.jsonld'))
  .map((f) => f.slice(0, -'.jsonld'.length))
  .filter((name) => existsSync(new URL(`${name}.hashes`, EXAMPLES)))
  .sort();

describe('EPCIS event hash: reference vectors (tests/examples)', () => {
  it('finds the vectors', () => {
    expect(examples.length).toBeGreaterThanOrEqual(22);
    const events = examples.reduce(
      (n, name) => n + loadDoc(new URL(`${name}.jsonld`, EXAMPLES)).events.length,
      0,
    );
    expect(events).toBeGreaterThanOrEqual(43);
  });

  describe.each(examples)('%s', (name) => {
    const doc = loadDoc(new URL(`${name}.jsonld`, EXAMPLES));
    const hashes = lines(new URL(`${name}.hashes`, EXAMPLES));
    const preUrl = new URL(`${name}.prehashes`, EXAMPLES);
    const preHashes = existsSync(preUrl) ? lines(preUrl) : [];
    const corrupt = CORRUPT_PREHASH_LINES[name] ?? [];

    it('has one expected hash per event', () => {
      expect(hashes).toHaveLength(doc.events.length);
    });

    it.each(doc.events.map((event, i) => [i, event] as const))('event %i', (i, event) => {
      const options = { ignoreFields: doc.ignoreFields };
      const pre = eventPreHash(event, doc.context, options);
      const expectedPre = preHashes[i];
      if (expectedPre !== undefined) {
        if (corrupt.includes(i)) {
          expect(ni(expectedPre), 'listed as corrupt but consistent: remove it from the list').not.toBe(
            hashes[i],
          );
        } else {
          expect(pre).toBe(expectedPre);
        }
      }
      expect(eventHashId(event, doc.context, options)).toBe(hashes[i]);
      expect(ni(pre)).toBe(hashes[i]);
    });
  });
});

describe('EPCIS event hash: expected_equal/ReferenceEventHashAlgorithm.json', () => {
  it('hashes all events the same', () => {
    const doc = loadDoc(new URL('expected_equal/ReferenceEventHashAlgorithm.json', FIXTURES));
    expect(doc.events.length).toBeGreaterThan(1);
    const ids = new Set(doc.events.map((e) => eventHashId(e, doc.context)));
    expect(ids.size).toBe(1);
    // and the same as the equivalent event of examples/ReferenceEventHashAlgorithm.jsonld
    expect([...ids][0]).toBe(lines(new URL('ReferenceEventHashAlgorithm.hashes', EXAMPLES))[0]);
  });
});

describe('EPCIS event hash: properties', () => {
  const context = [
    'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
    { ex: 'https://ns.example.com/' },
  ];
  const base: Json = {
    type: 'ObjectEvent',
    eventTime: '2024-05-01T12:00:00+02:00',
    eventTimeZoneOffset: '+02:00',
    epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
    bizTransactionList: [
      { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO1' },
      { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:ASN1' },
    ],
    'ex:note': 'x',
  };

  it('renders the pre-hash string', () => {
    expect(eventPreHash(base, context)).toBe(
      'eventType=ObjectEventeventTime=2024-05-01T10:00:00.000ZeventTimeZoneOffset=+02:00' +
        'epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018' +
        'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit' +
        'readPointid=https://id.gs1.org/414/0614141073467/254/1234' +
        'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=urn:epcglobal:cbv:bt:0614141073467:ASN1' +
        'type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:0614141073467:PO1' +
        '{https://ns.example.com/}note=x',
    );
  });

  it('does not depend on member order, list order, notation of ids, time zone or vocabulary form', () => {
    const variant: Json = {
      'ex:note': 'x',
      readPoint: { id: 'https://example.org/414/0614141073467/254/1234' },
      disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      bizTransactionList: [
        { bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:ASN1', type: 'cbv:BTT-desadv' },
        { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO1' },
      ],
      action: 'OBSERVE',
      epcList: [
        'https://id.example.com/01/10614141073464/21/2018?foo=1',
        'urn:epc:id:sgtin:0614141.107346.2017',
      ],
      eventTimeZoneOffset: '+02:00',
      eventTime: '2024-05-01T10:00:00.0000Z',
      type: 'ObjectEvent',
    };
    expect(eventHashId(variant, context)).toBe(eventHashId(base, context));
  });

  it('ignores eventID, recordTime, errorDeclaration, comments and the declared ignore fields', () => {
    const decorated: Json = {
      ...base,
      eventID: 'urn:uuid:1c1ae2a4-8f0b-4ac9-9d15-6f8f3c2b0a11',
      recordTime: '2024-05-02T00:00:00Z',
      errorDeclaration: { declarationTime: '2024-05-03T00:00:00Z', reason: 'incorrect_data' },
      'rdfs:comment': 'hello',
      'ex:storedAt': 'node-7',
    };
    expect(eventHashId(decorated, context, { ignoreFields: ['ex:storedAt'] })).toBe(
      eventHashId(base, context),
    );
    expect(eventHashId(decorated, context)).not.toBe(eventHashId(base, context));
  });

  it('changes with any relevant change', () => {
    const h = eventHashId(base, context);
    expect(eventHashId({ ...base, bizStep: 'receiving' }, context)).not.toBe(h);
    expect(eventHashId({ ...base, 'ex:note': 'y' }, context)).not.toBe(h);
    expect(eventHashId({ ...base, epcList: ['urn:epc:id:sgtin:0614141.107346.2017'] }, context)).not.toBe(h);
    expect(eventHashId({ ...base, eventTime: '2024-05-01T12:00:00.001+02:00' }, context)).not.toBe(h);
  });

  it('expands user-extension prefixes from the document context or an event-level @context', () => {
    const event: Json = { type: 'ObjectEvent', action: 'OBSERVE', 'ex:a': { 'ex:b': 1 } };
    expect(eventPreHash(event, context)).toBe(
      'eventType=ObjectEventaction=OBSERVE{https://ns.example.com/}a{https://ns.example.com/}b=1',
    );
    expect(eventPreHash({ ...event, '@context': { ex: 'https://other.example/' } }, context)).toBe(
      'eventType=ObjectEventaction=OBSERVE{https://other.example/}a{https://other.example/}b=1',
    );
    // unknown prefix: names are kept as written
    expect(eventPreHash(event)).toBe('eventType=ObjectEventaction=OBSERVEex:aex:b=1');
  });

  it('rejects non-events', () => {
    expect(() => eventPreHash({} as Json)).toThrow(TypeError);
  });
});

describe('value canonicalisation helpers', () => {
  it('formats numbers', () => {
    expect(canonicalNumber('452.0')).toBe('452');
    expect(canonicalNumber('+007.50')).toBe('7.5');
    expect(canonicalNumber('-0.000')).toBe('-0');
    expect(canonicalNumber('1e-7')).toBe('0.0000001');
    expect(canonicalNumber('1.5E3')).toBe('1500');
    expect(canonicalNumber('.5')).toBe('0.5');
    expect(canonicalNumber('12345678901234567890.10')).toBe('12345678901234567890.1');
    expect(canonicalNumber('2019-10-21')).toBeNull();
    expect(canonicalNumber('NaN')).toBeNull();
    expect(canonicalNumber('')).toBeNull();
  });

  it('normalises timestamps to UTC milliseconds', () => {
    expect(normaliseTimestamp('2005-04-03T20:33:31.116000-06:00')).toBe('2005-04-04T02:33:31.116Z');
    expect(normaliseTimestamp('2023-02-02T11:04:03.1415Z')).toBe('2023-02-02T11:04:03.142Z');
    expect(normaliseTimestamp('2023-02-02T11:04:03.1414Z')).toBe('2023-02-02T11:04:03.141Z');
    expect(normaliseTimestamp('2023-12-31T23:59:59.9996Z')).toBe('2024-01-01T00:00:00.000Z');
    expect(normaliseTimestamp('2023-01-11T12:00:00+01:00')).toBe('2023-01-11T11:00:00.000Z');
    expect(normaliseTimestamp('2023-01-11T12:00Z')).toBe('2023-01-11T12:00:00.000Z');
    expect(normaliseTimestamp('not a time')).toBe('not a time');
  });
});
