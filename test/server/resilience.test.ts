import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWorkshop, waitUntil } from '../utils/collab.js';
import {
  collect,
  type GraphQLResponse,
  startTestServer,
  type TestServer,
} from '../utils/server.js';

let veza: TestServer;
let admin: string;
let partner: string;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, partner] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
});
afterAll(() => veza?.stop());

const presenceSubscription =
  'subscription($id: ID!) { presence(documentId: $id) { clientId left } }';

/** One operation over a graphql-ws client, to its single result. */
function over(client: Client, query: string, variables: Record<string, unknown>) {
  return new Promise<GraphQLResponse>((resolve, reject) => {
    let result: GraphQLResponse = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as GraphQLResponse),
        error: reject,
        complete: () => resolve(result),
      },
    );
  });
}

/** `count` updatePresence with distinct clientIds over one socket, all at once. */
function floodPresence(client: Client, documentId: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      over(
        client,
        'mutation($input: UpdatePresenceInput!) { updatePresence(input: $input) { ok } }',
        { input: { documentId, clientId: `flood-${index}`, state: { index } } },
      ),
    ),
  );
}

async function stillServing(server: TestServer) {
  const { data } = await server.gql('{ programmes(first: 1) { totalCount } }');
  expect(data?.programmes.totalCount).toBeGreaterThan(0);
}

describe('presence floods', () => {
  it('caps presence states per socket (BAD_USER_INPUT past it) and survives the socket closing', async () => {
    const id = await createWorkshop(veza, admin);
    const watcher = veza.wsClient(admin);
    const events = collect<{ presence: { clientId: string; left: boolean } }>(
      watcher,
      presenceSubscription,
      { id },
    );
    await new Promise<void>((resolve) => watcher.on('connected', () => resolve()));
    const flooder = veza.wsClient(partner);
    const results = await floodPresence(flooder, id, 1_100);
    const accepted = results.filter((result) => result.data?.updatePresence.ok);
    expect(accepted).toHaveLength(20);
    const refused = results.filter((result) => result.errors);
    expect(refused).toHaveLength(1_080);
    expect(refused[0]!.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused[0]!.errors![0]!.message).toMatch(/at most 20 presence states/);
    await events.waitFor(20);
    await flooder.dispose();
    const all = await events.waitFor(40);
    expect(all.filter((event) => event.data?.presence.left)).toHaveLength(20);
    await stillServing(veza);
  });

  it('tells a watcher that fell too far behind to resync, and keeps serving', async () => {
    const roomy = await startTestServer({
      inProcess: true,
      config: { presenceMaxPerSocket: 5_000, presenceMaxPerUser: 5_000 },
    });
    try {
      const [roomyAdmin, roomyPartner] = await Promise.all([
        roomy.signIn('admin@veza.test'),
        roomy.signIn('partner@veza.test'),
      ]);
      const id = await createWorkshop(roomy, roomyAdmin);
      const watcher = roomy.wsClient(roomyAdmin);
      const events = collect<{ presence: { clientId: string; left: boolean } }>(
        watcher,
        presenceSubscription,
        { id },
      );
      await new Promise<void>((resolve) => watcher.on('connected', () => resolve()));
      const flooder = roomy.wsClient(roomyPartner);
      const results = await floodPresence(flooder, id, 1_100);
      expect(results.filter((result) => result.data?.updatePresence.ok)).toHaveLength(1_100);
      // 1,100 departures at once, more than a subscriber's buffer holds.
      await flooder.dispose();
      // Its last result says so, and the subscription completes (the socket stays open).
      await expect(events.waitFor(100_000, 20_000)).rejects.toThrow(/"complete"/);
      expect(events.results.at(-1)?.errors).toEqual([
        {
          message: 'The subscriber fell too far behind; subscribe again to catch up',
          extensions: { code: 'CONFLICT', resync: true },
        },
      ]);
      // Subscribing again gives the room as it is: empty.
      const again = collect(watcher, presenceSubscription, { id });
      await expect(again.waitFor(1, 1_000)).rejects.toThrow(/timed out/);
      await stillServing(roomy);
    } finally {
      await roomy.stop();
    }
  });
});

