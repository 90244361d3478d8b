// Property tests of the GS1 identifier readers with arbitrary and hostile input: Digital Link
// canonicalisation and element-string parsing never throw, canonical forms are fixed points,
// and every valid GTIN + serial or lot reads back to the same key through each spelling (the
// Digital Link a label prints, a partner's differently escaped link, its element string in
// brackets, and the raw scanned form).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDigitalLink } from './gs1-digital-link.ts';
import { GS, parseElementString } from './gs1-element-string.ts';
import { canonicalDigitalLink, gs1CheckDigit, toCanonicalKey } from './gs1-ids.ts';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const gtin = digits(13).map((d) => d + gs1CheckDigit(d));
const CSET82 = `!"%&'*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
// (brackets are left out: inside a bracketed element string they would be ambiguous)
const text20 = fc.array(fc.constantFrom(...CSET82), { minLength: 1, maxLength: 20 }).map((a) => a.join(''));
const urlish = fc.oneof(
  fc.string(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTPS://', ''),
      fc.domain(),
      fc.array(
        fc.oneof(fc.constantFrom('01', '10', '21', '00', 'gtin', 'lot', 'ser', '22', ''), fc.string()),
        {
          maxLength: 8,
        },
      ),
    )
    .map(([scheme, host, parts]) => `${scheme}${host}/${parts.join('/')}`),
);

describe('GS1 identifiers on arbitrary input', () => {
  it('canonicalises without throwing, and a canonical link is its own canonical form', () => {
    fc.assert(
      fc.property(urlish, (s) => {
        const c = canonicalDigitalLink(s);
        if (c !== null) expect(canonicalDigitalLink(c)).toBe(c);
        expect(typeof toCanonicalKey(s)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('parses element strings without throwing; a refusal says why', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(
              fc.oneof(fc.constantFrom('(01)', '(10)', '(21)', '(00)', GS, ']d2', ']Q3'), digits(3), text20),
            )
            .map((a) => a.join('')),
        ),
        (s) => {
          const r = parseElementString(s);
          if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads a GTIN with a serial back to one key through the Digital Link, the bracketed and the raw element string', () => {
    fc.assert(
      fc.property(gtin, text20, (g, serial) => {
        const dl = buildDigitalLink({ gtin: g, serial });
        expect(dl.ok).toBe(true);
        if (!dl.ok) return;
        expect(toCanonicalKey(dl.uri)).toBe(dl.path);
        const bracketed = parseElementString(`(01)${g}(21)${serial}`);
        const raw = parseElementString(`]d201${g}21${serial}`);
        expect(bracketed).toMatchObject({ ok: true, key: dl.path });
        expect(raw).toMatchObject({ ok: true, key: dl.path });
      }),
    );
  });

  it('reads a GTIN with a lot the same way, with a GS between lot and a following expiry', () => {
    fc.assert(
      fc.property(gtin, text20, (g, lot) => {
        const dl = buildDigitalLink({ gtin: g, lot });
        if (!dl.ok) throw new Error(dl.reason);
        expect(parseElementString(`01${g}10${lot}${GS}17260101`)).toMatchObject({ ok: true, key: dl.path });
        // a partner's link that leaves ' literal and writes its escapes in lower case: the same key
        const partner = encodeURIComponent(lot)
          .replace(/[!()*]/g, (c) => '%' + c.charCodeAt(0).toString(16))
          .replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
        expect(toCanonicalKey(`https://example.com/01/${g}/10/${partner}?17=260101`)).toBe(dl.path);
      }),
    );
  });

  it("gives an EPC URI, a label's Digital Link and a scan of a serial with a quote one key", () => {
    const key = '01/10614141073464/21/A%27B';
    expect(toCanonicalKey("urn:epc:id:sgtin:0614141.107346.A'B")).toBe(key);
    expect(toCanonicalKey('https://id.gs1.org/01/10614141073464/21/A%27B')).toBe(key);
    expect(toCanonicalKey("https://example.com/gtin/10614141073464/ser/A'B")).toBe(key);
    expect(parseElementString("(01)10614141073464(21)A'B")).toMatchObject({ ok: true, key });
  });
});
