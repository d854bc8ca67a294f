// Co-editing one document through two instances (PostgreSQL + Redis when DATABASE_URL is set;
// else one embedded database both instances serve) while both fold the update log every 5
// updates, so each instance's catch-up keeps meeting logs the other one just compacted.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { type Database, openDatabase } from '../../../src/db/database.js';
import { createLogger } from '../../../src/logger.js';
import { projectItems } from '../../../src/modules/conclusions/projection.js';
import { ConclusionStore } from '../../../src/modules/conclusions/store.js';
import { createEventBus } from '../../../src/pubsub.js';
import { addItem, createWorkshop, editor, itemText, waitUntil } from '../../utils/collab.js';
import { createScratchDatabase, type ScratchDatabase } from '../../utils/database.js';
import { collect, startTestServer, type TestServer } from '../../utils/server.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENTS = 4;
const ROUNDS = 6;
const EDITS_PER_ROUND = 6;

let scratch: ScratchDatabase;
let shared: Database | undefined;
let instances: [TestServer, TestServer];
/** What either instance logged at warn level or above. */
const warnings: { msg: string; err?: { message: string } }[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase('demo');
  if (!scratch.databaseUrl) shared = await openDatabase(scratch);
  const logs = new Writable({
    write(line, _encoding, done) {
      warnings.push(JSON.parse(String(line)));
      done();
    },
  });
  const options = {
    inProcess: true,
    scratch,
    database: shared,
    redisUrl,
    config: { conclusionsCompactAfter: 5 },
    logger: pino({ level: 'warn' }, logs),
  };
  instances = [await startTestServer(options), await startTestServer(options)];
});

afterAll(async () => {
  for (const instance of instances ?? []) await instance?.stop();
  await shared?.close();
  await scratch?.drop();
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const documentQuery = `query($id: ID!) {
  node(id: $id) { ... on ConclusionDocument { stateVector items { key kind text } } }
}`;
const itemShape = (doc: Y.Doc) =>
  projectItems(doc).map(({ itemId, kind, text }) => ({ key: itemId, kind, text }));

describe('co-editing across two instances that both compact', () => {
  it('converges clients switching instances: no refused push, no ended subscription', async () => {
    const [first, second] = instances;
    const admin = await first.signIn('admin@veza.test');
    const tokens = await Promise.all(
      ['admin@veza.test', 'koordinator.kljuc@veza.test', 'koordinator.zenica@veza.test'].map(
        (email, index) => instances[index % 2]!.signIn(email),
      ),
    );
    const id = await createWorkshop(first, admin);
    const starter = editor(second, admin, id);
    await starter.binding.synced();
    addItem(starter.doc, 'zajednicki', 'CONCLUSION', 'Zajednički zaključak: ');
    await starter.binding.flushed();
    starter.binding.destroy();

    const clientErrors: string[] = [];
    const markers: string[] = [];
    // Each client works in rounds, each round on the other instance than the last: it syncs
    // there, types into the shared item (waiting for some acknowledgements in between, so the
    // log grows while the others type), adds an item of its own and trims an earlier one.
    const work = async (index: number) => {
      const doc = new Y.Doc();
      for (let round = 0; round < ROUNDS; round++) {
        const session = editor(instances[(index + round) % 2]!, tokens[index % 3]!, id, doc);
        await within(session.binding.synced(), session.errors);
        for (let edit = 0; edit < EDITS_PER_ROUND; edit++) {
          const text = itemText(doc, 0);
          const marker = `[${index}.${round}.${edit}]`;
          markers.push(marker);
          // Between two markers (never inside one), so that each stays whole.
          const gaps = [0, ...[...text.toString().matchAll(/]/g)].map((m) => m.index + 1)];
          text.insert(gaps[Math.floor(Math.random() * gaps.length)]!, marker);
          if (edit % 2) await within(session.binding.flushed(), session.errors);
        }
        addItem(doc, `k${index}-${round}`, 'RECOMMENDATION', `Klijent ${index}, krug ${round}`);
        if (round > 0) {
          const own = doc
            .getArray<Y.Map<unknown>>('items')
            .toArray()
            .find((item) => item.get('id') === `k${index}-${round - 1}`)!;
          (own.get('text') as Y.Text).delete(0, 'Klijent '.length);
        }
        await within(session.binding.flushed(), session.errors);
        clientErrors.push(...session.errors.map(String));
        session.binding.destroy();
        await session.client.dispose();
      }
      return doc;
    };
    const docs = await Promise.all(Array.from({ length: CLIENTS }, (_, index) => work(index)));
    expect(clientErrors).toEqual([]);

    // Every client rejoins (on alternating instances) and all end on one state.
    const rejoined = docs.map((doc, index) =>
      editor(instances[index % 2]!, tokens[index % 3]!, id, doc),
    );
    await Promise.all(rejoined.map((session) => session.binding.synced()));
    const vector = () => b64(Y.encodeStateVector(docs[0]!));
    await waitUntil(async () => {
      const served = await Promise.all(
        instances.map((instance) => instance.data(documentQuery, { id }, admin)),
      );
      return [
        ...docs.map((doc) => b64(Y.encodeStateVector(doc))),
        ...served.map(stateVector),
      ].every((each) => each === vector());
    }, 15_000);
    expect(rejoined.flatMap((session) => session.errors.map(String))).toEqual([]);

    const expected = itemShape(docs[0]!);
    expect(expected).toHaveLength(1 + CLIENTS * ROUNDS);
    const sharedText = expected[0]!.text;
    for (const marker of markers) expect(sharedText).toContain(marker);
    for (const doc of docs) expect(itemShape(doc)).toEqual(expected);
    // Both instances project the same items, and so does the relational projection.
    for (const instance of instances) {
      const { node } = await instance.data(documentQuery, { id }, admin);
      expect(node.items).toEqual(expected);
    }
    const documentId = databaseId(id);
    const rows = () =>
      first.server.database.prisma.conclusionItem.findMany({
        where: { documentId },
        orderBy: { position: 'asc' },
        select: { itemId: true, kind: true, text: true },
      });
    await expect
      .poll(rows, { timeout: 5_000, interval: 100 })
      .toEqual(expected.map(({ key: itemId, kind, text }) => ({ itemId, kind, text })));

    // A fresh subscriber on either instance gets that same state in its catch-up.
    for (const instance of instances) {
      const subscriber = collect<{ conclusionUpdates: { update: string } }>(
        instance.wsClient(admin),
        'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
        { id },
      );
      const [catchUp] = await subscriber.waitFor(1);
      expect(catchUp?.errors).toBeUndefined();
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, Buffer.from(catchUp!.data!.conclusionUpdates.update, 'base64'));
      expect(b64(Y.encodeStateVector(fresh))).toBe(vector());
      expect(itemShape(fresh)).toEqual(expected);
      subscriber.unsubscribe();
    }
    for (const session of rejoined) session.binding.destroy();
    expect(warnings.map((entry) => `${entry.msg}: ${entry.err?.message}`)).toEqual([]);
  });
});

