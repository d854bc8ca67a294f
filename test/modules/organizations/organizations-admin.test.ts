// Organisations of every kind (ministries, donors, UN agencies, media, NGOs) kept by network
// administrators, and a programme's donors and implementers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let d4d: string;
let makers: string;

const fields = 'id name kind acronym country city website archivedAt';
const create = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { ${fields} } } }`;
const update = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { ${fields} } } }`;
const archive = `mutation($input: ArchiveOrganizationInput!) { archiveOrganization(input: $input) { organization { ${fields} } } }`;
const setParties = `mutation($input: SetProgrammeOrganizationsInput!) {
  setProgrammeOrganizations(input: $input) {
    programme { organizations { role organization { acronym name } } } } }`;

async function organizations(search: string, kind?: string) {
  const { organizations } = await veza.data<any>(
    'query($s: String, $k: OrganizationKind) { organizations(search: $s, kind: $k) { edges { node { id name kind } } } }',
    { s: search, k: kind },
  );
  return organizations.edges.map((edge: any) => edge.node);
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
  ]);
  const programme = async (code: string) =>
    (
      await veza.data<any>(
        'query($s: String) { programmes(search: $s) { edges { node { id } } } }',
        { s: code },
      )
    ).programmes.edges[0].node.id as string;
  d4d = await programme('D4D');
  makers = await programme('MAKERS');
});
afterAll(() => veza?.stop());

