import { createServer as createNetServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { createScratchDatabase } from '../utils/database.js';
import { killProcesses, startProcess } from '../utils/process.js';
import { startTestServer, type TestServer } from '../utils/server.js';

afterAll(killProcesses);

describe('starting up', () => {
  it('two instances starting together on an empty database both start, and load demo data once', async () => {
    const scratch = await createScratchDatabase();
    // On PostgreSQL each instance has its own pool, as two processes would; PGlite is one
    // process's, so there both serve one open database.
    const shared: Database | undefined = scratch.databaseUrl
      ? undefined
      : await openDatabase(scratch);
    const started = await Promise.allSettled([
      startTestServer({ inProcess: true, scratch, database: shared }),
      startTestServer({ inProcess: true, scratch, database: shared }),
    ]);
    const servers = started.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    try {
      expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      for (const server of servers as TestServer[]) {
        expect(await server.data('{ programmes { totalCount } }')).toEqual({
          programmes: { totalCount: 4 },
        });
      }
    } finally {
      for (const server of servers) await server.stop();
      await shared?.close();
      await scratch.drop();
    }
  });

  it('an unreachable database: one clear line and a failing exit code, no stack', async () => {
    const attempt = startProcess({ DATABASE_URL: 'postgres://veza@127.0.0.1:9/veza' });
    const error = await attempt.then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(error).toMatch(/^exited 1: /);
    const output = error!.replace(/^exited 1: /, '').trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(/database.*127\.0\.0\.1:9.*ECONNREFUSED/i);
    expect(output).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack frames
  }, 60_000);

  it('a port in use: one clear line and a failing exit code, no stack', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const scratch = await createScratchDatabase();
    try {
      const error = await startProcess({
        PORT: String(port),
        DATABASE_URL: scratch.databaseUrl,
        PGLITE_DIR: scratch.pgliteDir,
        DEMO_DATA: 'off',
      }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(error).toMatch(/^exited 1: /);
      const lines = error!
        .replace(/^exited 1: /, '')
        .trim()
        .split('\n');
      const fatal = lines.filter((line) => !line.includes('"level":30')); // info lines aside
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatch(new RegExp(`port ${port}.*in use`, 'i'));
      expect(fatal[0]).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    } finally {
      blocker.close();
      await scratch.drop();
    }
  }, 60_000);
});
