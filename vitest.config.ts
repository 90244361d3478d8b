import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module, as under Node: vite would pick graphql's ESM build for our files while
    // @neo4j/graphql and Apollo load its CommonJS build, and graphql refuses objects of the other.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'data/**', 'bench/work/**'],
    // One local Neo4j for the whole run; integration files share it, one at a time.
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
