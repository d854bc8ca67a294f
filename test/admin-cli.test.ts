import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from './utils/database.js';
import { startTestServer } from './utils/server.js';

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
});
