import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createWorkshop } from '../../utils/collab.js';
import { createScratchDatabase } from '../../utils/database.js';
import { killProcesses, request, startProcess } from '../../utils/process.js';
import { startTestServer } from '../../utils/server.js';

afterAll(killProcesses);

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const PUSH = `mutation($input: PushConclusionUpdateInput!) {
  pushConclusionUpdate(input: $input) { stateVector }
}`;
const ITEMS = `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { key text } } } }`;

describe('durability of acknowledged updates', () => {
  it('keeps every acknowledged update across a SIGKILL and a restart', async () => {
    const scratch = await createScratchDatabase();
    const env = { DATABASE_URL: scratch.databaseUrl, PGLITE_DIR: scratch.pgliteDir };
    try {
      const first = await startProcess(env);
      const signIn = await request(
        first.url,
        'mutation { signIn(input: {email: "admin@veza.test", password: "veza-demo"}) { token } }',
      );
      const token = signIn.data.signIn.token;
      const created = await request(
        first.url,
        `mutation { createEvent(input: { kind: WORKSHOP, title: "Durable", startsOn: "2015-03-25",
          endsOn: "2015-03-26", published: true }) { event { conclusions { id } } } }`,
        {},
        token,
      );
      const id = created.data.createEvent.event.conclusions.id;

      const doc = new Y.Doc();
      let sent = Y.encodeStateVector(doc);
      const acknowledged: string[] = [];
      for (let n = 0; n < 25; n++) {
        addItem(doc, `d${n}`, 'CONCLUSION', `Zaključak ${n}`);
        const update = Y.encodeStateAsUpdate(doc, sent);
        sent = Y.encodeStateVector(doc);
        const ack = await request(
          first.url,
          PUSH,
          { input: { documentId: id, update: b64(update) } },
          token,
        );
        expect(ack.errors).toBeUndefined();
        acknowledged.push(`d${n}`);
      }
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await startProcess(env);
      // A draft is read by those who may write it: the admin's session survives the restart.
      const after = await request(second.url, ITEMS, { id }, token);
      expect(after.data.node.items.map((item: { key: string }) => item.key)).toEqual(acknowledged);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

describe('compaction', () => {
  it('folds the log into the snapshot and reloads the same document', async () => {
    const scratch = await createScratchDatabase('demo');
    try {
      const veza = await startTestServer({ scratch, config: { conclusionsCompactAfter: 5 } });
      const admin = await veza.signIn('admin@veza.test');
      const id = await createWorkshop(veza, admin);
      const doc = new Y.Doc();
      let sent = Y.encodeStateVector(doc);
      for (let n = 0; n < 23; n++) {
        addItem(doc, `c${n}`, 'RECOMMENDATION', `Preporuka ${n}`);
        const update = Y.encodeStateAsUpdate(doc, sent);
        sent = Y.encodeStateVector(doc);
        const ack = await veza.gql(PUSH, { input: { documentId: id, update: b64(update) } }, admin);
        expect(ack.errors).toBeUndefined();
      }
      const before = await veza.gql(ITEMS, { id }, admin);
      const prisma = veza.server.database.prisma;
      await expect.poll(() => prisma.conclusionUpdate.count(), { timeout: 5_000 }).toBeLessThan(5);
      const stored = await prisma.conclusionDocument.findFirstOrThrow({
        where: { updates: { none: { seq: { lte: 20 } } }, snapshotSeq: { gte: 20 } },
      });
      expect(stored.lastSeq).toBe(23);
      await veza.stop();

      const again = await startTestServer({ scratch });
      expect(await again.gql(ITEMS, { id }, admin)).toEqual(before);
      expect(before.data?.node.items).toHaveLength(23);
      await again.stop();
    } finally {
      await scratch.drop();
    }
  }, 60_000);
});
