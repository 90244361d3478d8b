import { describe, expect, it } from 'vitest';
import { toCanonicalKey } from './gs1-ids.ts';
import { GS, looksLikeElementString, parseElementString, splitSymbology } from './gs1-element-string.ts';

// GS1's own example GTIN (General Specifications): 0950600013435 + check digit 2.
const GTIN = '09506000134352';
const DL = 'https://id.gs1.org/01/09506000134352';

const ok = (text: string) => {
  const r = parseElementString(text);
  if (!r.ok) throw new Error(`expected a parse, got: ${r.reason}`);
  return r;
};
const reason = (text: string) => {
  const r = parseElementString(text);
  if (r.ok) throw new Error(`expected a refusal, got ${r.digitalLink}`);
  return r.reason;
};

describe('parseElementString', () => {
  it('reads a GS1 DataMatrix scan: symbology identifier, fixed AIs, FNC1 after a variable AI', () => {
    const r = ok(`]d201${GTIN}17261231${GS}10ABC-123${GS}21S/42`);
    expect(r.symbology).toBe(']d2');
    expect(r.elements).toEqual([
      { ai: '01', value: GTIN },
      { ai: '17', value: '261231' },
      { ai: '10', value: 'ABC-123' },
      { ai: '21', value: 'S/42' },
    ]);
    // The serial wins over the lot; "/" is percent-encoded in the Digital Link path.
    expect(r.digitalLink).toBe(`${DL}/21/S%2F42`);
    expect(r.key).toBe(`01/${GTIN}/21/S%2F42`);
  });

  it('reads a lot-level string (no serial) with a leading FNC1 and QR symbology', () => {
    const r = ok(`]Q3${GS}01${GTIN}10LOT7${GS}3712`);
    expect(r.digitalLink).toBe(`${DL}/10/LOT7`);
    expect(r.elements.map((e) => e.ai)).toEqual(['01', '10', '37']);
  });

  it('reads the human-readable form with parentheses', () => {
    const r = ok(`(01)${GTIN}(15)250600(10)AB+C:1`);
    expect(r.symbology).toBeNull();
    expect(r.elements).toEqual([
      { ai: '01', value: GTIN },
      { ai: '15', value: '250600' },
      { ai: '10', value: 'AB+C:1' },
    ]);
    expect(r.digitalLink).toBe(`${DL}/10/AB%2BC%3A1`);
    // A space is not in GS1 character set 82.
    expect(parseElementString(`(01)${GTIN}(10)AB C`)).toMatchObject({ ok: false });
  });

  it('gives the same key as the EPC class URI and Digital Link of the same lot', () => {
    const epc = 'urn:epc:class:lgtin:4012345.012345.998877';
    const r = ok(`(01)04012345123456(10)998877`);
    expect(r.key).toBe(toCanonicalKey(epc));
    expect(r.key).toBe(toCanonicalKey('https://example.com/gtin/4012345123456/lot/998877'));
  });

  it('names an SSCC logistic unit by its SSCC', () => {
    // extension digit 0, company prefix 0614141, serial reference 12345678; check digit by the mod-10 rule
    const body = '00614141123456789';
    let sum = 0;
    for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += Number(body[i]) * w;
    const sscc = body + String((10 - (sum % 10)) % 10);
    expect(ok(`]C100${sscc}`).digitalLink).toBe(`https://id.gs1.org/00/${sscc}`);
  });

  it('says what is wrong with a malformed string', () => {
    expect(reason(`]d201${GTIN.slice(0, 13)}3`)).toBe(
      '(01) GTIN 09506000134353 has check digit 3, expected 2',
    );
    expect(reason(`]d20112345`)).toMatch(/\(01\) GTIN must have 14 digits, found 5/);
    expect(reason(`]d201${GTIN}99XYZ`)).toMatch(/application identifier \(99\) at position 17/);
    expect(reason(`(01)${GTIN}(10)${'A'.repeat(21)}`)).toMatch(/at most 20 characters, found 21/);
    expect(reason(`(01)${GTIN}(17)251301`)).toMatch(/not a date YYMMDD/);
    expect(reason(`]d210ABC${GS}21X`)).toMatch(/no GTIN \(01\) or SSCC \(00\)/);
    expect(reason(`(01)${GTIN}(10)A(10)B`)).toMatch(/appears twice/);
    expect(reason(`]d2`)).toMatch(/holds no GS1 data/);
    expect(reason(`(01)${GTIN}x(10)A`)).toMatch(/must have 14 digits/);
  });
});

describe('looksLikeElementString', () => {
  it('tells scans and typed element strings from lot codes, serials and URIs', () => {
    expect(looksLikeElementString(`]d201${GTIN}`)).toBe(true);
    expect(looksLikeElementString(`01${GTIN}10A${GS}21B`)).toBe(true);
    expect(looksLikeElementString(`(01)${GTIN}`)).toBe(true);
    expect(looksLikeElementString(`01${GTIN}21XYZ`)).toBe(true); // valid GTIN up front, no separator
    expect(looksLikeElementString('01234567890123456')).toBe(false); // check digit fails: a code
    expect(looksLikeElementString('LOT-0042')).toBe(false);
    expect(looksLikeElementString('urn:epc:id:sgtin:0614141.107346.2017')).toBe(false);
    expect(looksLikeElementString('https://id.gs1.org/01/09506000134352')).toBe(false);
    // A plain QR code (]Q1) carries a URL, not an element string.
    expect(looksLikeElementString(']Q1https://id.gs1.org/01/09506000134352')).toBe(false);
  });

  it('splits any symbology identifier off', () => {
    expect(splitSymbology(']Q1https://x.example/01/1')).toEqual({
      symbology: ']Q1',
      body: 'https://x.example/01/1',
    });
    expect(splitSymbology('LOT-1')).toEqual({ symbology: null, body: 'LOT-1' });
  });
});
