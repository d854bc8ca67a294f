// Configuration of the Prisma 6.19 CLI kept beside Prisma 7 (the `prisma-migrate` package, run
// by src/cli/prisma-migrate.ts): Prisma 7's migrate commands need a native schema engine, which
// cannot be downloaded here, while 6.19 runs its WASM schema engine against PGlite. Without
// PGLITE_DIR it gets a throwaway in-memory one, so that `migrate diff` never touches real data.
// The server applies migrations itself (src/db/migrate.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPGlite } from 'pglite-prisma-adapter-prisma6';
import { defineConfig } from 'prisma-migrate/config';
import { currentSchemaForPrismaMigrate } from './src/cli/prisma-migrate.js';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: currentSchemaForPrismaMigrate(),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const extensions = { unaccent, pg_trgm };
    const dir = process.env.PGLITE_DIR;
    if (dir) mkdirSync(dir, { recursive: true });
    const pglite = dir ? new PGlite(dir, { extensions }) : new PGlite({ extensions });
    return new PrismaPGlite(pglite);
  },
});
