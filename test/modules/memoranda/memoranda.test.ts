import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let adminToken: string;
let kljucToken: string;
const ids: Record<string, string> = {};

const memorandaQuery = `query($search: String, $municipalityId: ID) {
  memoranda(search: $search, municipalityId: $municipalityId) {
    totalCount
    edges { node {
      id title signedOn place goals programme { code }
      parties {
        organization { acronym } municipality { name }
        signatory { fullName } signatoryFunction
      }
      committedResources { description money { amount currency } }
    } }
  }
}`;

const createMutation = `mutation($input: CreateMemorandumInput!) {
  createMemorandum(input: $input) {
    memorandum { id title parties { organization { acronym } municipality { name } } committedResources { money { amount currency } } }
  }
}`;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [adminToken, kljucToken] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
  ]);
  const { data } = await veza.gql(
    `{ municipalities(first: 100) { edges { node { id name } } }
       organizations(first: 100) { edges { node { id acronym name } } } }`,
  );
  for (const { node } of data?.municipalities.edges ?? []) ids[node.name] = node.id;
  for (const { node } of data?.organizations.edges ?? []) ids[node.acronym ?? node.name] = node.id;
});
afterAll(() => veza?.stop());

describe('the 2017 memorandum', () => {
  it('has the Ministry and the 28 municipalities as parties, with Novi Grad Sarajevo’s signatory', async () => {
    const { data, errors } = await veza.gql(memorandaQuery, { search: 'iseljenistva' });
    expect(errors).toBeUndefined();
    expect(data?.memoranda.totalCount).toBe(1);
    const memorandum = data?.memoranda.edges[0].node;
    expect(memorandum).toMatchObject({ signedOn: '2017-11-20', programme: { code: 'D4D' } });
    expect(memorandum.parties).toHaveLength(29);
    expect(memorandum.parties[0]).toMatchObject({ organization: { acronym: 'MLJPI' } });
    expect(memorandum.parties.filter((p: any) => p.municipality)).toHaveLength(28);
    expect(
      memorandum.parties.find((p: any) => p.municipality?.name === 'Novi Grad Sarajevo'),
    ).toEqual({
      organization: null,
      municipality: { name: 'Novi Grad Sarajevo' },
      signatory: { fullName: 'Džemaludin Kahrović' },
      signatoryFunction: 'pomoćnik općinskog načelnika za privredu i lokalni ekonomski razvoj',
    });
    expect(memorandum.committedResources.map((r: any) => r.money)).toEqual([
      { amount: '1300000.00', currency: 'BAM' },
      { amount: '1000000.00', currency: 'BAM' },
    ]);
  });

  it('is listed for a party municipality', async () => {
    const { data } = await veza.gql(
      `query($id: ID!) { node(id: $id) { ... on Municipality { name memoranda { title signedOn } } } }`,
      { id: ids['Žepče'] },
    );
    expect(data?.node.memoranda).toEqual([
      { title: 'Memorandum o saradnji u oblasti iseljeništva', signedOn: '2017-11-20' },
    ]);
    const trnovo = await veza.gql(memorandaQuery, { municipalityId: ids.Trnovo });
    expect(trnovo.data?.memoranda.totalCount).toBe(0);
  });
});

describe('memorandum mutations', () => {
  const input = () => ({
    title: 'Memorandum o razumijevanju – Ključ i Prijatelji Ključa',
    signedOn: '2018-08-10',
    place: 'Ključ',
    goals: ['Dani dijaspore Ključ'],
    parties: [{ municipalityId: ids['Ključ'] }, { organizationId: ids['Prijatelji Ključa'] }],
    committedResources: [{ description: 'Sufinansiranje', amount: '2500.50', currency: 'CHF' }],
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const variants = [
      { ...input(), title: ' ' },
      { ...input(), parties: [] },
      { ...input(), parties: [{ municipalityId: ids['Ključ'], organizationId: ids.MLJPI }] },
      { ...input(), parties: [{}] },
      { ...input(), parties: [{ municipalityId: ids['Ključ'] }, { municipalityId: ids['Ključ'] }] },
      { ...input(), committedResources: [{ description: 'x', amount: '-5' }] },
      { ...input(), committedResources: [{ description: 'x', amount: '1', currency: 'chf' }] },
      { ...input(), parties: [{ municipalityId: 'bm90LWEtbXVuaWNpcGFsaXR5' }] },
    ];
    for (const variant of variants) {
      const result = await veza.gql(createMutation, { input: variant }, adminToken);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variant)).toBe('BAD_USER_INPUT');
      expect(result.data ?? null).toBeNull();
    }
    const found = await veza.gql(memorandaQuery, { search: 'razumijevanju' });
    expect(found.data?.memoranda.totalCount).toBe(0);
  });

  it('refuses anonymous callers and coordinators', async () => {
    const anonymous = await veza.gql(createMutation, { input: input() });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const coordinator = await veza.gql(createMutation, { input: input() }, kljucToken);
    expect(coordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates, updates (replacing parties) and archives a memorandum', async () => {
    const created = await veza.gql(createMutation, { input: input() }, adminToken);
    expect(created.errors).toBeUndefined();
    const memorandum = created.data?.createMemorandum.memorandum;
    expect(memorandum.parties).toEqual([
      { organization: null, municipality: { name: 'Ključ' } },
      { organization: { acronym: null }, municipality: null },
    ]);
    expect(memorandum.committedResources).toEqual([
      { money: { amount: '2500.50', currency: 'CHF' } },
    ]);

    const updated = await veza.gql(
      `mutation($input: UpdateMemorandumInput!) {
        updateMemorandum(input: $input) { memorandum { title parties { municipality { name } } committedResources { description } } }
      }`,
      {
        input: {
          id: memorandum.id,
          parties: [{ municipalityId: ids['Ključ'] }, { municipalityId: ids['Sanski Most'] }],
          committedResources: [],
        },
      },
      adminToken,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateMemorandum.memorandum).toEqual({
      title: 'Memorandum o razumijevanju – Ključ i Prijatelji Ključa',
      parties: [{ municipality: { name: 'Ključ' } }, { municipality: { name: 'Sanski Most' } }],
      committedResources: [],
    });

    const archived = await veza.gql(
      `mutation($input: ArchiveMemorandumInput!) { archiveMemorandum(input: $input) { memorandum { archivedAt } } }`,
      { input: { id: memorandum.id } },
      adminToken,
    );
    expect(archived.data?.archiveMemorandum.memorandum.archivedAt).toBeTruthy();
    const found = await veza.gql(memorandaQuery, { search: 'razumijevanju' });
    expect(found.data?.memoranda.totalCount).toBe(0);
  });
});
