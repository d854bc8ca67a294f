import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startServerWithMailbox, type ReceivedMail, type SmtpReceiver } from '../../utils/smtp.js';
import type { TestServer } from '../../utils/server.js';

let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;
let stop: () => Promise<void>;
let listId: string;
let programmeId: string;

const LISTS = `query($programmeId: ID) { mailingLists(first: 20, programmeId: $programmeId) {
  totalCount edges { node { id name openToSignUp programme { id } } } } }`;
const RECIPIENTS = `query($id: ID!) { node(id: $id) { ... on MailingList {
  recipients { email source } } } }`;
const SUBSCRIBE = `mutation($input: SubscribeToMailingListInput!) {
  subscribeToMailingList(input: $input) { pendingConfirmation } }`;
const CREATE = `mutation($input: CreateMailingListInput!) {
  createMailingList(input: $input) { mailingList { id name openToSignUp includeCoordinators } } }`;
const ADD = `mutation($input: AddMailingListMemberInput!) {
  addMailingListMember(input: $input) { member { id kind email } } }`;

beforeAll(async () => {
  ({ smtp, app, admin, stop } = await startServerWithMailbox({ inProcess: true }));
  const lists = await app.data(LISTS, {}, admin);
  const list = lists.mailingLists.edges.find(
    (edge: { node: { name: string } }) =>
      edge.node.name === 'Mreža M&R kontakt osoba za iseljenike',
  ).node;
  listId = list.id;
  programmeId = list.programme.id;
});
afterAll(() => stop?.());

async function recipients(id = listId): Promise<{ email: string; source: string }[]> {
  return (await app.data(RECIPIENTS, { id }, admin)).node.recipients;
}

/** The link of a confirmation e-mail, pointed at the test server. */
function confirmationUrl(mail: ReceivedMail): string {
  const url = /(https?:\/\/\S+\/mailing-lists\/confirm\?token=[\w-]+)/.exec(mail.parsed.text ?? '');
  if (!url) throw new Error('no confirmation link');
  const parsed = new URL(url[1]!);
  return new URL(`${parsed.pathname}${parsed.search}`, app.url).toString();
}

