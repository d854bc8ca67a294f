// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that turns the last committed prisma/schema.prisma into the working copy.
// Prisma's `migrate dev` cannot run here (shadow database, native engines), `migrate diff` can.
// Review the file: hand-written SQL (generated search columns, extensions) is yours to add.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationsDir } from '../db/migrate.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:new-migration -- <name in snake_case>');
  process.exit(1);
}
const previous = path.join(mkdtempSync(path.join(tmpdir(), 'veza-schema-')), 'schema.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma']));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const sql = execFileSync(
  'npx',
  [
    'prisma',
    'migrate',
    'diff',
    '--from-schema-datamodel',
    previous,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (!/^(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log('prisma/schema.prisma has no changes since the last commit.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
