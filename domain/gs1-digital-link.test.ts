import { describe, expect, it } from 'vitest';
import {
  buildDigitalLink,
  encodeDigitalLinkValue,
  gtin14,
  yymmdd,
  type DigitalLinkInput,
} from './gs1-digital-link.ts';
import { canonicalDigitalLink, toCanonicalKey } from './gs1-ids.ts';
import { parseElementString } from './gs1-element-string.ts';

// Check digits worked out by hand (weights 3,1,3,… from the right, then up to the next ten):
// GS1's example GTIN 0950600013435|2; EAN-13 400638133393|1; UPC-A 03600029145|2;
// EAN-8 9638507|4; GS1's example SSCC 10614141123456789|7.
const GTIN = '09506000134352';
const BASE = 'https://labels.example.com/';

const ok = (input: DigitalLinkInput, base?: string) => {
  const r = buildDigitalLink(input, base);
  if (!r.ok) throw new Error(`expected a Digital Link, got: ${r.reason}`);
  return r;
};
const reason = (input: DigitalLinkInput, base?: string) => {
  const r = buildDigitalLink(input, base);
  if (r.ok) throw new Error(`expected a refusal, got ${r.uri}`);
  return r.reason;
};

describe('buildDigitalLink', () => {
  it('builds a lot-level link with the expiry as a query attribute', () => {
    const r = ok({ gtin: GTIN, lot: 'ABC123', expiry: '2026-12-31' }, BASE);
    expect(r.uri).toBe('https://labels.example.com/01/09506000134352/10/ABC123?17=261231');
    expect(r.path).toBe('01/09506000134352/10/ABC123');
    expect(r.text).toBe('(01)09506000134352(10)ABC123(17)261231');
    expect(r.gs1128).toBe('(01)09506000134352(17)261231(10)ABC123');
    expect(r.elements).toEqual([
      { ai: '01', value: GTIN },
      { ai: '10', value: 'ABC123' },
      { ai: '17', value: '261231' },
    ]);
  });

  it('uses id.gs1.org without a base, and a base with a path prefix as given', () => {
    expect(ok({ gtin: GTIN, lot: 'L1' }).uri).toBe('https://id.gs1.org/01/09506000134352/10/L1');
    expect(ok({ gtin: GTIN }, 'http://127.0.0.1:4000/dl').uri).toBe(
      'http://127.0.0.1:4000/dl/01/09506000134352',
    );
  });

  it('pads GTIN-8, -12 and -13 to 14 digits', () => {
    expect(ok({ gtin: '96385074', lot: 'A' }).uri).toBe('https://id.gs1.org/01/00000096385074/10/A');
    expect(ok({ gtin: '036000291452', lot: 'A' }).uri).toBe('https://id.gs1.org/01/00036000291452/10/A');
    expect(ok({ gtin: '4006381333931', lot: 'A' }).uri).toBe('https://id.gs1.org/01/04006381333931/10/A');
    expect(gtin14('4006381333931')).toEqual({ ok: true, gtin: '04006381333931' });
  });

  it('builds a serial-level link: the serial wins in the path, the lot stays on the text', () => {
    const r = ok({ gtin: GTIN, lot: 'L7', serial: 'SN-0042', expiry: '2027-01-05T00:00:00Z' }, BASE);
    expect(r.uri).toBe('https://labels.example.com/01/09506000134352/21/SN-0042?17=270105');
    expect(r.text).toBe('(01)09506000134352(10)L7(21)SN-0042(17)270105');
    expect(r.gs1128).toBe('(01)09506000134352(17)270105(10)L7(21)SN-0042');
  });

  it('builds an SSCC link', () => {
    const r = ok({ sscc: '106141411234567897' }, BASE);
    expect(r.uri).toBe('https://labels.example.com/00/106141411234567897');
    expect(r.text).toBe('(00)106141411234567897');
  });

  it('percent-encodes lot and serial values', () => {
    expect(encodeDigitalLinkValue('A/B C')).toBe('A%2FB%20C');
    expect(encodeDigitalLinkValue('x!"%&\'()*+,:;<=>?_.-')).toBe(
      'x%21%22%25%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%3F_.-',
    );
    const r = ok({ gtin: GTIN, lot: '12/3+4' });
    expect(r.uri).toBe('https://id.gs1.org/01/09506000134352/10/12%2F3%2B4');
    // The text keeps the value as printed.
    expect(r.text).toBe('(01)09506000134352(10)12/3+4');
  });

  it('gives links that the Digital Link parser and the element-string reader agree on', () => {
    const r = ok({ gtin: '4006381333931', lot: 'B-17/2', expiry: '2026-03-01' }, BASE);
    expect(canonicalDigitalLink(r.uri)).toBe('https://id.gs1.org/01/04006381333931/10/B-17%2F2');
    expect(toCanonicalKey(r.uri)).toBe(r.path);
    const read = parseElementString(r.text);
    expect(read.ok && read.key).toBe(r.path);
  });

  it('refuses wrong check digits, lengths, characters and dates, naming the value', () => {
    expect(reason({ gtin: '09506000134353' })).toBe('GTIN 09506000134353 has check digit 3, expected 2');
    expect(reason({ gtin: '123' })).toBe('GTIN "123" must have 8, 12, 13 or 14 digits');
    expect(reason({ sscc: '106141411234567890' })).toBe(
      'SSCC 106141411234567890 has check digit 0, expected 7',
    );
    expect(reason({ sscc: '1234' })).toBe('SSCC "1234" must have 18 digits');
    expect(reason({ gtin: GTIN, lot: 'L'.repeat(21) })).toMatch(
      /^\(10\) lot "L{21}" has more than 20 characters$/,
    );
    expect(reason({ gtin: GTIN, serial: 'ü1' })).toBe(
      '(21) serial "ü1" holds a character barcodes cannot carry',
    );
    expect(reason({ gtin: GTIN, lot: 'L', expiry: '31.12.2026' })).toBe(
      'expiry "31.12.2026" is not a date YYYY-MM-DD',
    );
    expect(reason({ lot: 'L1' })).toBe('a Digital Link needs a GTIN or an SSCC');
    expect(reason({ gtin: GTIN }, 'ftp://x/')).toBe(
      'resolver base "ftp://x/" is not an http(s) URL without query',
    );
  });

  it('reads expiry dates as YYMMDD', () => {
    expect(yymmdd('2025-09-30')).toBe('250930');
    expect(yymmdd('2031-01-02T10:00:00.000Z')).toBe('310102');
    expect(yymmdd('2025-13-01')).toBeNull();
    expect(yymmdd('tomorrow')).toBeNull();
  });
});
