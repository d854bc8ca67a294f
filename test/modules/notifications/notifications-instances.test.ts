// Two instances on one database (PostgreSQL when DATABASE_URL is set) sharing Redis, one SMTP
// receiver: both workers drain the same outbox, and each notification arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../src/db/database.js';
import { createScratchDatabase, type ScratchDatabase } from '../../utils/database.js';
import { collect, subscribed, startTestServer, type TestServer } from '../../utils/server.js';
import { startSmtpReceiver, testMailSettings, type SmtpReceiver } from '../../utils/smtp.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let scratch: ScratchDatabase;
let shared: Database | undefined;
let smtp: SmtpReceiver;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  scratch = await createScratchDatabase('demo');
  smtp = await startSmtpReceiver();
  // Each instance opens its own pool on PostgreSQL, as separate processes would; the embedded
  // database is single-process, so there they share one open PGlite.
  if (!scratch.databaseUrl) shared = await openDatabase(scratch);
  const options = {
    inProcess: true,
    scratch,
    database: shared,
    redisUrl,
    config: { mail: { ...testMailSettings(smtp.url), concurrency: 3 } },
  };
  first = await startTestServer(options);
  second = await startTestServer(options);
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await shared?.close();
  await smtp?.stop();
  await scratch?.drop();
});

describe('two instances, one outbox', () => {
  it('deliver every e-mail exactly once, each worker taking a share', async () => {
    const [adminA, adminB] = [
      await first.signIn('admin@veza.test'),
      await second.signIn('admin@veza.test'),
    ];
    const addresses = Array.from({ length: 40 }, (_, i) => `clan.${i}@example.ba`);
    await Promise.all(
      addresses.map((email, i) =>
        (i % 2 ? first : second).data(
          `mutation($input: InviteUserInput!) { inviteUser(input: $input) { expiresAt } }`,
          { input: { email, displayName: `Član ${i}` } },
          i % 2 ? adminA : adminB,
        ),
      ),
    );
    await smtp.waitFor(addresses.length);
    for (const address of addresses) expect(smtp.to(address)).toHaveLength(1);
    const ids = smtp.messages.map((mail) => mail.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    // A batch is recorded SENT once all of it was accepted: a moment after the last arrival.
    const sent = async () =>
      (
        await first.data<{ deliveries: { totalCount: number } }>(
          '{ deliveries(status: SENT) { totalCount } }',
          {},
          adminA,
        )
      ).deliveries.totalCount;
    const deadline = Date.now() + 10_000;
    while ((await sent()) < addresses.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await sent()).toBe(addresses.length);
  });

  it('announce an in-app notification once, on the instance the user listens to', async () => {
    const token = await second.signIn('koordinator.kljuc@veza.test');
    const socket = second.wsClient(token);
    const live = await subscribed(second, () =>
      collect<{ notificationAdded: { kind: string } }>(
        socket,
        'subscription { notificationAdded { kind } }',
      ),
    );
    const change = (currentPassword: string, newPassword: string) =>
      first.data(
        `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { viewer { roles } } }`,
        { input: { currentPassword, newPassword } },
        token,
      );
    await change('veza-demo', 'prva-lozinka-ključ');
    await live.waitFor(1);
    // A second change's announcement arrives second: nothing of the first was repeated between.
    await change('prva-lozinka-ključ', 'druga-lozinka-ključ');
    await live.waitFor(2);
    expect(live.results.map((result) => result.data?.notificationAdded.kind)).toEqual([
      'SECURITY_NOTICE',
      'SECURITY_NOTICE',
    ]);
    await smtp.waitForMailTo('koordinator.kljuc@veza.test', /^Sigurnosno/, 2);
    expect(smtp.to('koordinator.kljuc@veza.test')).toHaveLength(2);
  });
});
