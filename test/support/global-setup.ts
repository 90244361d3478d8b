// Starts one real local Neo4j (on a free port, in a temporary folder) for the whole test run,
// or uses the server NEO4J_URI names, and stops it at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalNeo4j } from '../../cypher/local-neo4j.ts';

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTarget;
  }
}

export default async function setup(project: TestProject) {
  if (process.env['NEO4J_URI']) {
    project.provide('neo4j', {
      uri: process.env['NEO4J_URI'],
      user: process.env['NEO4J_USER'] ?? 'neo4j',
      password: process.env['NEO4J_PASSWORD'] ?? '',
    });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lotgraph-neo4j-'));
  const started = Date.now();
  const neo = await startLocalNeo4j({ dataDir: dir, boltPort: 0 });
  process.stderr.write(
    `test: local Neo4j up at ${neo.uri} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  project.provide('neo4j', { uri: neo.uri, user: neo.user, password: neo.password });
  return async () => {
    await neo.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
