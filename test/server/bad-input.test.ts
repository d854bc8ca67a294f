import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, startTestServer, type TestServer } from '../utils/server.js';

// Input a client controls, sent as an attacker or a broken client would: each answer carries
// one of the five codes, never INTERNAL_SERVER_ERROR, and the request never half-writes.

let veza: TestServer;
let adminToken: string;

/** A well-formed global ID of `typename` naming no record (an item's key is `<document>/<key>`). */
const globalId = (typename: string, id = randomUUID()) =>
  Buffer.from(`${typename}:${typename === 'ConclusionItem' ? `${id}/1` : id}`).toString('base64');

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  adminToken = await veza.signIn('admin@veza.test');
});
afterAll(() => veza?.stop());

const codesOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

describe('strings the database cannot store', () => {
  const createProgramme = `mutation($input: CreateProgrammeInput!) {
    createProgramme(input: $input) { programme { id } }
  }`;
  const bad = {
    'a NUL byte': 'Ime\u0000programa',
    'a lone high surrogate': 'Ime\ud800programa',
    'a lone low surrogate': 'Ime\udc00programa',
  };

  for (const [what, name] of Object.entries(bad)) {
    it(`refuses ${what} in a variable with BAD_USER_INPUT and stores nothing`, async () => {
      const code = `X${randomUUID().slice(0, 6)}`;
      const result = await veza.gql(createProgramme, { input: { code, name } }, adminToken);
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(/NUL|surrogate|not valid text/i);
      const stored = await veza.data(
        'query($s: String) { programmes(search: $s) { totalCount } }',
        {
          s: code,
        },
      );
      expect(stored.programmes.totalCount).toBe(0);
    });

    it(`refuses ${what} in a search argument and in a JSON value`, async () => {
      const search = await veza.gql(
        'query($s: String) { municipalities(search: $s) { totalCount } }',
        {
          s: name,
        },
      );
      expect(codesOf(search)).toEqual(['BAD_USER_INPUT']);
      const signIn = await veza.gql(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email: `a${name}@veza.test`, password: name } },
      );
      expect(codesOf(signIn)).toEqual(['BAD_USER_INPUT']);
    });
  }

  it('refuses a NUL byte written as an escape in the query text', async () => {
    const result = await veza.gql('{ municipalities(search: "a\\u0000b") { totalCount } }');
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts every other character, Bosnian and Cyrillic letters and emoji among them', async () => {
    const code = `Y${randomUUID().slice(0, 6)}`;
    const name = 'Ključ – Кључ 🌉 \t tab';
    const created = await veza.data(createProgramme, { input: { code, name } }, adminToken);
    expect(created.createProgramme.programme.id).toBeTruthy();
  });
});

describe('search', () => {
  it('takes % and _ literally, not as wildcards', async () => {
    const count = async (s: string) =>
      (
        await veza.data('query($s: String) { municipalities(search: $s) { totalCount } }', {
          s,
        })
      ).municipalities.totalCount;
    expect(await count('kljuc')).toBe(1);
    expect(await count('%')).toBe(0);
    expect(await count('_')).toBe(0);
    expect(await count('klj_c')).toBe(0);
    expect(await count('k%c')).toBe(0);
    expect(await count('\\')).toBe(0);
  });
});

describe('node(id:) and nodes(ids:) of well-formed IDs whose records do not exist', () => {
  let nodeTypes: string[];

  beforeAll(async () => {
    const { __type } = await veza.data('{ __type(name: "Node") { possibleTypes { name } } }');
    nodeTypes = __type.possibleTypes.map((type: { name: string }) => type.name);
  });

  it('answers null for every Node type', async () => {
    expect(nodeTypes.length).toBeGreaterThan(20);
    for (const typename of nodeTypes) {
      const result = await veza.gql(
        'query($id: ID!) { node(id: $id) { id } }',
        { id: globalId(typename) },
        adminToken,
      );
      expect({ typename, ...result }).toEqual({ typename, data: { node: null } });
    }
  });

  it('nodes answers null in place of each missing one and keeps the others', async () => {
    const { programmes } = await veza.data('{ programmes(first: 1) { edges { node { id } } } }');
    const existing = programmes.edges[0].node.id as string;
    const ids = [globalId('Municipality'), existing, ...nodeTypes.map((type) => globalId(type))];
    const result = await veza.gql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids },
      adminToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([null, { id: existing }, ...nodeTypes.map(() => null)]);
  });
});

describe('records that vanish under a write', () => {
  it('answers NOT_FOUND for a missing record a mutation updates', async () => {
    const result = await veza.gql(
      `mutation($input: UpdateOrganizationInput!) {
        updateOrganization(input: $input) { organization { id } }
      }`,
      { input: { id: globalId('Organization'), name: 'Nova' } },
      adminToken,
    );
    expect(codesOf(result)).toEqual(['NOT_FOUND']);
  });
});

describe('a record another request removed first', () => {
  it('answers NOT_FOUND to the removals that lose the race, not an unexpected error', async () => {
    const { events, organizations } = await veza.data(
      '{ events(first: 1) { edges { node { id } } } organizations(first: 1) { edges { node { id } } } }',
      {},
      adminToken,
    );
    const added = await veza.data(
      `mutation($input: AddPresentationInput!) {
        addPresentation(input: $input) { presentation { id } }
      }`,
      {
        input: {
          eventId: events.edges[0].node.id,
          organizationId: organizations.edges[0].node.id,
          title: 'Dvaput uklonjena',
        },
      },
      adminToken,
    );
    const remove = () =>
      veza.gql(
        `mutation($input: RemovePresentationInput!) {
          removePresentation(input: $input) { event { id } }
        }`,
        { input: { presentationId: added.addPresentation.presentation.id } },
        adminToken,
      );
    const results = await Promise.all([remove(), remove(), remove(), remove()]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const refusals = results.flatMap((result) => codesOf(result) ?? []);
    expect(refusals).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
  });
});

describe('deeply nested variables', () => {
  it('refuses a JSON value nested deeper than the limit with BAD_USER_INPUT', async () => {
    // Written out by hand: JSON.stringify itself overflows on such a value.
    const depth = 20_000;
    const body = `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"${globalId(
      'Programme',
    )}","x":${'['.repeat(depth)}"dno"${']'.repeat(depth)}}}`;
    // A cached read's key is built from the variables as sent, undeclared ones too: the path
    // that overflowed the stack.
    const response = await fetch(veza.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const read = (await response.json()) as GraphQLResponse;
    expect(codesOf(read)).toEqual(['BAD_USER_INPUT']);
    expect(read.errors?.[0]?.message).toMatch(/nested/i);
  });
});

describe('partner cohorts without their partners', () => {
  it('answers the cohorts when only their names are asked for', async () => {
    const result = await veza.gql(
      '{ programmes { edges { node { code partnerCohorts { name joinedOn } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const cohorts = result.data?.programmes.edges.flatMap((e: any) => e.node.partnerCohorts);
    expect(cohorts.length).toBeGreaterThan(0);
    expect(cohorts[0].name).toEqual(expect.any(String));
  });
});
