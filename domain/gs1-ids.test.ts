import { describe, expect, it } from 'vitest';
import {
  canonicalDigitalLink,
  epcUriToDigitalLink,
  gs1CheckDigit,
  toCanonicalDigitalLink,
  toCanonicalKey,
} from './gs1-ids.ts';

describe('gs1CheckDigit', () => {
  it('computes GS1 mod-10 check digits', () => {
    expect(gs1CheckDigit('1061414107346')).toBe(4); // GTIN 10614141073464
    expect(gs1CheckDigit('401234500011')).toBe(5); // GLN 4012345000115
    expect(gs1CheckDigit('04012345000000333')).toBe(8); // SSCC 040123450000003338
    expect(gs1CheckDigit('9521141')).toBe(gs1CheckDigit('09521141')); // leading zeros neutral
    expect(gs1CheckDigit('0000000')).toBe(0);
  });

  it('rejects non-digits', () => {
    expect(() => gs1CheckDigit('12a')).toThrow(TypeError);
    expect(() => gs1CheckDigit('')).toThrow(TypeError);
  });
});

describe('epcUriToDigitalLink', () => {
  // Expected values from the epclist_normalisation / epcisDocWithAllGS1Keys reference vectors.
  it.each([
    ['urn:epc:id:sgtin:4012345.011111.9876', 'https://id.gs1.org/01/04012345111118/21/9876'],
    ['urn:epc:id:sgtin:415056789012.0.987654', 'https://id.gs1.org/01/04150567890128/21/987654'],
    [
      'urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()',
      'https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29',
    ],
    ['urn:epc:id:sscc:4012345.3111111111', 'https://id.gs1.org/00/340123451111111111'],
    ['urn:epc:id:sgln:4012345.00005.122', 'https://id.gs1.org/414/4012345000054/254/122'],
    ['urn:epc:id:sgln:4012345.00005.0', 'https://id.gs1.org/414/4012345000054'],
    ['urn:epc:id:grai:4012345.00022.334455', 'https://id.gs1.org/8003/04012345000221334455'],
    ['urn:epc:id:giai:4012345.ABC345', 'https://id.gs1.org/8004/4012345ABC345'],
    ['urn:epc:id:gsrn:4012345.0000006765', 'https://id.gs1.org/8018/401234500000067657'],
    ['urn:epc:id:gsrnp:4012345.0000000007', 'https://id.gs1.org/8017/401234500000000074'],
    ['urn:epc:id:gdti:4012345.00009.PO-4711', 'https://id.gs1.org/253/4012345000092PO-4711'],
    ['urn:epc:id:gdti:987659999999..9', 'https://id.gs1.org/253/98765999999929'],
    [
      'urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234',
      'https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234',
    ],
    ['urn:epc:id:sgcn:4012345.99999.44', 'https://id.gs1.org/255/401234599999044'],
    ['urn:epc:id:ginc:0614141.xyz47%2F11', 'https://id.gs1.org/401/0614141xyz47%2F11'],
    ['urn:epc:id:gsin:4012345.222333444', 'https://id.gs1.org/402/40123452223334442'],
    ['urn:epc:id:itip:4012345.011111.01.02.987', 'https://id.gs1.org/8006/040123451111180102/21/987'],
    [
      "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB",
      "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
    ],
    ['urn:epc:id:pgln:4000001.00000', 'https://id.gs1.org/417/4000001000005'],
    ['urn:epc:id:pgln:999999999999.', 'https://id.gs1.org/417/9999999999994'],
    ['urn:epc:class:lgtin:4012345.012345.Lot987', 'https://id.gs1.org/01/04012345123456/10/Lot987'],
    ['urn:epc:idpat:sgtin:4054739.099914.*', 'https://id.gs1.org/01/04054739999148'],
    ['urn:epc:idpat:grai:4012345.66666.*', 'https://id.gs1.org/8003/04012345666663'],
    ['urn:epc:idpat:gdti:4012345.55555.*', 'https://id.gs1.org/253/4012345555554'],
    ['urn:epc:idpat:sgcn:4012345.99999.*', 'https://id.gs1.org/255/4012345999990'],
    ['urn:epc:idpat:cpi:4012345.ABC.*', 'https://id.gs1.org/8010/4012345ABC'],
    ['urn:epc:idpat:itip:4012345.012345.01.02.*', 'https://id.gs1.org/8006/040123451234560102'],
  ])('%s', (epc, dl) => {
    expect(epcUriToDigitalLink(epc)).toBe(dl);
  });

  it('returns null for malformed or non-GS1 EPC URIs', () => {
    expect(epcUriToDigitalLink('urn:epc:id:sgtin:4012345.01111.9876')).toBeNull(); // 12 digits
    expect(epcUriToDigitalLink('urn:epc:id:sgtin:40123.0111111.9876')).toBeNull(); // 5-digit prefix
    expect(epcUriToDigitalLink('urn:epc:id:gid:95100000.12345.400')).toBeNull();
    expect(epcUriToDigitalLink('urn:epc:idpat:sgtin:4012345.*.*')).toBeNull();
    expect(epcUriToDigitalLink('urn:epc:id:toString:1.2.3')).toBeNull();
  });
});

