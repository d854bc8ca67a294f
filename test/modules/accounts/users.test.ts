// Administering users through the API: the list, disabling and enabling (sessions and sockets
// end at once), linking a user to their person in the directory, and one's own profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import {
  closeCode,
  collect,
  subscribed,
  startTestServer,
  type TestServer,
  twoInstancesBeside,
} from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
const ids = {} as Record<
  'admin' | 'kljucCoordinator' | 'zenicaCoordinator' | 'kljucPerson',
  string
>;

const usersQuery = `query($search: String, $role: Role, $active: Boolean, $first: Int, $after: String) {
  users(search: $search, role: $role, active: $active, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id email displayName active disabledAt } }
  }
}`;

const disable = `mutation($input: DisableUserInput!) {
  disableUser(input: $input) { user { id active disabledAt } }
}`;
const enable = `mutation($input: EnableUserInput!) {
  enableUser(input: $input) { user { id active disabledAt } }
}`;
const link = `mutation($input: LinkUserToPersonInput!) {
  linkUserToPerson(input: $input) { user { id person { fullName } } }
}`;
const updateProfile = `mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { user { displayName language phone } }
}`;
const viewerQuery =
  '{ viewer { user { id email displayName language phone person { fullName } } } }';

async function userId(email: string) {
  const { users } = await veza.data<any>(usersQuery, { search: email }, admin);
  return users.edges.find((edge: any) => edge.node.email === email).node.id as string;
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
  ]);
  ids.admin = await userId('admin@veza.test');
  ids.kljucCoordinator = await userId('koordinator.kljuc@veza.test');
  ids.zenicaCoordinator = await userId('koordinator.zenica@veza.test');
  const { people } = await veza.data<any>(
    '{ people(search: "Koordinator za dijasporu, Ključ") { edges { node { id } } } }',
  );
  ids.kljucPerson = people.edges[0].node.id;
});
afterAll(() => veza?.stop());

