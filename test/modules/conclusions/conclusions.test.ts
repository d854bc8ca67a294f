import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createLogger } from '../../../src/logger.js';
import { projectItems } from '../../../src/modules/conclusions/projection.js';
import { ConclusionStore } from '../../../src/modules/conclusions/store.js';
import { createEventBus } from '../../../src/pubsub.js';
import { addItem, createWorkshop, editor, itemText, waitUntil } from '../../utils/collab.js';
import { collect, startTestServer, subscribed, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljuc: string;
let partner: string;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljuc, partner] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
});
afterAll(() => veza?.stop());

const documentQuery = `query($id: ID!) {
  node(id: $id) {
    ... on ConclusionDocument { status stateVector snapshot items { key kind day text dueDate } }
  }
}`;

async function serverDocument(id: string) {
  const { data, errors } = await veza.gql(documentQuery, { id }, admin);
  expect(errors).toBeUndefined();
  return data?.node;
}

async function push(id: string, update: string, token = kljuc) {
  return veza.gql(
    `mutation($input: PushConclusionUpdateInput!) {
      pushConclusionUpdate(input: $input) { documentId stateVector }
    }`,
    { input: { documentId: id, update } },
    token,
  );
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('co-editing conclusions', () => {
  it('converges three editors typing into the same text at once, equal to the projection', async () => {
    const id = await createWorkshop(veza, admin);
    const [a, b, c] = [editor(veza, kljuc, id), editor(veza, admin, id), editor(veza, kljuc, id)];
    await Promise.all([a, b, c].map((e) => e.binding.synced()));
    addItem(a.doc, 'z1', 'CONCLUSION', 'Dobre prakse postoje.', { day: 1 });
    await a.binding.flushed();
    await waitUntil(
      () => b.doc.getArray('items').length === 1 && c.doc.getArray('items').length === 1,
    );

    // Overlapping inserts and deletes from all three, without waiting for each other.
    for (let round = 0; round < 10; round++) {
      itemText(a.doc, 0).insert(0, `A${round} `);
      itemText(b.doc, 0).insert(5, `B${round}`);
      const cText = itemText(c.doc, 0);
      cText.delete(Math.min(3, cText.length - 1), 1);
      cText.insert(cText.length, ` C${round}`);
    }
    await Promise.all([a, b, c].map((e) => e.binding.flushed()));
    const server = await serverDocument(id);
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, Buffer.from(server.snapshot, 'base64'));
    await waitUntil(() =>
      [a, b, c].every((e) => itemText(e.doc, 0).toString() === itemText(serverDoc, 0).toString()),
    );
    const text = itemText(serverDoc, 0).toString();
    for (let round = 0; round < 10; round++) {
      expect(text).toContain(`A${round}`);
      expect(text).toContain(`B${round}`);
      expect(text).toContain(`C${round}`);
    }
    expect(server.items).toEqual([{ key: 'z1', kind: 'CONCLUSION', day: 1, text, dueDate: null }]);
    expect(projectItems(a.doc).map((item) => item.text)).toEqual([text]);
    expect([a, b, c].flatMap((e) => e.errors)).toEqual([]);
  });

  it('merges an editor who worked offline and reconnects with its state vector', async () => {
    const id = await createWorkshop(veza, admin);
    const online = editor(veza, kljuc, id);
    await online.binding.synced();
    addItem(online.doc, 'p1', 'RECOMMENDATION', 'Kreirati tipski model.');
    await online.binding.flushed();

    // The offline editor starts from the same state, edits, and only then connects.
    const offlineDoc = new Y.Doc();
    Y.applyUpdate(offlineDoc, Y.encodeStateAsUpdate(online.doc));
    addItem(offlineDoc, 'p2', 'ACTION', 'Dostaviti upitnik MLJPI.', { dueDate: '2015-04-16' });
    itemText(offlineDoc, 0).insert(0, '[offline] ');
    itemText(online.doc, 0).insert(itemText(online.doc, 0).length, ' [online]');
    await online.binding.flushed();

    const late = editor(veza, kljuc, id, offlineDoc);
    await late.binding.synced();
    await late.binding.flushed();
    await waitUntil(() => online.doc.getArray('items').length === 2);
    const expected = '[offline] Kreirati tipski model. [online]';
    expect(itemText(online.doc, 0).toString()).toBe(expected);
    expect(itemText(offlineDoc, 0).toString()).toBe(expected);
    const server = await serverDocument(id);
    expect(server.items.map((item: any) => [item.key, item.kind, item.text, item.dueDate])).toEqual(
      [
        ['p1', 'RECOMMENDATION', expected, null],
        ['p2', 'ACTION', 'Dostaviti upitnik MLJPI.', '2015-04-16'],
      ],
    );
  });

  it('sends a subscriber only what its state vector lacks, then live updates', async () => {
    const id = await createWorkshop(veza, admin, { liveToPublic: true });
    const doc = new Y.Doc();
    addItem(doc, 'k1', 'CONCLUSION', 'Prvi zaključak');
    expect((await push(id, b64(Y.encodeStateAsUpdate(doc)))).errors).toBeUndefined();

    const watcher = veza.wsClient(); // the public: the event is published and live to it
    const events = collect<{ conclusionUpdates: { update: string } }>(
      watcher,
      'subscription($id: ID!, $sv: String) { conclusionUpdates(documentId: $id, stateVector: $sv) { update } }',
      { id, sv: b64(Y.encodeStateVector(doc)) },
    );
    const [catchUp] = await events.waitFor(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    Y.applyUpdate(copy, Buffer.from(catchUp!.data!.conclusionUpdates.update, 'base64'));
    expect(Y.encodeStateVector(copy)).toEqual(before); // nothing it did not have

    itemText(doc, 0).insert(0, '>> ');
    const sv = Y.encodeStateVector(copy);
    expect((await push(id, b64(Y.encodeStateAsUpdate(doc, sv)))).errors).toBeUndefined();
    const [, live] = await events.waitFor(2);
    Y.applyUpdate(copy, Buffer.from(live!.data!.conclusionUpdates.update, 'base64'));
    expect(itemText(copy, 0).toString()).toBe('>> Prvi zaključak');
  });

  it('acknowledges a replayed update without changing anything', async () => {
    const id = await createWorkshop(veza, admin);
    const doc = new Y.Doc();
    addItem(doc, 'r1', 'CONCLUSION', 'Jednom');
    const update = b64(Y.encodeStateAsUpdate(doc));
    const first = await push(id, update);
    const before = await serverDocument(id);
    const again = await push(id, update);
    expect(again.data?.pushConclusionUpdate.stateVector).toBe(
      first.data?.pushConclusionUpdate.stateVector,
    );
    expect(await serverDocument(id)).toEqual(before);
  });

  it('stores concurrent pushes once each, a duplicate among them not at all', async () => {
    const id = await createWorkshop(veza, admin);
    const watcher = collect<{ conclusionUpdates: { update: string } }>(
      veza.wsClient(partner),
      'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
      { id },
    );
    await watcher.waitFor(1);
    const updates = Array.from({ length: 5 }, (_, n) => {
      const doc = new Y.Doc();
      addItem(doc, `c${n}`, 'CONCLUSION', `Istovremeno ${n}`);
      return b64(Y.encodeStateAsUpdate(doc));
    });
    const answers = await Promise.all([...updates, updates[2]!].map((update) => push(id, update)));
    expect(answers.map((answer) => answer.errors)).toEqual(answers.map(() => undefined));
    const stored = await veza.server.database.prisma.conclusionUpdate.count({
      where: { documentId: databaseId(id) },
    });
    expect(stored).toBe(5);
    expect(
      (await serverDocument(id)).items.map((item: { key: string }) => item.key).sort(),
    ).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    // The watcher ends up with the same five, however the pushes were grouped.
    const watched = new Y.Doc();
    await waitUntil(() => {
      for (const result of watcher.results) {
        Y.applyUpdate(watched, Buffer.from(result.data!.conclusionUpdates.update, 'base64'));
      }
      return projectItems(watched).length === 5;
    });
  });

  it('keeps its copy as stored when the database refuses a push the copy accepted', async () => {
    const id = await createWorkshop(veza, admin);
    const doc = new Y.Doc();
    addItem(doc, 'k1', 'CONCLUSION', 'Prije');
    await push(id, b64(Y.encodeStateAsUpdate(doc)));
    // Adopted behind this server's back (as by another instance it has not heard from yet).
    await veza.server.database.prisma.conclusionDocument.update({
      where: { id: databaseId(id) },
      data: { status: 'ADOPTED' },
    });
    const before = Y.encodeStateVector(doc);
    itemText(doc, 0).insert(0, 'Kasno: ');
    const refused = await push(id, b64(Y.encodeStateAsUpdate(doc, before)));
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = await serverDocument(id);
    expect(after.status).toBe('ADOPTED');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Buffer.from(after.snapshot, 'base64'));
    expect(projectItems(copy).map((item) => item.text)).toEqual(['Prije']);
  });

  it('answers every push of a batch the database refuses, one with missing parts too', async () => {
    // Two pushes queued in the same turn form one batch: only the store itself can arrange
    // that, so this one drives a store of its own on the server's database.
    const store = new ConclusionStore(
      veza.server.database.prisma,
      createEventBus().pubsub,
      createLogger('silent'),
    );
    try {
      const id = databaseId(await createWorkshop(veza, admin));
      const doc = new Y.Doc();
      addItem(doc, 'b1', 'CONCLUSION', 'Prije');
      await store.push(id, b64(Y.encodeStateAsUpdate(doc)), null);
      await veza.server.database.prisma.conclusionDocument.update({
        where: { id },
        data: { status: 'ADOPTED' },
      });
      const before = Y.encodeStateVector(doc);
      itemText(doc, 0).insert(0, 'Kasno: ');
      const late = b64(Y.encodeStateAsUpdate(doc, before));
      // A new client's edit next to a character the store never got.
      const unseen = new Y.Doc();
      Y.applyUpdate(unseen, Y.encodeStateAsUpdate(doc));
      itemText(unseen, 0).insert(0, 'x');
      const orphanDoc = new Y.Doc();
      Y.applyUpdate(orphanDoc, Y.encodeStateAsUpdate(unseen));
      const beforeOrphan = Y.encodeStateVector(orphanDoc);
      itemText(orphanDoc, 0).insert(1, 'z');
      const orphan = b64(Y.encodeStateAsUpdate(orphanDoc, beforeOrphan));

      const answers = await Promise.allSettled([
        store.push(id, late, null),
        store.push(id, orphan, null),
      ]);
      // The one with missing parts is tried again on the copy read afresh: adopted by then.
      expect(
        answers.map((answer) => answer.status === 'rejected' && answer.reason.extensions.code),
      ).toEqual(['CONFLICT', 'CONFLICT']);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, await store.snapshot(id));
      expect(projectItems(copy).map((item) => item.text)).toEqual(['Prije']);
    } finally {
      await store.close();
    }
  });

  it('refuses malformed, truncated, oversized and gapped updates, changing nothing', async () => {
    const id = await createWorkshop(veza, admin);
    const doc = new Y.Doc();
    addItem(doc, 'm1', 'CONCLUSION', 'Valid');
    await push(id, b64(Y.encodeStateAsUpdate(doc)));
    const before = await serverDocument(id);

    itemText(doc, 0).insert(0, 'more ');
    const next = Y.encodeStateAsUpdate(doc);
    const gapDoc = new Y.Doc();
    Y.applyUpdate(gapDoc, Y.encodeStateAsUpdate(doc));
    itemText(gapDoc, 0).insert(0, 'x');
    const afterX = Y.encodeStateVector(gapDoc);
    itemText(gapDoc, 0).insert(0, 'y');
    const gapped = Y.encodeStateAsUpdate(gapDoc, afterX); // builds on an 'x' never pushed
    // A new client's first edit, typed next to that 'x': its own clock starts at 0.
    const orphanDoc = new Y.Doc();
    Y.applyUpdate(orphanDoc, Y.encodeStateAsUpdate(gapDoc));
    const beforeOrphan = Y.encodeStateVector(orphanDoc);
    itemText(orphanDoc, 0).insert(1, 'z');
    const orphan = Y.encodeStateAsUpdate(orphanDoc, beforeOrphan);

    const cases = [
      'not base64 at all!',
      b64(new Uint8Array([1, 2, 3, 250, 9, 9])),
      b64(next.slice(0, next.length - 4)),
      b64(gapped),
      b64(orphan),
      'A'.repeat(800_000),
    ];
    for (const update of cases) {
      const result = await push(id, update);
      expect(result.errors?.[0]?.extensions?.code, update.slice(0, 20)).toBe('BAD_USER_INPUT');
      expect(result.data).toBeNull();
    }
    expect(await serverDocument(id)).toEqual(before);
    // And the document takes the next good update as if nothing had happened.
    expect((await push(id, b64(next))).errors).toBeUndefined();
    expect((await serverDocument(id)).items[0].text).toBe('more Valid');
  });
});

