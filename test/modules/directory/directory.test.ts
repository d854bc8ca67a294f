import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, subscribed, type TestServer } from '../../utils/server.js';
import { refusal } from '../../utils/assertions.js';
import { partnersQuery } from '../../../bench/directory-query.js';

let veza: TestServer;
let adminToken: string;
let kljucToken: string;
let zenicaToken: string;
let partnerToken: string;
const ids: Record<string, string> = {};

const municipalitiesQuery = `query($search: String, $unit: AdministrativeUnit, $programmeId: ID, $first: Int) {
  municipalities(search: $search, administrativeUnit: $unit, programmeId: $programmeId, first: $first) {
    totalCount
    edges { node { id name kind administrativeUnit canton estimatedDiasporaSize } }
  }
}`;

async function municipalityId(name: string): Promise<string> {
  const { data } = await veza.gql(municipalitiesQuery, { search: name });
  const node = data?.municipalities.edges.find((e: any) => e.node.name === name)?.node;
  if (!node) throw new Error(`no municipality ${name}`);
  return node.id;
}

async function programmeId(code: string): Promise<string> {
  const { data } = await veza.gql(
    'query($s: String) { programmes(search: $s) { edges { node { id code } } } }',
    {
      s: code,
    },
  );
  return data?.programmes.edges.find((e: any) => e.node.code === code).node.id;
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [adminToken, kljucToken, zenicaToken, partnerToken] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
  for (const name of ['Ključ', 'Zenica', 'Bihać', 'Novi Grad Sarajevo']) {
    ids[name] = await municipalityId(name);
  }
  for (const code of ['D4D', 'DI', 'MAKERS', 'M&R']) ids[code] = await programmeId(code);
});
afterAll(() => veza?.stop());

