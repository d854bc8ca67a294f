// Every directory mutation refuses bad input with BAD_USER_INPUT and writes nothing; archiving
// hides records from lists while node(id:) still resolves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';

let veza: TestServer;
let admin: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  admin = await veza.signIn('admin@veza.test');
  const { data, errors } = await veza.gql(
    `{
      municipalities(first: 100) { edges { node { id name diasporaOffice { id } coordinators { id } people { id fullName } } } }
      memoranda { edges { node { id } } }
      organizations(kind: DIASPORA_ASSOCIATION) { edges { node { id name } } }
      programmes { edges { node { id code partners(first: 1) { edges { node { id } } } } } }
    }`,
  );
  expect(errors).toBeUndefined();
  for (const { node } of data?.municipalities.edges ?? []) ids[node.name] = node.id;
  const kljuc = data?.municipalities.edges.find((e: any) => e.node.name === 'Ključ').node;
  ids.office = kljuc.diasporaOffice.id;
  ids.assignment = kljuc.coordinators[0].id;
  ids.person = kljuc.people[0].id;
  ids.memorandum = data?.memoranda.edges[0].node.id;
  ids.association = data?.organizations.edges.find((e: any) => e.node.name === 'Prijatelji Ključa')
    .node.id;
  const d4d = data?.programmes.edges.find((e: any) => e.node.code === 'D4D').node;
  ids.D4D = d4d.id;
  ids.partnership = d4d.partners.edges[0].node.id;
  const members = await veza.gql(
    '{ diasporaMembers(country: "CH") { edges { node { id } } } }',
    {},
    admin,
  );
  ids.member = members.data?.diasporaMembers.edges[0].node.id;
});
afterAll(() => veza?.stop());

/** What a record looks like through node(id:), to prove a refused write changed nothing. */
async function snapshot(id: string) {
  const { data } = await veza.gql(
    `query($id: ID!) { node(id: $id) {
      ... on Municipality { name estimatedDiasporaSize archivedAt }
      ... on DiasporaOffice { name email archivedAt }
      ... on ProgrammePartnership { cohort joinedOn endedOn archivedAt }
      ... on Person { fullName phone archivedAt }
      ... on CoordinatorAssignment { startsOn endsOn archivedAt }
      ... on Memorandum { title archivedAt }
      ... on Organization { name website archivedAt }
      ... on DiasporaMember { country memberName: fullName consent { scope active } archivedAt }
    } }`,
    { id },
    admin,
  );
  return data?.node;
}

const notAnId = 'bm90LWFuLWlk';

describe('every directory mutation refuses bad input and writes nothing', () => {
  const cases: [mutation: string, input: () => Record<string, unknown>, target: () => string][] = [
    [
      'updateMunicipality',
      () => ({ id: ids['Ključ'], estimatedDiasporaSize: -5 }),
      () => ids['Ključ']!,
    ],
    ['updateMunicipality', () => ({ id: ids['Ključ'], name: null }), () => ids['Ključ']!],
    ['archiveMunicipality', () => ({ id: notAnId }), () => ids['Ključ']!],
    ['archiveMunicipality', () => ({ id: ids.person }), () => ids.person!],
    ['updateDiasporaOffice', () => ({ id: ids.office, email: 'ured@' }), () => ids.office!],
    ['archiveDiasporaOffice', () => ({ id: notAnId }), () => ids.office!],
    [
      'updateProgrammePartnership',
      () => ({ id: ids.partnership, endedOn: '2000-01-01' }),
      () => ids.partnership!,
    ],
    ['archiveProgrammePartnership', () => ({ id: ids['Ključ'] }), () => ids['Ključ']!],
    ['updatePerson', () => ({ id: ids.person, phone: 'telefon' }), () => ids.person!],
    ['archivePerson', () => ({ id: notAnId }), () => ids.person!],
    [
      'updateCoordinatorAssignment',
      () => ({ id: ids.assignment, endsOn: '2000-01-01' }),
      () => ids.assignment!,
    ],
    ['archiveCoordinatorAssignment', () => ({ id: ids.memorandum }), () => ids.memorandum!],
    [
      // Trnovo is not a D4D partner.
      'createCoordinatorAssignment',
      () => ({
        personId: ids.person,
        municipalityId: ids.Trnovo,
        programmeId: ids.D4D,
        role: 'DEPUTY',
        startsOn: '2024-01-01',
      }),
      () => ids.Trnovo!,
    ],
    ['updateMemorandum', () => ({ id: ids.memorandum, title: '' }), () => ids.memorandum!],
    ['updateMemorandum', () => ({ id: ids.memorandum, parties: [] }), () => ids.memorandum!],
    ['archiveMemorandum', () => ({ id: notAnId }), () => ids.memorandum!],
    ['updateDiasporaMember', () => ({ id: ids.member, country: 'XX' }), () => ids.member!],
    [
      'recordDiasporaMemberConsent',
      () => ({ id: ids.member, consent: { scope: 'NAME', givenAt: '2999-01-01T00:00:00Z' } }),
      () => ids.member!,
    ],
    ['withdrawDiasporaMemberConsent', () => ({ id: ids.association }), () => ids.association!],
    ['archiveDiasporaMember', () => ({ id: notAnId }), () => ids.member!],
    [
      'updateDiasporaAssociation',
      () => ({ id: ids.association, website: 'ftp://x' }),
      () => ids.association!,
    ],
    ['archiveDiasporaAssociation', () => ({ id: notAnId }), () => ids.association!],
  ];

  it.each(cases)('%s', async (mutation, input, target) => {
    const before = await snapshot(target());
    expect(before).toBeTruthy();
    const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const result = await veza.gql(
      `mutation($input: ${inputType}!) { ${mutation}(input: $input) { __typename } }`,
      { input: input() },
      admin,
    );
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(
      'BAD_USER_INPUT',
    );
    // Refused for the reason under test, not a missing variable.
    expect(result.errors?.[0]?.message).not.toMatch(/Variable "\$input"/);
    expect(result.data ?? null).toBeNull();
    expect(await snapshot(target())).toEqual(before);
  });
});

