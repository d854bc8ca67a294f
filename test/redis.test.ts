import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.js';
import { createScratchDatabase, type ScratchDatabase } from './utils/database.js';
import { collect, startTestServer, type TestServer } from './utils/server.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let scratch: ScratchDatabase;
let shared: Database | undefined;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  // On PostgreSQL each instance opens its own pool, as separate processes would; the embedded
  // database is single-process, so there the two instances share one open PGlite.
  if (!scratch.databaseUrl) shared = await openDatabase(scratch);
  first = await startTestServer({ scratch, database: shared, redisUrl });
  second = await startTestServer({ scratch, database: shared, redisUrl });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await shared?.close();
  await scratch?.drop();
});

describe('several instances sharing Redis', () => {
  it('deliver a mutation on one instance to a subscriber on the other', async () => {
    const token = await second.signIn('admin@veza.test');
    const subscriber = first.wsClient();
    const code = `REDIS-${Date.now()}`;
    const events = collect<{ programmeChanged: { code: string } }>(
      subscriber,
      'subscription { programmeChanged { code } }',
    );
    await new Promise<void>((resolve) => subscriber.on('connected', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the SUBSCRIBE reaches Redis
    const created = await second.gql(
      'mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { code } } }',
      { input: { code, name: 'Preko Redisa' } },
      token,
    );
    expect(created.errors).toBeUndefined();
    const [event] = await events.waitFor(1);
    expect(event?.data?.programmeChanged.code).toBe(code);
  });
});
