import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, subscribed, type TestServer } from '../../utils/server.js';
import { refusal } from '../../utils/assertions.js';

let veza: TestServer;
let adminToken: string;
let kljucToken: string;
let zenicaToken: string;
let partnerToken: string;
const ids: Record<string, string> = {};

const membersQuery = `query($country: String, $interest: DiasporaInterest, $skill: String, $home: ID) {
  diasporaMembers(country: $country, interest: $interest, skill: $skill, homeMunicipalityId: $home) {
    totalCount
    edges { node {
      id country city skills interests languages fullName email phone
      homeMunicipality { name } association { name }
      consent { scope active withdrawnAt }
    } }
  }
}`;

const countsQuery = `query($by: DiasporaMemberGrouping!, $programmeId: ID, $country: String, $interest: DiasporaInterest) {
  diasporaMemberCounts(by: $by, programmeId: $programmeId, country: $country, interest: $interest) { key count fewerThan }
}`;

const createMember = `mutation($input: CreateDiasporaMemberInput!) {
  createDiasporaMember(input: $input) {
    member { id country fullName email phone skills languages consent { scope active } }
  }
}`;

const memberNode = `query($id: ID!) { node(id: $id) { ... on DiasporaMember {
  fullName email phone consent { scope active withdrawnAt }
} } }`;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [adminToken, kljucToken, zenicaToken, partnerToken] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
  const { data } = await veza.gql(
    `{ municipalities(first: 100) { edges { node { id name } } }
       programmes { edges { node { id code } } } }`,
  );
  for (const { node } of data?.municipalities.edges ?? []) ids[node.name] = node.id;
  for (const { node } of data?.programmes.edges ?? []) ids[node.code] = node.id;
});
afterAll(() => veza?.stop());

