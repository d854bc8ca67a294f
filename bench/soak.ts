// Soak benchmark (`npm run bench:soak`; not in CI, 30 minutes): one server process under mixed
// traffic at a moderate rate — nested directory reads, writes (stories created and published,
// which move the dashboard), co-editing pushes to one conclusions document, and live sockets
// subscribed to that document, the programme's dashboard and their notifications. It prints the
// server's memory (RSS) after warm-up and at the end, each operation's p99 in the first and the
// last window, and every error, and exits 1 when a goal is missed: RSS growth < 5 %, last p99
// within 20 % of the first, no errors. SOAK_MINUTES shortens it (windows shrink with it);
// DATABASE_URL/REDIS_URL as for the server.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { partnersQuery } from './directory-query.js';
import { type BenchServer, startServerProcess } from './server-process.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WARM_UP_MS = Math.min(2, MINUTES / 10) * 60_000;
/** The first and the last window compared: 5 minutes, or a third of a shorter run. */
const WINDOW_MS = Math.min(5, (MINUTES - WARM_UP_MS / 60_000) / 3) * 60_000;
const RATES = { read: 5, push: 2, write: 0.2 }; // per second
const SOCKETS = 20;
const RSS_EVERY_MS = 5_000;
const GOALS = { rssGrowth: 0.05, p99Drift: 0.2 };

