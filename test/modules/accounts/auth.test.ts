import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hashToken } from '../../../src/modules/accounts/service.js';
import {
  closeCode,
  collect,
  subscribed,
  startTestServer,
  type TestServer,
  twoInstancesBeside,
} from '../../utils/server.js';

let veza: TestServer;
let adminToken: string;

beforeAll(async () => {
  veza = await startTestServer({
    config: {
      signIn: {
        windowMs: 60_000,
        slowdownAfter: 2,
        delayMs: 10,
        maxFailuresPerAccount: 4,
        maxFailuresPerAddress: 1_000,
      },
      sessionRecheckMs: 300,
    },
  });
  adminToken = await veza.signIn('admin@veza.test');
});
afterAll(() => veza?.stop());

const viewerQuery = '{ viewer { user { email } roles } }';
const signOutMutation = 'mutation { signOut { revokedSessions } }';
const watchProgrammes = 'subscription { programmeChanged { code } }';

function prisma() {
  return veza.server.database.prisma;
}

async function invite(email: string, token = adminToken) {
  const result = await veza.gql(
    `mutation($input: InviteUserInput!) {
      inviteUser(input: $input) { invitationToken expiresAt user { id email active } }
    }`,
    { input: { email, displayName: 'Invited Person' } },
    token,
  );
  return result;
}

async function newUser(email: string, password = 'correct horse battery') {
  const invited = await invite(email);
  expect(invited.errors).toBeUndefined();
  const accepted = await veza.gql(
    `mutation($input: AcceptInvitationInput!) {
      acceptInvitation(input: $input) { token viewer { user { id email } } }
    }`,
    { input: { token: invited.data?.inviteUser.invitationToken, password } },
  );
  expect(accepted.errors).toBeUndefined();
  return {
    id: accepted.data?.acceptInvitation.viewer.user.id as string,
    token: accepted.data?.acceptInvitation.token as string,
  };
}

async function signInWith(email: string, password: string) {
  return veza.gql(
    'mutation($input: SignInInput!) { signIn(input: $input) { token viewer { user { email } } } }',
    { input: { email, password } },
  );
}

