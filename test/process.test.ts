import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createScratchDatabase } from './utils/database.js';

// The real entry point (`npm start` runs src/main.ts) as a separate process.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startProcess(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, url, exited, output: () => output };
}

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