type Kind = keyof typeof RATES;
interface Sample {
  at: number;
  ms: number;
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const median = (values: number[]) => percentile(values, 50);

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-soak-'));
  const server = await startServerProcess(path.join(dir, 'pglite'));
  const errors: string[] = [];
  const fail = (what: string) => (error: unknown) => {
    if (errors.length < 1_000) errors.push(`${what}: ${String(error)}`);
  };
  try {
    const setUp = await setUpTraffic(server);
    const sockets = await Promise.all(
      Array.from({ length: SOCKETS }, () => liveSocket(server, setUp, fail('socket'))),
    );
    const startedAt = performance.now();
    const endsAt = startedAt + MINUTES * 60_000;
    const samples: Record<Kind, Sample[]> = { read: [], push: [], write: [] };
    const rss: Sample[] = [];
    const operations: Record<Kind, () => Promise<void>> = {
      read: () => setUp.read(),
      push: () => setUp.push(),
      write: () => setUp.write(),
    };
    console.log(
      `Soak: ${MINUTES} min on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}` +
        `${process.env.REDIS_URL ? ' + Redis' : ''}: ${RATES.read} reads/s, ${RATES.push} ` +
        `co-editing pushes/s, a write every ${1 / RATES.write} s, ${SOCKETS} sockets × 3 ` +
        `subscriptions; warm-up ${WARM_UP_MS / 60_000} min, windows of ${WINDOW_MS / 60_000} min`,
    );
    // Each kind at its own steady rate, open-loop: a slow answer does not slow the arrivals.
    const loops = (Object.keys(RATES) as Kind[]).map(async (kind) => {
      const every = 1_000 / RATES[kind];
      const pending = new Set<Promise<void>>();
      for (let next = performance.now(); next < endsAt; next += every) {
        await sleep(Math.max(0, next - performance.now()));
        const began = performance.now();
        const done = operations[kind]()
          .then(() => {
            samples[kind].push({ at: began - startedAt, ms: performance.now() - began });
          }, fail(kind))
          .finally(() => pending.delete(done));
        pending.add(done);
      }
      await Promise.all(pending);
    });
    const sampler = (async () => {
      while (performance.now() < endsAt) {
        rss.push({ at: performance.now() - startedAt, ms: rssOf(server.pid) });
        const crashed = server.crash();
        if (crashed) throw new Error(`the server ${crashed}`);
        await sleep(RSS_EVERY_MS);
      }
    })();
    await Promise.all([...loops, sampler]);
    for (const socket of sockets) socket.close();

    const total = MINUTES * 60_000;
    const first = (s: Sample) => s.at >= WARM_UP_MS && s.at < WARM_UP_MS + WINDOW_MS;
    const last = (s: Sample) => s.at >= total - WINDOW_MS;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const rssFirst = median(rss.filter(first).map((s) => s.ms));
    const rssLast = median(rss.filter(last).map((s) => s.ms));
    const growth = rssLast / rssFirst - 1;
    let missed = growth >= GOALS.rssGrowth;
    console.log(
      `  RSS (median)   after warm-up ${mb(rssFirst)}, last window ${mb(rssLast)}: ` +
        `${(growth * 100).toFixed(1)} % (goal < ${GOALS.rssGrowth * 100} %)`,
    );
    for (const kind of Object.keys(RATES) as Kind[]) {
      const p99First = percentile(
        samples[kind].filter(first).map((s) => s.ms),
        99,
      );
      const p99Last = percentile(
        samples[kind].filter(last).map((s) => s.ms),
        99,
      );
      const drift = p99Last / p99First - 1;
      // Writes are few per window; their p99 is one slow write and is printed, not judged.
      if (kind !== 'write' && drift > GOALS.p99Drift) missed = true;
      console.log(
        `  ${kind.padEnd(6)} ${String(samples[kind].length).padStart(6)} done   p99 first ` +
          `${p99First.toFixed(1)} ms, last ${p99Last.toFixed(1)} ms: ${(drift * 100).toFixed(0)} %` +
          (kind === 'write' ? ' (not judged: too few)' : ` (goal ≤ ${GOALS.p99Drift * 100} %)`),
      );
    }
    console.log(`  live messages received ${setUp.received()}, errors ${errors.length} (goal 0)`);
    for (const error of errors.slice(0, 10)) console.log(`    ${error}`);
    if (errors.length || missed) process.exitCode = 1;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Traffic {
  token: string;
  programmeId: string;
  documentId: string;
  read(): Promise<void>;
  push(): Promise<void>;
  write(): Promise<void>;
  /** Live messages the sockets received. */
  received(): number;
  count(): void;
}

/** Signs in, finds the demo programme and Ključ, opens a conclusions document to co-edit. */
async function setUpTraffic(server: BenchServer): Promise<Traffic> {
  const must = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const result = await server.gql(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const { signIn } = await must('mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
    i: { email: 'admin@veza.test', password: 'veza-demo' },
  });
  const token: string = signIn.token;
  const { programmes } = await must('{ programmes(first: 1) { edges { node { id } } } }', {});
  const programmeId: string = programmes.edges[0].node.id;
  const { municipalities } = await must(
    'query($s: String) { municipalities(search: $s) { edges { node { id } } } }',
    { s: 'kljuc' },
  );
  const municipalityId: string = municipalities.edges[0].node.id;
  const { createEvent } = await must(
    `mutation($i: CreateEventInput!) { createEvent(input: $i) { event { conclusions { id } } } }`,
    {
      i: {
        kind: 'WORKSHOP',
        title: 'Soak',
        startsOn: '2026-01-01',
        endsOn: '2026-01-01',
        published: true,
        programmeId,
      },
    },
    token,
  );
  const documentId: string = createEvent.event.conclusions.id;
  const doc = new Y.Doc();
  const items = doc.getArray<Y.Map<unknown>>('items');
  let pushes = 0;
  let lastPush = Promise.resolve();
  let writes = 0;
  let received = 0;
  async function pushNext() {
    // A new item every 20th push, else a few characters typed into the last one: a document
    // that grows as a workshop's does, compacted by the server as it goes.
    const before = Y.encodeStateVector(doc);
    if (pushes++ % 20 === 0) {
      const item = new Y.Map<unknown>();
      item.set('id', `s${pushes}`);
      item.set('kind', 'CONCLUSION');
      item.set('text', new Y.Text('Zaključak '));
      items.push([item]);
    } else {
      (items.get(items.length - 1).get('text') as Y.Text).insert(0, 'ab ');
    }
    const update = Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
    await must(
      'mutation($i: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $i) { stateVector } }',
      { i: { documentId, update } },
      token,
    );
  }
  return {
    token,
    programmeId,
    documentId,
    async read() {
      await must(partnersQuery, { id: programmeId, first: 50 });
    },
    push() {
      // One editor: each push builds on the last one, so it waits for it.
      lastPush = lastPush.catch(() => {}).then(pushNext);
      return lastPush;
    },
    async write() {
      const n = ++writes;
      const { createStory } = await must(
        'mutation($i: CreateStoryInput!) { createStory(input: $i) { story { id } } }',
        {
          i: {
            kind: n % 2 ? 'NEWS' : 'GOOD_PRACTICE',
            municipalityId,
            programmeId,
            title: `Vijest ${n} iz Ključa`,
            body: 'Info tačka radi **svaki radni dan**.',
          },
        },
        token,
      );
      await must(
        'mutation($i: PublishStoryInput!) { publishStory(input: $i) { story { id } } }',
        { i: { id: createStory.story.id } },
        token,
      );
    },
    received: () => received,
    count: () => void received++,
  };
}

/** A graphql-ws socket subscribed to the document, the dashboard and its notifications. */
async function liveSocket(
  server: BenchServer,
  traffic: Traffic,
  onError: (error: unknown) => void,
): Promise<WebSocket> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const subscriptions = [
    {
      query: 'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
      variables: { id: traffic.documentId },
    },
    {
      query: 'subscription($id: ID!) { dashboardUpdated(programmeId: $id) { computedAt } }',
      variables: { id: traffic.programmeId },
    },
    { query: 'subscription { notificationAdded { id } }', variables: {} },
  ];
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () =>
      socket.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { authorization: `Bearer ${traffic.token}` },
        }),
      ),
    );
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        subscriptions.forEach((payload, i) =>
          socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload })),
        );
        resolve();
      } else if (message.type === 'next') traffic.count();
      else if (message.type === 'error') onError(JSON.stringify(message.payload));
    });
    socket.once('error', reject);
    socket.once('close', (code) => {
      reject(new Error(`closed ${code}`));
      if (code !== 1000 && code !== 1005) onError(`socket closed ${code}`);
    });
  });
  return socket;
}

await main();
