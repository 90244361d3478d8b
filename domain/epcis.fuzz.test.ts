// Property tests of the EPCIS 2.0 JSON reader with hostile and broken documents: it never
// throws, refuses a broken document whole with problems that each say where (a JSON pointer that
// exists in the document, or whose parent does) and why, and accepts every well-formed event it
// is given, whatever its identifiers hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpcisDocument } from './epcis.ts';

type Json = Record<string, unknown>;
const CONTEXT = ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'];

/** Whether a JSON pointer names something in `doc`, or a missing member of something in it. */
function pointsInto(doc: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let v: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (v === null || typeof v !== 'object') return false;
    const next = (v as Record<string, unknown>)[parts[i]!];
    if (next === undefined) return i === parts.length - 1;
    v = next;
  }
  return true;
}

// URIs with anything a partner (or an attacker) may put in a lot code: quotes, Cypher and SQL
// fragments, braces, unicode.
const hostileCode = fc.oneof(
  fc.constantFrom(
    "x' OR '1'='1",
    '"}) MATCH (n) DETACH DELETE n //',
    "'; DROP TABLE event_log; --",
    '$where',
    '../../etc/passwd',
    '%00',
    'ü€𝄞',
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
);
const uri = hostileCode.map((c) => `urn:lotgraph:lot:${encodeURIComponent(c)}`);
const time = fc
  .integer({ min: Date.parse('2000-01-01'), max: Date.parse('2099-01-01') })
  .map((t) => new Date(t).toISOString());
const objectEvent = fc.record({
  type: fc.constant('ObjectEvent'),
  eventTime: time,
  eventTimeZoneOffset: fc.constant('+00:00'),
  action: fc.constantFrom('ADD', 'OBSERVE', 'DELETE'),
  bizStep: fc.constantFrom('receiving', 'shipping', 'inspecting'),
  quantityList: fc.array(
    fc.record({
      epcClass: uri,
      quantity: fc.double({ min: 0, max: 1e6, noNaN: true }),
      uom: fc.constant('KGM'),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
const documentOf = (events: unknown[]): Json => ({
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2025-01-01T00:00:00Z',
  epcisBody: { eventList: events },
});

/** A copy of `v` with the value at one path (chosen by `pick`) replaced by `by`. */
function replaceSomewhere(v: unknown, pick: number, by: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (x: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...path, k]);
  };
  walk(v, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return by;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = by;
  return copy;
}

describe('parseEpcisDocument on hostile and broken input', () => {
  it('never throws on any JSON value, and says where each problem is', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const r = parseEpcisDocument(v);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expect(typeof p.reason).toBe('string');
            expect(pointsInto(v, p.pointer ?? '')).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts well-formed events whatever their identifiers hold', () => {
    fc.assert(
      fc.property(fc.array(objectEvent, { minLength: 1, maxLength: 5 }), (events) => {
        const r = parseEpcisDocument(documentOf(events));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.doc.events).toHaveLength(events.length);
      }),
    );
  });

  it('refuses a document with one value replaced by junk as a whole, or accepts it whole, never half', () => {
    fc.assert(
      fc.property(
        fc.array(objectEvent, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileCode),
        (events, pick, junk) => {
          const broken = replaceSomewhere(documentOf(events), pick, junk);
          const r = parseEpcisDocument(broken);
          if (r.ok) {
            const list = (broken as { epcisBody: { eventList: unknown[] } }).epcisBody.eventList;
            expect(r.doc.events).toHaveLength(list.length);
          } else for (const p of r.problems) expect(pointsInto(broken, p.pointer ?? '')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each(['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses an event of type "%s" (a name every object has) with a problem, not a crash',
    (type) => {
      const r = parseEpcisDocument(documentOf([{ type, eventTime: '2025-01-01T00:00:00Z' }]));
      expect(r).toEqual({
        ok: false,
        problems: [
          {
            pointer: '/epcisBody/eventList/0/type',
            field: 'type',
            reason: expect.stringMatching(/^must be one of ObjectEvent, /),
          },
        ],
      });
    },
  );
});
