// Co-editing benchmark (issue 6): prints figures and ratios against a baseline in the same run.
//  (a) 20 editors × 10 edits/s for 30 s on one document: convergence, lost edits, p50/p99 delay
//      from an edit to its arrival at the other editors; on PostgreSQL + Redis, again with the
//      editors spread over two instances.
//  (b) one update fanned out to 1,000 subscribers, p50/p99 delivery, beside a bare `ws` server
//      broadcasting the same bytes to 1,000 sockets.
//  (c) memory per open document.
// Runs on the embedded database, or on PostgreSQL (+ Redis) when DATABASE_URL (and REDIS_URL)
// are set. BENCH_SECONDS shortens (a).
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { bindConclusionDocument } from '../src/modules/conclusions/client.js';
import { encodeItems } from '../src/modules/conclusions/document.js';
import { type BenchServer, startServerProcess } from './server-process.js';

const EDITORS = 20;
const EDITS_PER_SECOND = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SUBSCRIBERS = 1_000;
const FANOUT_ROUNDS = 50;
const WARM_UP_ROUNDS = 3;
/** How every graphql-ws `next` message for subscription "1" begins. */
const NEXT = '{"id":"1","type":"next"';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  const server = await startServerProcess(path.join(dir, 'pglite'));
  const { wsUrl, gql } = server;
  const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  const signIn = await gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
    i: { email: 'admin@veza.test', password: 'veza-demo' },
  });
  const token: string = signIn.data.signIn.token;
  const newDocument = async () => {
    const created = await gql(
      `mutation($i: CreateEventInput!) { createEvent(input: $i) { event { conclusions { id } } } }`,
      {
        i: {
          kind: 'WORKSHOP',
          title: 'Bench',
          startsOn: '2026-01-01',
          endsOn: '2026-01-01',
          published: true,
          // Its DRAFT is watched by anonymous subscribers, as the public watches Igman's.
          liveToPublic: true,
        },
      },
      token,
    );
    return created.data.createEvent.event.conclusions.id as string;
  };
  console.log(`Veza co-editing benchmark on ${kind}${process.env.REDIS_URL ? ' + Redis' : ''}`);

  // --- (a) 20 editors -----------------------------------------------------------------------
  await editorsOnOneDocument([server], token, await newDocument());
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    const other = await startServerProcess(path.join(dir, 'pglite-2'));
    await editorsOnOneDocument([server, other], token, await newDocument());
    await other.stop();
  } else {
    console.log('\n(a) across two instances: needs DATABASE_URL and REDIS_URL (skipped)');
  }

  // --- (b) fan-out to 1,000 subscribers ------------------------------------------------------
  // Both servers are measured with the same client: a bare `ws` socket per subscriber that
  // notes when each `next` message arrives, so the figures compare the servers, not a client
  // library's parsing (1,000 browsers parse in parallel; one benchmark process cannot).
  {
    const documentId = await newDocument();
    const update = encodeItems([{ id: 'f', kind: 'CONCLUSION', text: 'x'.repeat(200) }]);
    let sentAt = 0;
    let arrivals: number[] = [];
    const onNext = (data: WebSocket.RawData) => {
      if (sentAt && String(data).startsWith(NEXT)) arrivals.push(performance.now() - sentAt);
    };
    const subscribe = JSON.stringify({
      id: '1',
      type: 'subscribe',
      payload: {
        query: 'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
        variables: { id: documentId },
      },
    });
    // One subscription per socket: that is what 1,000 watching partners look like.
    const sockets = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, async () => {
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
        const caughtUp = new Promise<void>((resolve, reject) => {
          socket.on('message', (data) => {
            const message = JSON.parse(String(data)) as { type: string };
            if (message.type === 'connection_ack') socket.send(subscribe);
            else if (message.type === 'next') {
              socket.removeAllListeners('message');
              socket.on('message', onNext);
              resolve();
            } else reject(new Error(`unexpected ${String(data)}`));
          });
          socket.once('close', (code) => reject(new Error(`closed with ${code}`)));
        });
        await new Promise((resolve) => socket.once('open', resolve));
        socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
        await caughtUp;
        return socket;
      }),
    );
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    // The first push carries the item itself; each later one a one-character insert.
    let before: Uint8Array | undefined;
    const veza = await measureRounds(async () => {
      ((doc.getArray('items').get(0) as Y.Map<Y.Text>).get('text') as Y.Text).insert(0, 'y');
      const delta = Y.encodeStateAsUpdate(doc, before);
      before = Y.encodeStateVector(doc);
      await gql(
        'mutation($i: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $i) { stateVector } }',
        { i: { documentId, update: Buffer.from(delta).toString('base64') } },
        token,
      );
    });
    for (const socket of sockets) socket.close();

    // Baseline: the same bytes from a bare ws server, in a process of its own, to 1,000 sockets.
    const bare = fork(path.join(import.meta.dirname, 'bare-broadcast.ts'), {
      execArgv: ['--import', 'tsx'],
    });
    const { port } = await new Promise<{ port: number }>((resolve) =>
      bare.once('message', resolve),
    );
    const peers = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, async () => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}`);
        socket.on('message', onNext);
        await new Promise((resolve) => socket.once('open', resolve));
        return socket;
      }),
    );
    const message = JSON.stringify({
      id: '1',
      type: 'next',
      payload: { data: { conclusionUpdates: { update: Buffer.from(update).toString('base64') } } },
    });
    const baseline = await measureRounds(async () => {
      bare.send(message);
    });
    for (const peer of peers) peer.close();
    bare.disconnect();

    /** Runs WARM_UP_ROUNDS unmeasured, then FANOUT_ROUNDS measured: every delivery's delay. */
    async function measureRounds(send: () => Promise<void>) {
      const measured: number[] = [];
      for (let round = 0; round < WARM_UP_ROUNDS + FANOUT_ROUNDS; round++) {
        arrivals = [];
        sentAt = performance.now();
        await send();
        const deadline = performance.now() + 30_000;
        while (arrivals.length < SUBSCRIBERS && performance.now() < deadline) await sleep(1);
        if (arrivals.length < SUBSCRIBERS) {
          throw new Error(`round ${round}: ${arrivals.length} of ${SUBSCRIBERS} deliveries`);
        }
        if (round >= WARM_UP_ROUNDS) measured.push(...arrivals);
      }
      sentAt = 0;
      return measured;
    }

    const p99 = percentile(veza, 99);
    const baseP99 = percentile(baseline, 99);
    console.log(
      `\n(b) one update to 1,000 subscribers (push sent → each subscriber), ${FANOUT_ROUNDS} rounds after ${WARM_UP_ROUNDS} warm-up rounds`,
    );
    console.log(
      `  Veza                       p50 ${ms(percentile(veza, 50))}  p99 ${ms(p99)}  (goal p99 ≤ 50 ms)`,
    );
    console.log(
      `  bare ws broadcast          p50 ${ms(percentile(baseline, 50))}  p99 ${ms(baseP99)}`,
    );
    console.log(`  ratio Veza/baseline (p99)  ${(p99 / baseP99).toFixed(2)}× (goal ≤ 3×)`);
  }

  // --- (c) memory per open document --------------------------------------------------------
  {
    // What the store holds per open document is its Y.Doc (plus a few small fields): measured
    // here on the same 40-item document the server would load.
    const count = 200;
    const items = Array.from({ length: 40 }, (_, n) => ({
      id: `m${n}`,
      kind: 'CONCLUSION' as const,
      text: 'Zaključak sa tipičnom dužinom teksta o saradnji sa dijasporom. '.repeat(3),
    }));
    const seed = encodeItems(items);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const docs = Array.from({ length: count }, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, seed);
      return doc;
    });
    global.gc?.();
    const after = process.memoryUsage().heapUsed;
    console.log('\n(c) memory per open document (40 items, ~190 characters each)');
    console.log(
      `  heap per document          ${((after - before) / docs.length / 1024).toFixed(1)} KiB (snapshot ${(seed.length / 1024).toFixed(1)} KiB)${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
    );
  }

  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

