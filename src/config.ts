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
  CONCLUSIONS_COMPACT_AFTER: z.coerce.number().int().min(2).default(200),
  MAX_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_ALIASES: z.coerce.number().int().positive().default(15),
  MAX_DIRECTIVES: z.coerce.number().int().positive().default(10),
  MAX_TOKENS: z.coerce.number().int().positive().default(2_000),
  MAX_COST: z.coerce.number().int().positive().default(20_000),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  SIGN_IN_SLOWDOWN_AFTER: z.coerce.number().int().nonnegative().default(3),
  SIGN_IN_DELAY_MS: z.coerce.number().int().nonnegative().default(1_000),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  INVITATION_TTL_HOURS: z.coerce.number().int().positive().default(168),
  READ_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  SESSION_RECHECK_MS: z.coerce.number().int().positive().default(5_000),
  PRESENCE_MAX_PER_SOCKET: z.coerce.number().int().positive().default(20),
  PRESENCE_MAX_PER_USER: z.coerce.number().int().positive().default(100),
  SUBSCRIPTIONS_MAX_PER_SOCKET: z.coerce.number().int().positive().default(100),
  SUBSCRIPTIONS_MAX_PER_USER: z.coerce.number().int().positive().default(500),
  CONCLUSIONS_MAX_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024),
  CONCLUSIONS_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
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
  /** Fold a conclusions document's update log into its snapshot at this length. Default 200. */
  conclusionsCompactAfter: number;
  /** Largest conclusions update accepted (decoded bytes). Default 512 KiB. */
  conclusionsMaxUpdateBytes: number;
  /** Largest a conclusions document may grow (its encoded state, bytes). Default 2 MiB. */
  conclusionsMaxDocumentBytes: number;
  /** Presence states (distinct clientIds) one WebSocket may hold. Default 20. */
  presenceMaxPerSocket: number;
  /** Presence states one user may hold on an instance, over all sockets and HTTP. Default 100. */
  presenceMaxPerUser: number;
  /** Subscriptions open at once on one WebSocket. Default 100. */
  subscriptionsMaxPerSocket: number;
  /** WebSocket subscriptions one signed-in user may hold open on an instance. Default 500. */
  subscriptionsMaxPerUser: number;
  /** Limits on one GraphQL document (HTTP and WebSocket alike). */
  limits: QueryLimits;
  /** Sign-in throttling, counted in the database so that every instance agrees. */
  signIn: SignInLimits;
  /** How long an invitation token stays valid. Default 168 h (7 days). */
  invitationTtlMs: number;
  /** How long a cached directory read may be served (src/read-cache.ts); 0 disables. Default 5 s. */
  readCacheTtlMs: number;
  /**
   * How long a session and its roles are trusted without news of a change, on HTTP and on
   * open sockets (src/modules/accounts/viewer-cache.ts). Default 5 s.
   */
  sessionRecheckMs: number;
}

export interface QueryLimits {
  /** Deepest field nesting (introspection excepted). Default 12. */
  maxDepth: number;
  /** Aliases in one operation. Default 15. */
  maxAliases: number;
  /** Directives in one operation. Default 10. */
  maxDirectives: number;
  /** Lexical tokens in one document. Default 2000 (GraphiQL's introspection query is ~400). */
  maxTokens: number;
  /**
   * graphql-armor cost: objects 2, scalars 1, times 1.5 per level. Default 20000: a directory
   * page (programme → partners → coordinators → office) costs about 6000.
   */
  maxCost: number;
}

export interface SignInLimits {
  /** Failures older than this are forgotten. Default 900 s. */
  windowMs: number;
  /** Failures (per account) before each further attempt is slowed down. Default 3. */
  slowdownAfter: number;
  /** Added wait per failure past slowdownAfter, at most 10 s. Default 1000 ms. */
  delayMs: number;
  /** Failures per account (e-mail) within the window before sign-in is refused. Default 10. */
  maxFailuresPerAccount: number;
  /** Failures per client address within the window before sign-in is refused. Default 50. */
  maxFailuresPerAddress: number;
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
    conclusionsCompactAfter: e.CONCLUSIONS_COMPACT_AFTER,
    conclusionsMaxUpdateBytes: e.CONCLUSIONS_MAX_UPDATE_BYTES,
    conclusionsMaxDocumentBytes: e.CONCLUSIONS_MAX_DOCUMENT_BYTES,
    presenceMaxPerSocket: e.PRESENCE_MAX_PER_SOCKET,
    presenceMaxPerUser: e.PRESENCE_MAX_PER_USER,
    subscriptionsMaxPerSocket: e.SUBSCRIPTIONS_MAX_PER_SOCKET,
    subscriptionsMaxPerUser: e.SUBSCRIPTIONS_MAX_PER_USER,
    limits: {
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxCost: e.MAX_COST,
    },
    signIn: {
      windowMs: e.SIGN_IN_WINDOW_SECONDS * 1000,
      slowdownAfter: e.SIGN_IN_SLOWDOWN_AFTER,
      delayMs: e.SIGN_IN_DELAY_MS,
      maxFailuresPerAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
    },
    invitationTtlMs: e.INVITATION_TTL_HOURS * 3600 * 1000,
    readCacheTtlMs: e.READ_CACHE_TTL_MS,
    sessionRecheckMs: e.SESSION_RECHECK_MS,
  };
}
