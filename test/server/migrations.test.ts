import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrate, openDatabase } from '../../src/db/database.js';
import { applyMigrations, migrationsDir, readMigrations } from '../../src/db/migrate.js';
import { DataDirInUseError } from '../../src/db/pglite-lock.js';
import { getDatamodel } from '../../src/generated/pothos-types.js';
import { createScratchDatabase, type ScratchDatabase } from '../utils/database.js';

const leftovers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of leftovers.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase();
  leftovers.push(() => db.drop());
  return db;
}

async function open(db: ScratchDatabase): Promise<Database> {
  const database = await openDatabase(db);
  leftovers.push(() => database.close());
  return database;
}

async function appliedRows(database: Database) {
  const session = await database.session();
  try {
    return await session.query<{ migration_name: string; checksum: string; finished_at: Date }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
  } finally {
    await session.release();
  }
}

describe('migrations', () => {
  it('bring a fresh database to the current schema, recorded as Prisma records them', async () => {
    const database = await open(await scratch());
    const names = (await readMigrations()).map((migration) => migration.name);
    expect(await migrate(database)).toEqual(names);

    const rows = await appliedRows(database);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const script = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
      expect(row.finished_at).toBeTruthy();
    }
    // Every model the client knows can be read: its table and every column exist.
    for (const model of Object.keys(getDatamodel().datamodel.models)) {
      const delegate = (database.prisma as any)[model.charAt(0).toLowerCase() + model.slice(1)];
      await expect(delegate.findFirst()).resolves.toBeDefined();
    }
  });

  it('apply nothing the second time', async () => {
    const database = await open(await scratch());
    await migrate(database);
    expect(await migrate(database)).toEqual([]);
  });

  it('refuse to run when an applied migration was edited, changing nothing', async () => {
    const database = await open(await scratch());
    await migrate(database);
    const edited = (await readMigrations()).map((migration, index) =>
      index === 0 ? { ...migration, checksum: 'edited' } : migration,
    );
    const session = await database.session();
    try {
      await expect(applyMigrations(session, edited)).rejects.toThrow(/was changed after/);
    } finally {
      await session.release();
    }
    expect((await appliedRows(database)).length).toBe(edited.length);
  });

  it('roll a failing migration back completely', async () => {
    const database = await open(await scratch());
    await migrate(database);
    const broken = {
      name: '99999999999999_broken',
      checksum: 'x',
      script: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
    };
    const session = await database.session();
    try {
      await expect(applyMigrations(session, [broken])).rejects.toThrow(/rolled back/);
      const tables = await session.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
      );
      expect(tables).toEqual([]);
    } finally {
      await session.release();
    }
    const names = (await appliedRows(database)).map((row) => row.migration_name);
    expect(names).not.toContain(broken.name);
  });

  it('survive two instances starting at once', async () => {
    const db = await scratch();
    const first = await open(db);
    if (first.kind === 'postgres') {
      const second = await open(db);
      const [a, b] = await Promise.all([migrate(first), migrate(second)]);
      const all = (await readMigrations()).map((migration) => migration.name);
      expect([...a, ...b].sort()).toEqual(all);
      expect((await appliedRows(first)).map((row) => row.migration_name)).toEqual(all);
    } else {
      // PGlite is single-process: a second opener is refused, the first keeps working.
      await expect(openDatabase(db)).rejects.toBeInstanceOf(DataDirInUseError);
      expect((await migrate(first)).length).toBeGreaterThan(0);
      expect(await first.prisma.programme.count()).toBe(0);
    }
  });

  it('leave `prisma migrate status` reporting the embedded database up to date', async () => {
    const db = await scratch();
    if (db.databaseUrl) return; // the Prisma CLI reaches only PGlite here (README, Migrations)
    const database = await openDatabase(db);
    await migrate(database);
    await database.close();
    // The CLI prints its verdict but keeps running (it never closes its PGlite): read the
    // verdict, then end it.
    const child = spawn('npx', ['prisma', 'migrate', 'status'], {
      env: {
        ...process.env,
        PGLITE_DIR: db.pgliteDir,
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
        PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
        PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    leftovers.push(async () => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    });
    let output = '';
    const verdict = await new Promise<string>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/up to date|not yet been applied|failed|Error/i.test(output)) resolve(output);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => resolve(output));
    });
    expect(verdict).toContain('Database schema is up to date!');
  }, 120_000);
});
