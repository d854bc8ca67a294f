// What an operator runs beside the server: backup and restore of the embedded database (and
// pg_dump for PostgreSQL, as docs/operations.md prints it), command-line tools on a database in
// use, and human-readable logs.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../utils/database.js';
import { startTestServer } from '../utils/server.js';

const execFileAsync = promisify(execFile);
const leftovers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const drop of leftovers.reverse()) await drop();
});

/** Runs a command-line tool (as its npm script does, without the .env file) to its end. */
function cli(script: string, args: string[], env: Record<string, string | undefined>) {
  return execFileAsync(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const ACCEPT = `mutation Accept($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { viewer { user { email } roles } }
}`;

describe.skipIf(process.env.DATABASE_URL)('the embedded database', () => {
  it('is backed up and restored whole, and tools on it while a server runs say so in one line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'veza-backup-'));
    leftovers.push(() => rm(dir, { recursive: true, force: true }));
    const env = { PGLITE_DIR: path.join(dir, 'pglite') };
    const invited = await cli(
      'create-admin.ts',
      ['--email', 'ana@example.ba', '--name', 'Ana'],
      env,
    );
    expect(invited.code, invited.stderr).toBe(0);
    const token = /^ {2}(\S{30,})$/m.exec(invited.stdout)?.[1];

    const veza = await startTestServer({
      scratch: { pgliteDir: env.PGLITE_DIR, drop: async () => {} },
      demoData: false,
    });
    for (const [script, args] of [
      ['backup.ts', ['backup', path.join(dir, 'refused.tar.gz')]],
      ['create-admin.ts', ['--email', 'eve@example.ba', '--name', 'Eve']],
      ['migrate.ts', ['status']],
    ] as const) {
      const refused = await cli(script, [...args], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toMatch(/^The embedded database \S+ is in use by process \d+;/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    }
    await veza.stop();

    const file = path.join(dir, 'veza.tar.gz');
    const backup = await cli('backup.ts', ['backup', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* KiB\)$/m);

    // Restoring over a database is refused unless asked, and then keeps the old one aside.
    const over = await cli('backup.ts', ['restore', file], env);
    expect(over).toMatchObject({ code: 1, stderr: expect.stringMatching(/--replace/) });
    const restoredEnv = { PGLITE_DIR: path.join(dir, 'restored') };
    const restored = await cli('backup.ts', ['restore', file], restoredEnv);
    expect(restored.code, restored.stderr).toBe(0);

    // The restored database holds the invitation made before the backup.
    const copy = await startTestServer({
      scratch: { pgliteDir: restoredEnv.PGLITE_DIR, drop: async () => {} },
      demoData: false,
    });
    leftovers.push(() => copy.stop());
    const accepted = await copy.gql(ACCEPT, {
      input: { token, password: 'a long enough password' },
    });
    expect(accepted).toEqual({
      data: {
        acceptInvitation: {
          viewer: { user: { email: 'ana@example.ba' }, roles: ['NETWORK_ADMIN'] },
        },
      },
    });
  }, 180_000);
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL', () => {
  it('round-trips through pg_dump and pg_restore as docs/operations.md says', async () => {
    const source = await createScratchDatabase();
    const target = await createScratchDatabase();
    leftovers.push(
      () => source.drop(),
      () => target.drop(),
    );
    const veza = await startTestServer({ scratch: source, demoData: false });
    await veza.stop();
    const invited = await cli('create-admin.ts', ['--email', 'ana@example.ba', '--name', 'Ana'], {
      DATABASE_URL: source.databaseUrl,
    });
    const token = /^ {2}(\S{30,})$/m.exec(invited.stdout)?.[1];

    const dump = path.join(source.pgliteDir, '..', 'veza.dump');
    await execFileAsync('pg_dump', [
      '--format=custom',
      '--no-owner',
      `--file=${dump}`,
      source.databaseUrl!,
    ]);
    await execFileAsync('pg_restore', ['--no-owner', `--dbname=${target.databaseUrl}`, dump]);

    const copy = await startTestServer({ scratch: target, demoData: false });
    leftovers.push(() => copy.stop());
    const accepted = await copy.gql(ACCEPT, {
      input: { token, password: 'a long enough password' },
    });
    expect(accepted.data?.acceptInvitation.viewer.user.email).toBe('ana@example.ba');
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    await client.end();
    expect(rows[0].n).toBeGreaterThan(0);
  }, 180_000);
});

describe('logs', () => {
  it('are readable lines with LOG_FORMAT=pretty', async () => {
    const scratch = await createScratchDatabase();
    leftovers.push(() => scratch.drop());
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: scratch.databaseUrl ?? '',
        PGLITE_DIR: scratch.pgliteDir,
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO_DATA: 'off',
        LOG_FORMAT: 'pretty',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    leftovers.push(() => (child.kill('SIGTERM') ? exited : Promise.resolve()));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (/Veza is listening on http:\S+\n/.test(output)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect(output).toMatch(/^\[[\d:. ]+\] INFO: Veza is listening on http:\S+$/m);
    expect(output).not.toContain('{"level"');
  }, 120_000);
});
