import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { addItem, createWorkshop, editor, waitUntil } from '../utils/collab.js';
import { createScratchDatabase, type ScratchDatabase } from '../utils/database.js';
import { killProcesses, request, startProcess } from '../utils/process.js';
import { collect, startTestServer, type TestServer } from '../utils/server.js';

/** A redis-server of this test's own on `port` (never the shared one), killed at will. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function readiness(url: string) {
  const response = await fetch(url.replace(/\/graphql$/, '/health/ready'));
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const createProgramme = `mutation($input: CreateProgrammeInput!) {
  createProgramme(input: $input) { programme { code } }
}`;

let redisPort: number;
let redis: ChildProcess | undefined;
let scratch: ScratchDatabase;
let shared: Database | undefined;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  scratch = await createScratchDatabase('demo');
  if (!scratch.databaseUrl) shared = await openDatabase(scratch);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  first = await startTestServer({ inProcess: true, scratch, database: shared, redisUrl });
  second = await startTestServer({ inProcess: true, scratch, database: shared, redisUrl });
});

afterAll(async () => {
  killProcesses();
  await first?.stop();
  await second?.stop();
  await shared?.close();
  await scratch?.drop();
  if (redis) await stopRedis(redis);
});

let sent = 0;

/** Creates programmes on the second instance until the subscription has heard one. */
async function publishUntilHeard(
  subscription: {
    results: unknown[];
    waitFor(count: number, timeoutMs?: number): Promise<unknown>;
  },
  token: string,
) {
  const heard = subscription.results.length + 1;
  await waitUntil(async () => {
    const created = await second.gql(
      createProgramme,
      { input: { code: `P${Date.now()}${(sent += 1)}`, name: 'Proba' } },
      token,
    );
    expect(created.errors).toBeUndefined();
    await subscription.waitFor(heard, 500).catch(() => {});
    return subscription.results.length >= heard;
  }, 15_000);
}

describe('a Redis outage', () => {
  it('keeps writes working, reports the degraded event bus, and makes everyone resync after', async () => {
    const [admin, kljuc] = await Promise.all([
      second.signIn('admin@veza.test'),
      first.signIn('koordinator.kljuc@veza.test'),
    ]);
    const documentId = await createWorkshop(second, admin);
    const onFirst = editor(first, kljuc, documentId);
    const onSecond = editor(second, admin, documentId);
    await Promise.all([onFirst.binding.synced(), onSecond.binding.synced()]);

    const subscriber = first.wsClient();
    const programmes = collect(subscriber, 'subscription { programmeChanged { code } }');
    await waitUntil(async () => (await readiness(first.url)).body.status === 'ready');
    // The subscription is live (it hears a change) before Redis goes.
    await publishUntilHeard(programmes, admin);

    await stopRedis(redis!);
    await waitUntil(async () => (await readiness(second.url)).body.status === 'degraded');
    expect(await readiness(second.url)).toEqual({
      status: 200,
      body: { status: 'degraded', events: 'down' },
    });

    // Writes go on (mutations that publish, a co-editing push), and a subscription made during
    // the outage hears this instance's own changes.
    const late = collect(second.wsClient(), 'subscription { programmeChanged { code } }');
    await publishUntilHeard(late, admin);
    addItem(onSecond.doc, 'o1', 'CONCLUSION', 'Napisano za vrijeme prekida');
    await onSecond.binding.flushed();

    redis = await startRedis(redisPort);
    await waitUntil(async () => (await readiness(first.url)).body.status === 'ready', 15_000);
    await waitUntil(async () => (await readiness(second.url)).body.status === 'ready', 15_000);

    // Subscribers are told that events may have been lost, and subscribe again.
    for (const subscription of [programmes, late]) {
      await expect(subscription.waitFor(100, 10_000)).rejects.toThrow(/"complete"/);
      expect(subscription.results.at(-1)?.errors?.[0]?.extensions).toEqual({
        code: 'CONFLICT',
        resync: true,
      });
    }
    // Co-editing converged: the editor on the other instance has the edit made meanwhile.
    await waitUntil(() => onFirst.doc.getArray('items').length === 1, 10_000);

    // And events travel again.
    const again = collect<{ programmeChanged: { code: string } }>(
      subscriber,
      'subscription { programmeChanged { code } }',
    );
    await publishUntilHeard(again, admin);
    expect(again.results.at(-1)?.data?.programmeChanged.code).toMatch(/^P\d+$/);
  });

  it('a Redis unreachable at start: the server serves, reports it, and stays up until it comes', async () => {
    const port = await freePort();
    const database = await createScratchDatabase();
    try {
      const server = await startProcess({
        DATABASE_URL: database.databaseUrl,
        PGLITE_DIR: database.pgliteDir,
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      expect(await readiness(server.url)).toEqual({
        status: 200,
        body: { status: 'degraded', events: 'down' },
      });
      const signIn = await request(
        server.url,
        'mutation { signIn(input: { email: "admin@veza.test", password: "veza-demo" }) { token } }',
      );
      const token = signIn.data.signIn.token as string;
      const created = await request(
        server.url,
        createProgramme,
        { input: { code: `UNREACHABLE-${Date.now()}`, name: 'Bez Redisa' } },
        token,
      );
      expect(created.errors).toBeUndefined();
      // The old server died about 10 s after start (a command's retries ran out, unhandled): no
      // event shows it no longer does, only the time passing.
      const outcome = await Promise.race([
        server.exited.then((code) => `exited ${code}`),
        new Promise((resolve) => setTimeout(resolve, 12_000, 'running')),
      ]);
      expect(outcome).toBe('running');
      const late = await startRedis(port);
      try {
        await waitUntil(async () => (await readiness(server.url)).body.status === 'ready', 15_000);
      } finally {
        await stopRedis(late);
      }
      expect(server.child.exitCode).toBeNull();
    } finally {
      killProcesses();
      await database.drop();
    }
    // A fresh process migrates and loads demo data first: ~50 s on a busy shared machine.
  }, 180_000);
});
