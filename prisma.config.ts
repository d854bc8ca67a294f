// Prisma 7's CLI configuration: it only generates the client here (`npm run db:generate`).
// Writing and checking migrations is the Prisma 6.19 CLI's job (prisma-migrate.config.ts);
// the server applies migrations itself (src/db/migrate.ts).
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
});