/**
 * (a): EDITORS editors × EDITS_PER_SECOND edits/s for SECONDS on one document, editor n on
 * `servers[n % servers.length]`: convergence of the editors and every server's copy, lost
 * edits, p50/p99 delay from an edit to its arrival at the other editors.
 */
async function editorsOnOneDocument(servers: BenchServer[], token: string, documentId: string) {
  const editors = Array.from({ length: EDITORS }, (_, index) => {
    const client = createClient({
      url: servers[index % servers.length]!.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const doc = new Y.Doc();
    const errors: unknown[] = [];
    const binding = bindConclusionDocument(client, documentId, doc, (e) => errors.push(e));
    return { index, client, doc, binding, errors };
  });
  await Promise.all(editors.map((editor) => editor.binding.synced()));
  // One shared item to type into; each edit also stamps its send time in a side map, which
  // the others observe to measure arrival.
  const first = editors[0]!;
  first.doc.transact(() => {
    const item = new Y.Map<unknown>();
    first.doc.getArray('items').push([item]);
    item.set('id', 'bench');
    item.set('kind', 'CONCLUSION');
    item.set('text', new Y.Text(''));
  });
  await first.binding.flushed();
  while (editors.some((editor) => editor.doc.getArray('items').length === 0)) await sleep(10);

  const delays: number[] = [];
  for (const editor of editors) {
    editor.doc.getMap<number>('sent').observe((event) => {
      if (!event.transaction.origin) return; // our own edit
      const now = performance.now();
      for (const key of event.keysChanged) {
        const sent = editor.doc.getMap<number>('sent').get(key);
        if (sent !== undefined) delays.push(now - sent);
      }
    });
  }
  let edits = 0;
  const started = performance.now();
  const timers = editors.map((editor) =>
    setInterval(() => {
      const text = (editor.doc.getArray('items').get(0) as Y.Map<Y.Text>).get('text')!;
      const key = `${editor.index}:${edits++}`;
      editor.doc.transact(() => {
        text.insert(Math.floor(Math.random() * (text.length + 1)), `[${key}]`);
        editor.doc.getMap<number>('sent').set(key, performance.now());
      });
    }, 1000 / EDITS_PER_SECOND),
  );
  await sleep(SECONDS * 1000);
  for (const timer of timers) clearInterval(timer);
  await Promise.all(editors.map((editor) => editor.binding.flushed()));
  const editSeconds = (performance.now() - started) / 1000;
  const settleStart = performance.now();
  const converged = () => {
    const reference = Y.encodeStateVector(first.doc).toString();
    return editors.every((editor) => Y.encodeStateVector(editor.doc).toString() === reference);
  };
  while (!converged() && performance.now() - settleStart < 20_000) await sleep(50);
  const texts = new Set(
    editors.map((e) => (e.doc.getArray('items').get(0) as Y.Map<Y.Text>).get('text')!.toString()),
  );
  // Every edit stamped its key in the side map: each server's copy must hold every key.
  let lost = 0;
  for (const server of servers) {
    const served = await server.gql(
      'query($id: ID!) { node(id: $id) { ... on ConclusionDocument { snapshot items { text } } } }',
      { id: documentId },
      token,
    );
    texts.add(served.data.node.items[0].text);
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, Buffer.from(served.data.node.snapshot, 'base64'));
    lost = Math.max(lost, edits - serverDoc.getMap('sent').size);
  }
  const where = servers.length === 1 ? 'one instance' : `${servers.length} instances`;
  console.log(`\n(a) ${EDITORS} editors × ${EDITS_PER_SECOND} edits/s on one document, ${where}`);
  console.log(`  edits sent                 ${edits} in ${editSeconds.toFixed(1)} s`);
  console.log(
    `  converged                  ${converged() && texts.size === 1 ? `yes (all editors = ${servers.length === 1 ? 'server projection' : 'every instance’s projection'})` : 'NO'}`,
  );
  console.log(`  lost edits                 ${lost}`);
  console.log(
    `  edit → other editors       p50 ${ms(percentile(delays, 50))}  p99 ${ms(percentile(delays, 99))}  (goal p99 ≤ 100 ms; ${delays.length} arrivals)`,
  );
  console.log(`  client errors              ${editors.reduce((n, e) => n + e.errors.length, 0)}`);
  for (const editor of editors) {
    editor.binding.destroy();
    await editor.client.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
