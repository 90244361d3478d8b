// DuckDB as a peer: the genealogy files read with COPY (read_csv) into plain tables of a DuckDB
// file, traced by recursive CTEs through Lotgraph's DuckDB wrapper. Two shapes of the CTE:
// UNION (DuckDB keeps every row seen, so each node is expanded once) and USING KEY (the
// recursion sees only the rows the last step added or changed); each direction uses the faster.
import { listValue } from '@duckdb/node-api';
import { DuckStore } from '../../analytics/duckdb.ts';
import type { GenealogyMeta } from './generate.ts';

const TABLES = `
CREATE TABLE IF NOT EXISTS g_nodes (n INTEGER, kind VARCHAR, layer SMALLINT, supplier INTEGER, material INTEGER);
CREATE TABLE IF NOT EXISTS g_feeds (src INTEGER, dst INTEGER, qty REAL);
CREATE TABLE IF NOT EXISTS g_packed (child INTEGER, parent INTEGER);
`;

const FORWARD = {
  union: `
WITH RECURSIVE down(n) AS (
  SELECT unnest($sources::INTEGER[])
  UNION
  SELECT f.dst FROM down JOIN g_feeds f ON f.src = down.n
), up(n) AS (
  SELECT n FROM down
  UNION
  SELECT p.parent FROM up JOIN g_packed p ON p.child = up.n
)
SELECT n FROM up`,
  key: `
WITH RECURSIVE down(n) USING KEY (n) AS (
  SELECT unnest($sources::INTEGER[])
  UNION
  SELECT f.dst FROM down JOIN g_feeds f ON f.src = down.n
), up(n) USING KEY (n) AS (
  SELECT n FROM down
  UNION
  SELECT p.parent FROM up JOIN g_packed p ON p.child = up.n
)
SELECT n FROM up`,
};
const BACKWARD = {
  union: `
WITH RECURSIVE up(n) AS (
  SELECT $source::INTEGER
  UNION
  SELECT f.src FROM up JOIN g_feeds f ON f.dst = up.n
)
SELECT n FROM up`,
  key: `
WITH RECURSIVE up(n) USING KEY (n) AS (
  SELECT $source::INTEGER
  UNION
  SELECT f.src FROM up JOIN g_feeds f ON f.dst = up.n
)
SELECT n FROM up`,
};

export type DuckShape = keyof typeof FORWARD;

export class DuckPeer {
  // Measured on S: USING KEY made recalls slower (a supplier-wide one 3.6 s against 0.3 s) and
  // birth records a little faster (p50 13-20 ms against 15-24 ms), so each direction uses its best.
  shapes: { forward: DuckShape; backward: DuckShape } = { forward: 'union', backward: 'key' };
  private constructor(readonly db: DuckStore) {}

  static async open(file: string): Promise<DuckPeer> {
    const db = await DuckStore.open(file);
    await db.transaction((tx) => tx.run(TABLES));
    return new DuckPeer(db);
  }

  async version(): Promise<string> {
    const [r] = await this.db.query('SELECT version() AS v');
    return String(r?.['v']);
  }

  /** COPY the three files in, in one transaction; returns rows and seconds. */
  async load(meta: GenealogyMeta): Promise<{ rows: number; seconds: number }> {
    const t0 = performance.now();
    await this.db.transaction(async (tx) => {
      const range = { lo: meta.offset, hi: meta.offset + meta.nodes };
      await tx.run('DELETE FROM g_nodes WHERE n >= $lo AND n < $hi', range);
      await tx.run('DELETE FROM g_feeds WHERE dst >= $lo AND dst < $hi', range);
      await tx.run('DELETE FROM g_packed WHERE child >= $lo AND child < $hi', range);
      await tx.run('COPY g_nodes FROM $f (HEADER)', { f: meta.files.nodes });
      await tx.run('COPY g_feeds FROM $f (HEADER)', { f: meta.files.feeds });
      await tx.run('COPY g_packed FROM $f (HEADER)', { f: meta.files.packed });
    });
    return { rows: meta.nodes + meta.feeds + meta.packed, seconds: (performance.now() - t0) / 1000 };
  }

  /** The same rows again through the Appender (Lotgraph's DuckTx.append) into a scratch table. */
  async appendRate(rows: readonly (readonly unknown[])[]): Promise<{ rows: number; seconds: number }> {
    await this.db.transaction((tx) =>
      tx.run('CREATE OR REPLACE TABLE g_append (src INTEGER, dst INTEGER, qty REAL)'),
    );
    const t0 = performance.now();
    await this.db.transaction((tx) => tx.append('g_append', rows));
    const seconds = (performance.now() - t0) / 1000;
    await this.db.transaction((tx) => tx.run('DROP TABLE g_append'));
    return { rows: rows.length, seconds };
  }

  async forward(sources: readonly number[]): Promise<number[]> {
    const rows = await this.db.query(FORWARD[this.shapes.forward], { sources: listValue([...sources]) });
    return rows.map((r) => r['n'] as number);
  }

  async backward(source: number): Promise<number[]> {
    const rows = await this.db.query(BACKWARD[this.shapes.backward], { source });
    return rows.map((r) => r['n'] as number);
  }

  close() {
    this.db.close();
  }
}
