// The server side of the load test (bench/load.ts): the real Lotgraph server (local Neo4j,
// DuckDB, HTTP, scheduler) on bench/work/load, with the demo plants loaded once into empty
// stores. Run as a child with --expose-gc, so that the parent can ask for the heap after a full
// collection; tells the parent its address and a sample of object ids over IPC.
import { join } from 'node:path';
import { sampleObjects } from '../analytics/sample.ts';
import { readConfig } from '../api/config.ts';
import { startServer } from '../api/server.ts';

const log = (m: string) => process.stderr.write(`load-server: ${m}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run by bench/load.ts: node --expose-gc with an IPC channel');

const cfg = readConfig({
  ...process.env,
  LOTGRAPH_DATA_DIR: join(import.meta.dirname, 'work', 'load'),
  LOTGRAPH_DEMO: 'on',
  LOTGRAPH_NEO4J_BOLT_PORT: '0',
});
const server = await startServer(cfg, log);
const duck = server.rt.stores.duck;
const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external };
};
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'heap') process.send!({ type: 'heap', heap: heap() });
  if (msg.type === 'stop')
    void server.stop().then(() => {
      process.send!({ type: 'stopped' });
      process.exit(0);
    });
});
process.send({
  type: 'ready',
  url: server.url.replace('localhost', '127.0.0.1'),
  units: await sampleObjects(duck, 'unit', 500, '7'),
  lots: await sampleObjects(duck, 'lot', 500, '7'),
});
