import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { collect, startTestServer, subscribed, type TestServer } from '../utils/server.js';

let veza: TestServer;

beforeAll(async () => {
  veza = await startTestServer();
});
afterAll(() => veza?.stop());

const base = () => veza.url.replace(/\/graphql$/, '');

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(veza.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as any };
}

async function stillServing() {
  const { data } = await veza.gql('{ programmes(first: 1) { totalCount } }');
  expect(data?.programmes.totalCount).toBeGreaterThan(0);
}

describe('health', () => {
  it('answers live and ready while the database answers', async () => {
    const live = await fetch(`${base()}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('reports 503 from /health/ready once the database is gone, and stays live', async () => {
    const other = await startTestServer({ demoData: false });
    try {
      const otherBase = other.url.replace(/\/graphql$/, '');
      expect((await fetch(`${otherBase}/health/ready`)).status).toBe(200);
      await other.server.database.close();
      const ready = await fetch(`${otherBase}/health/ready`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${otherBase}/health/live`)).status).toBe(200);
      // The failure behind a query is unexpected: masked for the client, not leaked.
      const { errors } = await other.gql('{ programmes { totalCount } }');
      expect(errors).toEqual([
        expect.objectContaining({
          message: 'Unexpected error.',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        }),
      ]);
    } finally {
      await other.stop();
    }
  });
});

describe('bad requests', () => {
  // GraphQL over HTTP: clients that accept application/graphql-response+json get 4xx for
  // requests that never executed; legacy application/json clients get 200 with the errors.
  const spec = { accept: 'application/graphql-response+json' };

  it('refuses malformed JSON with BAD_USER_INPUT (400 for graphql-response+json)', async () => {
    const legacy = await post('{"query": ');
    expect(legacy.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(legacy.json.errors[0].extensions.originalError).toBeUndefined();
    const { status, json } = await post('{"query": ', spec);
    expect(status).toBe(400);
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await stillServing();
  });

  it('refuses an unknown field and an unparsable query with BAD_USER_INPUT', async () => {
    const unknown = await post(JSON.stringify({ query: '{ programmes { nope } }' }), spec);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.json.data).toBeUndefined();
    const unparsable = await post(JSON.stringify({ query: '{ programmes { ' }));
    expect(unparsable.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await stillServing();
  });

  it('refuses a variable of the wrong type with BAD_USER_INPUT', async () => {
    const { json } = await post(
      JSON.stringify({
        query: 'query($first: Int) { programmes(first: $first) { totalCount } }',
        variables: { first: 'many' },
      }),
    );
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(json.errors[0].message).toMatch(/\$first/);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const huge = JSON.stringify({
      query: `{ programmes { totalCount } } # ${'x'.repeat(1_100_000)}`,
    });
    const { status, json } = await post(huge);
    expect(status).toBe(413);
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await stillServing();
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await fetch(`${base()}/health/live`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${base()}/health/live`, { headers: { 'x-request-id': 'bad id!' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an invalid bearer token with UNAUTHENTICATED', async () => {
    const { json } = await post(JSON.stringify({ query: '{ viewer { roles } }' }), {
      authorization: 'Bearer not-a-real-token',
    });
    expect(json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('WebSocket', () => {
  it('closes a connection with a bad token with 4403', async () => {
    const socket = new WebSocket(veza.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer forged' } }),
    );
    const [code] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (closeCode, reason) => resolve([closeCode, reason.toString()])),
    );
    expect(code).toBe(4403);
  });

  it('accepts a connection without a token as the public', async () => {
    const client = veza.wsClient();
    const result = await new Promise((resolve, reject) => {
      client.subscribe(
        { query: '{ viewer { roles } programmes(first: 1) { totalCount } }' },
        { next: resolve, error: reject, complete: () => {} },
      );
    });
    expect(result).toMatchObject({ data: { viewer: null, programmes: { totalCount: 4 } } });
  });

  it('answers an invalid subscription document with BAD_USER_INPUT', async () => {
    const client = veza.wsClient();
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { noSuchEvent }' },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(outcome).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });
});

describe('Server-Sent Events', () => {
  it('streams subscription events to an SSE client', async () => {
    const token = await veza.signIn('admin@veza.test');
    const abort = new AbortController();
    const response = await subscribed(veza, () =>
      veza.eventStream('subscription { programmeChanged { code } }', {}, undefined, abort.signal),
    );
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    await veza.gql(
      'mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { id } } }',
      { input: { code: 'SSE-1', name: 'Preko SSE' } },
      token,
    );
    let text = '';
    while (!text.includes('SSE-1')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toContain('"programmeChanged":{"code":"SSE-1"}');
  });
});

describe('graceful shutdown', () => {
  it('closes subscribers with 1001 and finishes within the shutdown timeout', async () => {
    const other = await startTestServer({ demoData: false });
    const client = other.wsClient();
    const closed = new Promise<number>((resolve) =>
      client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    const events = collect(client, 'subscription { programmeChanged { code } }');
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const started = Date.now();
    await other.stop();
    expect(await closed).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.results).toEqual([]);
    await expect(fetch(`${other.url.replace(/\/graphql$/, '')}/health/live`)).rejects.toThrow();
  });
});
