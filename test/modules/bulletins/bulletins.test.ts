import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../src/db/database.js';
import { refusal } from '../../utils/assertions.js';
import {
  startServerWithMailbox,
  startSmtpReceiver,
  testMailSettings,
  type ReceivedMail,
  type SmtpReceiver,
} from '../../utils/smtp.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;
let stop: () => Promise<void>;
let prisma: PrismaClient;
let mr: { id: string; globalId: string };
let publishedStories: string[];

const CREATE_LIST = `mutation($input: CreateMailingListInput!) {
  createMailingList(input: $input) { mailingList { id } } }`;
const CREATE = `mutation($input: CreateBulletinInput!) {
  createBulletin(input: $input) { bulletin { id status url } } }`;
const SEND = `mutation($input: SendBulletinInput!) {
  sendBulletin(input: $input) { bulletin { id status sentAt } } }`;
const COUNTS = `query($id: ID!) { node(id: $id) { ... on Bulletin {
  counts { recipients sent pending failed withheld unsubscribedSince } } } }`;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

beforeAll(async () => {
  ({ smtp, app, admin, stop } = await startServerWithMailbox({ inProcess: true }));
  prisma = app.server.database.prisma;
  const programme = await prisma.programme.findUniqueOrThrow({ where: { code: 'M&R' } });
  mr = { id: programme.id, globalId: encodeGlobalID('Programme', programme.id) };
  const stories = await prisma.story.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: { publishedAt: 'asc' },
  });
  publishedStories = stories.map((story) => encodeGlobalID('Story', story.id));
});
afterAll(() => stop?.());

async function newList(name: string, includeCoordinators: boolean) {
  const { createMailingList } = await app.data(
    CREATE_LIST,
    { input: { programmeId: mr.globalId, name, includeCoordinators, openToSignUp: true } },
    admin,
  );
  return {
    globalId: createMailingList.mailingList.id as string,
    id: rawId(createMailingList.mailingList.id),
  };
}

