// Property tests of the EPCIS XML converter with hostile and broken input: it never throws; a
// DOCTYPE (billion laughs, external entities, parameter entities), however it is hidden, is
// refused naming its line and column before any entity is read; an undeclared entity is a
// well-formedness problem, never expanded; deep nesting and truncation give problems, not crashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epcisXmlToJson } from './epcis-xml.ts';

const EPCIS = 'urn:epcglobal:epcis:xsd:2';
const body = (events: string) =>
  `<epcis:EPCISDocument xmlns:epcis="${EPCIS}" schemaVersion="2.0" creationDate="2025-01-01T00:00:00Z"><EPCISBody><EventList>${events}</EventList></EPCISBody></epcis:EPCISDocument>`;
const objectEvent = (epc: string) =>
  `<ObjectEvent><eventTime>2025-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><epcList><epc>${epc}</epc></epcList><action>OBSERVE</action></ObjectEvent>`;
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${body(objectEvent('urn:lotgraph:unit:&lol9;'))}`;
const EXTERNAL = `<?xml version="1.0"?>
<!DOCTYPE epcis [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
${body(objectEvent('urn:lotgraph:unit:&xxe;'))}`;
const PARAMETER = `<!DOCTYPE epcis [ <!ENTITY % remote SYSTEM "http://127.0.0.1:1/x.dtd"> %remote; ]>${body('')}`;

describe('epcisXmlToJson on hostile and broken input', () => {
  it.each([
    ['billion laughs', BILLION_LAUGHS, 2],
    ['an external entity', EXTERNAL, 2],
    ['a parameter entity', PARAMETER, 1],
    ['a DOCTYPE in lower case after a comment', `<!-- x -->\n\n<!doctype x>${body('')}`, 3],
  ])('refuses %s at its DOCTYPE, naming line and column', (_name, xml, line) => {
    const r = epcisXmlToJson(xml);
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          line,
          column: 1,
          field: 'DOCTYPE',
          reason: expect.stringContaining('a DOCTYPE declaration is refused'),
        },
      ],
    });
  });

  it('never expands an undeclared entity: it is a well-formedness problem with its place', () => {
    const r = epcisXmlToJson(body(objectEvent('urn:lotgraph:unit:&xxe;')));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/not well-formed/) });
      expect(JSON.stringify(r.problems)).not.toContain('root:');
    }
  });

  it('refuses a DOCTYPE however the document around it looks', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map(escapeXml),
        fc.constantFrom('<!DOCTYPE', '<!doctype', '<!DocType'),
        fc.constantFrom('', '\uFEFF', '<?xml version="1.0"?>\n', '<!-- a -->\n'),
        (text, doctype, prefix) => {
          const xml = `${prefix}${doctype} x [<!ENTITY e "${text}">]>${body(objectEvent(`urn:lotgraph:unit:&e;`))}`;
          const r = epcisXmlToJson(xml);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['DOCTYPE']);
        },
      ),
    );
  });

  it('never throws on arbitrary text, and every problem has a line and a column', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => {
        const r = epcisXmlToJson(text);
        if (!r.ok)
          for (const p of r.problems) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(typeof p.reason).toBe('string');
          }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a valid document cut short or with one character changed', () => {
    const xml = body(objectEvent('urn:lotgraph:unit:U-1') + objectEvent('urn:lotgraph:unit:U-2'));
    fc.assert(
      fc.property(fc.nat({ max: xml.length }), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        epcisXmlToJson(xml.slice(0, at));
        epcisXmlToJson(xml.slice(0, at) + ch + xml.slice(at + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps identifiers with markup characters as text, escaped or in CDATA', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (code) => {
        const id = `urn:lotgraph:unit:${encodeURIComponent(code)}`;
        const r = epcisXmlToJson(body(objectEvent(escapeXml(id))));
        expect(r.ok).toBe(true);
        if (r.ok)
          expect(
            (r.doc.json as { epcisBody: { eventList: { epcList: string[] }[] } }).epcisBody.eventList[0]!
              .epcList,
          ).toEqual([id]);
      }),
    );
  });

  it('answers a document nested 100,000 elements deep with a problem or a result, not a crash', () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    expect(() => epcisXmlToJson(deep)).not.toThrow();
    expect(() => epcisXmlToJson(body(`<ObjectEvent>${deep}</ObjectEvent>`))).not.toThrow();
  });
});
