// The one place the environment is read, checked once, with defaults that run on a laptop.
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  LOTGRAPH_DATA_DIR: z.string().default('./data'),
  LOTGRAPH_DEMO: z.enum(['on', 'off']).default('on'),
  LOTGRAPH_DEMO_SCALE: z.coerce.number().positive().default(1),
  LOTGRAPH_DEMO_SEED: z.coerce.number().int().default(1),
  NEO4J_URI: z.string().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  LOTGRAPH_NEO4J_BOLT_PORT: z.coerce.number().int().min(0).max(65535).default(7687),
  LOTGRAPH_NEO4J_HEAP: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  demoScale: number;
  demoSeed: number;
  neo4j: { uri: string; user: string; password: string } | null;
  localBoltPort: number;
}

/** Reads the configuration from an environment (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success)
    throw new AppError('CONFIG', 'the configuration is invalid', {
      problems: r.error.issues.map((i) => ({ field: String(i.path[0]), reason: i.message })),
    });
  const c = r.data;
  if (c.NEO4J_URI && !c.NEO4J_PASSWORD)
    throw new AppError('CONFIG', 'NEO4J_URI is set but NEO4J_PASSWORD is not', {
      problems: [{ field: 'NEO4J_PASSWORD', reason: 'is required with NEO4J_URI' }],
    });
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.LOTGRAPH_DATA_DIR),
    demo: c.LOTGRAPH_DEMO === 'on',
    demoScale: c.LOTGRAPH_DEMO_SCALE,
    demoSeed: c.LOTGRAPH_DEMO_SEED,
    neo4j: c.NEO4J_URI ? { uri: c.NEO4J_URI, user: c.NEO4J_USER, password: c.NEO4J_PASSWORD! } : null,
    localBoltPort: c.LOTGRAPH_NEO4J_BOLT_PORT,
  };
}
