import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/** Where a test's database lives, and how to throw it away. */
export interface ScratchDatabase {
  databaseUrl?: string;
  pgliteDir: string;
  drop(): Promise<void>;
}

/**
 * What a scratch database starts from: empty, or a copy of one the suite migrated once before
 * any test (test/global-setup.ts), with or without the demo data.
 */
export type ScratchStart = 'empty' | 'migrated' | 'demo';

/** The migrated databases test/global-setup.ts made: PGlite directories or database names. */
export interface DatabaseTemplates {
  migrated: string;
  demo: string;
}

/**
 * A database for one test: a new PostgreSQL database on the server DATABASE_URL names when it
 * is set (the CI run on PostgreSQL), else a new PGlite directory. `from` a template it is a
 * copy (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: the data directory copied), which
 * spares each test server the migrations and the demo load.
 */
export async function createScratchDatabase(
  from: ScratchStart = 'empty',
): Promise<ScratchDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-test-'));
  const pgliteDir = path.join(dir, 'pglite');
  const template = from === 'empty' ? undefined : templates()?.[from];
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (template) await cp(template, pgliteDir, { recursive: true });
    return { pgliteDir, drop: () => rm(dir, { recursive: true, force: true }) };
  }

  const name = `veza_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
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

/** The templates test/global-setup.ts made; none outside a vitest run. */
function templates(): DatabaseTemplates | undefined {
  try {
    return inject('databaseTemplates');
  } catch {
    return undefined;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates?: DatabaseTemplates;
  }
}

export async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
