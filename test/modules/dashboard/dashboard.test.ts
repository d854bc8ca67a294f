import { isDeepStrictEqual } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { createScratchDatabase, type ScratchDatabase } from '../../utils/database.js';
import { collect, eventBusLive, startTestServer, type TestServer } from '../../utils/server.js';
import { waitUntil } from '../../utils/collab.js';
import { startSmtpReceiver, testMailSettings } from '../../utils/smtp.js';

let scratch: ScratchDatabase;
let veza: TestServer;
let admin: string;
let partner: string;
const programmes: Record<string, string> = {};
const municipalities: Record<string, string> = {};

const dashboardFields = `
  computedAt
  partners { total active byCohort { cohort joinedOn partners active }
             byAdministrativeUnit { administrativeUnit partners } }
  diaspora { mapped byCountry { key count } byInterest { key count } }
  events { held upcoming byKind { kind held upcoming } }
  participantsByStakeholderGroup { stakeholderGroup participants }
  actionItems { open overdue done byOwnerMunicipality { municipalityId municipalityName open overdue done } }
  projectIdeas { total byStage { stage ideas } }
  money { requested { amount currency } awarded { amount currency } committed { amount currency } }
  communication { bulletinsSent recipients sent pending failed withheld unsubscribedSince
                  goodPracticesPublished newsPublished }
  registrar { partners adopted inProgress notStarted openRequests overdueRequests }`;
const dashboardQuery = `query($id: ID!) { programmeDashboard(programmeId: $id) { ${dashboardFields} } }`;
const dashboardSubscription = `subscription($id: ID!) {
  dashboardUpdated(programmeId: $id) { ${dashboardFields} }
}`;

type Dashboard = Record<string, any>;
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const withoutTime = ({ computedAt: _computedAt, ...figures }: Dashboard) => figures;

