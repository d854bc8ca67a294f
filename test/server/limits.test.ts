import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { MAX_WS_PAYLOAD_BYTES } from '../../src/server/websocket.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../utils/server.js';

// The defaults, as README documents them; each limit is tested just under and just over.
const { limits, maxBodyBytes } = loadConfig({});

let veza: TestServer;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
});
afterAll(() => veza?.stop());

/** Runs a query over HTTP and over WebSocket; both must agree. */
async function both(query: string, operationName?: string): Promise<GraphQLResponse[]> {
  const http = await post(query, operationName);
  const client = veza.wsClient();
  const ws = await new Promise<GraphQLResponse>((resolve) => {
    let first: GraphQLResponse | undefined;
    client.subscribe(
      { query, operationName },
      {
        next: (value) => (first ??= value as GraphQLResponse),
        error: (errors) => resolve({ errors: errors as GraphQLResponse['errors'] }),
        complete: () => resolve(first ?? {}),
      },
    );
  });
  return [http, ws];
}

async function post(query: string, operationName?: string): Promise<GraphQLResponse> {
  const response = await fetch(veza.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  return (await response.json()) as GraphQLResponse;
}

async function expectAccepted(query: string, operationName?: string) {
  for (const result of await both(query, operationName)) expect(result.errors).toBeUndefined();
}

async function expectRejected(query: string, message: RegExp, operationName?: string) {
  for (const result of await both(query, operationName)) {
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.data ?? null).toBeNull();
  }
}

