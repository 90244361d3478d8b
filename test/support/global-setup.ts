// Builds the web app once (browser tests load web/dist as the server serves it), then starts
// one real local Neo4j (on a free port, in a temporary folder) for the whole test run, or uses
// the server NEO4J_URI names, and stops it at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
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

async function buildWeb(): Promise<void> {
  const started = Date.now();
  // vitest sets NODE_ENV=test, which would bundle React's development build; the browser tests
  // run the production build, as users do.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  process.stderr.write(`test: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export default async function setup(project: TestProject) {
  // LOTGRAPH_TEST_SKIP_WEB_BUILD=1 skips the build for runs without browser tests.
  if (process.env['LOTGRAPH_TEST_SKIP_WEB_BUILD'] !== '1') await buildWeb();
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
