// Before any test file: migrate two databases once — one empty, one with the demo data — for
// test servers to start from copies (test/utils/database.ts) instead of migrating each time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServer } from '../src/server.js';
import { adminQuery, type DatabaseTemplates } from './utils/database.js';

export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-templates-'));
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const templates: DatabaseTemplates = base
    ? { migrated: `veza_template_migrated_${suffix}`, demo: `veza_template_demo_${suffix}` }
    : { migrated: path.join(dir, 'migrated'), demo: path.join(dir, 'demo') };

  for (const kind of ['migrated', 'demo'] as const) {
    let databaseUrl: string | undefined;
    if (base) {
      await adminQuery(base, `CREATE DATABASE ${templates[kind]}`);
      const url = new URL(base);
      url.pathname = `/${templates[kind]}`;
      databaseUrl = url.toString();
    }
    const server = createServer(
      {
        ...loadConfig({}),
        port: 0,
        host: '127.0.0.1',
        databaseUrl,
        pgliteDir: templates[kind],
        demoData: kind === 'demo' ? 'auto' : 'off',
      },
      { logger: createLogger('silent') },
    );
    await server.start();
    await server.stop();
  }
  project.provide('databaseTemplates', templates);

  return async () => {
    if (base) {
      for (const name of Object.values(templates)) {
        await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
}