describe('size caps', () => {
  it('refuses an update or a document past its cap with BAD_USER_INPUT, storing nothing', async () => {
    const capped = await startTestServer({
      inProcess: true,
      config: { conclusionsMaxUpdateBytes: 2_000, conclusionsMaxDocumentBytes: 5_000 },
    });
    try {
      const token = await capped.signIn('admin@veza.test');
      const id = await createWorkshop(capped, token);
      const pushTo = (update: Uint8Array) =>
        capped.gql(
          `mutation($input: PushConclusionUpdateInput!) {
            pushConclusionUpdate(input: $input) { stateVector }
          }`,
          { input: { documentId: id, update: b64(update) } },
          token,
        );
      const snapshot = async () =>
        (await capped.data(documentQuery, { id }, token)).node.snapshot as string;

      const doc = new Y.Doc();
      addItem(doc, 'big', 'CONCLUSION', 'ž'.repeat(1_500)); // 3,000 bytes of UTF-8
      const tooBig = await pushTo(Y.encodeStateAsUpdate(doc));
      expect(tooBig.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooBig.errors?.[0]?.message).toMatch(/larger than 2000 bytes/);

      const growing = new Y.Doc();
      const before = await snapshot();
      let refused: (typeof tooBig)['errors'];
      let accepted = 0;
      for (let index = 0; index < 10 && !refused; index++) {
        const vector = Y.encodeStateVector(growing);
        addItem(growing, `s${index}`, 'CONCLUSION', 'a'.repeat(1_000));
        const result = await pushTo(Y.encodeStateAsUpdate(growing, vector));
        if (result.errors) refused = result.errors;
        else accepted += 1;
        if (!refused) expect(Buffer.from(await snapshot(), 'base64').length).toBeLessThan(5_000);
      }
      expect(accepted).toBeGreaterThan(1);
      expect(refused?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused?.[0]?.message).toMatch(/at most 5000 bytes/);
      const items = (await capped.data(documentQuery, { id }, token)).node.items;
      expect(items).toHaveLength(accepted);
      expect(before).not.toEqual(await snapshot());
    } finally {
      await capped.stop();
    }
  });
});