/** A raw graphql-transport-ws socket, acknowledged; `autoPong: false` plays a dead client. */
async function rawSocket(options: { autoPong?: boolean } = {}) {
  const socket = new WebSocket(veza.wsUrl, 'graphql-transport-ws', options);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const acknowledged = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await acknowledged;
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return { socket, closed };
}

function pings(socket: WebSocket, count: number) {
  return new Promise<void>((resolve) => {
    let seen = 0;
    socket.on('ping', () => ++seen === count && resolve());
  });
}

describe('the heartbeat', () => {
  it('keeps healthy sockets through a 5 s stall of the event loop', async () => {
    const { socket, closed } = await rawSocket();
    await pings(socket, 2);
    // Blocks this process — server and client alike — as a long synchronous task would.
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const until = Date.now() + 5_000;
        while (Date.now() < until);
        resolve();
      }, 0),
    );
    // Three more pings answered after the stall: the socket was judged by its pongs.
    const outcome = await Promise.race([pings(socket, 3).then(() => 'open'), closed]);
    expect(outcome).toBe('open');
    socket.close();
  });

  it('still cuts a socket that stops answering pings', async () => {
    const { socket, closed } = await rawSocket({ autoPong: false });
    const started = Date.now();
    expect(await closed).toBe(1006);
    expect(Date.now() - started).toBeLessThan(10_000);
    socket.terminate();
  });
});

describe('subscription caps', () => {
  /** Starts `count` subscriptions on the client; resolves with the refusals once `refusals` came. */
  async function subscribeMany(client: Client, count: number, refusals: number) {
    const refused: { message: string; extensions?: { code?: string } }[] = [];
    let wake = () => {};
    for (let index = 0; index < count; index++) {
      client.subscribe(
        { query: 'subscription { programmeChanged { code } }' },
        {
          next: () => {},
          error: (errors) => {
            refused.push(...(errors as typeof refused));
            wake();
          },
          complete: () => {},
        },
      );
    }
    while (refused.length < refusals) await new Promise<void>((resolve) => (wake = resolve));
    return refused;
  }

  let capped: TestServer;
  beforeAll(async () => {
    capped = await startTestServer({
      inProcess: true,
      config: { subscriptionsMaxPerSocket: 5, subscriptionsMaxPerUser: 8 },
    });
  });
  afterAll(() => capped?.stop());

  it('caps subscriptions per socket and per user, and frees them when a socket closes', async () => {
    {
      const idle = capped.server.eventListeners().live;
      const token = await capped.signIn('admin@veza.test');
      const first = capped.wsClient(token);
      const refusedOnFirst = await subscribeMany(first, 1_000, 995);
      expect(refusedOnFirst[0]).toEqual({
        message: 'A connection may hold at most 5 subscriptions',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const second = capped.wsClient(token);
      const refusedOnSecond = await subscribeMany(second, 5, 2);
      expect(refusedOnSecond[0]).toEqual({
        message: 'A user may hold at most 8 subscriptions',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(refusedOnFirst.length + refusedOnSecond.length).toBe(997);
      // Closing the first socket frees its five: the user may open five more elsewhere.
      // Each accepted subscription listens on the event bus: 5 on the first socket, 3 on the second.
      await waitUntil(() => capped.server.eventListeners().live === idle + 8);
      await first.dispose();
      await waitUntil(() => capped.server.eventListeners().live === idle + 3);
      const third = capped.wsClient(token);
      let accepted = 0;
      await waitUntil(async () => {
        // Accepted, it listens on the event bus; refused, it hears why.
        const before = capped.server.eventListeners().live;
        const outcome = await Promise.race([
          subscribeMany(third, 1, 1).then(() => 'refused'),
          waitUntil(() => capped.server.eventListeners().live > before).then(
            () => 'accepted',
            () => 'neither',
          ),
        ]);
        if (outcome === 'accepted') accepted += 1;
        return accepted === 5;
      }, 15_000);
    }
  });
});