describe('tokens on HTTP', () => {
  it('a valid token answers viewer; none is anonymous', async () => {
    const signedIn = await veza.gql(viewerQuery, {}, adminToken);
    expect(signedIn.data?.viewer).toEqual({
      user: { email: 'admin@veza.test' },
      roles: ['NETWORK_ADMIN'],
    });
    expect((await veza.gql(viewerQuery)).data).toEqual({ viewer: null });
  });

  it('refuses tampered, expired and revoked tokens with UNAUTHENTICATED and no data', async () => {
    const token = await veza.signIn('partner@veza.test');
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    for (const bad of [tampered, 'not-a-token']) {
      const result = await veza.gql(viewerQuery, {}, bad);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data ?? null).toBeNull();
    }
    const expiring = await veza.signIn('partner@veza.test');
    await prisma().session.update({
      where: { tokenHash: hashToken(expiring) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await veza.gql(viewerQuery, {}, expiring);
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const signedOut = await veza.gql(signOutMutation, {}, token);
    expect(signedOut.data?.signOut).toEqual({ revokedSessions: 1 });
    const revoked = await veza.gql(viewerQuery, {}, token);
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(revoked.data ?? null).toBeNull();
  });

  it('answers null for a user that does not exist', async () => {
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    const result = await veza.gql(
      'query($id: ID!) { node(id: $id) { id } }',
      { id: missing },
      adminToken,
    );
    expect(result).toEqual({ data: { node: null } });
  });

  it('signOut needs a session', async () => {
    const result = await veza.gql(signOutMutation);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });
});

describe('tokens on WebSocket', () => {
  it('closes with 4403 on a tampered or expired token, connects without one', async () => {
    const tampered = veza.wsClient('tampered-token');
    const tamperedClosed = closeCode(tampered);
    const sub = collect(tampered, watchProgrammes);
    expect(await tamperedClosed).toBe(4403);
    expect(sub.results).toEqual([]);

    const token = await veza.signIn('partner@veza.test');
    await prisma().session.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = veza.wsClient(token);
    const expiredClosed = closeCode(expired);
    collect(expired, watchProgrammes);
    expect(await expiredClosed).toBe(4403);

    const numeric = createClient({
      url: veza.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: 12345 },
    });
    expect(await closeCode(numeric)).toBe(4403);
    await numeric.dispose();

    const anonymous = veza.wsClient();
    const result = await new Promise((resolve, reject) =>
      anonymous.subscribe(
        { query: viewerQuery },
        { next: resolve, error: reject, complete: () => {} },
      ),
    );
    expect(result).toEqual({ data: { viewer: null } });
  });

  it('closes an open socket when its session is revoked by signOut', async () => {
    const token = await veza.signIn('koordinator.kljuc@veza.test');
    const client = veza.wsClient(token);
    const closed = closeCode(client);
    const sub = await subscribed(veza, () => collect(client, watchProgrammes));
    const other = await veza.signIn('koordinator.kljuc@veza.test');
    const otherClient = veza.wsClient(other);
    let otherClosed = false;
    void closeCode(otherClient).then(() => (otherClosed = true));
    await subscribed(veza, () => collect(otherClient, watchProgrammes));

    expect((await veza.gql(signOutMutation, {}, token)).errors).toBeUndefined();
    expect(await closed).toBe(4403);
    await expect(sub.waitFor(1, 1_000)).rejects.toThrow(/subscription ended/);
    // The user's other session is untouched.
    expect((await veza.gql(viewerQuery, {}, other)).data?.viewer.user.email).toBe(
      'koordinator.kljuc@veza.test',
    );
    // …and so is its socket: still open, it answers as that session.
    const overOtherSocket = await new Promise((resolve, reject) =>
      otherClient.subscribe(
        { query: viewerQuery },
        { next: resolve, error: reject, complete: () => {} },
      ),
    );
    expect(overOtherSocket).toMatchObject({
      data: { viewer: { user: { email: 'koordinator.kljuc@veza.test' } } },
    });
    expect(otherClosed).toBe(false);
  });

  it('closes sockets of every session when an admin revokes a user', async () => {
    const user = await newUser('revoke.me@veza.test');
    const client = veza.wsClient(user.token);
    const closed = closeCode(client);
    await subscribed(veza, () => collect(client, watchProgrammes));

    const denied = await veza.gql(
      'mutation($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { revokedSessions } }',
      { input: { userId: user.id } },
      user.token,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.data).toBeNull();

    const revoked = await veza.gql(
      'mutation($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { revokedSessions } }',
      { input: { userId: user.id } },
      adminToken,
    );
    expect(revoked.data?.revokeUserSessions).toEqual({ revokedSessions: 1 });
    expect(await closed).toBe(4403);
    expect((await veza.gql(viewerQuery, {}, user.token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it.runIf(process.env.REDIS_URL)(
    'closes a socket on another instance at once (revocation through Redis)',
    async () => {
      const [a, b] = await twoInstancesBeside(veza);
      const token = await a.signIn('koordinator.zenica@veza.test');
      const client = b.wsClient(token);
      const closed = closeCode(client);
      await subscribed(b, () => collect(client, watchProgrammes));
      expect((await a.gql(signOutMutation, {}, token)).errors).toBeUndefined();
      expect(await closed).toBe(4403);
      // b heard of it, so it no longer takes the token over HTTP either.
      expect((await b.gql(viewerQuery, {}, token)).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    },
  );

  it('ends a subscription over Server-Sent Events when its session is revoked', async () => {
    const token = await veza.signIn('koordinator.zenica@veza.test');
    const response = await subscribed(veza, () => veza.eventStream(watchProgrammes, {}, token));
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await veza.gql(signOutMutation, {}, token)).errors).toBeUndefined();
    let stream = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      stream += value;
    }
    expect(stream).toMatch(/UNAUTHENTICATED/);
    expect(stream).toMatch(/event: complete/);
  });

  it('closes a socket when its session expires', async () => {
    const token = await veza.signIn('recenzent@veza.test');
    await prisma().session.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    const client = veza.wsClient(token);
    const closed = closeCode(client);
    await subscribed(veza, () => collect(client, watchProgrammes));
    expect(await closed).toBe(4403);
  });

  it('re-checks the session for operations on an open socket, at least every SESSION_RECHECK_MS', async () => {
    const token = await veza.signIn('recenzent@veza.test');
    const client = veza.wsClient(token);
    const closed = closeCode(client);
    collect(client, watchProgrammes); // keeps the lazy client's socket open
    const first = await new Promise((resolve, reject) =>
      client.subscribe(
        { query: viewerQuery },
        { next: resolve, error: reject, complete: () => {} },
      ),
    );
    expect(first).toMatchObject({ data: { viewer: { user: { email: 'recenzent@veza.test' } } } });
    // Revoked behind the server's back: no event, only the row; noticed once the socket's
    // session is no longer trusted (this suite's server trusts it for 300 ms).
    await prisma().session.update({
      where: { tokenHash: hashToken(token) },
      data: { revokedAt: new Date() },
    });
    // Time is what is tested: no event tells the server, only the trust running out.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = await new Promise((resolve) =>
      client.subscribe(
        { query: viewerQuery },
        { next: resolve, error: resolve, complete: () => {} },
      ),
    );
    // Either the operation's UNAUTHENTICATED error or the socket's close arrives first.
    const seen = Array.isArray(second) ? JSON.stringify(second) : String((second as any).code);
    expect(seen).toMatch(/UNAUTHENTICATED|4403/);
    expect(await closed).toBe(4403);
  });
});

describe('password change', () => {
  it('needs the current password, and ends the other sessions only', async () => {
    const user = await newUser('changer@veza.test', 'first password 123');
    const second = (await signInWith('changer@veza.test', 'first password 123')).data?.signIn
      .token as string;
    const secondClient = veza.wsClient(second);
    const closed = closeCode(secondClient);
    await subscribed(veza, () => collect(secondClient, watchProgrammes));
    const mutation = `mutation($input: ChangePasswordInput!) {
      changePassword(input: $input) { viewer { user { email } } }
    }`;
    const wrong = await veza.gql(
      mutation,
      { input: { currentPassword: 'nope', newPassword: 'second password 456' } },
      user.token,
    );
    expect(wrong.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const short = await veza.gql(
      mutation,
      { input: { currentPassword: 'first password 123', newPassword: 'short' } },
      user.token,
    );
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await veza.gql(mutation, {
      input: { currentPassword: 'first password 123', newPassword: 'second password 456' },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const changed = await veza.gql(
      mutation,
      { input: { currentPassword: 'first password 123', newPassword: 'second password 456' } },
      user.token,
    );
    expect(changed.errors).toBeUndefined();
    expect(await closed).toBe(4403);
    expect((await veza.gql(viewerQuery, {}, second)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await veza.gql(viewerQuery, {}, user.token)).data?.viewer.user.email).toBe(
      'changer@veza.test',
    );
    expect((await signInWith('changer@veza.test', 'first password 123')).errors).toHaveLength(1);
    expect((await signInWith('changer@veza.test', 'second password 456')).errors).toBeUndefined();
  });
});

/** The viewer's roles, asked over an open socket. */
const rolesOverSocket = (client: Client) =>
  new Promise<unknown>((resolve, reject) =>
    client.subscribe<{ viewer: { roles: string[] } }>(
      { query: viewerQuery },
      { next: (result) => resolve(result.data?.viewer.roles), error: reject, complete: () => {} },
    ),
  );

describe('role grants', () => {
  const assign = `mutation($input: AssignRoleInput!) {
    assignRole(input: $input) { roleAssignment { id role programme { code } } }
  }`;
  const revoke = `mutation($input: RevokeRoleInput!) {
    revokeRole(input: $input) { revokedRoleAssignmentId }
  }`;

  it('checks the scope each role needs, refuses duplicates, and audits', async () => {
    const user = await newUser('graded@veza.test');
    const { data } = await veza.gql('{ programmes(search: "MAKERS") { edges { node { id } } } }');
    const makers = data?.programmes.edges[0].node.id;
    const noProgramme = await veza.gql(
      assign,
      { input: { userId: user.id, role: 'REVIEWER' } },
      adminToken,
    );
    expect(noProgramme.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/programmeId/),
    });
    const noMunicipality = await veza.gql(
      assign,
      { input: { userId: user.id, role: 'COORDINATOR', programmeId: makers } },
      adminToken,
    );
    expect(noMunicipality.errors?.[0]?.message).toMatch(/municipalityId/);
    const wrongType = await veza.gql(
      assign,
      { input: { userId: user.id, role: 'REVIEWER', programmeId: user.id } },
      adminToken,
    );
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const granted = await veza.gql(
      assign,
      { input: { userId: user.id, role: 'REVIEWER', programmeId: makers } },
      adminToken,
    );
    expect(granted.data?.assignRole.roleAssignment).toMatchObject({
      role: 'REVIEWER',
      programme: { code: 'MAKERS' },
    });
    const twice = await veza.gql(
      assign,
      { input: { userId: user.id, role: 'REVIEWER', programmeId: makers } },
      adminToken,
    );
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The holder's next request carries the role.
    expect((await veza.gql(viewerQuery, {}, user.token)).data?.viewer.roles).toEqual(['REVIEWER']);

    const id = granted.data?.assignRole.roleAssignment.id;
    const revoked = await veza.gql(revoke, { input: { roleAssignmentId: id } }, adminToken);
    expect(revoked.errors).toBeUndefined();
    expect((await veza.gql(viewerQuery, {}, user.token)).data?.viewer.roles).toEqual([]);
    const gone = await veza.gql(revoke, { input: { roleAssignmentId: id } }, adminToken);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const audited = await prisma().auditEvent.findMany({
      where: {
        subjectUserId: Buffer.from(user.id, 'base64').toString().split(':')[1],
        kind: { in: ['ROLE_ASSIGNED', 'ROLE_REVOKED'] },
      },
      orderBy: { createdAt: 'asc' },
    });
    expect(audited.map((event) => event.kind)).toEqual(['ROLE_ASSIGNED', 'ROLE_REVOKED']);
    expect(audited[0]?.details).toMatchObject({ role: 'REVIEWER' });
  });
  it('an open socket answers its next operation with the roles as they are now', async () => {
    const user = await newUser('socket.roles@veza.test');
    const makers = (await veza.data('{ programmes(search: "MAKERS") { edges { node { id } } } }'))
      .programmes.edges[0].node.id;
    const client = veza.wsClient(user.token);
    const roles = () => rolesOverSocket(client);
    expect(await roles()).toEqual([]);
    const granted = await veza.data(
      assign,
      { input: { userId: user.id, role: 'REVIEWER', programmeId: makers } },
      adminToken,
    );
    expect(await roles()).toEqual(['REVIEWER']);
    await veza.data(
      revoke,
      { input: { roleAssignmentId: granted.assignRole.roleAssignment.id } },
      adminToken,
    );
    expect(await roles()).toEqual([]);
  });

  it.runIf(process.env.REDIS_URL)(
    'a role taken away on one instance applies to sockets on another well within SESSION_RECHECK_MS',
    async () => {
      const [a, b] = await twoInstancesBeside(veza);
      const user = await newUser('socket.roles.redis@veza.test');
      const makers = (await a.data('{ programmes(search: "MAKERS") { edges { node { id } } } }'))
        .programmes.edges[0].node.id;
      const granted = await a.data(
        assign,
        { input: { userId: user.id, role: 'PARTNER', programmeId: makers } },
        adminToken,
      );
      const client = b.wsClient(user.token);
      const roles = () => rolesOverSocket(client);
      expect(await roles()).toEqual(['PARTNER']);
      await a.data(
        revoke,
        { input: { roleAssignmentId: granted.assignRole.roleAssignment.id } },
        adminToken,
      );
      // b trusts a socket's roles for 5 s without news; the news comes through Redis.
      const deadline = Date.now() + 1_000;
      let seen = await roles();
      while (JSON.stringify(seen) !== '[]' && Date.now() < deadline) seen = await roles();
      expect(seen).toEqual([]);
    },
  );
});

describe('invitations', () => {
  it('only network administrators invite; the token works once', async () => {
    const partner = await veza.signIn('partner@veza.test');
    const denied = await invite('nobody@veza.test', partner);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.data).toBeNull();
    expect(await prisma().user.count({ where: { email: 'nobody@veza.test' } })).toBe(0);
    const anonymous = await veza.gql(
      'mutation { inviteUser(input: {email: "x@veza.test", displayName: "X"}) { invitationToken } }',
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const invited = await invite('Invitee@Veza.test');
    expect(invited.data?.inviteUser.user).toMatchObject({
      email: 'invitee@veza.test',
      active: false,
    });
    const token = invited.data?.inviteUser.invitationToken as string;
    const stored = await prisma().invitation.findFirstOrThrow({
      where: { user: { email: 'invitee@veza.test' } },
    });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(stored.tokenHash).not.toContain(token);
    // No password yet: nobody can sign in to it.
    expect((await signInWith('invitee@veza.test', '')).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );

    const accept = `mutation($input: AcceptInvitationInput!) {
      acceptInvitation(input: $input) { token viewer { user { email active } } }
    }`;
    const accepted = await veza.gql(accept, {
      input: { token, password: 'invitee password 1' },
    });
    expect(accepted.data?.acceptInvitation.viewer.user).toEqual({
      email: 'invitee@veza.test',
      active: true,
    });
    const again = await veza.gql(accept, { input: { token, password: 'another password 2' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await signInWith('invitee@veza.test', 'invitee password 1')).errors).toBeUndefined();
    const duplicate = await invite('invitee@veza.test');
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses an expired invitation', async () => {
    const invited = await invite('late@veza.test');
    await prisma().invitation.updateMany({
      where: { user: { email: 'late@veza.test' } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const result = await veza.gql(
      'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      { input: { token: invited.data?.inviteUser.invitationToken, password: 'late password 12' } },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });
});

describe('sign-in throttling', () => {
  it('refuses an account after the configured failures, on every instance', async () => {
    await newUser('guessed@veza.test', 'guessed password 1');
    // A second instance on the same database counts the same failures.
    const other = await startTestServer({
      database: veza.server.database,
      config: {
        signIn: {
          windowMs: 60_000,
          slowdownAfter: 2,
          delayMs: 10,
          maxFailuresPerAccount: 4,
          maxFailuresPerAddress: 1_000,
        },
      },
    });
    try {
      for (const server of [veza, other, veza, other]) {
        const failed = await server.gql(
          'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
          { input: { email: 'guessed@veza.test', password: 'wrong' } },
        );
        expect(failed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const refused = await other.gql(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email: 'guessed@veza.test', password: 'guessed password 1' } },
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'TOO_MANY_ATTEMPTS',
      });
      expect(refused.data).toBeNull();
      // Other accounts are not affected.
      expect((await signInWith('admin@veza.test', 'veza-demo')).errors).toBeUndefined();
      // Once the window has passed, the right password works again.
      await prisma().signInFailure.updateMany({
        where: { email: 'guessed@veza.test' },
        data: { createdAt: new Date(Date.now() - 120_000) },
      });
      expect((await signInWith('guessed@veza.test', 'guessed password 1')).errors).toBeUndefined();
    } finally {
      await other.stop();
    }
  });

  it('refuses an address after the configured failures', async () => {
    const strict = await startTestServer({
      database: veza.server.database,
      config: {
        signIn: {
          windowMs: 60_000,
          slowdownAfter: 0,
          delayMs: 1,
          maxFailuresPerAccount: 100,
          maxFailuresPerAddress: 3,
        },
      },
    });
    try {
      await prisma().signInFailure.deleteMany({});
      for (const email of ['a@veza.test', 'b@veza.test', 'c@veza.test']) {
        const failed = await strict.gql(
          'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
          { input: { email, password: 'wrong' } },
        );
        expect(failed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const refused = await strict.gql(
        'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
        { input: { email: 'admin@veza.test', password: 'veza-demo' } },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await prisma().signInFailure.deleteMany({});
      await strict.stop();
    }
  });
});

describe('password change throttling', () => {
  it('counts wrong current passwords like failed sign-ins', async () => {
    const user = await newUser('stolen.token@veza.test', 'the real password 1');
    const attempt = (currentPassword: string) =>
      veza.gql(
        'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { viewer { roles } } }',
        { input: { currentPassword, newPassword: 'attacker password 1' } },
        user.token,
      );
    for (let i = 0; i < 4; i++) {
      expect((await attempt(`guess ${i}`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const refused = await attempt('the real password 1');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    await prisma().signInFailure.deleteMany({ where: { email: 'stolen.token@veza.test' } });
  });
});

describe('audit log', () => {
  it('records security events, readable by network administrators only', async () => {
    const query = `query($kind: AuditEventKind, $first: Int, $after: String) {
      auditEvents(kind: $kind, first: $first, after: $after) {
        totalCount
        edges { node { kind email subjectUserId actorId createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const admin = await veza.gql(query, { kind: 'SIGN_IN_SUCCEEDED', first: 2 }, adminToken);
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.auditEvents.totalCount).toBeGreaterThan(2);
    expect(admin.data?.auditEvents.edges).toHaveLength(2);
    expect(admin.data?.auditEvents.pageInfo.hasNextPage).toBe(true);
    const next = await veza.gql(
      query,
      { kind: 'SIGN_IN_SUCCEEDED', first: 2, after: admin.data?.auditEvents.pageInfo.endCursor },
      adminToken,
    );
    expect(next.data?.auditEvents.edges).toHaveLength(2);

    const kinds = await prisma().auditEvent.findMany({
      distinct: ['kind'],
      select: { kind: true },
    });
    expect(kinds.map((event) => event.kind).sort()).toEqual(
      expect.arrayContaining([
        'SIGN_IN_SUCCEEDED',
        'SIGNED_OUT',
        'USER_INVITED',
        'INVITATION_ACCEPTED',
      ]),
    );

    const partner = await veza.gql(query, {}, await veza.signIn('partner@veza.test'));
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(partner.data).toBeNull();
    const anonymous = await veza.gql(query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
  });
});