describe('live delivery over a WebSocket', () => {
  /** A bare graphql-transport-ws socket that keeps every message it receives. */
  async function rawSocket() {
    const socket = new WebSocket(veza.wsUrl, 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: any }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await waitUntil(() => messages.some((message) => message.type === 'connection_ack'));
    return { socket, messages, of: (id: string) => messages.filter((m) => m.id === id) };
  }

  it('gives each operation its own shape, and stops when the client completes', async () => {
    // Watched by an anonymous socket: a draft the event shows to the public live.
    const id = await createWorkshop(veza, admin, { liveToPublic: true });
    const { socket, of } = await rawSocket();
    const operations = {
      plain: 'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
      aliased:
        'subscription($id: ID!) { live: conclusionUpdates(documentId: $id) { __typename u: update } }',
      directive:
        'subscription($id: ID!, $yes: Boolean!) { conclusionUpdates(documentId: $id) { update @include(if: $yes) __typename } }',
    };
    for (const [name, query] of Object.entries(operations)) {
      socket.send(
        JSON.stringify({
          id: name,
          type: 'subscribe',
          payload: { query, variables: { id, yes: false } },
        }),
      );
    }
    await waitUntil(() => Object.keys(operations).every((name) => of(name).length === 1));
    const doc = new Y.Doc();
    addItem(doc, 'l1', 'CONCLUSION', 'Uživo');
    const update = b64(Y.encodeStateAsUpdate(doc));
    expect((await push(id, update)).errors).toBeUndefined();
    await waitUntil(() => Object.keys(operations).every((name) => of(name).length === 2));
    expect(of('plain')[1]).toEqual({
      id: 'plain',
      type: 'next',
      payload: { data: { conclusionUpdates: { update } } },
    });
    expect(of('aliased')[1]!.payload).toEqual({
      data: { live: { __typename: 'ConclusionUpdate', u: update } },
    });
    expect(of('directive')[1]!.payload).toEqual({
      data: { conclusionUpdates: { __typename: 'ConclusionUpdate' } },
    });

    socket.send(JSON.stringify({ id: 'plain', type: 'complete' }));
    // A query after it on the same socket: answered, the server has read the complete.
    socket.send(
      JSON.stringify({ id: 'barrier', type: 'subscribe', payload: { query: '{ __typename }' } }),
    );
    await waitUntil(() => of('barrier').some((message) => message.type === 'complete'));
    itemText(doc, 0).insert(0, 'Još ');
    expect((await push(id, b64(Y.encodeStateAsUpdate(doc)))).errors).toBeUndefined();
    await waitUntil(() => of('aliased').length === 3);
    expect(of('plain')).toHaveLength(2);
    socket.close();
  });
});