describe('mailing lists', () => {
  it('the demo list holds the M&R coordinators by role and the Ministry explicitly', async () => {
    const found = await recipients();
    expect(found.some((r) => r.source === 'COORDINATOR')).toBe(true);
    expect(found).toContainEqual({ email: 'dijaspora@mljpi.example', source: 'ORGANIZATION' });
    expect(new Set(found.map((r) => r.email)).size).toBe(found.length);
  });

  it('the public sees lists open to sign-up but not who is on them', async () => {
    const lists = await app.data(LISTS, {});
    expect(lists.mailingLists.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(
      listId,
    );
    const result = await app.gql(RECIPIENTS, { id: listId });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const coordinator = await app.signIn('koordinator.kljuc@veza.test');
    const asCoordinator = await app.gql(RECIPIENTS, { id: listId }, coordinator);
    expect(asCoordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates lists; a duplicate name is a CONFLICT and a blank one BAD_USER_INPUT', async () => {
    const input = { programmeId, name: 'Mediji', openToSignUp: false };
    const created = await app.data(CREATE, { input }, admin);
    expect(created.createMailingList.mailingList).toMatchObject({
      name: 'Mediji',
      openToSignUp: false,
      includeCoordinators: true,
    });
    expect(refusal(await app.gql(CREATE, { input }, admin))).toBe('CONFLICT');
    const blank = await app.gql(CREATE, { input: { ...input, name: '  ' } }, admin);
    expect(refusal(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0]?.message).toMatch(/name/);
    // A list closed to sign-up does not take sign-ups (and is not shown to the public).
    const closedId = created.createMailingList.mailingList.id;
    const signUp = await app.gql(SUBSCRIBE, {
      input: { listId: closedId, email: 'x@example.ba' },
    });
    expect(refusal(signUp)).toBe('NOT_FOUND');
  });

  it('adds explicit members: exactly one kind, an organisation at an address, no twice', async () => {
    const org = (
      await app.data('{ organizations(search: "UNDP") { edges { node { id } } } }', {}, admin)
    ).organizations.edges[0].node.id;
    const input = { listId, organizationId: org, email: 'BiH@UNDP.example' };
    const added = await app.data(ADD, { input }, admin);
    expect(added.addMailingListMember.member).toMatchObject({
      kind: 'ORGANIZATION',
      email: 'bih@undp.example',
    });
    expect(refusal(await app.gql(ADD, { input }, admin))).toBe('CONFLICT');
    const none = await app.gql(ADD, { input: { listId } }, admin);
    expect(refusal(none)).toBe('BAD_USER_INPUT');
    const noAddress = await app.gql(ADD, { input: { listId, organizationId: org } }, admin);
    expect(noAddress.errors?.[0]?.message).toMatch(/^email/);
    const badAddress = await app.gql(ADD, { input: { ...input, email: 'not-an-address' } }, admin);
    expect(refusal(badAddress)).toBe('BAD_USER_INPUT');
    expect((await recipients()).map((r) => r.email)).toContain('bih@undp.example');
    const removed = await app.data(
      `mutation($input: RemoveMailingListMemberInput!) {
        removeMailingListMember(input: $input) { mailingList { id } } }`,
      { input: { memberId: added.addMailingListMember.member.id } },
      admin,
    );
    expect(removed.removeMailingListMember.mailingList.id).toBe(listId);
    expect((await recipients()).map((r) => r.email)).not.toContain('bih@undp.example');
  });

  it('signs up with double opt-in and answers alike for members and strangers', async () => {
    const address = 'novinarka@radio.example';
    const first = await app.data(SUBSCRIBE, { input: { listId, email: address, name: 'Lejla' } });
    expect(first.subscribeToMailingList.pendingConfirmation).toBe(true);
    const [mail] = await smtp.waitForMailTo(address, /Potvrdite prijavu/);
    expect((await recipients()).map((r) => r.email)).not.toContain(address);
    const url = confirmationUrl(mail!);
    // Following the link (GET, as a scanner does) changes nothing; the page's button confirms.
    const page = await fetch(url);
    expect(await page.text()).toContain('<form method="post"');
    expect((await recipients()).map((r) => r.email)).not.toContain(address);
    const confirmed = await fetch(url, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Mreža M&amp;R kontakt osoba za iseljenike');
    expect(await recipients()).toContainEqual({ email: address, source: 'EXTERNAL' });
    // Again: the same answer as for a stranger.
    const again = await app.gql(SUBSCRIBE, { input: { listId, email: address } });
    expect(again.data).toEqual(first);
    // Confirming a used token changes nothing; a forged one is refused.
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    const forged = await app.gql(
      `mutation { confirmMailingListSubscription(input: { token: "nope" }) { mailingList { id } } }`,
    );
    expect(refusal(forged)).toBe('BAD_USER_INPUT');
  });

  it('the outbox forgets the confirmation token once the e-mail is sent', async () => {
    const address = 'zaboravi@example.ba';
    await app.data(SUBSCRIBE, { input: { listId, email: address } });
    await smtp.waitForMailTo(address);
    const prisma = app.server.database.prisma;
    for (let tries = 0; tries < 100; tries++) {
      const row = await prisma.delivery.findFirst({ where: { email: address } });
      if (row?.status === 'SENT' && (row.data as { token: unknown }).token === null) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the token stayed in the outbox');
  });

  it('an expired confirmation link is refused', async () => {
    const address = 'kasno@example.ba';
    await app.data(SUBSCRIBE, { input: { listId, email: address } });
    const [mail] = await smtp.waitForMailTo(address);
    await app.server.database.prisma.mailingListSignUp.updateMany({
      where: { email: address },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const token = new URL(confirmationUrl(mail!)).searchParams.get('token');
    const result = await app.gql(
      `mutation($token: String!) {
        confirmMailingListSubscription(input: { token: $token }) { mailingList { id } } }`,
      { token },
    );
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/expired/);
  });

  it('limits sign-ups per address and refuses bad input', async () => {
    const address = 'mnogo@example.ba';
    for (let i = 0; i < 3; i++) await app.data(SUBSCRIBE, { input: { listId, email: address } });
    const fourth = await app.gql(SUBSCRIBE, { input: { listId, email: address } });
    expect(refusal(fourth)).toBe('FORBIDDEN');
    expect(fourth.errors?.[0]).toMatchObject({ extensions: { reason: 'TOO_MANY_ATTEMPTS' } });
    const bad = await app.gql(SUBSCRIBE, { input: { listId, email: 'nope' } });
    expect(refusal(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/email/);
    const missing = await app.gql(SUBSCRIBE, {
      input: { listId: encodeGlobalID('MailingList', crypto.randomUUID()), email: 'a@b.ba' },
    });
    expect(refusal(missing)).toBe('NOT_FOUND');
    const tooLong = await app.gql(SUBSCRIBE, {
      input: { listId, email: 'dug@example.ba', name: 'x'.repeat(201) },
    });
    expect(refusal(tooLong)).toBe('BAD_USER_INPUT');
  });

  it('keeps consent to communication with its history, and refuses bad changes', async () => {
    const prisma = app.server.database.prisma;
    const kljuc = await prisma.municipality.findFirstOrThrow({ where: { name: 'Ključ' } });
    const member = await prisma.diasporaMember.create({
      data: {
        country: 'AT',
        homeMunicipalityId: kljuc.id,
        email: 'clan@dijaspora.example',
        consentGivenAt: new Date(),
        consentScope: 'CONTACT',
      },
    });
    const diasporaMemberId = encodeGlobalID('DiasporaMember', member.id);
    const RECORD = `mutation($input: RecordCommunicationConsentInput!) {
      recordCommunicationConsent(input: $input) { consent { active allLists kinds source } } }`;
    const WITHDRAW = `mutation($input: WithdrawCommunicationConsentInput!) {
      withdrawCommunicationConsent(input: $input) { consent { active withdrawnAt } } }`;
    const base = { diasporaMemberId, kinds: ['BULLETIN'], source: 'Obrazac' };
    // Adding the member before consent is refused, naming the reason.
    const early = await app.gql(ADD, { input: { listId, diasporaMemberId } }, admin);
    expect(refusal(early)).toBe('BAD_USER_INPUT');
    expect(early.errors?.[0]?.message).toMatch(/not consented to communication/);
    expect(refusal(await app.gql(RECORD, { input: base }, admin))).toBe('BAD_USER_INPUT');
    const noKinds = await app.gql(RECORD, { input: { ...base, kinds: [], allLists: true } }, admin);
    expect(noKinds.errors?.[0]?.message).toMatch(/^kinds/);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const later = await app.gql(
      RECORD,
      { input: { ...base, allLists: true, givenAt: future } },
      admin,
    );
    expect(later.errors?.[0]?.message).toMatch(/givenAt/);
    const coordinator = await app.signIn('koordinator.kljuc@veza.test');
    const given = await app.data(RECORD, { input: { ...base, listIds: [listId] } }, coordinator);
    expect(given.recordCommunicationConsent.consent).toMatchObject({
      active: true,
      allLists: false,
      kinds: ['BULLETIN'],
    });
    await app.data(ADD, { input: { listId, diasporaMemberId } }, admin);
    expect(await recipients()).toContainEqual({
      email: 'clan@dijaspora.example',
      source: 'DIASPORA_MEMBER',
    });
    await app.data(WITHDRAW, { input: { diasporaMemberId } }, admin);
    expect(refusal(await app.gql(WITHDRAW, { input: { diasporaMemberId } }, admin))).toBe(
      'CONFLICT',
    );
    expect((await recipients()).map((r) => r.email)).not.toContain('clan@dijaspora.example');
    const read = await app.data(
      `query($id: ID!) { node(id: $id) { ... on DiasporaMember { communicationConsent {
        active history { action changedBy before after } } } } }`,
      { id: diasporaMemberId },
      admin,
    );
    const consent = read.node.communicationConsent;
    expect(consent.active).toBe(false);
    expect(consent.history.map((h: { action: string }) => h.action)).toEqual([
      'GIVEN',
      'WITHDRAWN',
    ]);
    expect(consent.history[0].before).toBeNull();
    expect(consent.history[1].after.withdrawnAt).not.toBeNull();
    expect(consent.history.every((h: { changedBy: string }) => h.changedBy)).toBe(true);
    // The Zenica coordinator may not change a Ključ member's consent.
    const zenica = await app.signIn('koordinator.zenica@veza.test');
    expect(refusal(await app.gql(RECORD, { input: { ...base, allLists: true } }, zenica))).toBe(
      'FORBIDDEN',
    );
  });

  it('leaves every list from the page of a list link', async () => {
    const address = 'sve@example.ba';
    await app.server.database.prisma.mailingListMember.create({
      data: {
        listId: Buffer.from(listId, 'base64').toString().split(':')[1]!,
        kind: 'EXTERNAL',
        email: address,
        confirmedAt: new Date(),
      },
    });
    const { UnsubscribeLinks } = await import('../../../src/modules/notifications/unsubscribe.js');
    const links = await UnsubscribeLinks.load(app.server.database.prisma, {
      publicUrl: app.url.replace(/\/graphql$/, ''),
      unsubscribeTtlMs: 60_000,
    });
    const rawListId = Buffer.from(listId, 'base64').toString().split(':')[1]!;
    const url = links.url({
      recipient: { email: address },
      kind: 'BULLETIN',
      listIds: [rawListId],
    });
    const page = await (await fetch(url)).text();
    const everything = [...page.matchAll(/action="([^"]+)"/g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );
    expect(everything).toHaveLength(2);
    const left = await fetch(new URL(everything[1]!, app.url), {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(left.headers.get('x-unsubscribe-outcome')).toBe('LEFT_ALL');
    expect((await recipients()).map((r) => r.email)).not.toContain(address);
    const row = await app.server.database.prisma.emailSuppression.findUnique({
      where: { email: address },
    });
    expect(row?.reason).toBe('UNSUBSCRIBED_ALL');
  });

  it('refuses clearing list fields, removing a missing member and signing up to an archived list', async () => {
    const UPDATE = `mutation($input: UpdateMailingListInput!) {
      updateMailingList(input: $input) { mailingList { id archivedAt } } }`;
    const { createMailingList } = await app.data(
      CREATE,
      { input: { programmeId, name: 'Za arhivu', openToSignUp: true } },
      admin,
    );
    const id = createMailingList.mailingList.id;
    const cleared = await app.gql(UPDATE, { input: { listId: id, name: null } }, admin);
    expect(refusal(cleared)).toBe('BAD_USER_INPUT');
    expect(cleared.errors?.[0]?.message).toMatch(/name/);
    const taken = await app.gql(
      UPDATE,
      { input: { listId: id, name: 'Mreža M&R kontakt osoba za iseljenike' } },
      admin,
    );
    expect(refusal(taken)).toBe('CONFLICT');
    await app.data(UPDATE, { input: { listId: id, archived: true } }, admin);
    const late = await app.gql(SUBSCRIBE, { input: { listId: id, email: 'arhiva@example.ba' } });
    expect(refusal(late)).toBe('NOT_FOUND');
    const missing = await app.gql(
      `mutation($input: RemoveMailingListMemberInput!) {
        removeMailingListMember(input: $input) { mailingList { id } } }`,
      { input: { memberId: encodeGlobalID('MailingListMember', crypto.randomUUID()) } },
      admin,
    );
    expect(refusal(missing)).toBe('NOT_FOUND');
  });
});
