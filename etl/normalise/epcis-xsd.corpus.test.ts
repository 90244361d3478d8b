import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rootName, xsdAvailable, xsdProblems } from './epcis-xsd.ts';

/*
 * The GS1 EPCIS 2.0 XSD over the public corpus of openepcis-test-resources (test/fixtures, see
 * ORIGIN.md there): every valid 2.0 capture and query document validates; each invalid one is
 * refused at the line its fault is on (the same lines the conversion names); a member that is only
 * out of its XSD place is let through (GS1's own JumbledFieldsOrder.xml is a valid twin); events
 * qualified with the EPCIS namespace are refused, as the schema's unqualified elements demand;
 * bare events and 1.2 documents are left to the JSON checks.
 */
const RES = new URL('../../test/fixtures/openepcis-test-resources/core/src/main/resources/', import.meta.url);
const XML20 = new URL('2.0/EPCIS/XML/', RES);
const XML12 = new URL('1.2/EPCIS/XML/Capture/Documents/', RES);
const read = (base: URL, path: string) => readFileSync(new URL(path, base), 'utf8');
const list = (dir: string) =>
  readdirSync(new URL(dir, XML20))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `${dir}/${f}`)
    .sort();

const NAMESPACED = 'Capture/Documents/Namespace_document.xml';
const VALID = [...list('Capture/Documents').filter((f) => f !== NAMESPACED), ...list('Query/Documents')];

/** Invalid documents: the line of each fault and a word of its reason, read off the documents. */
const INVALID: Readonly<Record<string, [number, RegExp][]>> = {
  'Capture/Invalid/ObjectEvent_with_invalid_action.xml': [[12, /'CREATE' is not an element of the set/]],
  'Capture/Invalid/ObjectEvent_with_near_miss_action.xml': [[13, /'OBSERV' is not an element of the set/]],
  'Capture/Invalid/ObjectEvent_with_invalid_eventTime_format.xml': [[7, /'22-07-2026' is not a valid value/]],
  'Capture/Invalid/ObjectEvent_with_unknown_element.xml': [
    [13, /'madeUpField': This element is not expected/],
  ],
  'Query/Invalid/QueryDocument_with_missing_value.xml': [[15, /'param': Missing child element/]],
};

describe('EPCIS 2.0 XSD over the corpus', () => {
  it('has the schemas installed (fetched with the local Neo4j at npm install)', () => {
    expect(xsdAvailable()).toBe(true);
  });

  it('finds 36 valid capture documents and 2 query documents', () => {
    expect(VALID.length).toBe(38);
  });

  it.each(VALID)('validates %s', async (path) => {
    expect(await xsdProblems(read(XML20, path), '2.0')).toEqual([]);
  });

  it.each(Object.entries(INVALID))('refuses %s at the line of its fault', async (path, expected) => {
    const problems = (await xsdProblems(read(XML20, path), '2.0'))!;
    expect(problems.map((p) => p.line)).toEqual(expected.map(([line]) => line));
    problems.forEach((p, i) => {
      expect(p.reason).toMatch(expected[i]![1]);
      expect(p.reason).toMatch(/\(EPCIS 2\.0 XSD\)$/);
    });
  });

  it('refuses events qualified with the EPCIS namespace (the schema declares them unqualified)', async () => {
    expect(await xsdProblems(read(XML20, NAMESPACED), '2.0')).toEqual([
      {
        line: 5,
        reason:
          "Element '{urn:epcglobal:epcis:xsd:2}ObjectEvent': This element is not expected. (EPCIS 2.0 XSD)",
      },
    ]);
  });

  it('lets a member through that is only out of its XSD place', async () => {
    for (const path of [
      'Capture/Invalid/ObjectEvent_with_wrong_element_order.xml',
      'Capture/Documents/JumbledFieldsOrder.xml',
    ])
      expect([path, await xsdProblems(read(XML20, path), '2.0')]).toEqual([path, []]);
  });

  it('leaves bare events and EPCIS 1.2 documents to the JSON checks', async () => {
    for (const path of list('Capture/Events'))
      expect([path, await xsdProblems(read(XML20, path), '2.0')]).toEqual([path, null]);
    expect(await xsdProblems(read(XML12, 'ObjectEvent.xml'), '1.2')).toBeNull();
  });
});

describe('EPCIS 2.0 XSD: hand-written cases', () => {
  const doc = (event: string) => `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/x" schemaVersion="2.0" creationDate="2026-01-01T00:00:00Z">
  <EPCISBody>
    <EventList>
${event}
    </EventList>
  </EPCISBody>
</epcis:EPCISDocument>
`;
  const event = (inner: string) => `      <ObjectEvent>
${inner}
      </ObjectEvent>`;
  const TIME =
    '        <eventTime>2026-01-01T00:00:00Z</eventTime>\n        <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>';

  it('accepts a small valid document', async () => {
    const xml = doc(
      event(
        `${TIME}\n        <epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList>\n        <action>OBSERVE</action>`,
      ),
    );
    expect(await xsdProblems(xml, '2.0')).toEqual([]);
  });

  it('refuses a user extension placed before the standard members, at its line', async () => {
    const xml = doc(event(`        <ex:note>first</ex:note>\n${TIME}\n        <action>OBSERVE</action>`));
    const problems = (await xsdProblems(xml, '2.0'))!;
    expect(problems.map((p) => p.line)).toEqual([6]);
    expect(problems[0]!.reason).toMatch(/x\}note': This element is not expected/);
  });

  it('types a disposition as a URI: a bare CBV word passes, the CBV vocabulary check judges it', async () => {
    const xml = doc(
      event(`${TIME}\n        <action>OBSERVE</action>\n        <disposition>in_progress</disposition>`),
    );
    expect(await xsdProblems(xml, '2.0')).toEqual([]);
  });

  it('finds the document element past the declaration, comments and processing instructions', () => {
    expect(rootName('\ufeff<?xml version="1.0"?>\n<!-- c --><?pi x?>\n<epcis:EPCISDocument/>')).toBe(
      'EPCISDocument',
    );
    expect(rootName('<ObjectEvent/>')).toBe('ObjectEvent');
    expect(rootName('<!-- never closed')).toBeNull();
  });
});
