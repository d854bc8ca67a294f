import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where a test's fresh, empty database lives, and how to throw it away. */
export interface ScratchDatabase {
  databaseUrl?: string;
  pgliteDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh empty database for one test: a new PostgreSQL database on the server DATABASE_URL
 * names when it is set (the CI run on PostgreSQL), else a new PGlite directory.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-test-'));
  const pgliteDir = path.join(dir, 'pglite');
  const base = process.env.DATABASE_URL;
  if (!base) return { pgliteDir, drop: () => rm(dir, { recursive: true, force: true }) };

  const name = `veza_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    pgliteDir,
    drop: async () => {
      await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