describe('municipalities query', () => {
  it('ignores case and diacritics: kljuc finds Ključ, zepce finds Žepče', async () => {
    const kljuc = await veza.gql(municipalitiesQuery, { search: 'kljuc' });
    expect(kljuc.errors).toBeUndefined();
    expect(kljuc.data?.municipalities.edges.map((e: any) => e.node.name)).toEqual(['Ključ']);
    const zepce = await veza.gql(municipalitiesQuery, { search: 'ZEPCE' });
    expect(zepce.data?.municipalities.edges.map((e: any) => e.node.name)).toEqual(['Žepče']);
  });

  it('holds the 28 signatories and Trnovo with their administrative units and cantons', async () => {
    const all = await veza.gql(municipalitiesQuery, { first: 100 });
    expect(all.data?.municipalities.totalCount).toBe(29);
    const rs = await veza.gql(municipalitiesQuery, { unit: 'REPUBLIKA_SRPSKA', first: 100 });
    expect(rs.data?.municipalities.edges.map((e: any) => e.node.name)).toEqual([
      'Bijeljina',
      'Bratunac',
      'Brod',
      'Čelinac',
      'Doboj',
      'Laktaši',
      'Lopare',
      'Nevesinje',
      'Prijedor',
      'Sokolac',
      'Stanari',
    ]);
    expect(rs.data?.municipalities.edges.every((e: any) => e.node.canton === null)).toBe(true);
    const byName = Object.fromEntries(
      all.data?.municipalities.edges.map((e: any) => [e.node.name, e.node]),
    );
    expect(byName['Ključ']).toMatchObject({ canton: 'UNA_SANA', kind: 'MUNICIPALITY' });
    expect(byName['Zenica']).toMatchObject({ canton: 'ZENICA_DOBOJ', kind: 'CITY' });
    expect(byName['Novi Grad Sarajevo']).toMatchObject({ canton: 'SARAJEVO' });
    expect(byName['Trnovo']).toMatchObject({ canton: 'SARAJEVO' });
    const d4d = await veza.gql(municipalitiesQuery, { programmeId: ids.D4D, first: 100 });
    expect(d4d.data?.municipalities.totalCount).toBe(28);
    expect(d4d.data?.municipalities.edges.map((e: any) => e.node.name)).not.toContain('Trnovo');
  });

  it('shows Novi Grad Sarajevo’s info point and Ključ’s diaspora office', async () => {
    const { data, errors } = await veza.gql(
      `query($a: ID!, $b: ID!) {
        a: node(id: $a) { ... on Municipality { diasporaOffice { kind name hostUnit phone email } } }
        b: node(id: $b) { ... on Municipality { diasporaOffice { kind name } } }
      }`,
      { a: ids['Novi Grad Sarajevo'], b: ids['Ključ'] },
    );
    expect(errors).toBeUndefined();
    expect(data?.a.diasporaOffice).toMatchObject({
      kind: 'INFO_POINT',
      phone: '+387 33 291 261',
      email: 'crbng@bih.net.ba',
    });
    expect(data?.a.diasporaOffice.hostUnit).toMatch(/Centar za razvoj biznisa/);
    expect(data?.b.diasporaOffice).toEqual({
      kind: 'DIASPORA_OFFICE',
      name: 'Ured za dijasporu općine Ključ',
    });
  });

  it('lists a programme’s partners by cohort and a municipality’s programmes', async () => {
    const { data, errors } = await veza.gql(
      `query($p: ID!, $m: ID!) {
        p: node(id: $p) { ... on Programme { partnerCohorts { name joinedOn partners { municipality { name } } } } }
        m: node(id: $m) { ... on Municipality { programmes { totalCount edges { node { cohort programme { code } } } } } }
      }`,
      { p: ids['M&R'], m: ids['Ključ'] },
    );
    expect(errors).toBeUndefined();
    expect(data?.p.partnerCohorts).toEqual([
      {
        name: 'Mreža kontakt osoba 2015',
        joinedOn: '2015-03-25',
        partners: [
          { municipality: { name: 'Ključ' } },
          { municipality: { name: 'Prijedor' } },
          { municipality: { name: 'Sanski Most' } },
        ],
      },
    ]);
    expect(data?.m.programmes.edges.map((e: any) => e.node.programme.code)).toEqual(['M&R', 'D4D']);
  });

  it('shows diaspora associations’ home municipality', async () => {
    const { data } = await veza.gql(
      `{ organizations(kind: DIASPORA_ASSOCIATION, country: "CH") { edges { node { name homeMunicipality { name } } } } }`,
    );
    expect(data?.organizations.edges.map((e: any) => e.node)).toContainEqual({
      name: 'Prijatelji Ključa',
      homeMunicipality: { name: 'Ključ' },
    });
  });
});

describe('nested directory reads', () => {
  // The benchmark's read (`npm run bench`): its statement count is what this pins down.
  const nested = partnersQuery;

  async function statementsFor(variables: Record<string, unknown>) {
    const before = veza.server.database.statements.count;
    const result = await veza.gql(nested, variables);
    expect(result.errors).toBeUndefined();
    return { statements: veza.server.database.statements.count - before, data: result.data };
  }

  it('issues a constant number of SQL statements (≤ 5) whatever the list sizes', async () => {
    const small = await statementsFor({ id: ids.D4D, first: 2 });
    const large = await statementsFor({ id: ids.D4D, first: 50 });
    expect(small.data?.node.partners.edges).toHaveLength(2);
    expect(large.data?.node.partners.edges).toHaveLength(28);
    const kljuc = large.data?.node.partners.edges.find(
      (e: any) => e.node.municipality.name === 'Ključ',
    ).node.municipality;
    expect(kljuc.coordinators.map((c: any) => c.role)).toEqual(['COORDINATOR', 'DEPUTY']);
    expect(kljuc.diasporaOffice.name).toBe('Ured za dijasporu općine Ključ');
    expect(large.statements).toBeLessThanOrEqual(5);
    expect(large.statements).toBe(small.statements);
  });
});

