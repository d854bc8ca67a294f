// Real third-party clients, with their default settings, against a real server: what a
// frontend built on Apollo Client or urql sees (queries, pages, node refetch, subscriptions,
// and normalized caches that must never merge two records).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import {
  Client as UrqlClient,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
} from '@urql/core';
import { cacheExchange as normalizedCacheExchange } from '@urql/exchange-graphcache';
import { type Client as WsClient, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, subscribed, type TestServer } from '../utils/server.js';

let veza: TestServer;
let admin: string;
const sockets: WsClient[] = [];
/** Two documents whose items have the same key ("isti") and different texts. */
const documents: { id: string; text: string }[] = [];

const socketTo = (token?: string) => {
  const socket = createClient({
    url: veza.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  sockets.push(socket);
  return socket;
};

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  admin = await veza.signIn('admin@veza.test');
  const { programmes } = await veza.data('{ programmes(first: 1) { edges { node { id } } } }');
  for (const [title, text] of [
    ['Prva radionica', 'Tekst prvog dokumenta'],
    ['Druga radionica', 'Tekst drugog dokumenta'],
  ] as const) {
    const { createEvent } = await veza.data(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { conclusions { id } } } }`,
      {
        input: {
          kind: 'WORKSHOP',
          published: true,
          title,
          programmeId: programmes.edges[0].node.id,
          startsOn: '2026-05-04',
          endsOn: '2026-05-04',
        },
      },
      admin,
    );
    const id = createEvent.event.conclusions.id;
    await veza.data(
      `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId: id, itemId: 'isti', kind: 'CONCLUSION', text } },
      admin,
    );
    documents.push({ id, text });
  }
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await veza?.stop();
});

const MUNICIPALITIES = gql`
  query Municipalities($first: Int, $after: String) {
    municipalities(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          estimatedDiasporaSize
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const MUNICIPALITY = gql`
  query Municipality($id: ID!) {
    node(id: $id) {
      id
      ... on Municipality {
        name
        estimatedDiasporaSize
      }
    }
  }
`;
const ITEMS = gql`
  query Items($id: ID!) {
    node(id: $id) {
      id
      ... on ConclusionDocument {
        items {
          id
          key
          text
        }
      }
    }
  }
`;
const DIRECTORY_CHANGED = gql`
  subscription {
    directoryChanged(typename: "Municipality") {
      id
      recordId
      change
      record {
        id
        ... on Municipality {
          estimatedDiasporaSize
        }
      }
    }
  }
`;
const UPDATE_MUNICIPALITY = gql`
  mutation Update($input: UpdateMunicipalityInput!) {
    updateMunicipality(input: $input) {
      municipality {
        id
        estimatedDiasporaSize
      }
    }
  }
