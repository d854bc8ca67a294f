import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from './utils/server.js';

let veza: TestServer;

beforeAll(async () => {
  veza = await startTestServer();
});
afterAll(() => veza?.stop());

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