describe('live delivery over Server-Sent Events', () => {
  it('sends the catch-up, then each update, to a subscriber without a WebSocket', async () => {
    const id = await createWorkshop(veza, admin, { liveToPublic: true });
    const doc = new Y.Doc();
    addItem(doc, 's1', 'CONCLUSION', 'Prvo');
    await push(id, b64(Y.encodeStateAsUpdate(doc)));
    const abort = new AbortController();
    const response = await veza.eventStream(
      'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
      { id },
      undefined,
      abort.signal,
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const watched = new Y.Doc();
    let stream = '';
    const readUntil = async (text: string) => {
      while (projectItems(watched)[0]?.text !== text) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        stream += value;
        const events = stream.split('\n\n');
        stream = events.pop()!;
        for (const event of events) {
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (!data) continue;
          const update = JSON.parse(data).data.conclusionUpdates.update;
          Y.applyUpdate(watched, Buffer.from(update, 'base64'));
        }
      }
    };
    await readUntil('Prvo');
    itemText(doc, 0).insert(5, ' i drugo');
    await push(id, b64(Y.encodeStateAsUpdate(doc)));
    await readUntil('Prvo i drugo');
    abort.abort();
  });
});

describe('the relational projection', () => {
  it('follows the document within the stated delay (500 ms, checked at 1.5 s)', async () => {
    const id = await createWorkshop(veza, admin);
    const doc = new Y.Doc();
    addItem(doc, 'r1', 'CONCLUSION', 'Prvi');
    addItem(doc, 'r2', 'ACTION', 'Drugi', { dueDate: '2015-04-16' });
    await push(id, b64(Y.encodeStateAsUpdate(doc)));
    const sent = Y.encodeStateVector(doc);
    itemText(doc, 0).insert(0, 'Izmijenjen: ');
    await push(id, b64(Y.encodeStateAsUpdate(doc, sent)));
    const pushedAt = Date.now();
    const documentId = databaseId(id);
    const rows = () =>
      veza.server.database.prisma.conclusionItem.findMany({
        where: { documentId },
        orderBy: { position: 'asc' },
        select: { itemId: true, kind: true, text: true, dueDate: true },
      });
    await expect.poll(rows, { timeout: 1_500, interval: 50 }).toEqual([
      { itemId: 'r1', kind: 'CONCLUSION', text: 'Izmijenjen: Prvi', dueDate: null },
      { itemId: 'r2', kind: 'ACTION', text: 'Drugi', dueDate: '2015-04-16' },
    ]);
    expect(Date.now() - pushedAt).toBeLessThan(1_500);
  });
});

