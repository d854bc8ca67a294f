import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPg } from '@prisma/adapter-pg';
import { Mutex } from 'async-mutex';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, readMigrations } from './migrate.js';
import { lockDataDir } from './pglite-lock.js';
import type { SqlSession } from './sql-session.js';
import { countingAdapter, type StatementCounter } from './statement-counter.js';

export type { PrismaClient };

/** The client an interactive `prisma.$transaction(async (tx) => …)` hands its callback. */
export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** An open database: the Prisma client plus raw sessions for migrations and health checks. */
export interface Database {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  /** SQL statements the Prisma client has sent so far (tests count them per request). */
  readonly statements: StatementCounter;
  /** A session of its own (PostgreSQL) or the single PGlite connection. */
  session(): Promise<SqlSession>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; absent means embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory, used when databaseUrl is absent. */
  pgliteDir: string;
  /** Pool size for PostgreSQL. Default 10. */
  poolSize?: number;
}

const BYTEA_OID = 17;

/**
 * Prisma 6.19 sends Bytes parameters as base64 strings and leaves decoding them to the adapter
 * (by argTypes, which pglite-prisma-adapter 0.6 predates); PGlite's own serializer accepts
 * only bytes. This one takes both.
 */
function serializeBytea(value: unknown): string {
  const bytes =
    typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value as Uint8Array);
  return `\\x${bytes.toString('hex')}`;
}

/** The PGlite extensions every opener must load, or migrations creating them fail. */
export const pgliteExtensions = { unaccent, pg_trgm };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options.pgliteDir);
  let closing: Promise<void> | undefined;
  // Closing twice (a failed health check's owner, then shutdown) must not throw.
  return { ...database, close: () => (closing ??= database.close()) };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const statements: StatementCounter = { count: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPg(pool), statements) });
  return {
    kind: 'postgres',
    prisma,
    statements,
    async session() {
      const client = await pool.connect();
      return {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        exec: async (script) => {
          await client.query(script);
        },
        release: async () => client.release(),
      };
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const pglite = await PGlite.create(dir, {
      extensions: pgliteExtensions,
      serializers: { [BYTEA_OID]: serializeBytea },
    });
    const statements: StatementCounter = { count: 0 };
    const prisma = new PrismaClient({
      adapter: countingAdapter(new PrismaPGlite(pglite), statements),
    });
    return {
      kind: 'pglite',
      prisma,
      statements,
      async session() {
        return {
          query: async (sql, params) => (await pglite.query(sql, params)).rows as never[],
          exec: async (script) => {
            await pglite.exec(script);
          },
          release: async () => {},
        };
      },
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * Instances in one process sharing one open database (PGlite's single connection) hold the
 * advisory lock as one session: it does not exclude them from each other, this does.
 */
const migrationMutexes = new WeakMap<Database, Mutex>();

/**
 * Applies pending migrations, then `thenUnderLock` (loading demo data) under the same lock, so
 * that instances starting together do each once. Returns the names applied.
 */
export async function migrate(
  db: Database,
  thenUnderLock?: () => Promise<void>,
): Promise<string[]> {
  let mutex = migrationMutexes.get(db);
  if (!mutex) migrationMutexes.set(db, (mutex = new Mutex()));
  return mutex.runExclusive(async () => {
    const session = await db.session();
    try {
      return await applyMigrations(session, await readMigrations(), thenUnderLock);
    } finally {
      await session.release();
    }
  });
}