`;

interface Municipality {
  id: string;
  name: string;
  estimatedDiasporaSize: number | null;
}
interface MunicipalityPage {
  municipalities: {
    totalCount: number;
    edges: { cursor: string; node: Municipality }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface DirectoryChangeResult {
  directoryChanged: {
    id: string;
    recordId: string;
    change: string;
    record: { id: string; estimatedDiasporaSize: number };
  };
}
interface ItemsResult {
  node: { id: string; items: { id: string; key: string; text: string }[] };
}

/** Every page, following endCursor with any client's query function. */
async function allPages(page: (after: string | null) => Promise<MunicipalityPage>) {
  const seen: Municipality[] = [];
  let after: string | null = null;
  for (;;) {
    const { municipalities } = await page(after);
    seen.push(...municipalities.edges.map((edge) => edge.node));
    if (!municipalities.pageInfo.hasNextPage) return { seen, total: municipalities.totalCount };
    after = municipalities.pageInfo.endCursor;
  }
}

/** Resolves with the first `count` values an observable-like source gives. */
function firstValues<T>(
  source: {
    subscribe(observer: { next(value: T): void; error(error: unknown): void }): {
      unsubscribe(): void;
    };
  },
  count: number,
) {
  const values: T[] = [];
  let subscription: { unsubscribe(): void } | undefined;
  const done = new Promise<T[]>((resolve, reject) => {
    subscription = source.subscribe({
      next: (value) => {
        values.push(value);
        if (values.length === count) resolve(values);
      },
      error: reject,
    });
  });
  return { done: done.finally(() => subscription?.unsubscribe()) };
}

async function setDiasporaSize(id: string, estimatedDiasporaSize: number) {
  await veza.data(
    `mutation($input: UpdateMunicipalityInput!) { updateMunicipality(input: $input) { municipality { id } } }`,
    { input: { id, estimatedDiasporaSize } },
    admin,
  );
}

describe('Apollo Client (InMemoryCache, HttpLink, GraphQLWsLink, defaults)', () => {
  let apollo: ApolloClient;
  let socket: WsClient;

  beforeAll(() => {
    socket = socketTo(admin);
    const http = new HttpLink({ uri: veza.url, headers: { authorization: `Bearer ${admin}` } });
    const link = ApolloLink.split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
      },
      new GraphQLWsLink(socket),
      http,
    );
    apollo = new ApolloClient({ link, cache: new InMemoryCache() });
  });

  it('pages through a connection named as the contract names it', async () => {
    const { seen, total } = await allPages(
      async (after) =>
        (
          await apollo.query<MunicipalityPage>({
            query: MUNICIPALITIES,
            variables: { first: 10, after },
          })
        ).data!,
    );
    expect(total).toBeGreaterThanOrEqual(28);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((municipality) => municipality.id)).size).toBe(total);
    const typed = await apollo.query<{ __type: { name: string } | null }>({
      query: gql`
        {
          __type(name: "MunicipalityConnection") {
            name
          }
        }
      `,
    });
    expect(typed.data?.__type?.name).toBe('MunicipalityConnection');
  });

  it('refetches a record with node(id:) into the record its lists show', async () => {
    const first = await apollo.query<MunicipalityPage>({
      query: MUNICIPALITIES,
      variables: { first: 5, after: null },
    });
    const { id } = first.data!.municipalities.edges[0]!.node;
    await setDiasporaSize(id, 12_345);
    const refetched = await apollo.query<{ node: Municipality }>({
      query: MUNICIPALITY,
      variables: { id },
      fetchPolicy: 'network-only',
    });
    expect(refetched.data?.node.estimatedDiasporaSize).toBe(12_345);
    // The list, read from the cache alone, shows the refetched record.
    const cached = apollo.readQuery<MunicipalityPage>({
      query: MUNICIPALITIES,
      variables: { first: 5, after: null },
    });
    expect(cached?.municipalities.edges[0]?.node).toMatchObject({
      id,
      estimatedDiasporaSize: 12_345,
    });
  });

  it('receives a subscription over graphql-ws whose event is not taken for the record', async () => {
    const { data } = await apollo.query<MunicipalityPage>({
      query: MUNICIPALITIES,
      variables: { first: 5, after: null },
    });
    const { id } = data!.municipalities.edges[1]!.node;
    // A subscribe message and a mutation travel on different connections: the change is made
    // once the server listens.
    const events = await subscribed(veza, () =>
      firstValues<{ data?: DirectoryChangeResult }>(
        apollo.subscribe<DirectoryChangeResult>({ query: DIRECTORY_CHANGED }),
        1,
      ),
    );
    await apollo.mutate({
      mutation: UPDATE_MUNICIPALITY,
      variables: { input: { id, estimatedDiasporaSize: 701 } },
    });
    const [event] = await events.done;
    const change = event!.data!.directoryChanged;
    expect(change).toMatchObject({ recordId: id, change: 'UPDATED', record: { id } });
    expect(change.id).not.toBe(id);
    const cache = apollo.cache.extract() as Record<string, { __typename?: string }>;
    expect(cache[`Municipality:${id}`]).toMatchObject({
      estimatedDiasporaSize: change.record.estimatedDiasporaSize,
    });
    expect(cache[`DirectoryChange:${change.id}`]?.__typename).toBe('DirectoryChange');
  });

  it('keeps two documents’ items with the same key apart in its cache', async () => {
    for (const document of documents) {
      await apollo.query<ItemsResult>({ query: ITEMS, variables: { id: document.id } });
    }
    for (const document of documents) {
      const cached = apollo.readQuery<ItemsResult>({
        query: ITEMS,
        variables: { id: document.id },
      });
      expect(cached?.node.items).toEqual([
        expect.objectContaining({ key: 'isti', text: document.text }),
      ]);
    }
    const refetched = await apollo.query<{ node: { key: string; text: string } }>({
      query: gql`
        query Item($id: ID!) {
          node(id: $id) {
            id
            ... on ConclusionItem {
              key
              text
            }
          }
        }
      `,
      variables: {
        id: apollo.readQuery<ItemsResult>({ query: ITEMS, variables: { id: documents[1]!.id } })!
          .node.items[0]!.id,
      },
      fetchPolicy: 'network-only',
    });
    expect(refetched.data?.node).toMatchObject({ key: 'isti', text: documents[1]!.text });
  });
});

describe('urql (@urql/core defaults: GET for queries; graphcache for a normalized cache)', () => {
  const methods: string[] = [];
  /** The platform's fetch, noting each request's method: urql decides GET or POST itself. */
  const notingFetch: typeof fetch = (input, init) => {
    methods.push(init?.method ?? 'GET');
    return fetch(input, init);
  };

  const urqlClient = (normalized: boolean, token?: string) => {
    const socket = socketTo(token);
    return {
      socket,
      client: new UrqlClient({
        url: veza.url,
        fetch: notingFetch,
        fetchOptions: token ? { headers: { authorization: `Bearer ${token}` } } : {},
        exchanges: [
          normalized ? normalizedCacheExchange({}) : cacheExchange,
          fetchExchange,
          subscriptionExchange({
            forwardSubscription(request) {
              const operation = { ...request, query: request.query ?? '' };
              return {
                subscribe: (sink) => ({ unsubscribe: socket.subscribe(operation, sink) }),
              };
            },
          }),
        ],
      }),
    };
  };

  it('sends queries as plain GET (no CSRF header) and pages through them, signed in or not', async () => {
    for (const token of [undefined, admin]) {
      const { client } = urqlClient(false, token);
      methods.length = 0;
      const { seen, total } = await allPages(async (after) => {
        const result = await client.query<MunicipalityPage>(MUNICIPALITIES, { first: 10, after });
        if (result.error) throw result.error;
        return result.data!;
      });
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((municipality) => municipality.id)).size).toBe(total);
      expect(methods.length).toBeGreaterThanOrEqual(3);
      expect(new Set(methods)).toEqual(new Set(['GET']));
    }
    // The viewer is the token's over GET too.
    const { client } = urqlClient(false, admin);
    const viewer = await client.query(
      gql`
        {
          viewer {
            user {
              email
            }
          }
        }
      `,
      {},
    );
    expect(viewer.data?.viewer.user.email).toBe('admin@veza.test');
  });

  it('sends mutations as POST, refetches with node(id:) and receives a subscription', async () => {
    const { client } = urqlClient(true, admin);
    const page = await client.query<MunicipalityPage>(MUNICIPALITIES, { first: 5, after: null });
    const { id } = page.data!.municipalities.edges[2]!.node;
    const events = await subscribed(veza, () =>
      firstValues<{ data?: DirectoryChangeResult }>(
        {
          subscribe: (observer) =>
            client
              .subscription<DirectoryChangeResult>(DIRECTORY_CHANGED, {})
              .subscribe((result) =>
                result.error ? observer.error(result.error) : observer.next(result),
              ),
        },
        1,
      ),
    );
    methods.length = 0;
    const size = 4_201;
    const updated = await client.mutation(UPDATE_MUNICIPALITY, {
      input: { id, estimatedDiasporaSize: size },
    });
    expect(updated.error).toBeUndefined();
    expect(methods).toEqual(['POST']);
    const [event] = await events.done;
    expect(event!.data!.directoryChanged).toMatchObject({ recordId: id, record: { id } });
    expect(event!.data!.directoryChanged.id).not.toBe(id);

    const refetched = await client.query<{ node: Municipality }>(
      MUNICIPALITY,
      { id },
      { requestPolicy: 'network-only' },
    );
    expect(refetched.data?.node.estimatedDiasporaSize).toBe(size);
    // graphcache normalized the record: the list, from the cache only, shows the new value.
    const cached = await client.query<MunicipalityPage>(
      MUNICIPALITIES,
      { first: 5, after: null },
      { requestPolicy: 'cache-only' },
    );
    expect(cached.data?.municipalities.edges[2]?.node.estimatedDiasporaSize).toBe(size);
  });

  it('keeps two documents’ items with the same key apart in graphcache', async () => {
    const { client } = urqlClient(true, admin);
    for (const document of documents) {
      const result = await client.query<ItemsResult>(ITEMS, { id: document.id });
      expect(result.error).toBeUndefined();
    }
    for (const document of documents) {
      const cached = await client.query<ItemsResult>(
        ITEMS,
        { id: document.id },
        { requestPolicy: 'cache-only' },
      );
      expect(cached.data?.node.items).toEqual([
        expect.objectContaining({ key: 'isti', text: document.text }),
      ]);
    }
  });
});

describe('ids a client cache can key on', () => {
  it('gives event days, action-item shares and their reports ids unique across records and types', async () => {
    const { events, actionItems } = await veza.data(
      `{
        events(first: 20) { edges { node { days { id date } } } }
        actionItems(first: 50) { edges { node { owners { id updates { id } } updates { id } } } } }`,
      {},
      admin,
    );
    const days = events.edges.flatMap((edge: any) => edge.node.days.map((day: any) => day.id));
    const shares = actionItems.edges.flatMap((edge: any) =>
      edge.node.owners.map((owner: any) => owner.id),
    );
    const reports = actionItems.edges.flatMap((edge: any) => [
      ...edge.node.updates.map((update: any) => update.id),
      ...edge.node.owners.flatMap((owner: any) => owner.updates.map((update: any) => update.id)),
    ]);
    expect(days.length).toBeGreaterThan(1);
    expect(shares.length).toBeGreaterThan(1);
    expect(reports.length).toBeGreaterThan(1);
    const typeOf = (id: string) => Buffer.from(id, 'base64').toString().split(':')[0];
    expect(new Set(days.map(typeOf))).toEqual(new Set(['EventDay']));
    expect(new Set(shares.map(typeOf))).toEqual(new Set(['ActionItemOwner']));
    expect(new Set(reports.map(typeOf))).toEqual(new Set(['ActionItemUpdate']));
    // A report appears under its item and under its owner's share: the same record, one id.
    expect(new Set([...days, ...shares]).size).toBe(days.length + shares.length);
  });
});
