// The one place the environment is read, checked once, with defaults that run on a laptop.
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { TRACE_WHOLE_UP_TO } from './services/trace.service.ts';

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
  // read by cypher/local-neo4j.ts when it starts the JVM; checked here so a typo stops the start
  LOTGRAPH_NEO4J_GC: z.enum(['parallel', 'g1']).optional(),
  LOTGRAPH_TOKEN: z.string().optional(),
  LOTGRAPH_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random secret)').optional(),
  LOTGRAPH_COOKIE_SECURE: z.enum(['on', 'off']).default('off'),
  LOTGRAPH_CORS_ORIGINS: z.string().optional(),
  LOTGRAPH_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  LOTGRAPH_SESSION_HOURS: z.coerce.number().positive().max(720).default(12),
  LOTGRAPH_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  LOTGRAPH_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  LOTGRAPH_LOCKOUT_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOTGRAPH_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  LOTGRAPH_GRAPHQL_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LOTGRAPH_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  LOTGRAPH_MAIL_FROM: z.string().default('Lotgraph <lotgraph@localhost>'),
  LOTGRAPH_ESCALATION_MAIL_TO: z.string().optional(),
  LOTGRAPH_ESCALATION_CRON: z.string().default('*/5 * * * *'),
  LOTGRAPH_INSPECTION_SWEEP_CRON: z.string().default('*/10 * * * *'),
  LOTGRAPH_CAPTURE_QUEUE: z.coerce.number().int().positive().default(32),
  LOTGRAPH_CAPTURE_QUEUE_MB: z.coerce.number().positive().default(256),
  LOTGRAPH_REACH_INDEX: z.enum(['on', 'off']).default('on'),
  LOTGRAPH_TRACE_WHOLE_MAX: z.coerce.number().int().positive().default(TRACE_WHOLE_UP_TO),
  LOTGRAPH_CSV_STREAM_MB: z.coerce.number().positive().default(64),
  LOTGRAPH_IMPORT_MAX_MB: z.coerce.number().positive().default(4096),
  LOTGRAPH_IMPORT_JOBS_KEEP_DAYS: z.coerce.number().int().min(0).default(90),
  LOTGRAPH_IMPORT_JOBS_PURGE_CRON: z.string().default('30 3 * * *'),
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
  security: SecurityConfig;
  /** the bearer token the command line sends to a running server */
  cliToken: string | null;
  /** escalation e-mail; null when no SMTP server is configured (in-app notifications only) */
  mail: MailConfig | null;
  /** node-cron expressions of the scheduled jobs */
  schedule: { escalation: string; inspectionSweep: string; importJobRetention: string };
  /** the bounded capture queue: captures and bytes admitted at once (429 beyond) */
  captureQueue: { slots: number; bytes: number };
  /** the genealogy's reach index beside the API (cypher/reach-index.ts, decision 032) */
  reachIndex: boolean;
  /** a forward trace above this many objects is fetched by the web app in layers and pages (decision 046) */
  traceWholeUpTo: number;
  /** streamed CSV imports (decisions 030, 038) */
  csvImport: {
    /** `lotgraph import` streams a CSV bundle larger than this (and sends it to a server's upload) */
    streamBytes: number;
    /** the largest bundle a server accepts on POST /api/imports/csv */
    maxBytes: number;
    /** an ended job is deleted this many days after it finished; 0 keeps every job (decision 044) */
    keepDays: number;
  };
}

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… */
  smtpUrl: string;
  /** the From header */
  from: string;
  /** addresses that receive every escalation besides users whose user name is an address */
  escalationTo: string[];
}

export interface SecurityConfig {
  /** an admin bearer token taken from the environment (automation, tests), or null */
  adminToken: string | null;
  /** session cookies marked Secure (serve over HTTPS) and HSTS sent */
  secureCookies: boolean;
  /** origins allowed to call the API from a browser; empty: no CORS at all */
  corsOrigins: string[];
  /** behind a reverse proxy: take the client address from X-Forwarded-For */
  trustProxy: boolean;
  sessionHours: number;
  idleMinutes: number;
  /** sign-in attempts per client address per 15 minutes */
  loginAttemptsPerWindow: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** GraphQL requests per caller per minute */
  graphqlPerMinute: number;
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
    cliToken: c.LOTGRAPH_TOKEN ?? c.LOTGRAPH_ADMIN_TOKEN ?? null,
    mail: c.LOTGRAPH_SMTP_URL
      ? {
          smtpUrl: c.LOTGRAPH_SMTP_URL,
          from: c.LOTGRAPH_MAIL_FROM,
          escalationTo: (c.LOTGRAPH_ESCALATION_MAIL_TO ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : null,
    schedule: {
      escalation: c.LOTGRAPH_ESCALATION_CRON,
      inspectionSweep: c.LOTGRAPH_INSPECTION_SWEEP_CRON,
      importJobRetention: c.LOTGRAPH_IMPORT_JOBS_PURGE_CRON,
    },
    captureQueue: {
      slots: c.LOTGRAPH_CAPTURE_QUEUE,
      bytes: Math.round(c.LOTGRAPH_CAPTURE_QUEUE_MB * 1024 * 1024),
    },
    reachIndex: c.LOTGRAPH_REACH_INDEX === 'on',
    traceWholeUpTo: c.LOTGRAPH_TRACE_WHOLE_MAX,
    csvImport: {
      streamBytes: Math.round(c.LOTGRAPH_CSV_STREAM_MB * 1024 * 1024),
      maxBytes: Math.round(c.LOTGRAPH_IMPORT_MAX_MB * 1024 * 1024),
      keepDays: c.LOTGRAPH_IMPORT_JOBS_KEEP_DAYS,
    },
    security: {
      adminToken: c.LOTGRAPH_ADMIN_TOKEN ?? null,
      secureCookies: c.LOTGRAPH_COOKIE_SECURE === 'on',
      corsOrigins: (c.LOTGRAPH_CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      trustProxy: c.LOTGRAPH_TRUST_PROXY === 'on',
      sessionHours: c.LOTGRAPH_SESSION_HOURS,
      idleMinutes: c.LOTGRAPH_SESSION_IDLE_MINUTES,
      loginAttemptsPerWindow: c.LOTGRAPH_LOGIN_RATE_LIMIT,
      lockoutAttempts: c.LOTGRAPH_LOCKOUT_ATTEMPTS,
      lockoutMinutes: c.LOTGRAPH_LOCKOUT_MINUTES,
      graphqlPerMinute: c.LOTGRAPH_GRAPHQL_PER_MINUTE,
    },
  };
}
