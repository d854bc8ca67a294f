import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  PGLITE_DIR: z.string().min(1).default('data/pglite'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  DEMO_DATA: z
    .enum(['auto', 'off'])
    .default('auto')
    .describe('auto: load demo data when the database is empty'),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  READ_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
});

/** Validated settings; every field has a default except the optional connection URLs. */
export interface Config {
  /** HTTP and WebSocket port. Default 4000; 0 picks a free port. */
  port: number;
  /** Interface to listen on. Default 0.0.0.0. */
  host: string;
  /** PostgreSQL URL; absent means embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  /** PGlite data directory. Default data/pglite. */
  pgliteDir: string;
  /** Redis URL; when set, subscriptions are shared between instances. */
  redisUrl?: string;
  /** pino level. Default info. */
  logLevel: (typeof logLevels)[number];
  /** 'auto' loads demo data into an empty database. Default auto. */
  demoData: 'auto' | 'off';
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes: number;
  /** How long a graceful shutdown may take before sockets are cut. Default 10 s. */
  shutdownTimeoutMs: number;
  /** How long a cached directory read may be served (src/read-cache.ts); 0 disables. Default 5 s. */
  readCacheTtlMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the settings from environment variables; throws ConfigError naming each bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    readCacheTtlMs: e.READ_CACHE_TTL_MS,
  };
}
