// The real Express app on a free loopback port, for tests that speak HTTP. It accepts
// TEST_ADMIN_TOKEN as the environment's admin token (test/support/auth.ts).
import type { Server } from 'node:http';
import { createApp, type LotgraphApp } from '../../api/app.ts';
import { readConfig, type SecurityConfig } from '../../api/config.ts';
import type { Runtime } from '../../api/runtime.ts';
import type { CaptureQueueLimits } from '../../api/services/capture-queue.service.ts';
import type { CsvImportLimits } from '../../api/services/csv-import.service.ts';
import { TEST_ADMIN_TOKEN } from './auth.ts';

export interface TestServer {
  /** http://127.0.0.1:<port> */
  base: string;
  app: LotgraphApp;
  close(): Promise<void>;
}

export async function startTestServer(
  rt: Runtime,
  security: Partial<SecurityConfig> = {},
  opts: {
    captureQueue?: CaptureQueueLimits;
    csvImport?: Partial<CsvImportLimits>;
    traceWholeUpTo?: number;
  } = {},
): Promise<TestServer> {
  const app = await createApp(
    rt,
    { ...readConfig({}).security, adminToken: TEST_ADMIN_TOKEN, ...security },
    opts,
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}
