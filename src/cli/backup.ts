// `npm run db:backup -- [file]`: dumps the embedded database (PGLITE_DIR) to a .tar.gz, by
// default backups/veza-<time>.tar.gz. Stop the server first: it holds the database.
// `npm run db:restore -- <file> [--replace]`: makes PGLITE_DIR that backup's database.
// PostgreSQL (DATABASE_URL) is backed up with pg_dump instead; see docs/operations.md.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupPglite, restorePglite } from '../db/backup.js';
import { CliError, runCli } from './run.js';

runCli(async () => {
  const { positionals, values } = parseArgs({
    options: { replace: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [command, file] = positionals;
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new CliError('DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/operations.md)');
  }
  if (command === 'backup') {
    const target = file ?? `backups/veza-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    mkdirSync(path.dirname(target), { recursive: true });
    const bytes = await backupPglite(config.pgliteDir, target);
    console.log(`Backed up ${config.pgliteDir} to ${target} (${Math.ceil(bytes / 1024)} KiB)`);
  } else if (command === 'restore' && file) {
    const keptAt = await restorePglite(file, config.pgliteDir, values.replace);
    console.log(
      `Restored ${file} into ${config.pgliteDir}` +
        (keptAt ? `; the previous database is kept in ${keptAt}` : ''),
    );
  } else {
    throw new CliError(
      'Usage: npm run db:backup -- [file] | npm run db:restore -- <file> [--replace]',
    );
  }
});
