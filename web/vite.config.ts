// Builds the web app into web/dist, which the API serves at / (any other GET falls back to
// index.html). In development Vite serves the app and forwards API calls to a running server.
import react from '@vitejs/plugin-react';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The server's default address (PORT 4000 on loopback); `npm start` runs it.
const api = 'http://127.0.0.1:4000';

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  plugins: [react()],
  build: {
    // LOTGRAPH_WEB_DIST builds elsewhere (side-by-side test runs); the server reads the same variable.
    outDir: process.env['LOTGRAPH_WEB_DIST'] ?? 'dist',
    emptyOutDir: true,
    // The Content-Security-Policy allows 'self' only, so no asset may become a data: URL.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': api, '/graphql': api },
  },
});
