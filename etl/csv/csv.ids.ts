// Identifiers for the CSV bundle: codes become `urn:lotgraph:<kind>:<code>`, absolute URIs
// (EPC URIs, GS1 Digital Link, other URNs) are kept as given, and every event gets a
// deterministic eventID derived from its file and business key.
import { createHash } from 'node:crypto';

/** The `urn:lotgraph:<kind>:` kinds the CSV bundle writes (see docs/event-model.md). */
export type IdKind =
  | 'lot'
  | 'unit'
  | 'container'
  | 'material'
  | 'party'
  | 'wo'
  | 'op'
  | 'po'
  | 'shipment'
  | 'inspection'
  | 'equipment'
  | 'location'
  | 'operator';

export const KIND_NAME: Record<string, string> = {
  lot: 'lot',
  unit: 'unit (serial number)',
  container: 'container',
  material: 'material',
  party: 'party (supplier or customer)',
  wo: 'work order',
  op: 'operation',
  po: 'purchase order',
  shipment: 'shipment',
  inspection: 'inspection',
  equipment: 'equipment',
  location: 'location',
  operator: 'operator',
};

/** A value is taken as a URI (not a code) when it starts with `urn:`, `http://` or `https://`. */
export const looksLikeUri = (s: string): boolean => /^(urn:|https?:\/\/)/i.test(s);

const VALID_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
export const isValidUri = (s: string): boolean => VALID_URI.test(s);

/** Characters a code may hold: it becomes the last segment of a URN, so no spaces or colons. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/+()]*$/;

export const internalId = (kind: IdKind, code: string): string => `urn:lotgraph:${kind}:${code}`;

/**
 * What kind of object a URI names, when its scheme says so: `urn:lotgraph:<kind>:`, EPC URIs
 * (lgtin, sgtin, sscc, pgln, sgln) and GS1 Digital Link paths (00, 01[/10|/21], 414, 417).
 * Null when the URI does not say (any other URI: then its position decides).
 */
export function classifyUri(uri: string): string | null {
  const lg = /^urn:lotgraph:([^:]+):/i.exec(uri);
  if (lg) return lg[1]!.toLowerCase();
  const epc = /^urn:epc:(id|class|idpat):([a-z]+):/i.exec(uri);
  if (epc) {
    const scheme = `${epc[1]!.toLowerCase()}:${epc[2]!.toLowerCase()}`;
    const kinds: Record<string, string> = {
      'class:lgtin': 'lot',
      'id:sgtin': 'unit',
      'id:sscc': 'container',
      'id:pgln': 'party',
      'id:sgln': 'location',
      'idpat:sgtin': 'material',
    };
    return kinds[scheme] ?? null;
  }
  if (/^https?:\/\//i.test(uri)) {
    let segments: string[];
    try {
      segments = new URL(uri).pathname.split('/').filter((s) => s !== '');
    } catch {
      return null;
    }
    for (let i = 0; i + 1 < segments.length; i++) {
      const ai = segments[i]!;
      const value = segments[i + 1]!;
      if (ai === '00' && /^\d{18}$/.test(value)) return 'container';
      if (ai === '414' && /^\d{13}$/.test(value)) return 'location';
      if (ai === '417' && /^\d{13}$/.test(value)) return 'party';
      if (ai === '01' && /^\d{14}$/.test(value)) {
        const next = segments[i + 2];
        if (next === '10') return 'lot';
        if (next === '21') return 'unit';
        return 'material';
      }
    }
  }
  return null;
}

/**
 * A deterministic `urn:uuid:` for an event: the UUID version 5 layout over the SHA-1 of
 * `lotgraph-csv|<file kind>|<business key…>` (no namespace prefix). Same bundle, same ids.
 */
export function eventIdFor(fileKind: string, ...key: string[]): string {
  const h = createHash('sha1')
    .update(['lotgraph-csv', fileKind, ...key].join('|'), 'utf8')
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
