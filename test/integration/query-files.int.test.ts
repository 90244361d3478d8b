// Every query file loads with its header and passes EXPLAIN against the real stores, so a
// broken query fails here rather than in front of a user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definedQueries as definedSql, sqlFiles } from '../../analytics/query.ts';
import { cypherFiles, definedQueries as definedCypher } from '../../cypher/query.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';
// Importing the typed wrappers defines every query, which fails at once on a missing file.
import '../../analytics/event-log.store.ts';
import '../../analytics/sample.ts';
import '../../analytics/audit.store.ts';
import '../../cypher/projection.ts';
import '../../cypher/trace.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

// Parameters EXPLAIN needs to plan each statement; values do not matter, types do.
const SQL_PARAMS: Record<string, Record<string, number | string>> = {
  event_log_read: { after: 0, limit: 1 },
  sample_objects: { kind: 'unit', seed: '1', n: 1 },
  audit_read: {
    after: 0,
    limit: 1,
    actor: 'a',
    action: 'b',
    subject: 'c',
    from: '2025-01-01',
    to: '2026-01-01',
  },
};

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
    await t.stores.duck.explain(sqlFiles.get(name)!.text, SQL_PARAMS[name] ?? {});
  });
});