describe('people', () => {
  const peopleQuery = `query($search: String) {
    people(search: $search) { totalCount edges { node { fullName jobTitle email municipality { name } } } }
  }`;

  it('finds people ignoring diacritics; contact details only for signed-in users', async () => {
    const anonymous = await veza.gql(peopleQuery, { search: 'samir imamovic' });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data?.people.edges).toEqual([
      { node: expect.objectContaining({ fullName: 'Samir Imamović', email: null }) },
    ]);
    const signedIn = await veza.gql(peopleQuery, { search: 'imamovic' }, partnerToken);
    expect(signedIn.data?.people.edges[0].node.email).toBe('samir.imamovic@undp.org');
    const kahrovic = await veza.gql(peopleQuery, { search: 'dzemaludin kahrovic' });
    expect(kahrovic.data?.people.edges[0].node).toMatchObject({
      fullName: 'Džemaludin Kahrović',
      municipality: { name: 'Novi Grad Sarajevo' },
    });
  });
});

const createMunicipality = `mutation($input: CreateMunicipalityInput!) {
  createMunicipality(input: $input) { municipality { id name canton } }
}`;
const updateMunicipality = `mutation($input: UpdateMunicipalityInput!) {
  updateMunicipality(input: $input) { municipality { id name estimatedDiasporaSize website } }
}`;

describe('municipality mutations', () => {
  it('lets a network administrator create one; refuses bad input, duplicates and others', async () => {
    const input = {
      name: 'Brčko distrikt',
      kind: 'CITY',
      administrativeUnit: 'BRCKO_DISTRICT',
      website: 'https://www.bdcentral.net',
    };
    const bad = [
      { ...input, name: '  ' },
      { ...input, canton: 'TUZLA' },
      { ...input, website: 'not a url' },
      { ...input, estimatedDiasporaSize: -1 },
      { name: 'Cazin', kind: 'CITY', administrativeUnit: 'FEDERATION_OF_BIH' },
    ];
    for (const variant of bad) {
      const result = await veza.gql(createMunicipality, { input: variant }, adminToken);
      expect(refusal(result)).toBe('BAD_USER_INPUT');
    }
    expect(refusal(await veza.gql(createMunicipality, { input }))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(createMunicipality, { input }, kljucToken))).toBe('FORBIDDEN');
    const found = await veza.gql(municipalitiesQuery, { search: 'brcko' });
    expect(found.data?.municipalities.totalCount).toBe(0);

    const created = await veza.gql(createMunicipality, { input }, adminToken);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createMunicipality.municipality).toMatchObject({
      name: 'Brčko distrikt',
      canton: null,
    });
    const duplicate = await veza.gql(createMunicipality, { input }, adminToken);
    expect(refusal(duplicate)).toBe('CONFLICT');
  });

  it('lets Ključ’s coordinator edit Ključ, not Zenica’s coordinator', async () => {
    const input = { id: ids['Ključ'], estimatedDiasporaSize: 12000 };
    expect(refusal(await veza.gql(updateMunicipality, { input }))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(updateMunicipality, { input }, zenicaToken))).toBe('FORBIDDEN');
    const bad = await veza.gql(
      updateMunicipality,
      { input: { id: ids['Ključ'], canton: null } },
      kljucToken,
    );
    expect(refusal(bad)).toBe('BAD_USER_INPUT');
    const updated = await veza.gql(updateMunicipality, { input }, kljucToken);
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateMunicipality.municipality.estimatedDiasporaSize).toBe(12000);
  });
});

describe('diaspora offices', () => {
  const createOffice = `mutation($input: CreateDiasporaOfficeInput!) {
    createDiasporaOffice(input: $input) { diasporaOffice { id kind name phone email municipality { name } } }
  }`;

  it('allows one open office per municipality and validates contacts', async () => {
    const second = await veza.gql(
      createOffice,
      { input: { municipalityId: ids['Ključ'], kind: 'INFO_POINT', name: 'Druga' } },
      kljucToken,
    );
    expect(refusal(second)).toBe('CONFLICT');
    expect(second.errors?.[0]?.message).toMatch(/Ured za dijasporu/);
    const input = {
      municipalityId: ids.Zenica,
      kind: 'DIASPORA_OFFICE',
      name: 'Ured za dijasporu Grada Zenice',
      phone: '+387 32 444 000',
      email: 'dijaspora@zenica.ba',
    };
    for (const variant of [
      { ...input, email: 'not-an-email' },
      { ...input, phone: 'call me' },
      { ...input, name: '' },
    ]) {
      expect(refusal(await veza.gql(createOffice, { input: variant }, zenicaToken))).toBe(
        'BAD_USER_INPUT',
      );
    }
    expect(refusal(await veza.gql(createOffice, { input }, kljucToken))).toBe('FORBIDDEN');
    const created = await veza.gql(createOffice, { input }, zenicaToken);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createDiasporaOffice.diasporaOffice).toMatchObject({
      name: 'Ured za dijasporu Grada Zenice',
      municipality: { name: 'Zenica' },
    });
  });
});

