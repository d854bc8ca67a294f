import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../../src/modules/accounts/service.js';
import { createScratchDatabase, type ScratchDatabase } from '../utils/database.js';
import { startTestServer, type TestServer } from '../utils/server.js';

const run = promisify(execFile);
const leftovers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of leftovers.reverse()) await drop();
});

function createAdmin(scratch: ScratchDatabase, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/create-admin.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: scratch.databaseUrl ?? '',
      PGLITE_DIR: scratch.pgliteDir,
      LOG_LEVEL: 'silent',
    },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/** The one-time token admin:create printed. */
const tokenOf = (stdout: string) => /^ {2}(\S{30,})$/m.exec(stdout)?.[1];

/** acceptInvitation with a fixed password; the roles it grants. */
function accept(veza: TestServer, token: string | undefined) {
  return veza.gql<{ acceptInvitation: { viewer: { roles: string[] } } }>(
    `mutation($input: AcceptInvitationInput!) {
      acceptInvitation(input: $input) { viewer { roles } }
    }`,
    { input: { token, password: 'a long enough password' } },
  );
}

describe('npm run admin:create', () => {
  it('invites the first administrator on an empty database, and only the first', async () => {
    const scratch = await createScratchDatabase();
    leftovers.push(() => scratch.drop());

    const usage = await createAdmin(scratch, '--email', 'not-an-email', '--name', 'X');
    expect(usage.code).toBe(2);

    const created = await createAdmin(scratch, '--email', 'Ana@Example.ba', '--name', 'Ana Anić');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/network administrator/);
    expect(created.stdout).not.toMatch(/veza-demo/);
    const token = /^ {2}(\S{30,})$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();

    const veza = await startTestServer({ scratch, demoData: false });
    leftovers.push(() => veza.stop()); // idempotent: also stopped below
    // Nobody can sign in before the invitation is accepted.
    const early = await veza.gql(
      'mutation { signIn(input: {email: "ana@example.ba", password: "anything at all"}) { token } }',
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const accepted = await veza.gql(
      `mutation($input: AcceptInvitationInput!) {
        acceptInvitation(input: $input) { token viewer { user { email displayName } roles } }
      }`,
      { input: { token, password: 'ana chose this one' } },
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptInvitation.viewer).toEqual({
      user: { email: 'ana@example.ba', displayName: 'Ana Anić' },
      roles: ['NETWORK_ADMIN'],
    });

    await veza.stop(); // the embedded database takes one process at a time
    const again = await createAdmin(scratch, '--email', 'eve@example.ba', '--name', 'Eve');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/network administrator exists/);
    // Two child processes each start tsx and the embedded database: slow on a busy machine.
  }, 120_000);

  it('never makes two first administrators: a second invitation is refused while one is pending', async () => {
    const scratch = await createScratchDatabase();
    leftovers.push(() => scratch.drop());

    const first = await createAdmin(scratch, '--email', 'ana@example.ba', '--name', 'Ana');
    expect(first.code).toBe(0);
    const second = await createAdmin(scratch, '--email', 'eve@example.ba', '--name', 'Eve');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/ana@example\.ba.*pending/);
    // The same e-mail again replaces the lost token: only the newest one works.
    const again = await createAdmin(scratch, '--email', 'ana@example.ba', '--name', 'Ana');
    expect(again.code).toBe(0);

    const veza = await startTestServer({ scratch, demoData: false });
    leftovers.push(() => veza.stop());
    expect((await accept(veza, tokenOf(first.stdout))).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const accepted = await accept(veza, tokenOf(again.stdout));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptInvitation.viewer.roles).toEqual(['NETWORK_ADMIN']);
  }, 180_000);

  it('lets a first-administrator invitation be accepted only while no administrator exists', async () => {
    const scratch = await createScratchDatabase();
    leftovers.push(() => scratch.drop());
    // Two invitations made before either was accepted (as two runs at the same moment can).
    const ana = await createAdmin(scratch, '--email', 'ana@example.ba', '--name', 'Ana');
    const veza = await startTestServer({ scratch, demoData: false });
    leftovers.push(() => veza.stop());
    const eveToken = await veza.server.database.prisma.$transaction(async (tx) => {
      const token = newToken();
      const user = await tx.user.create({ data: { email: 'eve@example.ba', displayName: 'Eve' } });
      await tx.roleAssignment.create({ data: { userId: user.id, role: 'NETWORK_ADMIN' } });
      await tx.invitation.create({
        data: {
          userId: user.id,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
      return token;
    });
    expect((await accept(veza, tokenOf(ana.stdout))).errors).toBeUndefined();
    const late = await accept(veza, eveToken);
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(late.errors?.[0]?.message).toMatch(/administrator exists/);
  }, 180_000);
});
