// The real Express app on a free loopback port, for tests that speak HTTP.
import type { Server } from 'node:http';
import { createApp } from '../../api/app.ts';
import type { Runtime } from '../../api/runtime.ts';

export interface TestServer {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

export async function startTestServer(rt: Runtime): Promise<TestServer> {
  const server: Server = await new Promise((resolve) => {
    const s = createApp(rt).listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
