// The header every query file opens with, checked when the files load:
//   // Purpose: …   // Params: …   // Returns: …      (`--` in SQL)
export interface QueryFile {
  name: string;
  purpose: string;
  params: string;
  returns: string;
  text: string;
}

/** Parses a query file's header; throws naming the file when a header line is missing. */
export function parseQueryFile(name: string, text: string, comment: '//' | '--'): QueryFile {
  const header: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith(comment)) break;
    const m = /^(Purpose|Params|Returns):\s*(.*)$/.exec(t.slice(comment.length).trim());
    if (m) header[m[1]!.toLowerCase()] = m[2]!;
  }
  for (const key of ['purpose', 'params', 'returns'])
    if (header[key] === undefined)
      throw new Error(
        `query file ${name} lacks its "${comment} ${key[0]!.toUpperCase()}${key.slice(1)}:" header line`,
      );
  return { name, purpose: header['purpose']!, params: header['params']!, returns: header['returns']!, text };
}
