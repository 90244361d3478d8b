// Every query file loads with its header and passes EXPLAIN against the real stores, so a
// broken query fails here rather than in front of a user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlFiles } from '../../analytics/query.ts';
import { cypherFiles } from '../../cypher/query.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';
// Importing the typed wrappers defines every query, which fails at once on a missing file.
import '../../analytics/event-log.store.ts';
import '../../analytics/sample.ts';
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
};

describe('query files', () => {
  it('has Cypher and SQL files with headers', () => {
    expect(cypherFiles.size).toBeGreaterThanOrEqual(18);
    expect(sqlFiles.size).toBeGreaterThanOrEqual(11);
    for (const f of [...cypherFiles.values(), ...sqlFiles.values()]) {
      expect(f.purpose, f.name).not.toBe('');
      expect(f.returns, f.name).not.toBe('');
    }
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
