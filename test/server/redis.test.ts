import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { createScratchDatabase, type ScratchDatabase } from '../utils/database.js';
import { addItem, createWorkshop, editor, itemText, waitUntil } from '../utils/collab.js';
import { collect, startTestServer, subscribed, type TestServer } from '../utils/server.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let scratch: ScratchDatabase;
let shared: Database | undefined;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  scratch = await createScratchDatabase('demo');
  // On PostgreSQL each instance opens its own pool, as separate processes would; the embedded
  // database is single-process, so there the two instances share one open PGlite.
  if (!scratch.databaseUrl) shared = await openDatabase(scratch);
  first = await startTestServer({ inProcess: true, scratch, database: shared, redisUrl });
  second = await startTestServer({ inProcess: true, scratch, database: shared, redisUrl });
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
    const events = await subscribed(first, () =>
      collect<{ programmeChanged: { code: string } }>(
        subscriber,
        'subscription { programmeChanged { code } }',
      ),
    );
    const created = await second.gql(
      'mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { code } } }',
      { input: { code, name: 'Preko Redisa' } },
      token,
    );
    expect(created.errors).toBeUndefined();
    const [event] = await events.waitFor(1);
    expect(event?.data?.programmeChanged.code).toBe(code);
  });

  it('converge editors connected to different instances', async () => {
    const [tokenA, tokenB] = await Promise.all([
      first.signIn('koordinator.kljuc@veza.test'),
      second.signIn('admin@veza.test'),
    ]);
    const id = await createWorkshop(second, tokenB);
    const a = editor(first, tokenA, id);
    const b = editor(second, tokenB, id);
    await Promise.all([a.binding.synced(), b.binding.synced()]);
    addItem(a.doc, 'x1', 'CONCLUSION', 'Zajednički tekst');
    await a.binding.flushed();
    await waitUntil(() => b.doc.getArray('items').length === 1);
    for (let round = 0; round < 8; round++) {
      itemText(a.doc, 0).insert(0, `a${round} `);
      itemText(b.doc, 0).insert(itemText(b.doc, 0).length, ` b${round}`);
    }
    await Promise.all([a.binding.flushed(), b.binding.flushed()]);
    await waitUntil(() => itemText(a.doc, 0).toString() === itemText(b.doc, 0).toString());
    const text = itemText(a.doc, 0).toString();
    for (let round = 0; round < 8; round++)
      expect(text).toMatch(new RegExp(`a${round} .* b${round}`));
    // Both instances' copies project the same items.
    const query =
      'query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { text } } } }';
    await waitUntil(async () => {
      const [onFirst, onSecond] = await Promise.all([
        first.gql(query, { id }, tokenA),
        second.gql(query, { id }, tokenB),
      ]);
      return (
        onFirst.data?.node.items[0]?.text === text && onSecond.data?.node.items[0]?.text === text
      );
    });
  });
});
