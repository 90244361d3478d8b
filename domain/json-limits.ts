// A bound on how deeply a JSON text nests, checked on the raw text before it is parsed: a
// document nested thousands of levels deep is refused at once with where it went too deep,
// instead of reaching code that walks it recursively (hashing, validation, storage).

/** EPCIS documents nest about a dozen levels (document, body, list, event, sensors, extensions). */
export const MAX_JSON_DEPTH = 64;

export type DepthCheck =
  { ok: true; depth: number } | { ok: false; depth: number; offset: number; line: number; column: number };

/**
 * The deepest nesting of `[` and `{` outside strings in a JSON text (bytes or a string), or
 * where it first goes deeper than `max` (0-based offset, 1-based line and column). Linear in the
 * text; the text need not be valid JSON.
 */
export function checkJsonDepth(text: Uint8Array | string, max = MAX_JSON_DEPTH): DepthCheck {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (b === 0x5c)
        i++; // a backslash escapes the next byte
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (depth > max) return { ok: false, depth, offset: i, line, column: i - lineStart + 1 };
    } else if (b === 0x5d || b === 0x7d) depth = Math.max(0, depth - 1);
  }
  return { ok: true, depth: deepest };
}
