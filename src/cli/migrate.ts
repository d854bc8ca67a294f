// `npm run db:migrate`: applies pending migrations to the configured database and exits.
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const applied = await migrate(database);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await database.close();
}