describe('adoption', () => {
  it('freezes the document: pushes get CONFLICT and the items stay as adopted', async () => {
    const id = await createWorkshop(veza, admin);
    const doc = new Y.Doc();
    addItem(doc, 'a1', 'ACTION', 'Poslati vijesti BH Radiju 1', { dueDate: '2015-05-31' });
    await push(id, b64(Y.encodeStateAsUpdate(doc)));

    const byCoordinator = await veza.gql(
      'mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }',
      { input: { documentId: id } },
      kljuc,
    );
    expect(byCoordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const adopted = await veza.gql(
      `mutation($input: AdoptConclusionsInput!) {
        adoptConclusions(input: $input) { document { status items { key text } } }
      }`,
      { input: { documentId: id } },
      admin,
    );
    expect(adopted.data?.adoptConclusions.document).toEqual({
      status: 'ADOPTED',
      items: [{ key: 'a1', text: 'Poslati vijesti BH Radiju 1' }],
    });

    itemText(doc, 0).insert(0, 'Late: ');
    const late = await push(id, b64(Y.encodeStateAsUpdate(doc)));
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const again = await veza.gql(
      'mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }',
      { input: { documentId: id } },
      admin,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await serverDocument(id)).items[0].text).toBe('Poslati vijesti BH Radiju 1');
  });
});

