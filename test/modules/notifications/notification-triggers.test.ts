// Each change that notifies, end to end: a mutation over HTTP, the worker, a real SMTP
// receiver, the message parsed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../utils/server.js';
import { startServerWithMailbox, type SmtpReceiver } from '../../utils/smtp.js';
import { dateFromToday } from '../../utils/dates.js';

let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;
const KLJUC = 'koordinator.kljuc@veza.test';
const ZENICA = 'koordinator.zenica@veza.test';

/** YYYY-MM-DD, `offset` days from today in Sarajevo. */
const day = dateFromToday;

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ smtp, app, admin, stop } = await startServerWithMailbox({ inProcess: true }));
});
afterAll(() => stop?.());

async function idOf(query: string, search: string): Promise<string> {
  const data = await app.data<Record<string, { edges: { node: { id: string } }[] }>>(
    `query($s: String) { ${query}(search: $s, first: 1) { edges { node { id } } } }`,
    { s: search },
    admin,
  );
  const id = Object.values(data)[0]!.edges[0]?.node.id;
  if (!id) throw new Error(`no ${query} matching ${search}`);
  return id;
}

describe('notifications triggered through the API', () => {
  it('a funding call that opens today: the coordinators hear of it', async () => {
    const funderId = await idOf('organizations', 'MLJPI');
    await app.data(
      `mutation($input: CreateFundingCallInput!) { createFundingCall(input: $input) { fundingCall { id } } }`,
      {
        input: {
          funderId,
          title: 'Javni poziv za projekte dijaspore – Čapljina i Žepče',
          totalBudget: '100000',
          minGrant: '5000',
          maxGrant: '20000',
          opensOn: day(0),
          closesOn: day(30),
        },
      },
      admin,
    );
    for (const coordinator of [KLJUC, ZENICA]) {
      const [mail] = await smtp.waitForMailTo(coordinator, /^Otvoren javni poziv/);
      expect(mail!.parsed.subject).toBe(
        'Otvoren javni poziv: Javni poziv za projekte dijaspore – Čapljina i Žepče',
      );
      expect(mail!.parsed.text).toContain('Ministarstvo');
    }
    // A call opening later is not announced yet.
    await app.data(
      `mutation($input: CreateFundingCallInput!) { createFundingCall(input: $input) { fundingCall { id } } }`,
      {
        input: {
          funderId,
          title: 'Poziv koji se otvara kasnije',
          totalBudget: '1000',
          minGrant: '100',
          maxGrant: '500',
          opensOn: day(5),
          closesOn: day(30),
        },
      },
      admin,
    );
    const outbox = await app.data<{ deliveries: { edges: { node: { kind: string } }[] } }>(
      '{ deliveries(first: 100) { edges { node { kind } } } }',
      {},
      admin,
    );
    expect(
      outbox.deliveries.edges.filter((e) => e.node.kind === 'FUNDING_CALL_OPENED'),
    ).toHaveLength(2);
  });

  it('an action item assigned, due in 3 days, overdue: each reminder once', async () => {
    const kljucId = await idOf('municipalities', 'Ključ');
    const items = await app.data<{ actionItems: { edges: { node: { id: string } }[] } }>(
      '{ actionItems(first: 2, open: true) { edges { node { id } } } }',
      {},
      admin,
    );
    const [soon, late] = items.actionItems.edges.map((edge) => edge.node.id);
    const reassign = `mutation($input: ReassignActionItemInput!) {
      reassignActionItem(input: $input) { actionItem { id text } } }`;
    await app.data(
      reassign,
      { input: { actionItemId: soon, ownerMunicipalityId: kljucId, dueDate: day(2) } },
      admin,
    );
    await app.data(
      reassign,
      { input: { actionItemId: late, ownerMunicipalityId: kljucId, dueDate: day(-1) } },
      admin,
    );
    const assigned = await smtp.waitForMailTo(KLJUC, /^Dodijeljena vam je aktivnost: /, 2);
    expect(assigned).toHaveLength(2);
    const [dueSoon] = await smtp.waitForMailTo(KLJUC, /^Rok ističe za 3 dana: /);
    expect(dueSoon!.parsed.text).toMatch(/Rok: \d+\.\d+\.\d{4}\./);
    await smtp.waitForMailTo(KLJUC, /^Rok je prošao: /);

    // Later sweeps (every 200 ms here) find them again and send nothing new: an unrelated
    // e-mail queued after several sweeps arrives alone.
    const sweptAfter = Date.now() + 1_000;
    while (Date.now() < sweptAfter) {
      await smtp.waitFor(smtp.messages.length + 1, sweptAfter - Date.now()).catch(() => {});
    }
    const others = await app.data<{ deliveries: { edges: { node: { kind: string } }[] } }>(
      '{ deliveries(first: 100) { edges { node { kind email } } } }',
      {},
      admin,
    );
    const kinds = others.deliveries.edges.map((edge) => edge.node.kind);
    expect(kinds.filter((kind) => kind === 'ACTION_ITEM_DUE_SOON').length).toBeGreaterThan(0);
    expect(smtp.to(KLJUC).filter((m) => /^Rok ističe/.test(m.parsed.subject!))).toHaveLength(1);
    expect(smtp.to(KLJUC).filter((m) => /^Rok je prošao/.test(m.parsed.subject!))).toHaveLength(1);
  });

  it('a waitlisted participant admitted, then the conclusions adopted: the participant hears', async () => {
    // The directory's people for the two coordinators (their e-mail is their account's).
    const [kljucPerson, zenicaPerson] = [
      await idOf('people', 'Koordinator za dijasporu, Ključ'),
      await idOf('people', 'Koordinator za dijasporu, Zenica'),
    ];
    const created = await app.data<{
      createEvent: { event: { id: string; conclusions: { id: string } } };
    }>(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) {
        event { id conclusions { id } } } }`,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Radionica koordinatora – Žepče',
          startsOn: day(10),
          endsOn: day(10),
          capacity: 1,
          published: true,
        },
      },
      admin,
    );
    const eventId = created.createEvent.event.id;
    const register = `mutation($input: RegisterParticipantInput!) {
      registerParticipant(input: $input) { participant { id status } } }`;
    const [kljuc, zenica] = [await app.signIn(KLJUC), await app.signIn(ZENICA)];
    const first = await app.data<{ registerParticipant: { participant: { id: string } } }>(
      register,
      { input: { eventId, personId: kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      kljuc,
    );
    const second = await app.data<{ registerParticipant: { participant: { status: string } } }>(
      register,
      { input: { eventId, personId: zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      zenica,
    );
    expect(second.registerParticipant.participant.status).toBe('WAITLISTED');
    await app.data(
      `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { status } } }`,
      { input: { participantId: first.registerParticipant.participant.id } },
      kljuc,
    );
    const [admitted] = await smtp.waitForMailTo(ZENICA, /^Mjesto je vaše/);
    expect(admitted!.parsed.subject).toBe('Mjesto je vaše: Radionica koordinatora – Žepče');

    await app.data(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }`,
      { input: { documentId: created.createEvent.event.conclusions.id } },
      admin,
    );
    const [adopted] = await smtp.waitForMailTo(ZENICA, /^Usvojeni zaključci/);
    expect(adopted!.parsed.text).toContain(
      'Zaključci i preporuke sa „Radionica koordinatora – Žepče”',
    );
    // Ključ cancelled: it is no participant any more.
    expect(smtp.to(KLJUC).filter((m) => /^Usvojeni/.test(m.parsed.subject!))).toEqual([]);
  });

  it('a project idea changes stage and a reviewer is assigned: its coordinators and the reviewer hear', async () => {
    const sanskiId = await idOf('municipalities', 'Sanski Most');
    // Sanski Most has no coordinator account in the demo data: invite one.
    const invited = await app.data<{ inviteUser: { user: { id: string } } }>(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }`,
      { input: { email: 'koordinator.sanski@example.ba', displayName: 'Koordinator Sanski Most' } },
      admin,
    );
    await app.data(
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { __typename } }`,
      {
        input: {
          userId: invited.inviteUser.user.id,
          role: 'COORDINATOR',
          municipalityId: sanskiId,
        },
      },
      admin,
    );
    const ideas = await app.data<{
      projectIdeas: { edges: { node: { id: string; title: string } }[] };
    }>(
      `query($m: ID) { projectIdeas(municipalityId: $m, stage: SUBMITTED) { edges { node { id title } } } }`,
      { m: sanskiId },
      admin,
    );
    const idea = ideas.projectIdeas.edges[0]!.node;
    await app.data(
      `mutation($input: TransitionProjectIdeaInput!) { transitionProjectIdea(input: $input) { idea { stage } } }`,
      { input: { ideaId: idea.id, to: 'UNDER_ASSESSMENT' } },
      admin,
    );
    const [moved] = await smtp.waitForMailTo('koordinator.sanski@example.ba', /^Projektna ideja/);
    expect(moved!.parsed.subject).toBe(`Projektna ideja „${idea.title}”: u ocjenjivanju`);
    expect(moved!.parsed.text).toContain('iz faze „podnesena” u „u ocjenjivanju”');

    const reviewer = await app.signIn('recenzent@veza.test');
    const me = await app.data<{ viewer: { user: { id: string } } }>(
      '{ viewer { user { id } } }',
      {},
      reviewer,
    );
    await app.data(
      `mutation($input: AssignReviewerInput!) { assignReviewer(input: $input) { idea { id } } }`,
      { input: { ideaId: idea.id, reviewerId: me.viewer.user.id } },
      admin,
    );
    const [review] = await smtp.waitForMailTo('recenzent@veza.test', /^Nova ocjena/);
    expect(review!.parsed.subject).toBe(`Nova ocjena: ${idea.title}`);
  });

  it('all sessions revoked by an administrator: the user gets a security notice', async () => {
    await app.signIn(ZENICA);
    const zenica = await app.data<{ viewer: { user: { id: string } } }>(
      '{ viewer { user { id } } }',
      {},
      await app.signIn(ZENICA),
    );
    await app.data(
      `mutation($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { revokedSessions } }`,
      { input: { userId: zenica.viewer.user.id } },
      admin,
    );
    const [notice] = await smtp.waitForMailTo(ZENICA, /^Sigurnosno obavještenje/);
    expect(notice!.parsed.subject).toBe(
      'Sigurnosno obavještenje: Sve sesije vašeg računa su završene',
    );
    expect(notice!.parsed.text).toContain('Ako to niste bili vi');
  });
});
