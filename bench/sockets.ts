// Idle sockets benchmark (`npm run bench:sockets`): the server's memory per idle authenticated
// graphql-ws socket holding one subscription, beside a bare `ws` server holding as many idle
// sockets (the baseline, in the same run). Both servers run in processes of their own; their
// resident memory (RSS) is read from /proc before and after the sockets open.
// BENCH_SOCKETS (10,000) sets the count; DATABASE_URL/REDIS_URL as for the server.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startServerProcess } from './server-process.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
/** Sockets opening at once; more only queue in the kernel's backlog. */
const OPENING_AT_ONCE = 200;
const GOAL_BYTES_PER_SOCKET = 30 * 1024;

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kib * 1024;
}

/** RSS once it stops moving (sockets settled, garbage collected on the server's own pace). */
async function settledRss(pid: number): Promise<number> {
  let last = rssOf(pid);
  for (let i = 0; i < 20; i++) {
    await sleep(1_000);
    const now = rssOf(pid);
    if (Math.abs(now - last) < 256 * 1024) return now;
    last = now;
  }
  return last;
}

/** Opens `count` sockets, `open(i)` each, OPENING_AT_ONCE at a time. */
async function openAll(count: number, open: (i: number) => Promise<WebSocket>) {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += OPENING_AT_ONCE) {
    const batch = Array.from({ length: Math.min(OPENING_AT_ONCE, count - start) }, (_, k) =>
      open(start + k),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

function opened(url: string, protocol?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocol);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A graphql-ws socket, acknowledged, with one subscription started. */
async function subscribed(wsUrl: string, token: string, id: number): Promise<WebSocket> {
  const socket = await opened(wsUrl, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: String(id),
            type: 'subscribe',
            payload: { query: 'subscription { notificationAdded { id } }' },
          }),
        );
        // The subscription is registered when the server has read it; give it its turn.
        setTimeout(resolve, 0);
      } else if (message.type === 'error') {
        reject(new Error(JSON.stringify(message.payload)));
      }
    });
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
    );
  });
  return socket;
}

async function bareBaseline(): Promise<number> {
  const bare = fork(path.join(import.meta.dirname, 'bare-broadcast.ts'), {
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) =>
    bare.once('message', (message: { port: number }) => resolve(message.port)),
  );
  const before = await settledRss(bare.pid!);
  const sockets = await openAll(SOCKETS, () => opened(`ws://127.0.0.1:${port}`));
  const after = await settledRss(bare.pid!);
  for (const socket of sockets) socket.terminate();
  bare.disconnect();
  return (after - before) / SOCKETS;
}

async function vezaPerSocket(): Promise<{ perSocket: number; total: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  // One demo user holds every socket, so the per-user cap is raised to let it.
  process.env.SUBSCRIPTIONS_MAX_PER_USER = String(SOCKETS + 1);
  const server = await startServerProcess(path.join(dir, 'pglite'));
  try {
    const signIn = await server.gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
      i: { email: 'admin@veza.test', password: 'veza-demo' },
    });
    const token: string = signIn.data.signIn.token;
    // Warm the paths a socket takes (session lookup, subscription setup) before measuring.
    const warm = await openAll(50, (i) => subscribed(server.wsUrl, token, i));
    for (const socket of warm) socket.terminate();
    const before = await settledRss(server.pid);
    const sockets = await openAll(SOCKETS, (i) => subscribed(server.wsUrl, token, i));
    const after = await settledRss(server.pid);
    const crashed = server.crash();
    if (crashed) throw new Error(`the server ${crashed}`);
    for (const socket of sockets) socket.terminate();
    return { perSocket: (after - before) / SOCKETS, total: after };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`Idle sockets: ${SOCKETS} authenticated graphql-ws sockets, one subscription each`);
  const bare = await bareBaseline();
  const veza = await vezaPerSocket();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`  bare ws server (baseline)  ${kb(bare)} per socket`);
  console.log(
    `  Veza (${kind})${' '.repeat(Math.max(1, 13 - kind.length))}${kb(veza.perSocket)} per socket ` +
      `(${(veza.perSocket / bare).toFixed(1)}× the baseline; goal ≤ ${kb(GOAL_BYTES_PER_SOCKET)}), ` +
      `RSS ${(veza.total / 1024 / 1024).toFixed(0)} MB with all open`,
  );
  const met = veza.perSocket <= GOAL_BYTES_PER_SOCKET;
  console.log(
    `  goal ≤ ${kb(GOAL_BYTES_PER_SOCKET)} per socket: ${met ? 'met' : 'NOT met'} (${kb(veza.perSocket)})`,
  );
  if (!met) process.exitCode = 1;
}

await main();
