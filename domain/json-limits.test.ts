import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonDepth, MAX_JSON_DEPTH } from './json-limits.ts';

// The nesting depth of a parsed value, worked out on the value itself.
const depthOf = (v: unknown): number =>
  Array.isArray(v)
    ? 1 + Math.max(0, ...v.map(depthOf))
    : v !== null && typeof v === 'object'
      ? 1 + Math.max(0, ...Object.values(v).map(depthOf))
      : 0;

describe('checkJsonDepth', () => {
  it('measures the depth of any JSON value as the value itself has it (brackets in strings too)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (v) => {
        const text = JSON.stringify(v);
        expect(checkJsonDepth(text, 1000)).toEqual({ ok: true, depth: depthOf(v) });
        expect(checkJsonDepth(JSON.stringify(v, null, 2), 1000)).toEqual({ ok: true, depth: depthOf(v) });
      }),
    );
  });

  it('says where a text first nests too deep: offset, line and column', () => {
    const text = `{\n  "a": ${'['.repeat(MAX_JSON_DEPTH)}]`;
    expect(checkJsonDepth(text)).toEqual({
      ok: false,
      depth: MAX_JSON_DEPTH + 1,
      offset: text.indexOf('[') + MAX_JSON_DEPTH - 1,
      line: 2,
      column: 8 + MAX_JSON_DEPTH - 1,
    });
  });

  it('stops at the first place too deep, however deep the rest goes, on bytes as on strings', () => {
    const deep = '['.repeat(1_000_000);
    const r = checkJsonDepth(Buffer.from(deep));
    expect(r).toMatchObject({ ok: false, offset: MAX_JSON_DEPTH, line: 1, column: MAX_JSON_DEPTH + 1 });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = checkJsonDepth(s);
        expect(r.depth).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
