import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { UnsubscribeLinks } from '../../../src/modules/notifications/unsubscribe.js';
import { refusal } from '../../utils/assertions.js';
import { startServerWithMailbox, type ReceivedMail, type SmtpReceiver } from '../../utils/smtp.js';
import { collect, subscribed, type TestServer } from '../../utils/server.js';

let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ smtp, app, admin, stop } = await startServerWithMailbox({ inProcess: true }));
});
afterAll(() => stop?.());

const INVITE = `mutation($input: InviteUserInput!) {
  inviteUser(input: $input) { invitationToken user { id } } }`;

function invite(email: string, displayName = 'Nova Osoba') {
  return app.data<{ inviteUser: { invitationToken: string; user: { id: string } } }>(
    INVITE,
    { input: { email, displayName } },
    admin,
  );
}

const mailTo = (address: string) => smtp.waitForMailTo(address);

/** A header as sent (mailparser groups the List-* headers into one object). */
function rawHeader(mail: ReceivedMail, key: string): string | undefined {
  const line = mail.parsed.headerLines.find((header) => header.key === key)?.line;
  return line?.replace(/\r?\n\s+/g, '');
}

/** The List-Unsubscribe URL of a message, pointed at the test server (PUBLIC_URL is fixed). */
function unsubscribeUrl(mail: ReceivedMail): string {
  const url = /<(https?:[^>]+)>/.exec(rawHeader(mail, 'list-unsubscribe') ?? '')?.[1];
  if (!url) throw new Error('no List-Unsubscribe URL');
  const parsed = new URL(url);
  return new URL(`${parsed.pathname}${parsed.search}`, app.url).toString();
}

const oneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

type Delivery = {
  email: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
};

async function deliveries(status?: string): Promise<Delivery[]> {
  const result = await app.data<{ deliveries: { edges: { node: Delivery }[] } }>(
    `query($status: DeliveryStatus) { deliveries(first: 100, status: $status) {
      edges { node { email kind status attempts lastError } } } }`,
    { status },
    admin,
  );
  return result.deliveries.edges.map((edge) => edge.node);
}

