// The Prisma 6.19 CLI, kept as the devDependency `prisma-migrate` beside Prisma 7: Prisma 7's
// migrate commands need a native schema engine, which cannot be downloaded here, while 6.19's
// WASM schema engine diffs schemas offline and reads PGlite (prisma-migrate.config.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const cli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('prisma-migrate/config')),
  'build',
  'index.js',
);
const config = path.join(root, 'prisma-migrate.config.ts');

/** `node <6.19 CLI> …args --config prisma-migrate.config.ts`, as a command and its arguments. */
export function prismaMigrate(args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [cli, ...args, '--config', config] };
}

/** Without these the CLI tries to download native engines, and fails. */
export const prismaMigrateEnv = {
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: '/dev/null',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

/**
 * Prisma 6.19 requires a datasource URL, which Prisma 7 refuses in the schema: writes a copy of
 * `schema` (the text of a schema.prisma) with a placeholder one, never connected to, and returns
 * its path. A schema that has one (older commits) is copied as it is.
 */
export function schemaForPrismaMigrate(schema: string): string {
  const datasource = /^datasource db \{[^}]*\}/m.exec(schema);
  if (!datasource) throw new Error('schema.prisma has no `datasource db { … }` block');
  const withUrl = /^\s*url\s*=/m.test(datasource[0])
    ? schema
    : schema.replace(
        datasource[0],
        datasource[0].replace(/\}$/, '  url = "postgresql://unused.invalid/never-connected"\n}'),
      );
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'veza-schema-')), 'schema.prisma');
  writeFileSync(file, withUrl);
  return file;
}

/** The working copy of prisma/schema.prisma, as Prisma 6.19 reads it. */
export function currentSchemaForPrismaMigrate(): string {
  return schemaForPrismaMigrate(readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8'));
}
