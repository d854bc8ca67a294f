// `npm run db:migrate`: applies pending migrations to the configured database and exits.
// `npm run db:status`: lists applied and pending migrations without changing anything.
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { readMigrations } from '../db/migrate.js';
import { runCli } from './run.js';

runCli(async () => {
  const database = await openDatabase(loadConfig());
  try {
    if (process.argv[2] === 'status') {
      const session = await database.session();
      const applied = await session
        .query<{ migration_name: string }>(
          'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
        )
        .catch(() => [])
        .finally(() => session.release());
      const done = new Set(applied.map((row) => row.migration_name));
      for (const { name } of await readMigrations()) {
        console.log(`${done.has(name) ? 'applied' : 'pending'}  ${name}`);
      }
    } else {
      const applied = await migrate(database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    }
  } finally {
    await database.close();
  }
});
