import { type Client, createClient } from 'graphql-ws';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { type Config, loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createServer, type VezaServer } from '../../src/server.js';
import { waitUntil } from './collab.js';
import { createScratchDatabase, type ScratchDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface TestServer {
  server: VezaServer;
  /** Whether gql, data and signIn go in process (see TestServerOptions.inProcess). */
  inProcess: boolean;
  url: string;
  wsUrl: string;
  /** POSTs one operation: over real HTTP, or in process with `inProcess`. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Like gql, and returns its data; any error fails the caller with the errors. */
  data<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<T>;
  /** POSTs a subscription asking for Server-Sent Events over real HTTP; the streaming response. */
  eventStream(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<Response>;
  /** A graphql-ws client over a real WebSocket, closed with the server. */
  wsClient(token?: string): Client;
  /** Signs in a demo account (password veza-demo) through gql and returns its token. */
  signIn(email: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Reuse this scratch database instead of creating one (it is not dropped on stop). */
  scratch?: ScratchDatabase;
  /** Serve this open database (shared by several instances). */
  database?: Database;
  redisUrl?: string;
  demoData?: boolean;
  /** Settings to override (limits, sign-in throttling, conclusionsCompactAfter). */
  config?: Partial<Config>;
  /** Where the server logs; silent unless TEST_LOG_LEVEL=debug. */
  logger?: Logger;
  /**
   * gql, data and signIn go through `server.fetch` (the same engine, no socket): faster, for
   * tests of what operations do. Tests of HTTP itself (status codes, headers, body limits, GET,
   * CORS) leave it off. The server listens either way: url, eventStream and wsClient use it.
   */
  inProcess?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const scratch =
    options.scratch ??
    (await createScratchDatabase(options.demoData === false ? 'migrated' : 'demo'));
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: scratch.databaseUrl,
    pgliteDir: scratch.pgliteDir,
    redisUrl: options.redisUrl,
    demoData: options.demoData === false ? ('off' as const) : ('auto' as const),
    shutdownTimeoutMs: 2_000,
    // The notification worker's polls are SQL statements too: a test that counts statements or
    // does not send mail keeps it quiet (tests of notifications give their own mail settings).
    mail: { ...loadConfig({}).mail, pollMs: 3_600_000, sweepMs: 3_600_000 },
    ...options.config,
  };
  const server = createServer(config, {
    logger:
      options.logger ?? createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent'),
    database: options.database,
  });
  const { url } = await server.start();
  const wsUrl = url.replace(/^http/, 'ws');
  const clients: Client[] = [];

  const post = (init: RequestInit) =>
    options.inProcess ? server.fetch(new Request(url, init)) : fetch(url, init);

  const gql: TestServer['gql'] = async (query, variables, token) => {
    const response = await post({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<any>;
  };

  return {
    server,
    inProcess: options.inProcess ?? false,
    url,
    wsUrl,
    gql,
    async data(query, variables, token) {
      const result = await gql(query, variables, token);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data as never;
    },
    eventStream(query, variables, token, signal) {
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    },
    wsClient(token) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      });
      clients.push(client);
      return client;
    },
    async signIn(email) {
      const result = await gql<{ signIn: { token: string } }>(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email, password: 'veza-demo' } },
      );
      if (!result.data?.signIn) throw new Error(`sign-in failed: ${JSON.stringify(result.errors)}`);
      return result.data.signIn.token;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await server.stop();
      if (!options.scratch) await scratch.drop();
    },
  };
}

/**
 * Two more instances serving `beside`'s database and sharing events through REDIS_URL, answering
 * gql in process when it does, stopped when the current test ends.
 */
export async function twoInstancesBeside(beside: TestServer): Promise<[TestServer, TestServer]> {
  const options = {
    database: beside.server.database,
    redisUrl: process.env.REDIS_URL,
    inProcess: beside.inProcess,
  };
  const instances: TestServer[] = [];
  onTestFinished(() => Promise.all(instances.map((instance) => instance.stop())).then(() => {}));
  for (const _ of [1, 2]) instances.push(await startTestServer(options));
  return instances as [TestServer, TestServer];
}

/** Collects the next `count` results of a subscription. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: GraphQLResponse<T>[] = [];
  const waiters: (() => void)[] = [];
  let closed: unknown;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value as GraphQLResponse<T>);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => {
        closed = error;
        for (const wake of waiters.splice(0)) wake();
      },
      complete: () => {
        closed ??= 'complete';
        for (const wake of waiters.splice(0)) wake();
      },
    },
  );
  return {
    results,
    unsubscribe,
    get closed() {
      return closed;
    },
    /** Resolves when at least `count` results arrived; rejects after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count) {
        if (closed) throw new Error(`subscription ended: ${JSON.stringify(closed)}`);
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`timed out waiting for ${count} results, got ${results.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return results;
    },
  };
}

/** Resolves with the close event's code once the client's socket closes. */
export function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) =>
    client.on('closed', (event) => resolve((event as { code: number }).code)),
  );
}

/**
 * Runs `subscribe` and resolves with what it returns once `veza`'s event bus holds `listeners`
 * more live listeners: the subscriptions it made reached the server, and events on their
 * channels reach them (with Redis: the SUBSCRIBE was acknowledged).
 */
export async function subscribed<T>(
  veza: TestServer,
  subscribe: () => T,
  listeners = 1,
): Promise<Awaited<T>> {
  await eventBusLive(veza);
  const before = veza.server.eventListeners().live;
  const result = await subscribe();
  await waitUntil(() => veza.server.eventListeners().live >= before + listeners);
  return result;
}

/**
 * Resolves once every listener of `veza`'s event bus is live: its own followers (caches,
 * dashboards, session watch) hear events, with Redis once it acknowledged their SUBSCRIBEs.
 */
export async function eventBusLive(veza: TestServer) {
  await waitUntil(() => veza.server.eventListeners().waiting === 0);
}