/** A query `depth` fields deep, counting the leaf: programmes > edges > node > … > id. */
function deepQuery(depth: number) {
  // Programme.organizations > ProgrammeOrganization.organization > Organization.programmes >
  // ProgrammeOrganization.programme > Programme …
  const chain = ['organizations', 'organization', 'programmes', 'programme'];
  const levels = Array.from({ length: depth - 4 }, (_, i) => chain[i % 4]);
  return `{ programmes { edges { node { ${levels.map((field) => `${field} { `).join('')}id ${'} '.repeat(levels.length)}} } } }`;
}

describe('graphql-armor limits, on HTTP and WebSocket', () => {
  it(`depth: ${limits.maxDepth} accepted, ${limits.maxDepth + 1} rejected`, async () => {
    await expectAccepted(deepQuery(limits.maxDepth));
    await expectRejected(deepQuery(limits.maxDepth + 1), /depth limit/i);
  });

  it(`aliases: ${limits.maxAliases} accepted, ${limits.maxAliases + 1} rejected`, async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { roles }`).join(' ')} }`;
    await expectAccepted(aliases(limits.maxAliases));
    await expectRejected(aliases(limits.maxAliases + 1), /aliases limit/i);
  });

  it(`directives: ${limits.maxDirectives} accepted, ${limits.maxDirectives + 1} rejected`, async () => {
    const directives = (n: number) => `{ ${'__typename @include(if: true) '.repeat(n)}}`;
    await expectAccepted(directives(limits.maxDirectives));
    await expectRejected(directives(limits.maxDirectives + 1), /directives limit/i);
  });

  it(`tokens: ${limits.maxTokens} accepted, ${limits.maxTokens + 1} rejected`, async () => {
    // Operations of five tokens each (`query Qi { __typename }`), the first padded with
    // `__typename`s: many small operations, so that no selection is large (graphql-js bounds
    // its own work on one) and no list is long.
    const tokens = (n: number) =>
      Array.from(
        { length: Math.floor(n / 5) },
        (_, i) => `query Q${i} { ${'__typename '.repeat(i === 0 ? 1 + (n % 5) : 1)}}`,
      ).join(' ');
    await expectAccepted(tokens(limits.maxTokens), 'Q0');
    await expectRejected(tokens(limits.maxTokens + 1), /token limit/i, 'Q0');
  });

  it(`counts __typename aliases like any other: ${limits.maxAliases} accepted, 500 rejected`, async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    await expectAccepted(aliases(limits.maxAliases));
    await expectRejected(aliases(limits.maxAliases + 1), /aliases limit/i);
    await expectRejected(aliases(500), /aliases limit/i);
  });

  it(`cost: at most ${limits.maxCost} accepted, just over rejected`, async () => {
    // graphql-armor's cost (objects 2, scalars 1, × 1.5 per level): the connection costs 9.5,
    // each spread of F (a scalar four levels down) 21.09375.
    const spreads = Math.floor((limits.maxCost - 9.5) / 21.09375);
    const cost = (n: number) =>
      `{ programmes { edges { node { ${'...F '.repeat(n)}} } } } fragment F on Programme { code }`;
    await expectAccepted(cost(spreads));
    await expectRejected(cost(spreads + 1), /cost limit/i);
  });

  it(`lists: ${limits.maxListLength} items accepted, one more rejected, in variables and literals`, async () => {
    const listed = await veza.gql('{ programmes(first: 1) { edges { node { id } } } }');
    const id = listed.data?.programmes.edges[0].node.id as string;
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const fits = await veza.gql(query, { ids: Array(limits.maxListLength).fill(id) });
    expect(fits.errors).toBeUndefined();
    expect(fits.data?.nodes).toHaveLength(limits.maxListLength);
    for (const size of [limits.maxListLength + 1, 10_000]) {
      const over = await veza.gql(query, { ids: Array(size).fill(id) });
      expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(over.errors?.[0]?.message).toMatch(
        new RegExp(`at most ${limits.maxListLength} items`),
      );
      expect(over.data ?? null).toBeNull();
    }
    await expectRejected(
      `{ nodes(ids: [${`"${id}" `.repeat(limits.maxListLength + 1)}]) { id } }`,
      /at most \d+ items/,
    );
    // A list inside an input object or a JSON value counts alike.
    const nested = await veza.gql(
      'mutation($input: UpdatePresenceInput!) { updatePresence(input: $input) { ok } }',
      { input: { documentId: id, state: { cursors: Array(limits.maxListLength + 1).fill(0) } } },
    );
    expect(nested.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(nested.errors?.[0]?.message).toMatch(/at most \d+ items/);
  });

  it('counts the values of variables in the cost: list lengths and first/last', async () => {
    const listed = await veza.gql('{ programmes(first: 1) { edges { node { id } } } }');
    const id = listed.data?.programmes.edges[0].node.id as string;
    // The same document, cheap with a few IDs, over the limit with many: each ID's subtree
    // (a programme's partners and their municipalities) is counted once per ID.
    const heavy = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Programme {
      partners(first: 20) { edges { node { municipality { id name } } } } } } }`;
    const few = await veza.gql(heavy, { ids: [id] });
    expect(few.errors).toBeUndefined();
    const many = await veza.gql(heavy, { ids: Array(limits.maxListLength).fill(id) });
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(many.errors?.[0]?.message).toMatch(/cost limit/i);
    // `first: $n` multiplies like `first: 100` written out.
    const page = `query($n: Int) { programmes(first: $n) { edges { node {
      partners(first: 100) { edges { node { municipality { id name } } } } } } } }`;
    expect((await veza.gql(page, { n: 1 })).errors).toBeUndefined();
    const large = await veza.gql(page, { n: 100 });
    expect(large.errors?.[0]?.message).toMatch(/cost limit/i);
    expect(large.data ?? null).toBeNull();
  });

  it('allows introspection (GraphiQL and codegen rely on it)', async () => {
    const result = await veza.gql(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('HTTP requests', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(veza.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('refuses a batch (an array of operations) with 400', async () => {
    const response = await post(
      JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it(`accepts a body of ${maxBodyBytes} bytes and refuses one byte more with 413`, async () => {
    const padded = (size: number) => {
      const base = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({
        query: '{ __typename }',
        variables: { pad: 'x'.repeat(size - base.length) },
      });
    };
    const under = await post(padded(maxBodyBytes));
    expect(under.status).toBe(200);
    expect(await under.json()).toEqual({ data: { __typename: 'Query' } });
    const over = await post(padded(maxBodyBytes + 1));
    expect(over.status).toBe(413);
    await over.body?.cancel();
  });

  it('prevents CSRF: plain GET runs queries only; form-like POSTs need a custom header', async () => {
    const get = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${veza.url}?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/json', ...headers },
      });
    // What urql sends with its defaults: a GET without any custom header.
    const bare = await get('{ __typename }');
    expect(bare.status).toBe(200);
    expect(bare.headers.get('cache-control')).toBe('no-store');
    expect(await bare.json()).toEqual({ data: { __typename: 'Query' } });
    // Mutations never run over GET, header or not.
    const signIn =
      'mutation { signIn(input: {email: "admin@veza.test", password: "veza-demo"}) { token } }';
    const headerSets: Record<string, string>[] = [{}, { 'x-graphql-yoga-csrf': '1' }];
    for (const headers of headerSets) {
      const mutation = await get(signIn, headers);
      expect(mutation.status).toBe(405);
      const body = (await mutation.json()) as GraphQLResponse;
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.message).toMatch(/mutation/i);
    }
    const form = await post(JSON.stringify({ query: signIn }), { 'content-type': 'text/plain' });
    expect(form.status).toBe(403);
    expect(((await form.json()) as GraphQLResponse).data).toBeUndefined();
    // A browser asking for the page still gets GraphiQL, whose own requests are JSON POSTs.
    const page = await fetch(veza.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
  });
});

describe('WebSocket limits', () => {
  const open = () => new WebSocket(veza.wsUrl, 'graphql-transport-ws');
  const closed = (socket: WebSocket) =>
    new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const opened = (socket: WebSocket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });

  it(`accepts a ${MAX_WS_PAYLOAD_BYTES}-byte frame and closes with 1009 on a larger one`, async () => {
    const initOf = (size: number) => {
      const base = JSON.stringify({ type: 'connection_init', payload: { pad: '' } });
      return JSON.stringify({
        type: 'connection_init',
        payload: { pad: 'x'.repeat(size - base.length) },
      });
    };
    const fits = open();
    await opened(fits);
    const ack = new Promise<string>((resolve) =>
      fits.once('message', (data) => resolve(String(data))),
    );
    fits.send(initOf(MAX_WS_PAYLOAD_BYTES));
    expect(JSON.parse(await ack)).toEqual({ type: 'connection_ack' });
    fits.close();

    const big = open();
    await opened(big);
    const code = closed(big);
    big.send(initOf(MAX_WS_PAYLOAD_BYTES + 1));
    expect(await code).toBe(1009);
  });

  it('closes a socket that sends no connection_init with 4408 (after 3 s)', async () => {
    const idle = open();
    await opened(idle);
    expect(await closed(idle)).toBe(4408);
  });
});