describe('organisations of every kind', () => {
  it('an administrator registers a media partner, edits it and archives it', async () => {
    const { createOrganization } = await veza.data<any>(
      create,
      {
        input: {
          name: 'Federalna novinska agencija',
          acronym: 'FENA',
          kind: 'MEDIA',
          country: 'ba',
          city: 'Sarajevo',
          website: 'https://www.fena.ba',
        },
      },
      admin,
    );
    const fena = createOrganization.organization;
    expect(fena).toMatchObject({ kind: 'MEDIA', country: 'BA', archivedAt: null });
    expect(await organizations('novinska agencija', 'MEDIA')).toEqual([
      { id: fena.id, name: 'Federalna novinska agencija', kind: 'MEDIA' },
    ]);

    const { updateOrganization } = await veza.data<any>(
      update,
      { input: { id: fena.id, kind: 'OTHER', city: 'Mostar' } },
      admin,
    );
    expect(updateOrganization.organization).toMatchObject({ kind: 'OTHER', city: 'Mostar' });

    const { archiveOrganization } = await veza.data<any>(
      archive,
      { input: { id: fena.id } },
      admin,
    );
    expect(archiveOrganization.organization.archivedAt).not.toBeNull();
    expect(await organizations('novinska agencija')).toEqual([]);
    const again = await veza.gql(archive, { input: { id: fena.id } }, admin);
    expect(refusal(again)).toBe('CONFLICT');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const prisma = veza.server.database.prisma;
    const before = await prisma.organization.count();
    const bad = async (input: Record<string, unknown>, field: string) => {
      const result = await veza.gql(
        create,
        { input: { name: 'UNHCR', kind: 'UN_AGENCY', ...input } },
        admin,
      );
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(field);
    };
    await bad({ name: '  ' }, 'name');
    await bad({ name: 'x'.repeat(301) }, 'name');
    await bad({ kind: 'PIRATE' }, 'kind');
    await bad({ country: 'Switzerland' }, 'country');
    await bad({ website: 'javascript:alert(1)' }, 'website');
    const municipality = (
      await veza.data<any>('{ municipalities(search: "kljuc") { edges { node { id } } } }')
    ).municipalities.edges[0].node.id;
    await bad({ homeMunicipalityId: municipality }, 'homeMunicipalityId');
    expect(await prisma.organization.count()).toBe(before);
    const unknown = Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    expect(refusal(await veza.gql(archive, { input: { id: unknown } }, admin))).toBe('NOT_FOUND');
    const [kosmos] = await organizations('kosmos');
    expect(refusal(await veza.gql(update, { input: { id: kosmos.id, kind: null } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('only network administrators register organisations or change their kind', async () => {
    const refused = await veza.gql(
      create,
      { input: { name: 'UNHCR', kind: 'UN_AGENCY' } },
      kljucCoordinator,
    );
    expect(refusal(refused)).toBe('FORBIDDEN');
    expect(refusal(await veza.gql(create, { input: { name: 'UNHCR', kind: 'UN_AGENCY' } }))).toBe(
      'UNAUTHENTICATED',
    );
    // An association's representative edits its profile, not its kind.
    const [prijatelji] = await organizations('prijatelji kljuca');
    const representative = await veza.server.database.prisma.user.create({
      data: {
        email: 'predstavnik.prijatelji@veza.test',
        displayName: 'Predstavnik',
        passwordHash: (
          await veza.server.database.prisma.user.findFirstOrThrow({
            where: { email: 'admin@veza.test' },
          })
        ).passwordHash,
        roles: {
          create: {
            role: 'DIASPORA_REPRESENTATIVE',
            organizationId: Buffer.from(prijatelji.id, 'base64').toString().split(':')[1]!,
          },
        },
      },
    });
    expect(representative.id).toBeTruthy();
    const token = await veza.signIn('predstavnik.prijatelji@veza.test');
    const city = await veza.data<any>(
      update,
      { input: { id: prijatelji.id, city: 'Zürich' } },
      token,
    );
    expect(city.updateOrganization.organization.city).toBe('Zürich');
    const kind = await veza.gql(update, { input: { id: prijatelji.id, kind: 'NGO' } }, token);
    expect(refusal(kind)).toBe('FORBIDDEN');
    expect((await organizations('prijatelji kljuca'))[0].kind).toBe('DIASPORA_ASSOCIATION');
  });
});

describe('a programme’s donors and implementers', () => {
  it('its administrators set them; the list replaces the old one', async () => {
    const [radio] = await organizations('bh radio 1');
    const [undp] = await organizations('UNDP');
    const [porticus] = await organizations('porticus');
    const { setProgrammeOrganizations } = await veza.data<any>(
      setParties,
      {
        input: {
          programmeId: makers,
          parties: [
            { organizationId: porticus.id, role: 'DONOR' },
            { organizationId: undp.id, role: 'IMPLEMENTER' },
            { organizationId: radio.id, role: 'PARTNER' },
          ],
        },
      },
      admin,
    );
    expect(
      setProgrammeOrganizations.programme.organizations.map((p: any) => [
        p.role,
        p.organization.name,
      ]),
    ).toEqual([
      ['DONOR', 'Porticus fondacija'],
      ['IMPLEMENTER', 'Razvojni program Ujedinjenih nacija u BiH'],
      ['PARTNER', 'BH Radio 1'],
    ]);
  });

  it('refuses duplicates, unknown or archived organisations, and other programmes’ admins', async () => {
    const [undp] = await organizations('UNDP');
    const twice = await veza.gql(
      setParties,
      {
        input: {
          programmeId: d4d,
          parties: [
            { organizationId: undp.id, role: 'IMPLEMENTER' },
            { organizationId: undp.id, role: 'IMPLEMENTER' },
          ],
        },
      },
      admin,
    );
    expect(refusal(twice)).toBe('BAD_USER_INPUT');
    const unknown = Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    const missing = await veza.gql(
      setParties,
      { input: { programmeId: d4d, parties: [{ organizationId: unknown, role: 'DONOR' }] } },
      admin,
    );
    expect(refusal(missing)).toBe('BAD_USER_INPUT');
    const coordinator = await veza.gql(
      setParties,
      { input: { programmeId: d4d, parties: [] } },
      kljucCoordinator,
    );
    expect(refusal(coordinator)).toBe('FORBIDDEN');
    const { programmes } = await veza.data<any>(
      '{ programmes(search: "D4D") { edges { node { organizations { role } } } } }',
    );
    expect(programmes.edges[0].node.organizations).toHaveLength(4);
  });
});