async function dashboard(programmeId: string, token = partner): Promise<Dashboard> {
  const result = await veza.gql(dashboardQuery, { id: programmeId }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.programmeDashboard;
}

async function createMunicipality(name: string, administrativeUnit = 'REPUBLIKA_SRPSKA') {
  const result = await veza.gql(
    `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { municipality { id } } }`,
    { input: { name, kind: 'MUNICIPALITY', administrativeUnit } },
    admin,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createMunicipality.municipality.id as string;
}

async function addPartner(programmeId: string, municipalityId: string, cohort: string) {
  const result = await veza.gql(
    `mutation($input: CreateProgrammePartnershipInput!) {
      createProgrammePartnership(input: $input) { partnership { id } } }`,
    { input: { programmeId, municipalityId, cohort, joinedOn: '2026-01-15' } },
    admin,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createProgrammePartnership.partnership.id as string;
}

async function addMember(homeMunicipalityId: string, country: string, consent: boolean) {
  const result = await veza.gql(
    `mutation($input: CreateDiasporaMemberInput!) { createDiasporaMember(input: $input) { member { id } } }`,
    {
      input: {
        homeMunicipalityId,
        country,
        interests: ['INVESTMENT', 'CULTURE'],
        ...(consent ? { consent: { scope: 'MAPPING' } } : {}),
      },
    },
    admin,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createDiasporaMember.member.id as string;
}

beforeAll(async () => {
  scratch = await createScratchDatabase('demo');
  // With REDIS_URL (CI's PostgreSQL run), changes reach other instances through Redis.
  // Exact counts, however small: these tests follow the figures one member at a time. The
  // minimum group size that withholds small counts is tested in test/modules/events/access.test.ts.
  const config = { minGroupSize: 1 };
  veza = await startTestServer({
    inProcess: true,
    scratch,
    redisUrl: process.env.REDIS_URL,
    config,
  });
  [admin, partner] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
  const list = await veza.gql('{ programmes(first: 10) { edges { node { id code } } } }');
  for (const { node } of list.data!.programmes.edges) programmes[node.code] = node.id;
  const towns = await veza.gql(
    '{ municipalities(first: 100) { edges { node { id name } } } }',
    {},
    admin,
  );
  for (const { node } of towns.data!.municipalities.edges) municipalities[node.name] = node.id;
});

/** Waits until a pushed dashboard satisfies `check`. */
async function waitForPush(
  watcher: ReturnType<typeof collect<any>>,
  check: (figures: Dashboard) => boolean,
) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const last = watcher.results.at(-1)?.data?.dashboardUpdated;
    if (last && check(last)) return last;
    if (Date.now() > deadline) throw new Error('no push satisfied the check');
    await watcher.waitFor(watcher.results.length + 1, deadline - Date.now()).catch(() => {});
  }
}

afterAll(async () => {
  await veza?.stop();
  await scratch?.drop();
});

describe('programmeDashboard', () => {
  it('gives the partners by cohort and unit, consenting diaspora by country and interest, events by kind', async () => {
    const d4d = await dashboard(programmes.D4D!);
    expect(d4d.partners).toMatchObject({
      total: 28,
      active: 28,
      byCohort: [
        { cohort: 'Potpisnice Memoranduma 2017', joinedOn: '2017-11-20', partners: 28, active: 28 },
      ],
    });
    const units = d4d.partners.byAdministrativeUnit;
    expect(units.reduce((sum: number, unit: any) => sum + unit.partners, 0)).toBe(28);
    expect(units.map((unit: any) => unit.administrativeUnit)).toContain('REPUBLIKA_SRPSKA');
    expect(d4d.diaspora.mapped).toBe(
      d4d.diaspora.byCountry.reduce((sum: number, c: any) => sum + c.count, 0),
    );
    const mr = await dashboard(programmes['M&R']!, admin);
    expect(mr.events).toEqual({
      held: 1,
      upcoming: 0,
      byKind: [{ kind: 'WORKSHOP', held: 1, upcoming: 0 }],
    });
  });

  it('gives the participants of held events by group and the action items by owner', async () => {
    const mr = await dashboard(programmes['M&R']!, admin);
    // Seed 003: three coordinators, the UNDP project team and the Ministry took part.
    expect(mr.participantsByStakeholderGroup).toEqual([
      { stakeholderGroup: 'MUNICIPAL_AUTHORITY', participants: 3 },
      { stakeholderGroup: 'BIH_INSTITUTION', participants: 1 },
      { stakeholderGroup: 'INTERNATIONAL_AGENCY', participants: 1 },
    ]);
    // Its six action items: two done, four open; the one with a date long past is overdue.
    // Four are for all partner municipalities: each has its own share (Sanski Most still
    // owes the topics due in April 2015).
    const owner = (name: string, open: number, overdue: number, done: number) => ({
      municipalityId: municipalities[name],
      municipalityName: name,
      open,
      overdue,
      done,
    });
    expect(mr.actionItems).toEqual({
      open: 4,
      overdue: 1,
      done: 2,
      byOwnerMunicipality: [
        owner('Ključ', 0, 0, 4),
        owner('Prijedor', 2, 0, 2),
        owner('Sanski Most', 4, 1, 0),
      ],
    });
  });

  it('gives the ideas by stage and the money requested, awarded and committed', async () => {
    const mr = await dashboard(programmes['M&R']!, admin);
    // The demo round of seed 003: Ključ funded, Prijedor under assessment, Sanski Most
    // submitted, a second Ključ idea in draft.
    expect(mr.projectIdeas).toEqual({
      total: 4,
      byStage: [
        { stage: 'DRAFT', ideas: 1 },
        { stage: 'SUBMITTED', ideas: 1 },
        { stage: 'UNDER_ASSESSMENT', ideas: 1 },
        { stage: 'FUNDED', ideas: 1 },
      ],
    });
    expect(mr.money.awarded).toEqual([{ amount: '55000.00', currency: 'BAM' }]);
    expect(mr.money.requested).toHaveLength(1);
    // D4D's memorandum commits 1.3 million KM for capacity and 1 million for initiatives.
    const d4d = await dashboard(programmes.D4D!, admin);
    expect(d4d.money.committed).toEqual([{ amount: '2300000.00', currency: 'BAM' }]);
  });

  it('counts a municipality’s action items, and pushes when one is followed up', async () => {
    const programmeId = programmes.D4D!;
    const token = await veza.signIn('koordinator.kljuc@veza.test');
    const event = await veza.gql(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id conclusions { id } } } }`,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Zadaci',
          programmeId,
          startsOn: '2026-01-05',
          endsOn: '2026-01-05',
          // The dashboard counts what every one of its viewers may read: published events.
          published: true,
        },
      },
      admin,
    );
    const documentId = event.data!.createEvent.event.conclusions.id;
    for (const dueDate of ['2026-01-10', '2099-01-10']) {
      const added = await veza.gql(
        `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
        {
          input: {
            documentId,
            kind: 'ACTION',
            text: `Rok ${dueDate}`,
            ownerMunicipalityId: municipalities['Ključ'],
            dueDate,
          },
        },
        admin,
      );
      expect(added.errors).toBeUndefined();
    }
    const watcher = collect<any>(veza.wsClient(partner), dashboardSubscription, {
      id: programmeId,
    });
    await watcher.waitFor(1);
    const adopted = await veza.gql(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }`,
      { input: { documentId } },
      admin,
    );
    expect(adopted.errors).toBeUndefined();
    const kljuc = (figures: Dashboard) =>
      figures.actionItems.byOwnerMunicipality.find((o: any) => o.municipalityName === 'Ključ');
    await waitForPush(watcher, (figures) => kljuc(figures)?.open === 2);
    expect(kljuc(await dashboard(programmeId))).toEqual({
      municipalityId: municipalities['Ključ'],
      municipalityName: 'Ključ',
      open: 2,
      overdue: 1,
      done: 0,
    });
    const items = await veza.gql(
      '{ actionItems(mine: true, open: true) { edges { node { id dueDate } } } }',
      {},
      token,
    );
    const late = items.data!.actionItems.edges.find((e: any) => e.node.dueDate === '2026-01-10')
      .node.id;
    const done = await veza.gql(
      `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { status } } }`,
      { input: { actionItemId: late, status: 'DONE' } },
      token,
    );
    expect(done.errors).toBeUndefined();
    await waitForPush(watcher, (figures) => kljuc(figures)?.done === 1);
    expect(kljuc(await dashboard(programmeId))).toMatchObject({ open: 1, overdue: 0, done: 1 });
    watcher.unsubscribe();
  });

  it('counts only diaspora members with active consent, from partner municipalities', async () => {
    const home = await createMunicipality('Konsentovo');
    const programme = programmes.DI!;
    await addPartner(programme, home, 'Kohorta 2026');
    const before = await dashboard(programme, admin);
    await addMember(home, 'AT', true);
    const withoutConsent = await addMember(home, 'AT', false);
    await addMember(municipalities.Trnovo!, 'AT', true); // Trnovo does not partner in DI
    const after = await dashboard(programme, admin);
    expect(after.diaspora.mapped).toBe(before.diaspora.mapped + 1);
    const count = (figures: Dashboard, list: string, key: string) =>
      figures.diaspora[list].find((entry: any) => entry.key === key)?.count ?? 0;
    expect(count(after, 'byCountry', 'AT')).toBe(count(before, 'byCountry', 'AT') + 1);
    expect(count(after, 'byInterest', 'CULTURE')).toBe(count(before, 'byInterest', 'CULTURE') + 1);
    const consented = await veza.gql(
      `mutation($input: RecordDiasporaMemberConsentInput!) {
        recordDiasporaMemberConsent(input: $input) { member { id } } }`,
      { input: { id: withoutConsent, consent: { scope: 'MAPPING' } } },
      admin,
    );
    expect(consented.errors).toBeUndefined();
    expect((await dashboard(programme, admin)).diaspora.mapped).toBe(before.diaspora.mapped + 2);
  });

  it('costs the same few SQL statements however many partners and members there are', async () => {
    const statementsFor = async (programmeId: string) => {
      // The session is read once per SESSION_RECHECK_MS: read it first, so that neither count
      // depends on how long the machine took since the last read.
      await veza.data('{ viewer { user { id } } }', {}, admin);
      const before = veza.server.database.statements.count;
      await dashboard(programmeId, admin);
      return veza.server.database.statements.count - before;
    };
    const small = await statementsFor(programmes.DI!);
    const large = await statementsFor(programmes.D4D!);
    expect(large).toBe(small);
    // The programme lookup, then two statements for partners, one each for diaspora, events,
    // participants, action items, ideas, money, communication and the registrar.
    expect(large).toBeLessThanOrEqual(11);
  });

  it('gives the registrar’s adoption and requests, and the communication, of M&R’s partners', async () => {
    const mr = await dashboard(programmes['M&R']!, admin);
    // Demo: Prijedor and Sanski Most adopted, Ključ in progress; of their four requests one is
    // closed (SENT), and Sanski Most's RECEIVED one (8 days old, 4 processing days) is late.
    expect(mr.registrar).toEqual({
      partners: 3,
      adopted: 2,
      inProgress: 1,
      notStarted: 0,
      openRequests: 3,
      overdueRequests: 1,
    });
    // No issue sent yet; one good practice of M&R published (the DI news item is a draft).
    expect(mr.communication).toEqual({
      bulletinsSent: 0,
      recipients: 0,
      sent: 0,
      pending: 0,
      failed: 0,
      withheld: 0,
      unsubscribedSince: 0,
      goodPracticesPublished: 1,
      newsPublished: 0,
    });
  });

  it('is for the programme’s admins, partners, reviewers and partner municipalities’ coordinators', async () => {
    const [kljuc, zenica, reviewer] = await Promise.all([
      veza.signIn('koordinator.kljuc@veza.test'),
      veza.signIn('koordinator.zenica@veza.test'),
      veza.signIn('recenzent@veza.test'),
    ]);
    const ask = (programme: string, token?: string) =>
      veza.gql(dashboardQuery, { id: programmes[programme] }, token);
    for (const [programme, token] of [
      ['D4D', partner],
      ['D4D', kljuc],
      ['D4D', zenica],
      ['DI', zenica],
      ['M&R', reviewer],
      ['MAKERS', admin],
    ] as const) {
      expect((await ask(programme, token)).errors, programme).toBeUndefined();
    }
    expect(refusal(await ask('D4D'))).toBe('UNAUTHENTICATED');
    expect(refusal(await ask('DI', partner))).toBe('FORBIDDEN');
    expect(refusal(await ask('MAKERS', kljuc))).toBe('FORBIDDEN');
    expect(refusal(await ask('D4D', reviewer))).toBe('FORBIDDEN');
    expect(refusal(await ask('M&R', zenica))).toBe('FORBIDDEN');
    const missing = Buffer.from('Programme:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    expect(refusal(await veza.gql(dashboardQuery, { id: missing }, admin))).toBe('NOT_FOUND');
  });
});

describe('dashboardUpdated', () => {
  it('refuses whoever may not see the dashboard', async () => {
    const anonymous = collect(veza.wsClient(), dashboardSubscription, { id: programmes.D4D });
    expect(refusal((await anonymous.waitFor(1))[0]!)).toBe('UNAUTHENTICATED');
    const other = collect(veza.wsClient(partner), dashboardSubscription, { id: programmes.DI });
    expect(refusal((await other.waitFor(1))[0]!)).toBe('FORBIDDEN');
  });

  it('sends the dashboard at once, then the fresh one when a partner joins', async () => {
    const events = collect<{ dashboardUpdated: Dashboard }>(
      veza.wsClient(partner),
      dashboardSubscription,
      { id: programmes.D4D },
    );
    const [first] = await events.waitFor(1);
    const total = first!.data!.dashboardUpdated.partners.total;
    const partnership = await addPartner(
      programmes.D4D!,
      await createMunicipality('Novopridružena'),
      'Kohorta 2026',
    );
    const [, second] = await events.waitFor(2);
    expect(second!.data!.dashboardUpdated.partners.total).toBe(total + 1);
    expect(second!.data!.dashboardUpdated.partners.byCohort.at(-1)).toMatchObject({
      cohort: 'Kohorta 2026',
      partners: 1,
    });
    // An archived partnership still names its programme: the dashboard follows.
    const archived = await veza.gql(
      `mutation($input: ArchiveProgrammePartnershipInput!) {
        archiveProgrammePartnership(input: $input) { partnership { id } } }`,
      { input: { id: partnership } },
      admin,
    );
    expect(archived.errors).toBeUndefined();
    const [, , third] = await events.waitFor(3);
    expect(third!.data!.dashboardUpdated.partners.total).toBe(total);
    events.unsubscribe();
  });

  it('coalesces a burst: at most one push a second, the last equal to the query', async () => {
    const programme = programmes.MAKERS!;
    const home = municipalities.Trnovo!;
    const events = collect<{ dashboardUpdated: Dashboard }>(
      veza.wsClient(admin),
      dashboardSubscription,
      { id: programme },
    );
    await events.waitFor(1);
    const started = Date.now();
    for (let i = 0; i < 30; i += 1) await addMember(home, i % 2 ? 'DE' : 'SE', true);
    const expected = withoutTime(await dashboard(programme, admin));
    // The trailing push arrives within a second of the last change.
    await waitUntil(
      () => isDeepStrictEqual(withoutTime(events.results.at(-1)!.data!.dashboardUpdated), expected),
      1_500,
    );
    const elapsedSeconds = (Date.now() - started) / 1_000;
    const pushes = events.results.slice(1);
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
    expect(withoutTime(events.results.at(-1)!.data!.dashboardUpdated)).toEqual(expected);
    const times = events.results.map((r) => Date.parse(r.data!.dashboardUpdated.computedAt));
    for (let i = 2; i < times.length; i += 1) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    }
    events.unsubscribe();
  });

  it('pushes the communication figures when a bulletin is sent, the registrar’s at an adoption', async () => {
    const programmeId = programmes['M&R']!;
    const prisma = veza.server.database.prisma;
    const watcher = collect<any>(veza.wsClient(admin), dashboardSubscription, { id: programmeId });
    const [first] = await watcher.waitFor(1);
    const before = first!.data!.dashboardUpdated;
    const list = await veza.data(
      `mutation($input: CreateMailingListInput!) { createMailingList(input: $input) { mailingList { id } } }`,
      { input: { programmeId, name: 'Bilten za kontrolnu tablu' } },
      admin,
    );
    const story = await prisma.story.findFirstOrThrow({ where: { status: 'PUBLISHED' } });
    const created = await veza.data(
      `mutation($input: CreateBulletinInput!) { createBulletin(input: $input) { bulletin { id } } }`,
      {
        input: {
          programmeId,
          title: 'Broj 1',
          editorial: 'Uvodnik.',
          storyIds: [encodeGlobalID('Story', story.id)],
        },
      },
      admin,
    );
    const bulletinId = created.createBulletin.bulletin.id;
    await veza.data(
      `mutation($input: SendBulletinInput!) { sendBulletin(input: $input) { bulletin { id } } }`,
      { input: { bulletinId, listIds: [list.createMailingList.mailingList.id] } },
      admin,
    );
    const pushed = await waitForPush(watcher, (f) => f.communication.bulletinsSent === 1);
    // The coordinators of M&R's partners received it: the issue's own counts, summed.
    expect(pushed.communication.recipients).toBeGreaterThan(0);
    const counts = async () =>
      (
        await veza.data(
          `query($id: ID!) { node(id: $id) { ... on Bulletin {
            counts { recipients sent pending failed withheld unsubscribedSince } } } }`,
          { id: bulletinId },
          admin,
        )
      ).node.counts;
    // Deliveries move on as the outbox works: read both until they agree (they must).
    const deadline = Date.now() + 5_000;
    let figures: Dashboard;
    let issue: Dashboard;
    do {
      issue = await counts();
      figures = (await dashboard(programmeId, admin)).communication;
      const {
        bulletinsSent: _sent,
        goodPracticesPublished: _g,
        newsPublished: _n,
        ...mails
      } = figures;
      if (JSON.stringify(mails) === JSON.stringify(issue)) break;
    } while (Date.now() < deadline);
    expect(figures).toEqual({
      ...issue,
      bulletinsSent: 1,
      goodPracticesPublished: before.communication.goodPracticesPublished,
      newsPublished: before.communication.newsPublished,
    });

    // Ključ completes its adoption (it offers one service): M&R's figures follow.
    const adopted = await veza.gql(
      `mutation($input: AdoptRegistrarModelInput!) { adoptRegistrarModel(input: $input) {
        adoption { status } } }`,
      {
        input: {
          municipalityId: municipalities['Ključ'],
          registrarOffice: 'Matični ured, Ključ',
          paymentInstructions: 'Račun Općine Ključ',
          complete: true,
        },
      },
      await veza.signIn('koordinator.kljuc@veza.test'),
    );
    expect(adopted.errors).toBeUndefined();
    const after = await waitForPush(watcher, (f) => f.registrar.adopted === 3);
    expect(after.registrar).toEqual({
      ...before.registrar,
      adopted: before.registrar.adopted + 1,
      inProgress: before.registrar.inProgress - 1,
    });

    // Its good practice taken back to draft, then published again.
    const goodPractice = await prisma.story.findFirstOrThrow({
      where: { programmeId: rawId(programmeId), kind: 'GOOD_PRACTICE', status: 'PUBLISHED' },
    });
    const storyInput = { input: { id: encodeGlobalID('Story', goodPractice.id) } };
    const published = before.communication.goodPracticesPublished;
    await veza.data(
      `mutation($input: UnpublishStoryInput!) { unpublishStory(input: $input) { story { id } } }`,
      storyInput,
      admin,
    );
    await waitForPush(watcher, (f) => f.communication.goodPracticesPublished === published - 1);
    await veza.data(
      `mutation($input: PublishStoryInput!) { publishStory(input: $input) { story { id } } }`,
      storyInput,
      admin,
    );
    await waitForPush(watcher, (f) => f.communication.goodPracticesPublished === published);
    watcher.unsubscribe();
  });

  it('pushes again once the outbox has delivered a bulletin’s e-mails', async () => {
    const smtp = await startSmtpReceiver();
    // Retried, not given up, while the mail server is down.
    const mail = { ...testMailSettings(smtp.url), maxAttempts: 50 };
    const app = await startTestServer({ inProcess: true, config: { mail } });
    try {
      const token = await app.signIn('admin@veza.test');
      const list = await app.data('{ programmes(first: 10) { edges { node { id code } } } }');
      const programmeId = list.programmes.edges.find((e: any) => e.node.code === 'M&R').node.id;
      const watcher = collect<any>(app.wsClient(token), dashboardSubscription, {
        id: programmeId,
      });
      await watcher.waitFor(1);
      const mailingList = await app.data(
        `mutation($input: CreateMailingListInput!) { createMailingList(input: $input) { mailingList { id } } }`,
        { input: { programmeId, name: 'Bilten, isporuka' } },
        token,
      );
      const created = await app.data(
        `mutation($input: CreateBulletinInput!) { createBulletin(input: $input) { bulletin { id } } }`,
        { input: { programmeId, title: 'Broj 2', editorial: 'Uvodnik.' } },
        token,
      );
      smtp.behaviour.down = true;
      await app.data(
        `mutation($input: SendBulletinInput!) { sendBulletin(input: $input) { bulletin { id } } }`,
        {
          input: {
            bulletinId: created.createBulletin.bulletin.id,
            listIds: [mailingList.createMailingList.mailingList.id],
          },
        },
        token,
      );
      const queued = await waitForPush(watcher, (f) => f.communication.bulletinsSent > 0);
      expect(queued.communication.pending).toBe(queued.communication.recipients);
      expect(queued.communication.recipients).toBeGreaterThan(0);
      // No change of ours from now on: only the outbox's progress can bring this push.
      smtp.behaviour.down = false;
      const delivered = await waitForPush(
        watcher,
        (f) => f.communication.recipients > 0 && f.communication.pending === 0,
      );
      expect(delivered.communication.sent).toBe(
        delivered.communication.recipients -
          delivered.communication.failed -
          delivered.communication.withheld,
      );
      expect(delivered.communication.sent).toBeGreaterThan(0);
      watcher.unsubscribe();
    } finally {
      await app.stop();
      await smtp.stop();
    }
  });

  it.runIf(process.env.REDIS_URL)(
    'reaches a subscriber on another instance when the change is made on this one',
    async () => {
      const other = await startTestServer({
        inProcess: true,
        scratch,
        database: veza.server.database,
        redisUrl: process.env.REDIS_URL,
        config: { minGroupSize: 1 },
      });
      try {
        const events = collect<{ dashboardUpdated: Dashboard }>(
          other.wsClient(await other.signIn('partner@veza.test')),
          dashboardSubscription,
          { id: programmes.D4D },
        );
        const [first] = await events.waitFor(1);
        // The dashboard hub listens for the whole instance: its SUBSCRIBEs are acknowledged.
        await eventBusLive(other);
        await addPartner(programmes.D4D!, await createMunicipality('Preko Redisa'), 'Redis');
        const [, second] = await events.waitFor(2);
        expect(second!.data!.dashboardUpdated.partners.total).toBe(
          first!.data!.dashboardUpdated.partners.total + 1,
        );
      } finally {
        await other.stop();
      }
    },
  );
});