describe('diaspora member counts', () => {
  it('are open to anyone, by country, interest and programme, withholding groups under 5', async () => {
    // The demo maps three members with consent (CH, CA, DE; Wien's has none): every group is
    // smaller than the minimum group size, so none has a count, whoever asks.
    const withheld = (...keys: string[]) => keys.map((key) => ({ key, count: null, fewerThan: 5 }));
    for (const token of [undefined, partnerToken, adminToken]) {
      const byCountry = await veza.gql(countsQuery, { by: 'COUNTRY' }, token);
      expect(byCountry.errors).toBeUndefined();
      expect(byCountry.data?.diasporaMemberCounts).toEqual(withheld('CA', 'CH', 'DE'));
    }
    const investors = await veza.gql(countsQuery, {
      by: 'INTEREST',
      programmeId: ids.D4D,
      interest: 'INVESTMENT',
    });
    expect(investors.errors).toBeUndefined();
    expect(investors.data?.diasporaMemberCounts).toContainEqual(withheld('INVESTMENT')[0]);
    // Trnovo, MAKERS' only demo partner besides Novi Grad Sarajevo and Zenica, has none.
    const mr = await veza.gql(countsQuery, { by: 'COUNTRY', programmeId: ids['M&R'] });
    expect(mr.data?.diasporaMemberCounts).toEqual(withheld('CA', 'CH'));
    const bad = await veza.gql(countsQuery, { by: 'COUNTRY', country: 'Switzerland' });
    expect(refusal(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('diaspora members and consent', () => {
  it('hides the list from the public, and personal fields from all but home coordinators', async () => {
    expect(refusal(await veza.gql(membersQuery, {}))).toBe('UNAUTHENTICATED');

    const partner = await veza.gql(membersQuery, { country: 'CH' }, partnerToken);
    expect(partner.errors).toBeUndefined();
    // City, skills and languages identify a person: not for a partner.
    expect(partner.data?.diasporaMembers.edges[0].node).toMatchObject({
      city: null,
      skills: null,
      languages: null,
      homeMunicipality: { name: 'Ključ' },
      association: { name: 'Prijatelji Ključa' },
      fullName: null,
      email: null,
      consent: null,
    });

    const kljuc = await veza.gql(membersQuery, {}, kljucToken);
    const byCity = Object.fromEntries(
      kljuc.data?.diasporaMembers.edges.map((e: any) => [e.node.city ?? e.node.country, e.node]),
    );
    expect(byCity.Luzern).toMatchObject({
      fullName: 'Član dijaspore (demo), Luzern',
      email: 'clan.luzern@veza.test',
      consent: { scope: 'CONTACT', active: true, withdrawnAt: null },
    });
    // Consent with scope NAME: the name, never contacts.
    expect(byCity.Toronto).toMatchObject({
      fullName: 'Članica dijaspore (demo), Toronto',
      email: null,
    });
    // Zenica's members: the Ključ coordinator sees the country and interests only.
    expect(byCity.DE).toMatchObject({
      fullName: null,
      consent: null,
      city: null,
      skills: null,
      interests: expect.any(Array),
    });

    const zenica = await veza.gql(membersQuery, { home: ids['Ključ'] }, zenicaToken);
    expect(zenica.data?.diasporaMembers.edges.every((e: any) => e.node.fullName === null)).toBe(
      true,
    );
    const admin = await veza.gql(membersQuery, { country: 'CH' }, adminToken);
    expect(admin.data?.diasporaMembers.edges[0].node.fullName).toBe(
      'Član dijaspore (demo), Luzern',
    );
  });

  it('refuses personal fields beyond consent and other bad input, writing nothing', async () => {
    const base = {
      country: 'de',
      city: 'Stuttgart',
      homeMunicipalityId: ids['Ključ'],
      skills: ['Zavarivanje'],
      interests: ['MENTORING'],
      languages: ['DE', 'bs'],
    };
    const variants = [
      { ...base, fullName: 'Bez Saglasnosti' },
      { ...base, consent: { scope: 'MAPPING' }, fullName: 'Samo Mapiranje' },
      { ...base, consent: { scope: 'NAME' }, fullName: 'Ime', email: 'ime@example.com' },
      { ...base, consent: { scope: 'CONTACT' }, email: 'not-an-email' },
      { ...base, consent: { scope: 'CONTACT' }, phone: '12' },
      { ...base, consent: { scope: 'CONTACT', givenAt: '2999-01-01T00:00:00Z' } },
      { ...base, country: 'XX' },
      { ...base, country: 'Germany' },
      { ...base, languages: ['deutsch'] },
      { ...base, skills: [' '] },
    ];
    for (const input of variants) {
      const result = await veza.gql(createMember, { input }, kljucToken);
      expect(refusal(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(refusal(await veza.gql(createMember, { input: base }))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(createMember, { input: base }, zenicaToken))).toBe('FORBIDDEN');
    const stuttgart = await veza.gql(membersQuery, { country: 'DE' }, adminToken);
    expect(stuttgart.data?.diasporaMembers.edges.map((e: any) => e.node.city)).toEqual(['München']);
  });

  it('stores personal fields under consent and erases them when it is withdrawn', async () => {
    const created = await veza.gql(
      createMember,
      {
        input: {
          country: 'de',
          city: 'Stuttgart',
          homeMunicipalityId: ids['Ključ'],
          skills: ['Zavarivanje'],
          languages: ['DE'],
          consent: { scope: 'CONTACT' },
          fullName: 'Emir Testni',
          email: 'emir@example.com',
          phone: '+49 711 123456',
        },
      },
      kljucToken,
    );
    expect(created.errors).toBeUndefined();
    const member = created.data?.createDiasporaMember.member;
    const listed = await veza.gql(
      `query($id: ID!) { node(id: $id) { ... on DiasporaMember { country fullName } } }`,
      { id: member.id },
      zenicaToken,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.node).toEqual({ country: 'DE', fullName: null });
    expect(member).toMatchObject({
      country: 'DE',
      fullName: 'Emir Testni',
      email: 'emir@example.com',
      skills: ['zavarivanje'],
      languages: ['de'],
      consent: { scope: 'CONTACT', active: true },
    });

    // Narrowing the scope to NAME erases the contacts.
    const narrowed = await veza.gql(
      `mutation($input: RecordDiasporaMemberConsentInput!) {
        recordDiasporaMemberConsent(input: $input) { member { fullName email phone consent { scope } } }
      }`,
      { input: { id: member.id, consent: { scope: 'NAME' } } },
      kljucToken,
    );
    expect(narrowed.data?.recordDiasporaMemberConsent.member).toEqual({
      fullName: 'Emir Testni',
      email: null,
      phone: null,
      consent: { scope: 'NAME' },
    });

    const withdrawn = await veza.gql(
      `mutation($input: WithdrawDiasporaMemberConsentInput!) {
        withdrawDiasporaMemberConsent(input: $input) { member { fullName consent { active withdrawnAt } } }
      }`,
      { input: { id: member.id } },
      kljucToken,
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data?.withdrawDiasporaMemberConsent.member).toMatchObject({
      fullName: null,
      consent: { active: false },
    });
    // Erased in the database, not merely hidden.
    const row = await veza.server.database.prisma.diasporaMember.findUniqueOrThrow({
      where: { id: Buffer.from(member.id, 'base64').toString().split(':')[1]! },
    });
    expect(row).toMatchObject({ fullName: null, email: null, phone: null });
    expect(row.consentWithdrawnAt).toBeInstanceOf(Date);

    const readBack = await veza.gql(memberNode, { id: member.id }, adminToken);
    expect(readBack.data?.node).toMatchObject({ fullName: null, consent: { active: false } });

    // Out of every list now, and out of reach by id for everyone but those who keep the record.
    const publicFields = `query($id: ID!) { node(id: $id) { ... on DiasporaMember {
      country sectors interests homeMunicipality { name } } } }`;
    for (const token of [zenicaToken, partnerToken]) {
      const hidden = await veza.gql(publicFields, { id: member.id }, token);
      expect(hidden.data?.node).toBeNull();
      expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const keeper = await veza.gql(publicFields, { id: member.id }, kljucToken);
    expect(keeper.data?.node).toMatchObject({ country: 'DE', homeMunicipality: { name: 'Ključ' } });

    // Without consent, personal fields are refused on update too.
    const update = await veza.gql(
      `mutation($input: UpdateDiasporaMemberInput!) { updateDiasporaMember(input: $input) { member { id } } }`,
      { input: { id: member.id, fullName: 'Emir Testni' } },
      kljucToken,
    );
    expect(refusal(update)).toBe('BAD_USER_INPUT');
  });
});

describe('diaspora associations', () => {
  it('lets a home coordinator register an association of their municipality', async () => {
    const create = `mutation($input: CreateDiasporaAssociationInput!) {
      createDiasporaAssociation(input: $input) { association { id name kind country homeMunicipality { name } } }
    }`;
    const input = {
      name: 'Udruženje Ključana u Beču',
      country: 'at',
      city: 'Wien',
      homeMunicipalityId: ids['Ključ'],
    };
    expect(refusal(await veza.gql(create, { input }, zenicaToken))).toBe('FORBIDDEN');
    expect(
      refusal(await veza.gql(create, { input: { ...input, country: 'Austria' } }, kljucToken)),
    ).toBe('BAD_USER_INPUT');
    const created = await veza.gql(create, { input }, kljucToken);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createDiasporaAssociation.association).toMatchObject({
      kind: 'DIASPORA_ASSOCIATION',
      country: 'AT',
      homeMunicipality: { name: 'Ključ' },
    });
    const { data } = await veza.gql(
      `query($id: ID!) { node(id: $id) { ... on Municipality { diasporaAssociations { name } } } }`,
      { id: ids['Ključ'] },
    );
    expect(data?.node.diasporaAssociations.map((a: any) => a.name).sort()).toEqual([
      'Bosansko-kanadsko humanitarno društvo',
      'Prijatelji Ključa',
      'Udruženje Ključana u Beču',
    ]);
  });
});

describe('directoryChanged and diaspora members', () => {
  it('reaches the home coordinator, not the public', async () => {
    const query = 'subscription { directoryChanged { typename change } }';
    const publicClient = veza.wsClient();
    const coordinatorClient = veza.wsClient(kljucToken);
    const [publicEvents, coordinatorEvents] = await subscribed(
      veza,
      () => [collect<any>(publicClient, query), collect<any>(coordinatorClient, query)] as const,
      2,
    );

    const member = await veza.gql(
      createMember,
      { input: { country: 'SE', homeMunicipalityId: ids['Ključ'] } },
      kljucToken,
    );
    expect(member.errors).toBeUndefined();
    const marker = await veza.gql(
      `mutation($input: UpdateMunicipalityInput!) { updateMunicipality(input: $input) { municipality { id } } }`,
      { input: { id: ids['Ključ'], estimatedDiasporaSize: 15000 } },
      kljucToken,
    );
    expect(marker.errors).toBeUndefined();

    const coordinatorSaw = await coordinatorEvents.waitFor(2);
    expect(coordinatorSaw.map((e) => e.data.directoryChanged)).toEqual([
      { typename: 'DiasporaMember', change: 'CREATED' },
      { typename: 'Municipality', change: 'UPDATED' },
    ]);
    const publicSaw = await publicEvents.waitFor(1);
    expect(publicSaw.map((e) => e.data.directoryChanged)).toEqual([
      { typename: 'Municipality', change: 'UPDATED' },
    ]);
    publicEvents.unsubscribe();
    coordinatorEvents.unsubscribe();
  });
});
