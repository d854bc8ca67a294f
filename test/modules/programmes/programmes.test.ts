import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, subscribed, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let adminToken: string;
let partnerToken: string;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  adminToken = await veza.signIn('admin@veza.test');
  partnerToken = await veza.signIn('partner@veza.test');
});
afterAll(() => veza?.stop());

const programmesQuery = `query($search: String, $first: Int, $after: String) {
  programmes(search: $search, first: $first, after: $after) {
    totalCount
    edges { cursor node { id code name localName organizations { role organization { acronym } } } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}`;

const createMutation = `mutation($input: CreateProgrammeInput!) {
  createProgramme(input: $input) { programme { id code name startsOn endsOn } }
}`;

describe('programmes query', () => {
  it('finds the demo programmes by a diacritic-free search', async () => {
    const { data, errors } = await veza.gql(programmesQuery, { search: 'dijaspora' });
    expect(errors).toBeUndefined();
    expect(data?.programmes.totalCount).toBe(1);
    const d4d = data?.programmes.edges[0].node;
    expect(d4d.code).toBe('D4D');
    expect(d4d.organizations).toEqual(
      expect.arrayContaining([
        { role: 'LEAD', organization: { acronym: 'MLJPI' } },
        { role: 'DONOR', organization: { acronym: 'CH-GOV' } },
      ]),
    );
  });

  it('ignores case and diacritics in both directions', async () => {
    // "Aktivizam, angažman i odgovorna rješenja": typed without č/ž and in capitals.
    const plain = await veza.gql(programmesQuery, { search: 'ANGAZMAN' });
    expect(plain.data?.programmes.edges.map((e: any) => e.node.code)).toEqual(['MAKERS']);
    const accented = await veza.gql(programmesQuery, { search: 'rješenja' });
    expect(accented.data?.programmes.edges.map((e: any) => e.node.code)).toEqual(['MAKERS']);
  });

  it('pages with first/after and reports totalCount', async () => {
    const first = await veza.gql(programmesQuery, { first: 3 });
    const page1 = first.data?.programmes;
    expect(page1.totalCount).toBeGreaterThanOrEqual(4);
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await veza.gql(programmesQuery, { first: 3, after: page1.pageInfo.endCursor });
    const page2 = second.data?.programmes;
    const ids = [...page1.edges, ...page2.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(page1.totalCount);
    expect(page2.pageInfo.hasPreviousPage).toBe(true);
  });

  it('resolves a programme through node(id:) and nodes(ids:)', async () => {
    const { data } = await veza.gql(programmesQuery, { search: 'makers' });
    const id = data?.programmes.edges[0].node.id;
    const node = await veza.gql(
      'query($id: ID!) { node(id: $id) { id ... on Programme { code } } nodes(ids: [$id]) { id } }',
      { id },
    );
    expect(node.data).toEqual({ node: { id, code: 'MAKERS' }, nodes: [{ id }] });
  });

  it('refuses a malformed global ID with BAD_USER_INPUT', async () => {
    const { errors } = await veza.gql('{ node(id: "not-an-id") { id } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('organizations query', () => {
  it('filters by kind and country and searches names', async () => {
    const query = `query($search: String, $kind: OrganizationKind, $country: String) {
      organizations(search: $search, kind: $kind, country: $country) {
        totalCount edges { node { name kind country } }
      }
    }`;
    const swiss = await veza.gql(query, { kind: 'DIASPORA_ASSOCIATION', country: 'ch' });
    expect(swiss.data?.organizations.edges.map((e: any) => e.node.name).sort()).toEqual([
      'Prijatelji Ključa',
      'Udruženje omladinski centar "Kosmos"',
    ]);
    const kljuc = await veza.gql(query, { search: 'prijatelji kljuca' });
    expect(kljuc.data?.organizations.edges.map((e: any) => e.node.name)).toEqual([
      'Prijatelji Ključa',
    ]);
    const bad = await veza.gql(query, { country: 'Switzerland' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.data).toBeNull();
  });
});

describe('programme mutations', () => {
  it('lets a network administrator create and update a programme', async () => {
    const created = await veza.gql(
      createMutation,
      { input: { code: 'LDP-1', name: 'Lokalne dijaloške platforme', startsOn: '2022-10-18' } },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const programme = created.data?.createProgramme.programme;
    expect(programme).toMatchObject({ code: 'LDP-1', startsOn: '2022-10-18', endsOn: null });

    const updated = await veza.gql(
      `mutation($input: UpdateProgrammeInput!) {
        updateProgramme(input: $input) { programme { id name endsOn } }
      }`,
      { input: { id: programme.id, endsOn: '2023-12-31' } },
      adminToken,
    );
    expect(updated.data?.updateProgramme.programme).toEqual({
      id: programme.id,
      name: 'Lokalne dijaloške platforme',
      endsOn: '2023-12-31',
    });
    const found = await veza.gql(programmesQuery, { search: 'dijaloske platforme' });
    expect(found.data?.programmes.edges[0].node.id).toBe(programme.id);
  });

  it('refuses anonymous callers and partners, writing nothing', async () => {
    const input = { code: 'NOPE', name: 'Nope' };
    const anonymous = await veza.gql(createMutation, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const partner = await veza.gql(createMutation, { input }, partnerToken);
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(partner.data).toBeNull();
    const found = await veza.gql(programmesQuery, { search: 'NOPE' });
    expect(found.data?.programmes.totalCount).toBe(0);
  });

  it('refuses bad input with BAD_USER_INPUT and duplicates with CONFLICT', async () => {
    const backwards = await veza.gql(
      createMutation,
      { input: { code: 'BACK', name: 'Backwards', startsOn: '2020-01-02', endsOn: '2020-01-01' } },
      adminToken,
    );
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(backwards.errors?.[0]?.message).toMatch(/endsOn/);
    const blank = await veza.gql(createMutation, { input: { code: ' ', name: 'x' } }, adminToken);
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const duplicate = await veza.gql(
      createMutation,
      { input: { code: 'D4D', name: 'Again' } },
      adminToken,
    );
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const found = await veza.gql(programmesQuery, { search: 'backwards' });
    expect(found.data?.programmes.totalCount).toBe(0);
  });
});

describe('programmeChanged subscription', () => {
  it('delivers a programme created by another client over graphql-ws', async () => {
    const subscriber = veza.wsClient();
    const events = await subscribed(veza, () =>
      collect<{ programmeChanged: { code: string; name: string } }>(
        subscriber,
        'subscription { programmeChanged { code name } }',
      ),
    );
    const created = await veza.gql(
      createMutation,
      { input: { code: 'LIVE-1', name: 'Uživo' } },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const [event] = await events.waitFor(1);
    expect(event?.data?.programmeChanged).toEqual({ code: 'LIVE-1', name: 'Uživo' });
    events.unsubscribe();
  });
});

describe('node(id:) of a record that does not exist', () => {
  it('answers null without an error', async () => {
    const missing = (type: string) =>
      Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64');
    for (const type of ['Programme', 'Organization', 'Event', 'ConclusionDocument']) {
      const { data, errors } = await veza.gql('query($id: ID!) { node(id: $id) { id } }', {
        id: missing(type),
      });
      expect(errors, type).toBeUndefined();
      expect(data).toEqual({ node: null });
    }
  });
});