/** Polls the administrators' outbox view until `check` holds. */
async function outboxUntil(check: (rows: Delivery[]) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await deliveries();
    if (check(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`outbox never matched: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('e-mail', () => {
  it('refuses a bad SMTP_URL or MAIL_FROM at start, naming both', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.ba', MAIL_FROM: 'Veza' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.ba', MAIL_FROM: 'Veza' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL\s+MAIL_FROM: must be an address/,
    );
    const mail = loadConfig({
      SMTP_URL: 'smtps://veza:tajna@mail.example.ba:465',
      MAIL_FROM: 'Veza – mreža <veza@example.ba>',
    }).mail;
    expect(mail).toMatchObject({ smtpUrl: 'smtps://veza:tajna@mail.example.ba:465' });
  });

  it('inviteUser e-mails the link in Bosnian: text and HTML parts, diacritics, RFC 8058 headers', async () => {
    const { inviteUser } = await invite('djurdja@example.ba', 'Đurđa Šećić-Žužić');
    const [mail] = await mailTo('djurdja@example.ba');
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('Pozivnica u mrežu Veza');
    const link = `/invitation#token=${encodeURIComponent(inviteUser.invitationToken)}`;
    expect(parsed.text).toContain('Poštovani/a Đurđa Šećić-Žužić,');
    expect(parsed.text).toContain(link);
    expect(parsed.html).toContain('Đurđa Šećić-Žužić');
    expect(parsed.html).toContain(link);
    expect(rawHeader(mail!, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(unsubscribeUrl(mail!)).toMatch(/\/unsubscribe\?token=/);
    expect(parsed.messageId).toMatch(/@veza>?$/);
    // Sent, the outbox forgets the token (the database keeps only its hash).
    const prisma = app.server.database.prisma;
    const deadline = Date.now() + 10_000;
    let stored = await prisma.delivery.findFirst({ where: { email: 'djurdja@example.ba' } });
    while ((stored?.data as { token?: string | null }).token && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored = await prisma.delivery.findFirst({ where: { email: 'djurdja@example.ba' } });
    }
    expect(stored?.status).toBe('SENT');
    expect((stored?.data as { token: string | null }).token).toBeNull();
    // The invitation page the link opens.
    const page = await fetch(new URL('/invitation', app.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('acceptInvitation');
  });

  it('one-click unsubscribe works without signing in, once; forged, expired and used links change nothing and are audited', async () => {
    const { inviteUser } = await invite('odjava@example.ba');
    const [mail] = await mailTo('odjava@example.ba');
    const url = unsubscribeUrl(mail!);

    const confirm = await fetch(url);
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get('x-unsubscribe-outcome')).toBe('CONFIRM');

    const done = await oneClick(url);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Odjavljeni ste');

    const replayed = await oneClick(url);
    expect(replayed.status).toBe(410);
    expect(await replayed.text()).toContain('već iskorišten');

    const forged = await oneClick(url.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('nije ispravan');

    // A genuine link whose time ran out, signed with the server's own key.
    const expiredLinks = await UnsubscribeLinks.load(app.server.database.prisma, {
      publicUrl: new URL(app.url).origin,
      unsubscribeTtlMs: -60_000,
    });
    const expired = await oneClick(
      expiredLinks.url({ recipient: { userId: inviteUser.user.id }, kind: 'SECURITY_NOTICE' }),
    );
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('istekao');

    const audit = await app.data<{ auditEvents: { edges: { node: { details: any } }[] } }>(
      `{ auditEvents(first: 10, kind: UNSUBSCRIBE_REFUSED) { edges { node { details } } } }`,
      {},
      admin,
    );
    expect(audit.auditEvents.edges.map((edge) => edge.node.details.reason).sort()).toEqual([
      'EXPIRED',
      'FORGED',
      'USED',
    ]);

    // The invitee accepts and sees the one change: invitations by e-mail OFF, nothing else.
    const accepted = await app.data<{ acceptInvitation: { token: string } }>(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }`,
      { input: { token: inviteUser.invitationToken, password: 'dugačka-lozinka-1' } },
    );
    const prefs = await app.data<{ notificationPreferences: { kind: string; email: string }[] }>(
      '{ notificationPreferences { kind email inApp } }',
      {},
      accepted.acceptInvitation.token,
    );
    const off = prefs.notificationPreferences.filter((pref) => pref.email === 'OFF');
    expect(off.map((pref) => pref.kind)).toEqual(['INVITATION']);
  });

  it('SMTP refusing for a while, then accepting: everything arrives, exactly once', async () => {
    smtp.behaviour.down = true;
    const refusedBefore = smtp.refusedConnections;
    const addresses = ['a.cekanje@example.ba', 'b.cekanje@example.ba', 'c.cekanje@example.ba'];
    for (const address of addresses) await invite(address);
    // Retried with backoff while down: the outbox shows the failed attempts.
    await outboxUntil((rows) =>
      addresses.every((address) =>
        rows.some(
          (row) =>
            row.email === address &&
            row.status === 'PENDING' &&
            row.attempts >= 1 &&
            row.lastError !== null,
        ),
      ),
    );
    expect(smtp.refusedConnections).toBeGreaterThan(refusedBefore);
    smtp.behaviour.down = false;
    for (const address of addresses) await mailTo(address);
    await outboxUntil((rows) =>
      addresses.every((address) => rows.some((r) => r.email === address && r.status === 'SENT')),
    );
    for (const address of addresses) expect(smtp.to(address)).toHaveLength(1);
  });

  it('an address the server refuses is REJECTED at once; a server down too long makes it FAILED', async () => {
    smtp.behaviour.refusedAddresses.add('nepostojeci@example.ba');
    await invite('nepostojeci@example.ba');
    const rejected = await outboxUntil((rows) =>
      rows.some((row) => row.email === 'nepostojeci@example.ba' && row.status === 'REJECTED'),
    );
    const row = rejected.find((r) => r.email === 'nepostojeci@example.ba')!;
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/Mailbox unavailable/);

    smtp.behaviour.down = true;
    try {
      await invite('predugo@example.ba');
      await outboxUntil((rows) =>
        rows.some((r) => r.email === 'predugo@example.ba' && r.status === 'FAILED'),
      );
      const failed = await deliveries('FAILED');
      expect(failed).toEqual([
        expect.objectContaining({ email: 'predugo@example.ba', attempts: 3, kind: 'INVITATION' }),
      ]);
    } finally {
      smtp.behaviour.down = false;
    }
    // Only administrators read the outbox.
    const coordinator = await app.signIn('koordinator.zenica@veza.test');
    expect(refusal(await app.gql('{ deliveries { totalCount } }', {}, coordinator))).toBe(
      'FORBIDDEN',
    );
  });
});

const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { viewer { roles } } }`;

describe('the in-app inbox', () => {
  it('a security notice reaches the inbox once, over graphql-ws and SSE, and by e-mail', async () => {
    const kljuc = await app.signIn('koordinator.kljuc@veza.test');
    const socket = app.wsClient(kljuc);
    const live = await subscribed(app, () =>
      collect<{ notificationAdded: { kind: string; title: string; read: boolean } }>(
        socket,
        'subscription { notificationAdded { kind title read } }',
      ),
    );
    const abort = new AbortController();
    const sse = await app.eventStream(
      'subscription { notificationAdded { kind title } }',
      {},
      kljuc,
      abort.signal,
    );
    expect(sse.status).toBe(200);

    await app.data(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'veza-demo', newPassword: 'nova-šifra-čćđšž' } },
      kljuc,
    );
    const [event] = await live.waitFor(1);
    expect(event?.data?.notificationAdded).toEqual({
      kind: 'SECURITY_NOTICE',
      title: 'Sigurnosno obavještenje: Lozinka vašeg računa je promijenjena',
      read: false,
    });
    const reader = sse.body!.getReader();
    let text = '';
    while (!text.includes('notificationAdded')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('Sigurnosno obavje');
    abort.abort();

    const [mail] = await mailTo('koordinator.kljuc@veza.test');
    expect(mail!.parsed.subject).toBe(
      'Sigurnosno obavještenje: Lozinka vašeg računa je promijenjena',
    );

    const inbox = await app.data<{
      unreadNotificationCount: number;
      notifications: { totalCount: number; edges: { node: { id: string; body: string } }[] };
    }>(
      '{ unreadNotificationCount notifications(unread: true) { totalCount edges { node { id body } } } }',
      {},
      kljuc,
    );
    expect(inbox.unreadNotificationCount).toBe(1);
    expect(inbox.notifications.totalCount).toBe(1);
    const id = inbox.notifications.edges[0]!.node.id;

    // Someone else can neither read nor mark it.
    const other = await app.signIn('koordinator.zenica@veza.test');
    const foreign = await app.data<{ markNotificationsRead: { count: number } }>(
      'mutation($ids: [ID!]) { markNotificationsRead(input: { ids: $ids }) { count } }',
      { ids: [id] },
      other,
    );
    expect(foreign.markNotificationsRead.count).toBe(0);
    const peek = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id }, other);
    expect(peek.data?.node ?? null).toBeNull();

    expect(
      refusal(await app.gql('mutation { markNotificationsRead(input: {}) { count } }', {}, kljuc)),
    ).toBe('BAD_USER_INPUT');
    const marked = await app.data<{ markNotificationsRead: { count: number } }>(
      'mutation { markNotificationsRead(input: { all: true }) { count } }',
      {},
      kljuc,
    );
    expect(marked.markNotificationsRead.count).toBe(1);
    const after = await app.data<{ unreadNotificationCount: number }>(
      '{ unreadNotificationCount }',
      {},
      kljuc,
    );
    expect(after.unreadNotificationCount).toBe(0);
    expect(refusal(await app.gql('{ unreadNotificationCount }'))).toBe('UNAUTHENTICATED');
  });
});

describe('preferences', () => {
  it('OFF sends no e-mail, in-app off keeps the inbox empty, DAILY_DIGEST waits for one digest in English', async () => {
    const zenica = await app.signIn('koordinator.zenica@veza.test');
    const set = (email: string, inApp: boolean, language?: string) =>
      app.data(
        `mutation($input: UpdateNotificationPreferencesInput!) {
          updateNotificationPreferences(input: $input) { language preferences { kind email } } }`,
        { input: { preferences: [{ kind: 'SECURITY_NOTICE', email, inApp }], language } },
        zenica,
      );
    await set('OFF', false);
    await app.data(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'veza-demo', newPassword: 'prva-nova-lozinka' } },
      zenica,
    );
    // Recorded in the change's transaction, so the outbox and inbox are final already.
    const address = 'koordinator.zenica@veza.test';
    expect((await deliveries()).filter((row) => row.email === address)).toEqual([]);
    const empty = await app.data<{ notifications: { totalCount: number } }>(
      '{ notifications { totalCount } }',
      {},
      zenica,
    );
    expect(empty.notifications.totalCount).toBe(0);

    await set('DAILY_DIGEST', true, 'EN');
    await app.data(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'prva-nova-lozinka', newPassword: 'druga-nova-lozinka' } },
      zenica,
    );
    const [digest] = await mailTo(address);
    expect(digest!.parsed.subject).toBe('Daily digest: 1 notifications');
    expect(digest!.parsed.text).toContain('Security notice: Your password was changed');
    // The worker records a delivery as sent just after the receiver has the message.
    const statuses = async () =>
      (await deliveries()).filter((row) => row.email === address).map((r) => [r.kind, r.status]);
    await expect.poll(statuses, { timeout: 5_000, interval: 50 }).toEqual(
      expect.arrayContaining([
        ['DAILY_DIGEST', 'SENT'],
        ['SECURITY_NOTICE', 'DIGESTED'],
      ]),
    );
    // Today's digest went: the next one waits for tomorrow.
    await app.data(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'druga-nova-lozinka', newPassword: 'treća-nova-lozinka' } },
      zenica,
    );
    await invite('poslije-pregleda@example.ba');
    await mailTo('poslije-pregleda@example.ba');
    expect(smtp.to(address)).toHaveLength(1);
    expect(
      (await deliveries('HELD')).filter((row) => row.email === address).map((row) => row.kind),
    ).toEqual(['SECURITY_NOTICE']);
  });
});