async function newBulletin(title: string, storyIds = publishedStories.slice(0, 2)) {
  const { createBulletin } = await app.data(
    CREATE,
    { input: { programmeId: mr.globalId, title, editorial: 'Uvodnik **broja**.', storyIds } },
    admin,
  );
  return createBulletin.bulletin.id as string;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The List-Unsubscribe URL of a message, pointed at the test server. */
function unsubscribeUrl(mail: ReceivedMail): string {
  const line = mail.parsed.headerLines.find((header) => header.key === 'list-unsubscribe')?.line;
  const url = /<(https?:[^>]+)>/.exec(line?.replace(/\r?\n\s+/g, '') ?? '')?.[1];
  if (!url) throw new Error('no List-Unsubscribe URL');
  const parsed = new URL(url);
  return new URL(`${parsed.pathname}${parsed.search}`, app.url).toString();
}

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`never matched: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the bulletin', () => {
  it('reaches exactly the right 500 addresses once each, and one click removes one', async () => {
    const a = await newList('Bilten A', true);
    const b = await newList('Bilten B', false);
    const expected = new Set<string>();

    // Dynamic: the demo's M&R coordinators, 40 deputies added now, and two who are not mailed
    // (an ended assignment, a municipality that is not an M&R partner).
    const partners = await prisma.programmePartnership.findMany({
      where: { programmeId: mr.id, status: 'ACTIVE', archivedAt: null },
    });
    const demoCoordinators = await prisma.coordinatorAssignment.findMany({
      where: {
        programmeId: mr.id,
        archivedAt: null,
        endsOn: null,
        person: { email: { not: null } },
      },
      include: { person: true },
    });
    for (const assignment of demoCoordinators) expected.add(assignment.person.email!.toLowerCase());
    const outsider = await prisma.municipality.findFirstOrThrow({
      where: { id: { notIn: partners.map((p) => p.municipalityId) } },
    });
    for (const i of range(42)) {
      const person = await prisma.person.create({
        data: { fullName: `Zamjenik ${i}`, email: `zamjenik.${i}@opcina.example` },
      });
      const ended = i === 40;
      const elsewhere = i === 41;
      await prisma.coordinatorAssignment.create({
        data: {
          personId: person.id,
          programmeId: mr.id,
          municipalityId: elsewhere ? outsider.id : partners[i % partners.length]!.municipalityId,
          role: 'DEPUTY',
          startsOn: new Date('2020-01-01'),
          endsOn: ended ? new Date('2021-01-01') : null,
        },
      });
      if (!ended && !elsewhere) expected.add(person.email!);
    }

    // Explicit: 220 confirmed sign-ups on A (60 of them on B too), 150 on B only, 50 people on
    // A, 20 organisations' contact addresses on B.
    const external = (listId: string, email: string) => ({
      listId,
      kind: 'EXTERNAL' as const,
      email,
      confirmedAt: new Date(),
    });
    const onA = range(220).map((i) => `a.${i}@primalac.example`);
    const onB = range(150).map((i) => `b.${i}@primalac.example`);
    await prisma.mailingListMember.createMany({
      data: [
        ...onA.map((email) => external(a.id, email)),
        ...onA.slice(0, 60).map((email) => external(b.id, email)),
        ...onB.map((email) => external(b.id, email)),
      ],
    });
    for (const email of [...onA, ...onB]) expected.add(email);
    for (const i of range(50)) {
      const person = await prisma.person.create({
        data: { fullName: `Osoba ${i}`, email: `osoba.${i}@institucija.example` },
      });
      await prisma.mailingListMember.create({
        data: { listId: a.id, kind: 'PERSON', personId: person.id },
      });
      expected.add(person.email!);
    }
    for (const i of range(20)) {
      const organization = await prisma.organization.create({
        data: { name: `Udruženje ${i}`, kind: 'NGO' },
      });
      const email = `kontakt.${i}@udruzenje.example`;
      await prisma.mailingListMember.create({
        data: { listId: b.id, kind: 'ORGANIZATION', organizationId: organization.id, email },
      });
      expected.add(email);
    }

    // Diaspora members on A: 20 consent to communication through A, 5 withdrew it, 5 never
    // gave it (all consented to storage of their contacts).
    const home = partners[0]!.municipalityId;
    const noConsent: string[] = [];
    for (const i of range(30)) {
      const email = `iseljenik.${i}@dijaspora.example`;
      const member = await prisma.diasporaMember.create({
        data: {
          country: 'CH',
          homeMunicipalityId: home,
          email,
          consentGivenAt: new Date(),
          consentScope: 'CONTACT',
        },
      });
      await prisma.mailingListMember.create({
        data: { listId: a.id, kind: 'DIASPORA_MEMBER', diasporaMemberId: member.id },
      });
      if (i < 25) {
        const { recordCommunicationConsent } = await app.data(
          `mutation($input: RecordCommunicationConsentInput!) {
            recordCommunicationConsent(input: $input) { consent { active } } }`,
          {
            input: {
              diasporaMemberId: encodeGlobalID('DiasporaMember', member.id),
              listIds: [a.globalId],
              kinds: ['BULLETIN'],
              source: 'Potpisan obrazac, Dani dijaspore',
            },
          },
          admin,
        );
        expect(recordCommunicationConsent.consent.active).toBe(true);
      }
      if (i >= 20 && i < 25) {
        await app.data(
          `mutation($input: WithdrawCommunicationConsentInput!) {
            withdrawCommunicationConsent(input: $input) { consent { active } } }`,
          { input: { diasporaMemberId: encodeGlobalID('DiasporaMember', member.id) } },
          admin,
        );
      }
      if (i < 20) expected.add(email);
      else noConsent.push(email);
    }

    // Three sign up themselves and confirm (double opt-in).
    for (const i of range(3)) {
      const email = `prijava.${i}@citalac.example`;
      await app.data(
        `mutation($input: SubscribeToMailingListInput!) {
          subscribeToMailingList(input: $input) { pendingConfirmation } }`,
        { input: { listId: a.globalId, email } },
      );
      const [mail] = await smtp.waitForMailTo(email);
      const link = /(https?:\/\/\S+\/mailing-lists\/confirm\?token=[\w-]+)/.exec(
        mail!.parsed.text ?? '',
      )![1]!;
      const url = new URL(link);
      const confirmed = await fetch(new URL(`${url.pathname}${url.search}`, app.url), {
        method: 'POST',
      });
      expect(confirmed.status).toBe(200);
      expected.add(email);
    }

    // Suppressed: 25 (left everything or refused for good). Left A: 15 on A only (not mailed)
    // and 10 on A and B (still mailed, through B).
    const suppressed = onA.slice(100, 125);
    await prisma.emailSuppression.createMany({
      data: suppressed.map((email, i) => ({
        email,
        reason: i % 2 ? ('UNSUBSCRIBED_ALL' as const) : ('PERMANENT_REFUSAL' as const),
      })),
    });
    const leftA = [...onA.slice(130, 145), ...onA.slice(0, 10)];
    await prisma.mailingListLeave.createMany({
      data: leftA.map((email) => ({ listId: a.id, email })),
    });
    for (const email of [...suppressed, ...onA.slice(130, 145)]) expected.delete(email);
    // 516 addresses are on the lists (by role or explicitly); 464 of them are to be mailed.
    expect(expected.size).toBeGreaterThan(450);

    // Two sends at once: exactly one wins, the other is a CONFLICT.
    const title = 'Bilten – test pet stotina';
    const bulletinId = await newBulletin(title);
    const input = { bulletinId, listIds: [a.globalId, b.globalId] };
    const results = await Promise.all([
      app.gql(SEND, { input }, admin),
      app.gql(SEND, { input }, admin),
    ]);
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const sent = results.find((result) => !result.errors)!.data!.sendBulletin.bulletin;
    expect(sent.status).toBe('SENT');

    const countsOf = async () => (await app.data(COUNTS, { id: bulletinId }, admin)).node.counts;
    const counts = await until(countsOf, (c) => c.sent === expected.size, 120_000);
    expect(counts).toMatchObject({ recipients: expected.size, failed: 0, pending: 0 });
    await smtp.waitFor(0);
    const received = () => smtp.messages.filter((mail) => mail.parsed.subject === title);
    await until(
      async () => received().length,
      (n) => n >= expected.size,
      60_000,
    );
    // A duplicate would come after the rest and nothing later can be waited for: a moment for it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const addresses = received().flatMap((mail) => mail.to);
    expect(addresses.length).toBe(expected.size);
    expect(new Set(addresses)).toEqual(expected);
    for (const email of noConsent) expect(smtp.to(email)).toEqual([]);

    // The e-mail: the stories, sanitised, and one-click unsubscribe (RFC 8058).
    const mail = received().find((m) => m.to.includes('a.50@primalac.example'))!;
    expect(mail.parsed.html).toContain('<strong>broja</strong>');
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toMatch(
      /List-Unsubscribe=One-Click/,
    );
    const oneClick = await fetch(unsubscribeUrl(mail), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('x-unsubscribe-outcome')).toBe('LEFT_LIST');
    const recipientsOfA = await app.data(
      `query($id: ID!) { node(id: $id) { ... on MailingList { recipients { email } } } }`,
      { id: a.globalId },
      admin,
    );
    const emailsOfA = recipientsOfA.node.recipients.map((r: { email: string }) => r.email);
    expect(emailsOfA).not.toContain('a.50@primalac.example');
    expect(emailsOfA).toContain('a.51@primalac.example');
    expect((await countsOf()).unsubscribedSince).toBe(1);
  }, 300_000);

  it('previews drafts to administrators only and archives sent issues for everyone', async () => {
    const id = await newBulletin('Bilten – pregled');
    await app.data(
      `mutation($input: UpdateBulletinInput!) { updateBulletin(input: $input) { bulletin { id } } }`,
      {
        input: {
          bulletinId: id,
          editorial: 'Uvod <script>alert(1)</script> [x](javascript:alert(1))',
        },
      },
      admin,
    );
    const page = (token?: string) =>
      fetch(new URL(`/bulletins/${rawId(id)}`, app.url), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await page()).status).toBe(401);
    expect((await page(await app.signIn('partner@veza.test'))).status).toBe(403);
    const draft = await page(admin);
    expect(draft.status).toBe(200);
    const html = await draft.text();
    expect(html).toContain('NACRT');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/href="javascript:/);
    const preview = await app.data(
      `query($id: ID!) { node(id: $id) { ... on Bulletin { email { subject html } } } }`,
      { id },
      admin,
    );
    expect(preview.node.email.subject).toBe('Bilten – pregled');
    expect(preview.node.email.html).toContain('&lt;script&gt;');
    const archive = '{ bulletins(first: 50) { edges { node { id status } } } }';
    const ids = async (token?: string) =>
      (await app.data(archive, {}, token)).bulletins.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      );
    expect(await ids()).not.toContain(id);
    expect(await ids(admin)).toContain(id);
    const demoList = (
      await prisma.mailingList.findFirstOrThrow({
        where: { name: 'Mreža M&R kontakt osoba za iseljenike' },
      })
    ).id;
    await app.data(
      SEND,
      { input: { bulletinId: id, listIds: [encodeGlobalID('MailingList', demoList)] } },
      admin,
    );
    expect(await ids()).toContain(id);
    expect((await page()).status).toBe(200);
    // A sent issue does not change.
    const change = await app.gql(
      `mutation($input: UpdateBulletinInput!) { updateBulletin(input: $input) { bulletin { id } } }`,
      { input: { bulletinId: id, title: 'Drugi naslov' } },
      admin,
    );
    expect(refusal(change)).toBe('CONFLICT');
  });

  it('refuses bad input, naming the field', async () => {
    const draftStory = await prisma.story.findFirstOrThrow({ where: { status: 'DRAFT' } });
    const bad = async (input: Record<string, unknown>, field: RegExp) => {
      const result = await app.gql(
        CREATE,
        { input: { programmeId: mr.globalId, title: 'T', editorial: 'E', ...input } },
        admin,
      );
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(field);
    };
    await bad({ title: ' ' }, /title/);
    await bad({ editorial: '' }, /editorial/);
    await bad({ storyIds: [encodeGlobalID('Story', draftStory.id)] }, /storyIds.*not published/);
    await bad({ storyIds: [publishedStories[0], publishedStories[0]] }, /storyIds/);
    const id = await newBulletin('Bilten – loš unos');
    const send = async (listIds: string[], field: RegExp) => {
      const result = await app.gql(SEND, { input: { bulletinId: id, listIds } }, admin);
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(field);
    };
    await send([], /listIds/);
    const d4d = await prisma.programme.findUniqueOrThrow({ where: { code: 'D4D' } });
    const other = await prisma.mailingList.create({
      data: { programmeId: d4d.id, name: 'D4D lista' },
    });
    await send([encodeGlobalID('MailingList', other.id)], /another programme/);
    await send([encodeGlobalID('MailingList', crypto.randomUUID())], /listIds/);
    // Nothing was sent by the refused attempts: the issue is still a draft.
    const status = await app.data(
      `query($id: ID!) { node(id: $id) { ... on Bulletin { status } } }`,
      { id },
      admin,
    );
    expect(status.node.status).toBe('DRAFT');
    const missing = await app.gql(
      SEND,
      { input: { bulletinId: encodeGlobalID('Bulletin', crypto.randomUUID()), listIds: [] } },
      admin,
    );
    expect(refusal(missing)).toBe('NOT_FOUND');
  });

  it('suppresses an address the mail server refuses for good', async () => {
    const list = await newList('Bilten C', false);
    await prisma.mailingListMember.createMany({
      data: ['dobar@primalac.example', 'odbijen@primalac.example'].map((email) => ({
        listId: list.id,
        kind: 'EXTERNAL' as const,
        email,
        confirmedAt: new Date(),
      })),
    });
    smtp.behaviour.refusedAddresses.add('odbijen@primalac.example');
    const first = await newBulletin('Bilten – odbijanje');
    await app.data(SEND, { input: { bulletinId: first, listIds: [list.globalId] } }, admin);
    await until(
      () => prisma.emailSuppression.findUnique({ where: { email: 'odbijen@primalac.example' } }),
      (row) => row?.reason === 'PERMANENT_REFUSAL',
    );
    const counts = await until(
      async () => (await app.data(COUNTS, { id: first }, admin)).node.counts,
      (c) => c.sent === 1 && c.failed === 1,
    );
    expect(counts.recipients).toBe(2);
    const second = await newBulletin('Bilten – poslije odbijanja');
    await app.data(SEND, { input: { bulletinId: second, listIds: [list.globalId] } }, admin);
    expect((await app.data(COUNTS, { id: second }, admin)).node.counts.recipients).toBe(1);
  });

  it('the demo has issue 1 of the M&R bulletin ready to send, with its stories', async () => {
    const { bulletins } = await app.data(
      `query($programmeId: ID) { bulletins(first: 20, programmeId: $programmeId) {
        edges { node { title status stories { title } } } } }`,
      { programmeId: mr.globalId },
      admin,
    );
    const demo = bulletins.edges
      .map((edge: { node: { title: string } }) => edge.node)
      .find((node: { title: string }) => node.title.endsWith('broj 1'));
    expect(demo.status).toBe('DRAFT');
    expect(demo.stories.map((story: { title: string }) => story.title)).toContainEqual(
      expect.stringContaining('Sanskog Mosta'),
    );
  });

  it('refuses clearing what cannot be cleared', async () => {
    const id = await newBulletin('Bilten – brisanje');
    const UPDATE = `mutation($input: UpdateBulletinInput!) {
      updateBulletin(input: $input) { bulletin { id } } }`;
    for (const field of ['title', 'editorial', 'storyIds']) {
      const result = await app.gql(UPDATE, { input: { bulletinId: id, [field]: null } }, admin);
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(field);
    }
    const tooMany = await app.gql(
      UPDATE,
      { input: { bulletinId: id, storyIds: Array(51).fill(publishedStories[0]) } },
      admin,
    );
    expect(refusal(tooMany)).toBe('BAD_USER_INPUT');
  });

  it('withholds the e-mail of an address that left every list while the server was down', async () => {
    // A server of its own: many slow retries, so the test decides when the mail server is back.
    const receiver = await startSmtpReceiver();
    const mail = { ...testMailSettings(receiver.url), maxAttempts: 50, backoffMs: 200 };
    const other = await startTestServer({ inProcess: true, config: { mail } });
    try {
      const token = await other.signIn('admin@veza.test');
      const db = other.server.database.prisma;
      const list = await db.mailingList.findFirstOrThrow({
        where: { name: 'Mreža M&R kontakt osoba za iseljenike' },
      });
      const bulletin = await db.bulletin.findFirstOrThrow({
        where: { programmeId: list.programmeId },
      });
      receiver.behaviour.down = true;
      await other.data(
        SEND,
        {
          input: {
            bulletinId: encodeGlobalID('Bulletin', bulletin.id),
            listIds: [encodeGlobalID('MailingList', list.id)],
          },
        },
        token,
      );
      const gone = 'redakcija@bhr1.example';
      await until(
        () => db.delivery.findFirst({ where: { email: gone, kind: 'BULLETIN' } }),
        // A failed attempt (attempts counts one in flight too): the next one sees the change.
        (row) => row?.status === 'PENDING' && row.lastError !== null,
      );
      await db.emailSuppression.create({ data: { email: gone, reason: 'UNSUBSCRIBED_ALL' } });
      // The mail server comes back only once an attempt made after the leaving withheld the
      // e-mail: an attempt already past its check (one is due every 200 ms) would send it.
      await until(
        () => db.delivery.findFirst({ where: { email: gone, kind: 'BULLETIN' } }),
        (row) => row?.status === 'WITHHELD',
      );
      receiver.behaviour.down = false;
      const rows = await until(
        () => db.delivery.findMany({ where: { kind: 'BULLETIN' } }),
        (all) => all.every((row) => row.status === 'SENT' || row.status === 'WITHHELD'),
      );
      expect(rows.find((row) => row.email === gone)?.status).toBe('WITHHELD');
      expect(rows.filter((row) => row.status === 'SENT').length).toBe(rows.length - 1);
      expect(receiver.to(gone)).toEqual([]);
      const counts = await other.data(
        COUNTS,
        { id: encodeGlobalID('Bulletin', bulletin.id) },
        token,
      );
      expect(counts.node.counts).toMatchObject({ withheld: 1, sent: rows.length - 1, failed: 0 });
    } finally {
      await other.stop();
      await receiver.stop();
    }
  });
});