describe('programme partnerships', () => {
  const createPartnership = `mutation($input: CreateProgrammePartnershipInput!) {
    createProgrammePartnership(input: $input) { partnership { id cohort joinedOn status municipality { name } } }
  }`;

  it('lets programme admins add partners in cohorts; refuses others and bad dates', async () => {
    const input = {
      programmeId: ids.DI,
      municipalityId: ids['Bihać'],
      cohort: 'Novoizabrane JLS',
      joinedOn: '2023-03-01',
    };
    expect(refusal(await veza.gql(createPartnership, { input }, kljucToken))).toBe('FORBIDDEN');
    const backwards = await veza.gql(
      createPartnership,
      { input: { ...input, endedOn: '2020-01-01', status: 'ENDED' } },
      adminToken,
    );
    expect(refusal(backwards)).toBe('BAD_USER_INPUT');
    expect(
      refusal(await veza.gql(createPartnership, { input: { ...input, cohort: ' ' } }, adminToken)),
    ).toBe('BAD_USER_INPUT');
    const created = await veza.gql(createPartnership, { input }, adminToken);
    expect(created.errors).toBeUndefined();
    expect(refusal(await veza.gql(createPartnership, { input }, adminToken))).toBe('CONFLICT');
    const { data } = await veza.gql(
      `query($p: ID!) { node(id: $p) { ... on Programme { partnerCohorts { name partners { municipality { name } } } } } }`,
      { p: ids.DI },
    );
    expect(data?.node.partnerCohorts).toEqual([
      {
        name: 'Novoizabrane JLS',
        partners: [{ municipality: { name: 'Bihać' } }, { municipality: { name: 'Zenica' } }],
      },
    ]);
  });
});

