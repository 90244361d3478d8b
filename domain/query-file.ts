import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Loads every query file under a folder (sub-folders included), named by their path without
 * the extension (`trace/trace_forward`). Runs once at start-up; a bad header fails at once.
 */
export function loadQueryFiles(
  dir: string,
  ext: '.cypher' | '.sql',
  comment: '//' | '--',
): Map<string, QueryFile> {
  const files = new Map<string, QueryFile>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(ext)) {
        const name = rel.slice(0, -ext.length);
        files.set(name, parseQueryFile(name, readFileSync(join(dir, rel), 'utf8'), comment));
      }
    }
  };
  walk('');
  return files;
}
