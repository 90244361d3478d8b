// What a scan field holds -> the identifier of the object it names. Scanners send GS1 element
// strings with a symbology identifier (`]C1`, `]d2`, `]Q3`) and FNC1 as the group separator;
// people type Digital Links, EPC URIs, `(01)…(10)…` or a plain code. Pure code.
import {
  GS,
  looksLikeElementString,
  parseElementString,
  splitSymbology,
} from '../../domain/gs1-element-string.ts';
import { canonicalDigitalLink } from '../../domain/gs1-ids.ts';
import type { ScanKind } from '../../domain/forms.ts';
import type { ItemKind } from '../../domain/trace-event.ts';
import { kindOf } from '../normalise/epcis.normaliser.ts';

export type ScanResult =
  | {
      ok: true;
      /** the identifier the event carries */
      id: string;
      /** the kind the identifier says, or null for a plain code of unknown kind */
      kind: ItemKind | null;
      /** how the text was read */
      read: 'element-string' | 'digital-link' | 'epc' | 'urn' | 'code';
    }
  | { ok: false; reason: string };

const KIND_WORD: Record<ItemKind, string> = {
  lot: 'a lot',
  unit: 'a serialised unit',
  container: 'a container',
};

/** Control characters (a scanner's group separator) shown as <GS>, so a message stays readable. */
export const printable = (s: string) =>
  [...s].map((c) => (c === GS ? '<GS>' : c.charCodeAt(0) < 0x20 ? '' : c)).join('');

function kindOfUri(id: string): ItemKind | null {
  const k = kindOf(id, 'lot');
  return k === kindOf(id, 'unit') ? k : null;
}

/**
 * Reads a scan field's text as an object identifier. For a lot, unit or container field a plain
 * code becomes the internal URN (`urn:lotgraph:lot:<code>`); a GS1 barcode or URI must name an
 * object of that kind. `object` and `text` fields leave a plain code's kind open (null).
 */
export function scannedId(raw: string, scanKind: ScanKind = 'text'): ScanResult {
  const trimmed = raw.replace(/[\r\n]+$/, '').trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  let r: ScanResult;
  if (looksLikeElementString(trimmed)) {
    const parsed = parseElementString(trimmed);
    if (!parsed.ok) return { ok: false, reason: `is not a readable GS1 barcode: ${parsed.reason}` };
    r = { ok: true, id: parsed.digitalLink, kind: kindOfUri(parsed.digitalLink), read: 'element-string' };
  } else {
    const text = splitSymbology(trimmed).body.trim();
    if (text === '') return { ok: false, reason: 'is empty' };
    if (text.startsWith('urn:epc:')) r = { ok: true, id: text, kind: kindOfUri(text), read: 'epc' };
    else if (/^urn:lotgraph:(lot|unit|container):./.test(text))
      r = { ok: true, id: text, kind: kindOfUri(text), read: 'urn' };
    else if (/^https?:\/\//i.test(text)) {
      const dl = canonicalDigitalLink(text);
      if (dl === null) return { ok: false, reason: 'is a web address but not a GS1 Digital Link' };
      r = { ok: true, id: dl, kind: kindOfUri(dl), read: 'digital-link' };
    } else {
      if (/\s/.test(text) || [...text].some((c) => c.charCodeAt(0) < 0x20))
        return {
          ok: false,
          reason: `"${printable(text)}" is not a code (it holds spaces or control characters)`,
        };
      if (text.length > 200) return { ok: false, reason: 'is longer than 200 characters' };
      const kind = scanKind === 'lot' || scanKind === 'unit' || scanKind === 'container' ? scanKind : null;
      r = kind
        ? { ok: true, id: `urn:lotgraph:${kind}:${text}`, kind, read: 'code' }
        : { ok: true, id: text, kind: null, read: 'code' };
    }
  }
  if (
    (scanKind === 'lot' || scanKind === 'unit' || scanKind === 'container') &&
    r.kind !== null &&
    r.kind !== scanKind
  )
    return { ok: false, reason: `names ${KIND_WORD[r.kind]}, not ${KIND_WORD[scanKind]}` };
  return r;
}
