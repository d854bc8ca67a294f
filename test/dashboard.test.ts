import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from './utils/assertions.js';
import { createScratchDatabase, type ScratchDatabase } from './utils/database.js';
import { collect, startTestServer, type TestServer } from './utils/server.js';

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
  money { requested { amount currency } awarded { amount currency } committed { amount currency } }`;
const dashboardQuery = `query($id: ID!) { programmeDashboard(programmeId: $id) { ${dashboardFields} } }`;
const dashboardSubscription = `subscription($id: ID!) {
  dashboardUpdated(programmeId: $id) { ${dashboardFields} }
}`;

type Dashboard = Record<string, any>;
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
  // minimum group size that withholds small counts is tested in access.test.ts.
  const config = { minGroupSize: 1 };
  veza = await startTestServer({ scratch, redisUrl: process.env.REDIS_URL, config });
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
    expect(mr.actionItems).toEqual({ open: 4, overdue: 1, done: 2, byOwnerMunicipality: [] });
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
    // participants, action items, ideas and money.
    expect(large).toBeLessThanOrEqual(9);
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
    await new Promise((resolve) => setTimeout(resolve, 1_500));
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

  it.runIf(process.env.REDIS_URL)(
    'reaches a subscriber on another instance when the change is made on this one',
    async () => {
      const other = await startTestServer({
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
        await new Promise((resolve) => setTimeout(resolve, 300)); // the SUBSCRIBE reaches Redis
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
