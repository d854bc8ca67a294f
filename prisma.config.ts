// Prisma CLI configuration. Native engines cannot be downloaded here, so the CLI runs the WASM
// schema engine against PGlite. Without PGLITE_DIR it gets a throwaway in-memory one, so that
// `migrate diff` never touches real data; `PGLITE_DIR=data/pglite npx prisma migrate status`
// inspects the embedded database. The server applies migrations itself (src/db/migrate.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const extensions = { unaccent, pg_trgm };
    const dir = process.env.PGLITE_DIR;
    if (dir) mkdirSync(dir, { recursive: true });
    const pglite = dir ? new PGlite(dir, { extensions }) : new PGlite({ extensions });
    return new PrismaPGlite(pglite);
  },
});
