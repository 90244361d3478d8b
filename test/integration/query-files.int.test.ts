// Every query file loads with its header and passes EXPLAIN against the real stores, so a
// broken query fails here rather than in front of a user.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { definedQueries as definedSql, paramsOf, sqlFiles } from '../../analytics/query.ts';
import { cypherFiles, definedQueries as definedCypher } from '../../cypher/query.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';
// Importing the typed wrappers defines every query, which fails at once on a missing file. Every
// module of both folders is imported, so a new wrapper cannot be forgotten here.
const here = path.dirname(fileURLToPath(import.meta.url));
for (const folder of ['analytics', 'cypher']) {
  const dir = path.join(here, '..', '..', folder);
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts')) await import(path.join(dir, file));
  }
}

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

// EXPLAIN needs a value of the right type for each parameter; any value will do.
function example(t: z.ZodType): unknown {
  const def = (t as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'string':
      return def['format'] === 'base64' ? 'AAAA' : '2025-01-01';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def['entries'] as Record<string, unknown>)[0];
    case 'literal':
      return (def['values'] as unknown[])[0];
    case 'array':
      return [example(def['element'] as z.ZodType)];
    case 'object':
      return Object.fromEntries(
        Object.entries(def['shape'] as Record<string, z.ZodType>).map(([k, v]) => [k, example(v)]),
      );
    case 'nullable':
    case 'optional':
    case 'default':
      return example(def['innerType'] as z.ZodType);
    default:
      throw new Error(`no example value for a zod ${def.type}`);
  }
}

describe('query files', () => {
  it('has a typed wrapper for every query file, and a file for every wrapper', () => {
    expect(definedCypher()).toEqual([...cypherFiles.keys()].sort());
    expect(definedSql()).toEqual([...sqlFiles.keys()].sort());
  });

  it.each([...cypherFiles.keys()])('EXPLAIN cypher %s', async (name) => {
    const text = cypherFiles.get(name)!.text;
    // CALL … IN TRANSACTIONS cannot run inside EXPLAIN's transaction function; plan it auto-commit.
    await t.stores.graph.runAutoCommit(`EXPLAIN ${text}`, {});
  });

  it.each([...sqlFiles.keys()])('EXPLAIN sql %s', async (name) => {
    const params = example(paramsOf(name)!) as Record<string, string | number>;
    await t.stores.duck.explain(sqlFiles.get(name)!.text, params);
  });
});