describe('permissions', () => {
  it('lets only editors push; partners watch drafts, the public only when live to it', async () => {
    const id = await createWorkshop(veza, admin);
    const update = b64(Y.encodeStateAsUpdate(new Y.Doc()));
    const anonymous = await veza.gql(
      'mutation($input: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $input) { stateVector } }',
      { input: { documentId: id, update } },
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await push(id, update, partner)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await veza.gql(documentQuery, { id }, partner)).data?.node.status).toBe('DRAFT');
    const publicView = await veza.gql(documentQuery, { id });
    expect(publicView.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const live = await createWorkshop(veza, admin, { liveToPublic: true });
    expect((await veza.gql(documentQuery, { id: live })).data?.node.status).toBe('DRAFT');
  });

  it('hides internal documents from the public', async () => {
    const id = await createWorkshop(veza, admin, { published: false });
    const publicView = await veza.gql(documentQuery, { id });
    expect(publicView.data?.node ?? null).toBeNull();
    expect(publicView.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const watcher = veza.wsClient();
    const events = collect(
      watcher,
      'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
      { id },
    );
    const [first] = await events.waitFor(1);
    expect(first?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('presence', () => {
  it('shows who is in the document and announces a closed socket as left', async () => {
    const id = await createWorkshop(veza, admin);
    const watcher = veza.wsClient(partner);
    const events = await subscribed(veza, () =>
      collect<{ presence: { clientId: string; state: any; left: boolean } }>(
        watcher,
        'subscription($id: ID!) { presence(documentId: $id) { clientId userId state left } }',
        { id },
      ),
    );

    const present = veza.wsClient(kljuc);
    await new Promise<void>((resolve, reject) =>
      present.subscribe(
        {
          query: 'mutation($input: UpdatePresenceInput!) { updatePresence(input: $input) { ok } }',
          variables: {
            input: { documentId: id, state: { name: 'Ključ', itemId: 'z1', index: 4 } },
          },
        },
        { next: () => {}, error: reject, complete: resolve },
      ),
    );
    const [arrived] = await events.waitFor(1);
    expect(arrived?.data?.presence).toMatchObject({
      state: { name: 'Ključ', itemId: 'z1', index: 4 },
      left: false,
    });
    const started = Date.now();
    await present.dispose();
    const [, left] = await events.waitFor(2, 5_000);
    expect(left?.data?.presence).toMatchObject({
      clientId: arrived?.data?.presence.clientId,
      left: true,
    });
    // A closed socket is announced at once (the 4 s lapse is for presence sent over HTTP).
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('demo conclusions from the seeds', () => {
  const eventsQuery = `{
    events(first: 50) {
      totalCount
      edges { node { title kind conclusions { id status items { key kind day text dueDate } } } }
    }
  }`;

  it('holds the March 2015 workshop adopted and the Igman training open for co-editing', async () => {
    const { data } = await veza.gql(eventsQuery);
    const events = data?.events.edges.map((edge: any) => edge.node);
    const workshop = events.find((event: any) => event.title.startsWith('Druga radionica'));
    expect(workshop.conclusions.status).toBe('ADOPTED');
    expect(workshop.conclusions.items).toHaveLength(11);
    expect(workshop.conclusions.items.filter((item: any) => item.day === 2)).toHaveLength(3);
    expect(workshop.conclusions.items).toContainEqual(
      expect.objectContaining({ kind: 'ACTION', dueDate: '2015-04-16' }),
    );
    const igman = events.find((event: any) => event.kind === 'TRAINING');
    expect(igman.conclusions.status).toBe('DRAFT');

    // Its ACTION items are followed up: the training held, the topics for the fourth meeting
    // still open and overdue.
    const { data: followUp } = await veza.gql(
      `{ actionItems(first: 20) { edges { node { conclusionItemId status overdue dueDate
          ownerOrganization { acronym } } } } }`,
      {},
      admin,
    );
    const byItem = new Map<string, any>(
      followUp?.actionItems.edges.map((edge: any) => [edge.node.conclusionItemId, edge.node]),
    );
    expect([...byItem.keys()].filter((id) => id.startsWith('mr2-'))).toHaveLength(6);
    expect(byItem.get('mr2-d1-6')).toEqual({
      conclusionItemId: 'mr2-d1-6',
      status: 'DONE',
      overdue: false,
      dueDate: '2015-05-31',
      ownerOrganization: { acronym: 'UNDP' },
    });
    // For all partners: Ključ and Prijedor sent their topics, Sanski Most still owes them.
    expect(byItem.get('mr2-d1-8')).toMatchObject({ status: 'IN_PROGRESS', overdue: true });

    // The stored projection equals what the document holds.
    const rows = await veza.server.database.prisma.conclusionItem.findMany({
      where: { documentId: idOf(workshop) },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((row) => row.text)).toEqual(
      workshop.conclusions.items.map((item: any) => item.text),
    );

    const doc = new Y.Doc();
    const live = editor(veza, admin, igman.conclusions.id, doc);
    await live.binding.synced();
    itemText(doc, 0).insert(0, 'Usaglašeno: ');
    await live.binding.flushed();
    const after = await serverDocument(igman.conclusions.id);
    expect(after.items[0].text).toMatch(/^Usaglašeno: Zajedničke oblasti/);
  });
});

function idOf(event: { conclusions: { id: string } }) {
  return databaseId(event.conclusions.id);
}

function databaseId(globalId: string) {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}