describe('archiving', () => {
  it('hides a municipality from lists; node(id:) still resolves it', async () => {
    const created = await veza.gql(
      `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { municipality { id } } }`,
      {
        input: {
          name: 'Istočno Novo Sarajevo',
          kind: 'MUNICIPALITY',
          administrativeUnit: 'REPUBLIKA_SRPSKA',
        },
      },
      admin,
    );
    const id = created.data?.createMunicipality.municipality.id;
    const archived = await veza.gql(
      `mutation($input: ArchiveMunicipalityInput!) { archiveMunicipality(input: $input) { municipality { archivedAt } } }`,
      { input: { id } },
      admin,
    );
    expect(archived.data?.archiveMunicipality.municipality.archivedAt).toBeTruthy();
    const listed = await veza.gql('{ municipalities(search: "istocno novo") { totalCount } }');
    expect(listed.data?.municipalities.totalCount).toBe(0);
    const withArchived = await veza.gql(
      '{ municipalities(search: "istocno novo", includeArchived: true) { totalCount } }',
    );
    expect(withArchived.data?.municipalities.totalCount).toBe(1);
    expect((await snapshot(id)).archivedAt).toBeTruthy();
  });

  it('closes an office so that the municipality may open another', async () => {
    const archived = await veza.gql(
      `mutation($input: ArchiveDiasporaOfficeInput!) { archiveDiasporaOffice(input: $input) { diasporaOffice { archivedAt } } }`,
      { input: { id: ids.office } },
      admin,
    );
    expect(archived.errors).toBeUndefined();
    const reopened = await veza.gql(
      `mutation($input: CreateDiasporaOfficeInput!) { createDiasporaOffice(input: $input) { diasporaOffice { name } } }`,
      { input: { municipalityId: ids['Ključ'], kind: 'INFO_POINT', name: 'Info tačka Ključ' } },
      admin,
    );
    expect(reopened.errors).toBeUndefined();
    const { data } = await veza.gql(
      `query($id: ID!) { node(id: $id) { ... on Municipality { diasporaOffice { name } } } }`,
      { id: ids['Ključ'] },
    );
    expect(data?.node.diasporaOffice).toEqual({ name: 'Info tačka Ključ' });
  });

  it('archives a person and ends their open assignments', async () => {
    const person = await veza.gql(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`,
      { input: { fullName: 'Privremeni Zamjenik', municipalityId: ids['Bihać'] } },
      admin,
    );
    const personId = person.data?.createPerson.person.id;
    const d4d = await veza.gql('{ programmes(search: "D4D") { edges { node { id } } } }');
    const assigned = await veza.gql(
      `mutation($input: CreateCoordinatorAssignmentInput!) { createCoordinatorAssignment(input: $input) { assignment { id active } } }`,
      {
        input: {
          personId,
          municipalityId: ids['Bihać'],
          programmeId: d4d.data?.programmes.edges[0].node.id,
          role: 'DEPUTY',
          startsOn: '2020-01-01',
        },
      },
      admin,
    );
    expect(assigned.data?.createCoordinatorAssignment.assignment.active).toBe(true);
    const archived = await veza.gql(
      `mutation($input: ArchivePersonInput!) { archivePerson(input: $input) { person { archivedAt assignments { endsOn active } } } }`,
      { input: { id: personId } },
      admin,
    );
    expect(archived.errors).toBeUndefined();
    const { person: after } = archived.data?.archivePerson;
    expect(after.archivedAt).toBeTruthy();
    // Ended today: it counts through today and no longer holds the post open.
    const today = dateFromToday(0);
    expect(after.assignments).toEqual([{ endsOn: today, active: true }]);
  });
});