describe('users', () => {
  it('lists accounts for administrators, by search (diacritics ignored), role and activity', async () => {
    const names = async (variables: Record<string, unknown>) =>
      (await veza.data<any>(usersQuery, variables, admin)).users.edges.map(
        (edge: any) => edge.node.displayName,
      );
    expect(await names({ search: 'kljuc' })).toEqual(['Koordinator za dijasporu, Ključ']);
    expect(await names({ search: 'KOORDINATOR.ZENICA@' })).toEqual([
      'Koordinator za dijasporu, Zenica',
    ]);
    expect(await names({ role: 'COORDINATOR' })).toEqual([
      'Koordinator za dijasporu, Ključ',
      'Koordinator za dijasporu, Zenica',
    ]);

    const invited = await veza.data<any>(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }`,
      { input: { email: 'nova.osoba@veza.test', displayName: 'Nova Osoba Čaušević' } },
      admin,
    );
    expect(invited.inviteUser.user.id).toBeTruthy();
    expect(await names({ active: false })).toEqual(['Nova Osoba Čaušević']);
    expect(await names({ active: true })).not.toContain('Nova Osoba Čaušević');

    // Pages follow the order by name.
    const all = (await veza.data<any>(usersQuery, {}, admin)).users;
    const first = (await veza.data<any>(usersQuery, { first: 2 }, admin)).users;
    expect(first.totalCount).toBe(all.totalCount);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await veza.data<any>(usersQuery, { first: 2, after: first.pageInfo.endCursor }, admin)
    ).users;
    expect([...first.edges, ...next.edges].map((edge: any) => edge.node.id)).toEqual(
      all.edges.slice(0, 4).map((edge: any) => edge.node.id),
    );

    expect(refusal(await veza.gql(usersQuery, {}, kljucCoordinator))).toBe('FORBIDDEN');
    expect(refusal(await veza.gql(usersQuery, {}))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(usersQuery, { search: 'x'.repeat(201) }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('disabling a user', () => {
  it('ends their sessions and closes their socket at once; enabling lets them sign in again', async () => {
    const token = await veza.signIn('koordinator.zenica@veza.test');
    const client = veza.wsClient(token);
    const closed = closeCode(client);
    await subscribed(veza, () => collect(client, 'subscription { actionItemChanged { id } }'));

    const disabled = await veza.data<any>(
      disable,
      { input: { userId: ids.zenicaCoordinator } },
      admin,
    );
    expect(disabled.disableUser.user).toMatchObject({ active: false });
    expect(disabled.disableUser.user.disabledAt).toBeTruthy();
    expect(await closed).toBe(4403);
    expect(refusal(await veza.gql(viewerQuery, {}, token))).toBe('UNAUTHENTICATED');
    await expect(veza.signIn('koordinator.zenica@veza.test')).rejects.toThrow('UNAUTHENTICATED');

    expect(
      refusal(await veza.gql(disable, { input: { userId: ids.zenicaCoordinator } }, admin)),
    ).toBe('CONFLICT');
    const enabled = await veza.data<any>(
      enable,
      { input: { userId: ids.zenicaCoordinator } },
      admin,
    );
    expect(enabled.enableUser.user).toEqual({
      id: ids.zenicaCoordinator,
      active: true,
      disabledAt: null,
    });
    const again = await veza.signIn('koordinator.zenica@veza.test');
    expect((await veza.data<any>(viewerQuery, {}, again)).viewer.user.id).toBe(
      ids.zenicaCoordinator,
    );
    // The old token stays ended.
    expect(refusal(await veza.gql(viewerQuery, {}, token))).toBe('UNAUTHENTICATED');
    expect(
      refusal(await veza.gql(enable, { input: { userId: ids.zenicaCoordinator } }, admin)),
    ).toBe('CONFLICT');

    const { auditEvents } = await veza.data<any>(
      '{ auditEvents(first: 100) { edges { node { kind } } } }',
      {},
      admin,
    );
    const kinds = auditEvents.edges.map((edge: any) => edge.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(['USER_DISABLED', 'USER_ENABLED']));
  });

  it('is refused to non-administrators, for oneself, and for unknown users', async () => {
    const input = { userId: ids.zenicaCoordinator };
    expect(refusal(await veza.gql(disable, { input }, kljucCoordinator))).toBe('FORBIDDEN');
    expect(refusal(await veza.gql(disable, { input }))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(disable, { input: { userId: ids.admin } }, admin))).toBe(
      'CONFLICT',
    );
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    expect(refusal(await veza.gql(disable, { input: { userId: missing } }, admin))).toBe(
      'NOT_FOUND',
    );
    expect(refusal(await veza.gql(disable, { input: { userId: 'nonsense' } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(disable, { input: { userId: ids.kljucPerson } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it.runIf(process.env.REDIS_URL)('closes their socket on another instance at once', async () => {
    const [a, b] = await twoInstancesBeside(veza);
    const token = await b.signIn('recenzent@veza.test');
    const client = b.wsClient(token);
    const closed = closeCode(client);
    await subscribed(b, () => collect(client, 'subscription { actionItemChanged { id } }'));
    const reviewer = await userId('recenzent@veza.test');
    await a.data(disable, { input: { userId: reviewer } }, admin);
    expect(await closed).toBe(4403);
    expect(refusal(await b.gql(viewerQuery, {}, token))).toBe('UNAUTHENTICATED');
    await a.data(enable, { input: { userId: reviewer } }, admin);
  });
});

describe('a user and their person in the directory', () => {
  it('administrators link and unlink; a person is one user’s', async () => {
    const linked = await veza.data<any>(
      link,
      { input: { userId: ids.kljucCoordinator, personId: ids.kljucPerson } },
      admin,
    );
    expect(linked.linkUserToPerson.user.person).toEqual({
      fullName: 'Koordinator za dijasporu, Ključ',
    });
    expect((await veza.data<any>(viewerQuery, {}, kljucCoordinator)).viewer.user.person).toEqual({
      fullName: 'Koordinator za dijasporu, Ključ',
    });
    const linkRefusal = async (userId: string, personId: string, token: string) =>
      refusal(await veza.gql(link, { input: { userId, personId } }, token));
    expect(await linkRefusal(ids.zenicaCoordinator, ids.kljucPerson, admin)).toBe('CONFLICT');
    expect(await linkRefusal(ids.kljucCoordinator, ids.kljucPerson, kljucCoordinator)).toBe(
      'FORBIDDEN',
    );
    const missing = Buffer.from('Person:00000000-0000-4000-8000-000000000000').toString('base64');
    expect(await linkRefusal(ids.kljucCoordinator, missing, admin)).toBe('NOT_FOUND');

    const unlinked = await veza.data<any>(
      link,
      { input: { userId: ids.kljucCoordinator, personId: null } },
      admin,
    );
    expect(unlinked.linkUserToPerson.user.person).toBeNull();
  });
});

describe('one’s own profile', () => {
  it('changes name, language and phone; only what is given', async () => {
    const token = await veza.signIn('partner@veza.test');
    const changed = await veza.data<any>(
      updateProfile,
      {
        input: { displayName: 'Đurđa Šaćirović (UNDP)', language: 'EN', phone: '+387 33 293 400' },
      },
      token,
    );
    expect(changed.updateProfile.user).toEqual({
      displayName: 'Đurđa Šaćirović (UNDP)',
      language: 'EN',
      phone: '+387 33 293 400',
    });
    const cleared = await veza.data<any>(updateProfile, { input: { phone: null } }, token);
    expect(cleared.updateProfile.user).toEqual({
      displayName: 'Đurđa Šaćirović (UNDP)',
      language: 'EN',
      phone: null,
    });
    expect((await veza.data<any>(viewerQuery, {}, token)).viewer.user.displayName).toBe(
      'Đurđa Šaćirović (UNDP)',
    );
    const search = await veza.data<any>(usersQuery, { search: 'durda sacirovic' }, admin);
    expect(search.users.edges.map((edge: any) => edge.node.email)).toEqual(['partner@veza.test']);

    expect(refusal(await veza.gql(updateProfile, { input: { phone: 'call me' } }, token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(updateProfile, { input: { displayName: '  ' } }, token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(updateProfile, { input: { language: null } }, token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(updateProfile, { input: { language: 'DE' } }, token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(updateProfile, { input: { phone: null } }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});