/** `promise`, or after 20 s a failure quoting what the client was told (a stuck client). */
async function within<T>(promise: Promise<T>, errors: unknown[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const told = [...new Set(errors.map(String))].slice(0, 3).join('; ');
      reject(new Error(`client stuck for 20 s; it was told: ${told || 'nothing'}`));
    }, 20_000);
  });
  try {
    return await Promise.race([promise, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe('an instance that missed updates', () => {
  it('catches up across a compaction elsewhere and accepts pushes building on what it missed', async () => {
    const [first] = instances;
    const admin = await first.signIn('admin@veza.test');
    const id = await createWorkshop(first, admin);
    const documentId = databaseId(id);
    const prisma = first.server.database.prisma;
    // A store on the same database that hears nothing from the instances (its events stay in
    // its own process): an instance whose Redis messages are late, driven directly.
    const behind = new ConclusionStore(prisma, createEventBus().pubsub, createLogger('silent'));
    onTestFinished(() => behind.close());
    const heard = new Y.Doc();
    const following = await behind.follow(documentId, undefined, (update) =>
      Y.applyUpdate(heard, update),
    );
    Y.applyUpdate(heard, following.catchUp);
    onTestFinished(following.stop);

    const writer = new Y.Doc();
    /** Pushes the writer's next edit through `first` (which compacts every 5). */
    const edit = async (change: () => void) => {
      const before = Y.encodeStateVector(writer);
      change();
      await first.data(
        'mutation($input: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $input) { stateVector } }',
        { input: { documentId: id, update: b64(Y.encodeStateAsUpdate(writer, before)) } },
        admin,
      );
    };
    const compactedTo = async (seq: number) =>
      expect
        .poll(
          async () =>
            (await prisma.conclusionDocument.findUnique({ where: { id: documentId } }))
              ?.snapshotSeq,
        )
        .toBeGreaterThanOrEqual(seq);
    await edit(() => addItem(writer, 'p1', 'CONCLUSION', 'Početak'));
    for (let n = 2; n <= 7; n++) await edit(() => itemText(writer, 0).insert(0, `${n} `));
    await compactedTo(5);

    // The writer's next edit builds on updates 1–7: `behind` fetches them, finding 1–5 folded.
    const before = Y.encodeStateVector(writer);
    itemText(writer, 0).insert(0, '8 ');
    await behind.push(documentId, b64(Y.encodeStateAsUpdate(writer, before)), null);
    expect(b64(await behind.stateVector(documentId))).toBe(b64(Y.encodeStateVector(writer)));

    // More through `first`, folded again; then a new client's first edit, typed next to them.
    for (let n = 9; n <= 12; n++) await edit(() => itemText(writer, 0).insert(0, `${n} `));
    await compactedTo(10);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
    const beforeReader = Y.encodeStateVector(reader);
    itemText(reader, 0).insert(3, '*');
    await behind.push(documentId, b64(Y.encodeStateAsUpdate(reader, beforeReader)), null);

    Y.applyUpdate(writer, Y.encodeStateAsUpdate(reader));
    expect(b64(await behind.stateVector(documentId))).toBe(b64(Y.encodeStateVector(writer)));
    // Its subscriber heard everything, in an order Yjs can apply.
    expect(b64(Y.encodeStateVector(heard))).toBe(b64(Y.encodeStateVector(writer)));
    expect(projectItems(heard)).toEqual(projectItems(writer));
    expect(projectItems(writer)[0]!.text).toBe('12 *11 10 9 8 7 6 5 4 3 2 Početak');
  });
});

function databaseId(globalId: string) {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

function stateVector(served: Record<string, any>): string {
  return served.node.stateVector;
}
