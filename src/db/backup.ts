// Backups of the embedded database: PGlite's own dump of its data directory (a gzipped tar),
// taken under the directory's lock, so that it is consistent — the server must be stopped, as it
// holds the lock while it runs. PostgreSQL is backed up with pg_dump (docs/operations.md).
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { CliError } from '../cli/run.js';
import { pgliteExtensions } from './database.js';
import { lockDataDir } from './pglite-lock.js';

function holdsDatabase(dir: string): boolean {
  return existsSync(`${dir}/PG_VERSION`);
}

/** Writes a dump of the embedded database in `dir` to `file`; returns its size in bytes. */
export async function backupPglite(dir: string, file: string): Promise<number> {
  if (!holdsDatabase(dir)) throw new CliError(`There is no embedded database in ${dir}`);
  const unlock = lockDataDir(dir);
  try {
    const pglite = await PGlite.create(dir, { extensions: pgliteExtensions });
    try {
      const dump = await pglite.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      await writeFile(file, bytes, { flag: 'wx' });
      return bytes.length;
    } finally {
      await pglite.close();
    }
  } finally {
    unlock();
  }
}

/**
 * Makes `dir` the database of the dump in `file`. A directory that holds a database is kept
 * beside it (`<dir>.before-restore-<time>`) when `replace` is set, else the restore is refused.
 * Returns where the previous database went, if anywhere.
 */
export async function restorePglite(
  file: string,
  dir: string,
  replace: boolean,
): Promise<string | undefined> {
  if (!existsSync(file)) throw new CliError(`No such backup: ${file}`);
  const unlock = lockDataDir(dir);
  try {
    let keptAt: string | undefined;
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (!replace) {
        throw new CliError(`${dir} already holds a database; add --replace to keep it aside`);
      }
      keptAt = `${dir}.before-restore-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
      renameSync(dir, keptAt);
    }
    const dump = new Blob([await readFile(file)]);
    const pglite = await PGlite.create(dir, { extensions: pgliteExtensions, loadDataDir: dump });
    try {
      await pglite.query('SELECT 1 FROM "_prisma_migrations" LIMIT 1');
    } finally {
      await pglite.close();
    }
    return keptAt;
  } finally {
    unlock();
  }
}
