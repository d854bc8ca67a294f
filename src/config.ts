import { z } from 'zod';
import type { LogFormat } from './logger.js';

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
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
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
  MAX_LIST_LENGTH: z.coerce.number().int().positive().default(100),
  MAX_INPUT_DEPTH: z.coerce.number().int().positive().default(32),
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
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^https?:\/\/[^/\s]+$/, {
          error: 'must be a comma-separated list of origins such as https://veza.ba',
        }),
      ),
    ),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
      error: 'must be an address, e.g. "Veza <veza@example.org>" or veza@example.org',
    })
    .default('Veza <veza@localhost>'),
  MAIL_DIR: z.string().min(1).default('data/mail'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
  UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  UNSUBSCRIBE_TTL_DAYS: z.coerce.number().int().positive().default(180),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().positive().default(30_000),
  DELIVERY_CONCURRENCY: z.coerce.number().int().positive().max(50).default(5),
  NOTIFICATIONS_POLL_MS: z.coerce.number().int().positive().default(500),
  NOTIFICATIONS_SWEEP_MS: z.coerce.number().int().positive().default(60_000),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  MIN_GROUP_SIZE: z.coerce.number().int().min(1).default(5),
  REGISTRAR_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  REGISTRAR_REQUESTS_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  REGISTRAR_REQUESTS_PER_EMAIL: z.coerce.number().int().positive().default(5),
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
  /** JSON lines, pino-pretty lines, or `auto`: pretty on a terminal. Default auto. */
  logFormat: LogFormat;
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
  /**
   * Origins whose browser pages may call the API with credentials (CORS). Default none: only
   * pages served by Veza itself (same origin).
   */
  corsOrigins: string[];
  /** E-mail and notification delivery (src/modules/notifications/). */
  mail: MailSettings;
  /**
   * The smallest group of diaspora members a count may describe; smaller groups are merged or
   * reported as "fewer than" it, so that no count singles out a person. Default 5.
   */
  minGroupSize: number;
  /** The virtual registrar (src/modules/registrar/). */
  registrar: RegistrarSettings;
}

export interface RegistrarSettings {
  /** Days after a request closes before its personal fields are erased. Default 90. */
  retentionDays: number;
  /** Document requests one client address may make per hour. Default 20. */
  requestsPerAddressPerHour: number;
  /** Document requests for one e-mail address per hour. Default 5. */
  requestsPerEmailPerHour: number;
}

export interface MailSettings {
  /** SMTP server; absent means messages are written as .eml files to `dir`. */
  smtpUrl?: string;
  /** The From header. Default "Veza <veza@localhost>". */
  from: string;
  /** Where .eml files go without SMTP_URL. Default data/mail. */
  dir: string;
  /** Base of the links in messages. Default http://localhost:<port>. */
  publicUrl: string;
  /** Signs unsubscribe links; default a random key kept in the database. */
  unsubscribeSecret?: string;
  /** How long an unsubscribe link works. Default 180 days. */
  unsubscribeTtlMs: number;
  /** Attempts before a delivery is FAILED. Default 8. */
  maxAttempts: number;
  /** Wait after the first failed attempt, doubled after each further one (≤ 1 h). Default 30 s. */
  backoffMs: number;
  /** Messages sent at once (SMTP connections). Default 5. */
  concurrency: number;
  /** How often the worker looks for new deliveries and in-app notifications. Default 500 ms. */
  pollMs: number;
  /** How often reminders, opened calls and digests are looked for. Default 60 s. */
  sweepMs: number;
  /** The hour (Sarajevo time, 0–23) from which the daily digest goes out. Default 7. */
  digestHour: number;
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
   * graphql-armor's cost formula: objects 2, scalars 1, times 1.5 per level, times `first`/`last`
   * or the length of a list argument (variables' values counted). Default 20000: a directory
   * page (programme → partners → coordinators → office) costs about 6000.
   */
  maxCost: number;
  /**
   * Items in any one list a request gives (`nodes(ids:)`, filters, input lists, JSON arrays),
   * literal or in variables. Default 100 (the largest page a connection serves).
   */
  maxListLength: number;
  /** Nesting of objects and lists within a variable (a JSON value too). Default 32. */
  maxInputDepth: number;
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
    logFormat: e.LOG_FORMAT,
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
      maxListLength: e.MAX_LIST_LENGTH,
      maxInputDepth: e.MAX_INPUT_DEPTH,
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
    corsOrigins: e.CORS_ORIGINS,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      dir: e.MAIL_DIR,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      unsubscribeSecret: e.UNSUBSCRIBE_SECRET,
      unsubscribeTtlMs: e.UNSUBSCRIBE_TTL_DAYS * 24 * 3600 * 1000,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      backoffMs: e.DELIVERY_BACKOFF_MS,
      concurrency: e.DELIVERY_CONCURRENCY,
      pollMs: e.NOTIFICATIONS_POLL_MS,
      sweepMs: e.NOTIFICATIONS_SWEEP_MS,
      digestHour: e.DIGEST_HOUR,
    },
    minGroupSize: e.MIN_GROUP_SIZE,
    registrar: {
      retentionDays: e.REGISTRAR_RETENTION_DAYS,
      requestsPerAddressPerHour: e.REGISTRAR_REQUESTS_PER_ADDRESS,
      requestsPerEmailPerHour: e.REGISTRAR_REQUESTS_PER_EMAIL,
    },
  };
}
