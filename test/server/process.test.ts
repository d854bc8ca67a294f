import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createScratchDatabase } from '../utils/database.js';
import { killProcesses, startProcess } from '../utils/process.js';

afterAll(killProcesses);

describe('the server process', () => {
  it('starts on an empty database with demo data and stops gracefully on SIGTERM', async () => {
    const scratch = await createScratchDatabase();
    try {
      const server = await startProcess({
        DATABASE_URL: scratch.databaseUrl,
        PGLITE_DIR: scratch.pgliteDir,
      });
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ programmes { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { programmes: { totalCount: 4 } } });
      expect(server.output()).toContain('koordinator.kljuc@veza.test');

      const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      const started = Date.now();
      server.child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await server.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await scratch.drop();
    }
  }, 90_000);

  it('refuses to start with a clear message when a setting is invalid', async () => {
    await expect(startProcess({ PORT: 'eighty', LOG_LEVEL: 'loud' })).rejects.toThrow(
      /exited 1: Invalid configuration:\s+PORT: .*\s+LOG_LEVEL: /,
    );
  }, 60_000);
});