describe('canonicalDigitalLink', () => {
  it.each([
    ['https://id.gs1.org/gtin/09780345418913', 'https://id.gs1.org/01/09780345418913'],
    [
      'https://example.com/gtin/09780345418913/21/765tz?abc=211121',
      'https://id.gs1.org/01/09780345418913/21/765tz',
    ],
    ['http://id.gs1.de/00/040123451111111110', 'https://id.gs1.org/00/040123451111111110'],
    ['https://shop.example.com/a/b/01/9780345418913/ser/1', 'https://id.gs1.org/01/09780345418913/21/1'],
    ['https://example.com/01/12345670/', 'https://id.gs1.org/01/00000012345670'],
    ['https://id.gs1.org/01/04012345123456/22/2A/10/LOT/21/S1', 'https://id.gs1.org/01/04012345123456/21/S1'],
    ['https://id.gs1.org/01/04012345123456/10/L%2F1', 'https://id.gs1.org/01/04012345123456/10/L%2F1'],
    ['https://id.example.com/414/4012345000115/254/987', 'https://id.gs1.org/414/4012345000115/254/987'],
    ['https://id.example.org/8004/401234599999', 'https://id.gs1.org/8004/401234599999'],
  ])('%s', (uri, canonical) => {
    expect(canonicalDigitalLink(uri)).toBe(canonical);
  });

  it.each([
    'http://transaction.acme.com/po/12345678',
    'https://example.com/news/01/2023-report',
    'https://id.gs1.org/00/1234',
    'geo:47.506694,11.104301',
    'urn:epc:id:sgtin:4012345.011111.9876',
  ])('returns null for %s', (uri) => {
    expect(canonicalDigitalLink(uri)).toBeNull();
  });
});

describe('toCanonicalKey', () => {
  it('maps an EPC URI and its Digital Link equivalents to the same key', () => {
    const key = '01/10614141073464/21/2017';
    expect(toCanonicalKey('urn:epc:id:sgtin:0614141.107346.2017')).toBe(key);
    expect(toCanonicalKey('https://id.gs1.org/01/10614141073464/21/2017')).toBe(key);
    expect(toCanonicalKey('https://brand.example.com/gtin/10614141073464/ser/2017?linkType=all')).toBe(key);
    expect(toCanonicalKey('https://id.gs1.org/01/10614141073464/10/LOT1/21/2017')).toBe(key);
  });

  it.each([
    [
      'urn:epc:class:lgtin:4012345.012345.Lot987',
      'https://example.com/01/4012345123456/10/Lot987',
      '01/04012345123456/10/Lot987',
    ],
    [
      'urn:epc:id:sscc:4012345.0000000333',
      'https://id.gs1.org/00/040123450000003338',
      '00/040123450000003338',
    ],
    [
      'urn:epc:id:sgln:4012345.00011.987',
      'https://x.example/414/4012345000115/254/987',
      '414/4012345000115/254/987',
    ],
    ['urn:epc:id:sgln:4012345.00005.0', 'https://id.gs1.org/gln/4012345000054', '414/4012345000054'],
    ['urn:epc:id:grai:4012345.66666.87', 'https://id.gs1.org/8003/0401234566666387', '8003/0401234566666387'],
    ['urn:epc:id:giai:4012345.AAbb', 'https://id.gs1.org/giai/4012345AAbb', '8004/4012345AAbb'],
    ['urn:epc:id:pgln:4012345.00000', 'https://id.gs1.org/417/4012345000009', '417/4012345000009'],
    ['urn:epc:id:gdti:4012345.55555.98', 'https://id.gs1.org/253/401234555555498', '253/401234555555498'],
  ])('%s ~ %s', (epc, dl, key) => {
    expect(toCanonicalKey(epc)).toBe(key);
    expect(toCanonicalKey(dl)).toBe(key);
    expect(toCanonicalDigitalLink(epc)).toBe(`https://id.gs1.org/${key}`);
  });

  it('returns other identifiers unchanged', () => {
    for (const id of [
      'urn:uuid:0f5c1f1c-8a2b-4f9e-9d1c-2b3c4d5e6f70',
      'geo:47.5,11.1',
      'LOT-42',
      'urn:epc:id:gid:95100000.12345.400',
    ]) {
      expect(toCanonicalKey(id)).toBe(id);
    }
  });
});
