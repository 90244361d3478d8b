// The GS1 EPCIS 2.0 XML schema (XSD) applied to captured XML documents: an EPCISDocument against
// EPCglobal-epcis-2_0.xsd, an EPCISQueryDocument against EPCglobal-epcis-query-2_0.xsd. EPCIS 1.2
// XML is accepted by conversion and judged as the 2.0 JSON it becomes (decision 028). libxml2
// runs as WebAssembly (xmllint-wasm), nothing native and nothing fetched: the
// schema files come from Maven Central with the local Neo4j's build (cypher/launcher/pom.xml)
// and are read from disk once. Where they are not installed (no Maven), XML is checked by the
// conversion and the JSON checks alone, and `xsdAvailable()` says so. Decision 028.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryPages, validateXML, type XMLFileInfo } from 'xmllint-wasm';
import type { Problem } from '../../domain/errors.ts';

/** Where the launcher's build unpacks the schemas: <dir>/2_0_0 (and 1_2_0, unused). */
export const EPCIS_XSD_DIR =
  process.env['LOTGRAPH_EPCIS_XSD_DIR'] ??
  join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'cypher',
    'launcher',
    'target',
    'epcis-xsd',
    'xsd',
  );

type Root = 'EPCISDocument' | 'EPCISQueryDocument';
const MAIN: Record<Root, string> = {
  EPCISDocument: 'EPCglobal-epcis-2_0.xsd',
  EPCISQueryDocument: 'EPCglobal-epcis-query-2_0.xsd',
};

let loaded: XMLFileInfo[] | null = null;
function schemaFiles(): XMLFileInfo[] | null {
  if (loaded) return loaded;
  const dir = join(EPCIS_XSD_DIR, '2_0_0');
  if (!existsSync(join(dir, MAIN.EPCISDocument))) return null;
  loaded = readdirSync(dir)
    .filter((f) => f.endsWith('.xsd'))
    .sort()
    .map((f) => ({ fileName: f, contents: readFileSync(join(dir, f), 'utf8') }));
  return loaded;
}

/** Whether the schemas are installed (the launcher's Maven build unpacked them). */
export const xsdAvailable = (): boolean => schemaFiles() !== null;

/** The document element's local name, skipping the XML declaration, comments and processing instructions. */
export function rootName(xml: string): string | null {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    const end = xml.startsWith('<?', i) ? ['?>', 2] : xml.startsWith('<!--', i) ? ['-->', 3] : null;
    if (!end) break;
    const at = xml.indexOf(end[0] as string, i);
    if (at < 0) return null;
    i = at + (end[1] as number);
  }
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(xml.slice(i, i + 300));
  return m ? m[2]! : null;
}

const DOC = 'document.xml';

// The members of an event in the XML binding. The XSD makes them an ordered sequence; the JSON
// binding has no order, and GS1's own test corpus keeps a document with every member out of order
// as a valid twin of its JSON. So a member that is only out of place is not refused; everything
// else the schema says (unknown or repeated elements, types, enumerations, namespaces) is.
const MEMBERS = new Set([
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'errorDeclaration',
  'certificationInfo',
  'parentID',
  'epcList',
  'childEPCs',
  'action',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'quantityList',
  'childQuantityList',
  'inputEPCList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'transformationID',
  'sourceList',
  'destinationList',
  'sensorElementList',
  'ilmd',
  'extension',
  'baseExtension',
]);
const OUT_OF_ORDER = /^Element '(?:\{[^}]*\})?([\w.-]+)': This element is not expected\. Expected is/;
const onlyOutOfOrder = (message: string) => {
  const m = OUT_OF_ORDER.exec(message);
  return m !== null && MEMBERS.has(m[1]!);
};

/**
 * The schema violations of an EPCIS 2.0 XML document, each with its line (libxml2 reports lines,
 * not columns), or [] when it is valid. null when there is nothing to check it against: an EPCIS
 * 1.2 document, a bare event (no schema declares one as a document element), or the schemas are
 * not installed; the JSON checks judge those. Call after the conversion has accepted the XML (so
 * no DOCTYPE reaches libxml2).
 */
export async function xsdProblems(xml: string, version: '2.0' | '1.2'): Promise<Problem[] | null> {
  if (version !== '2.0') return null;
  const root = rootName(xml);
  if (root !== 'EPCISDocument' && root !== 'EPCISQueryDocument') return null;
  const files = schemaFiles();
  if (!files) return null;
  const main = files.find((f) => f.fileName === MAIN[root])!;
  const r = await validateXML({
    xml: [{ fileName: DOC, contents: xml }],
    schema: [main],
    preload: files.filter((f) => f !== main),
    // a capture may be up to 64 MB of XML; libxml2 needs several times that while it validates
    maxMemoryPages: memoryPages.GiB,
  });
  if (r.valid) return [];
  const errors = r.errors
    .filter((e) => e.loc === null || e.loc.fileName === DOC)
    .map((e) => ({
      line: e.loc?.lineNumber,
      message: e.message.replace(/^Schemas validity error\s*:\s*/, '').trim(),
    }));
  if (errors.length === 0)
    return [{ reason: `the document does not validate against the EPCIS 2.0 XSD: ${r.rawOutput.trim()}` }];
  return errors
    .filter((e) => !onlyOutOfOrder(e.message))
    .map((e) => ({ ...(e.line ? { line: e.line } : {}), reason: `${e.message} (EPCIS 2.0 XSD)` }));
}