describe('coordinators', () => {
  const createPerson = `mutation($input: CreatePersonInput!) {
    createPerson(input: $input) { person { id fullName email } }
  }`;
  const assign = `mutation($input: CreateCoordinatorAssignmentInput!) {
    createCoordinatorAssignment(input: $input) { assignment { id role startsOn endsOn active person { fullName } } }
  }`;
  const updateAssignment = `mutation($input: UpdateCoordinatorAssignmentInput!) {
    updateCoordinatorAssignment(input: $input) { assignment { id endsOn active } }
  }`;
  const coordinators = `query($m: ID!, $p: ID) { node(id: $m) { ... on Municipality {
    coordinators(programmeId: $p) { id role active person { fullName } }
  } } }`;

  it('refuses a second active coordinator with CONFLICT, accepts a deputy', async () => {
    const person = await veza.gql(
      createPerson,
      {
        input: {
          fullName: 'Nova Koordinatorica',
          email: 'nova@kljuc.ba',
          municipalityId: ids['Ključ'],
        },
      },
      kljucToken,
    );
    expect(person.errors).toBeUndefined();
    const personId = person.data?.createPerson.person.id;
    const input = {
      personId,
      municipalityId: ids['Ključ'],
      programmeId: ids.D4D,
      role: 'COORDINATOR',
      startsOn: '2024-01-01',
    };
    const conflict = await veza.gql(assign, { input }, kljucToken);
    expect(refusal(conflict)).toBe('CONFLICT');
    expect(conflict.errors?.[0]?.message).toMatch(/Ključ already has a coordinator for D4D/);

    expect(
      refusal(
        await veza.gql(
          assign,
          { input: { ...input, role: 'DEPUTY', endsOn: '2023-01-01' } },
          kljucToken,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      refusal(await veza.gql(assign, { input: { ...input, role: 'DEPUTY' } }, zenicaToken)),
    ).toBe('FORBIDDEN');
    const deputy = await veza.gql(assign, { input: { ...input, role: 'DEPUTY' } }, kljucToken);
    expect(deputy.errors).toBeUndefined();
    expect(deputy.data?.createCoordinatorAssignment.assignment).toMatchObject({
      role: 'DEPUTY',
      active: true,
    });

    // Ending the current coordinator's term frees the post from the next day.
    const current = await veza.gql(coordinators, { m: ids['Ključ'], p: ids.D4D });
    const coordinator = current.data?.node.coordinators.find((c: any) => c.role === 'COORDINATOR');
    const ended = await veza.gql(
      updateAssignment,
      { input: { id: coordinator.id, endsOn: '2023-12-31' } },
      kljucToken,
    );
    expect(ended.errors).toBeUndefined();
    const successor = await veza.gql(assign, { input }, kljucToken);
    expect(successor.errors).toBeUndefined();
    expect(successor.data?.createCoordinatorAssignment.assignment.person.fullName).toBe(
      'Nova Koordinatorica',
    );
    const after = await veza.gql(coordinators, { m: ids['Ključ'], p: ids.D4D });
    expect(after.data?.node.coordinators.filter((c: any) => c.role === 'COORDINATOR')).toEqual([
      expect.objectContaining({ person: { fullName: 'Nova Koordinatorica' } }),
    ]);
  });

  it('refuses people with a bad e-mail or phone, writing nothing', async () => {
    for (const input of [
      { fullName: 'X Y', email: 'x@', municipalityId: ids['Ključ'] },
      { fullName: 'X Y', phone: 'abc', municipalityId: ids['Ključ'] },
      { fullName: ' ', municipalityId: ids['Ključ'] },
    ]) {
      expect(refusal(await veza.gql(createPerson, { input }, kljucToken))).toBe('BAD_USER_INPUT');
    }
    const found = await veza.gql('{ people(search: "x y") { totalCount } }');
    expect(found.data?.people.totalCount).toBe(0);
    expect(
      refusal(
        await veza.gql(
          createPerson,
          { input: { fullName: 'Z', municipalityId: ids['Ključ'] } },
          zenicaToken,
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('directoryChanged subscription', () => {
  it('tells graphql-ws subscribers which record changed, each event under its own ID', async () => {
    const subscriber = veza.wsClient();
    interface Change {
      id: string;
      typename: string;
      recordId: string;
      record: { __typename: string; id: string; estimatedDiasporaSize: number } | null;
      change: string;
    }
    const events = await subscribed(veza, () =>
      collect<{ directoryChanged: Change }>(
        subscriber,
        `subscription { directoryChanged { id typename recordId change
        record { __typename id ... on Municipality { estimatedDiasporaSize } } } }`,
      ),
    );
    for (const size of [30000, 31000]) {
      const updated = await veza.gql(
        updateMunicipality,
        { input: { id: ids.Zenica, estimatedDiasporaSize: size } },
        zenicaToken,
      );
      expect(updated.errors).toBeUndefined();
    }
    const [first, second] = (await events.waitFor(2)).map((event) => event.data!.directoryChanged);
    expect(first).toMatchObject({
      typename: 'Municipality',
      recordId: ids.Zenica,
      change: 'UPDATED',
      record: { __typename: 'Municipality', id: ids.Zenica },
    });
    expect(second).toMatchObject({ recordId: ids.Zenica, change: 'UPDATED' });
    expect(second!.record?.estimatedDiasporaSize).toBe(31000);
    // Every event is its own object: never the record's ID, never another event's.
    expect(first!.id).not.toBe(ids.Zenica);
    expect(first!.id).not.toBe(second!.id);
    expect(Buffer.from(first!.id, 'base64').toString()).toMatch(/^DirectoryChange:/);
    events.unsubscribe();
  });
});
