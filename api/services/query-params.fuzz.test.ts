// Property tests of query-string parsing with hostile parameters (the EPCIS SimpleEventQuery and
// the audit filter): any names, values, repeated values and injection strings either parse or
// give one INVALID_INPUT that names each bad parameter; nothing else is ever thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.ts';
import { auditFilter } from './audit.service.ts';
import { parseEventQuery, QUERY_PARAMETERS } from './epcis-query.service.ts';

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE event_log; --",
  '"}) MATCH (n) DETACH DELETE n //',
  '$where',
  '%',
  '_',
  '*',
  '\u0000',
  'constructor',
  '__proto__',
];
const value = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
);
const params = (names: fc.Arbitrary<string>) =>
  fc.dictionary(names, fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 6 });

/** Runs `parse`; passes when it returns or throws an INVALID_INPUT naming fields. */
function parsesOrRefuses(parse: () => unknown) {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expect(p.reason.length).toBeGreaterThan(0);
  }
}

describe('query parameters on hostile input', () => {
  it('the EPCIS event query parses or refuses, never crashes', () => {
    fc.assert(
      fc.property(params(fc.oneof(fc.constantFrom(...QUERY_PARAMETERS), fc.string({ maxLength: 12 }))), (p) =>
        parsesOrRefuses(() => parseEventQuery(p, { secret: 'test-secret' })),
      ),
      { numRuns: 1000 },
    );
  });

  it('an unknown parameter is refused by name', () => {
    expect(() => parseEventQuery({ "EQ_bizStep' OR 1=1": 'x' }, { secret: 's' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        problems: [expect.objectContaining({ field: "EQ_bizStep' OR 1=1" })],
      }),
    );
  });

  it('the audit filter parses or refuses, never crashes', () => {
    fc.assert(
      fc.property(
        params(fc.constantFrom('actor', 'action', 'subject', 'from', 'to', 'after', 'limit', 'other')),
        (p) => parsesOrRefuses(() => auditFilter(p)),
      ),
      { numRuns: 500 },
    );
  });
});
