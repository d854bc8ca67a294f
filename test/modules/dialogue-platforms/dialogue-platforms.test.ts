// Dialogue platforms through the API: MAKERS' demo (LDPs, Forum, the MLDP with its areas and
// plan), a platform's members, meetings, results and plan, and every mutation's refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';
import { firstId } from '../../utils/lookup.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let zenicaCoordinator: string;
const ids = {} as Record<
  'makers' | 'mr' | 'd4d' | 'kljuc' | 'zenica' | 'trnovo' | 'undp' | 'kosmos',
  string
>;

const idOf = (root: string, search: string) => firstId(veza, root, search);

const platformFields = `id kind form name municipalities { name }
  members { person { fullName } organization { acronym } stakeholderGroup }
  meetings { title } results { raised adoptedByCouncil implemented }
  initiatives { title raisedOn adoptedOn implementedOn evidenceUrls }
  areas { title sharedBy { municipality { name } reason } adoptions { platform { name } } }
  adoptedAreas { area { title } }
  plans { title activities { title area { title } owners { municipality { name } }
    deadline expectedResult status progress } }`;

const mutation = (name: string, input: string, selection: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { ${selection} } }`;
const create = mutation(
  'createDialoguePlatform',
  'CreateDialoguePlatformInput',
  `platform { ${platformFields} }`,
);
const addMember = mutation(
  'addDialoguePlatformMember',
  'AddDialoguePlatformMemberInput',
  'platform { members { organization { acronym } stakeholderGroup } }',
);
const linkMeeting = mutation(
  'linkDialoguePlatformMeeting',
  'LinkDialoguePlatformMeetingInput',
  'platform { meetings { title } }',
);
const record = mutation(
  'recordCivicInitiative',
  'RecordCivicInitiativeInput',
  'initiative { id title municipality { name } raisedOn adoptedOn implementedOn evidenceUrls }',
);
const advance = mutation(
  'advanceCivicInitiative',
  'AdvanceCivicInitiativeInput',
  'initiative { adoptedOn implementedOn evidenceUrls }',
);
const addArea = mutation('addPriorityArea', 'AddPriorityAreaInput', 'area { id title }');
const adoptArea = mutation(
  'adoptPriorityArea',
  'AdoptPriorityAreaInput',
  'platform { adoptedAreas { area { title } } }',
);
const createPlan = mutation('createJointActionPlan', 'CreateJointActionPlanInput', 'plan { id }');
const addActivity = mutation(
  'addPlanActivity',
  'AddPlanActivityInput',
  'activity { id title owners { municipality { name } } status progress }',
);
const updateActivity = mutation(
  'updatePlanActivity',
  'UpdatePlanActivityInput',
  'activity { status progress }',
);

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator, zenicaCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
  ]);
  ids.makers = await idOf('programmes', 'MAKERS');
  ids.mr = await idOf('programmes', 'M&R');
  ids.d4d = await idOf('programmes', 'D4D');
  ids.kljuc = await idOf('municipalities', 'kljuc');
  ids.zenica = await idOf('municipalities', 'zenica');
  ids.trnovo = await idOf('municipalities', 'trnovo');
  ids.undp = await idOf('organizations', 'UNDP');
  ids.kosmos = await idOf('organizations', 'kosmos');
});
afterAll(() => veza?.stop());

async function platforms(args: Record<string, string>, token = admin) {
  const { dialoguePlatforms } = await veza.data(
    `query($p: ID, $m: ID) { dialoguePlatforms(programmeId: $p, municipalityId: $m) {
      totalCount edges { node { ${platformFields} } } } }`,
    args,
    token,
  );
  return dialoguePlatforms;
}

describe('the MAKERS demo', () => {
  it('has the LDPs and the Forum, and the MLDP with seed 004’s areas and the Igman plan', async () => {
    const makers = await platforms({ p: ids.makers });
    expect(makers.totalCount).toBe(4);
    const [mldp, ...locals] = makers.edges.map((edge: any) => edge.node);
    expect(mldp).toMatchObject({ kind: 'INTER_MUNICIPAL', form: null });
    expect(mldp.municipalities.map((m: any) => m.name).sort()).toEqual([
      'Novi Grad Sarajevo',
      'Trnovo',
      'Zenica',
    ]);
    expect(mldp.areas.map((area: any) => area.title)).toEqual([
      'Jačanje učešća građana u odlučivanju',
      'Unapređenje položaja mladih u lokalnoj zajednici',
      'Podrška djeci i mladima sa poteškoćama u razvoju',
    ]);
    expect(mldp.areas[0].adoptions).toEqual([
      { platform: { name: 'Lokalna dijaloška platforma Trnovo' } },
    ]);
    expect(mldp.meetings.map((m: any) => m.title)).toEqual([expect.stringContaining('MAKERS')]);
    const [plan] = mldp.plans;
    expect(plan.title).toContain('Igman');
    expect(plan.activities).toHaveLength(3);
    expect(plan.activities[2]).toMatchObject({
      area: { title: 'Podrška djeci i mladima sa poteškoćama u razvoju' },
      status: 'OPEN',
      progress: 0,
    });
    expect(locals.map((p: any) => [p.form, p.municipalities[0].name])).toEqual([
      ['CIVIC_INITIATIVES_FORUM', 'Novi Grad Sarajevo'],
      ['LOCAL_DIALOGUE_PLATFORM', 'Trnovo'],
      ['LOCAL_DIALOGUE_PLATFORM', 'Zenica'],
    ]);
    // What each municipality owes of the plan.
    const { planActivities } = await veza.data(
      `query($m: ID) { planActivities(ownerMunicipalityId: $m, open: true) {
        totalCount edges { node { title deadline } } } }`,
      { m: ids.zenica },
      zenicaCoordinator,
    );
    expect(planActivities.totalCount).toBe(3);
    expect(planActivities.edges[0].node.deadline).toBe('2023-03-31');
    const trnovo = await platforms({ m: ids.trnovo });
    expect(trnovo.edges.map((edge: any) => edge.node.name)).toEqual([
      'Međuopštinska lokalna dijaloška platforma (MLDP) MAKERS',
      'Lokalna dijaloška platforma Trnovo',
    ]);
    expect(trnovo.edges[1].node.adoptedAreas).toEqual([
      { area: { title: 'Jačanje učešća građana u odlučivanju' } },
    ]);
  });

  it('is for signed-in users', async () => {
    const anonymous = await veza.gql('{ dialoguePlatforms { totalCount } }');
    expect(refusal(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('a local platform, its results and its plan', () => {
  let platformId: string;
  let initiativeId: string;

  it('is created by its municipality’s coordinator, and refused to others', async () => {
    const input = {
      programmeId: ids.mr,
      kind: 'LOCAL',
      form: 'CIVIC_INITIATIVES_FORUM',
      name: 'Forum za građanske inicijative Ključ',
      municipalityIds: [ids.kljuc],
    };
    expect(refusal(await veza.gql(create, { input }, zenicaCoordinator))).toBe('FORBIDDEN');
    const { createDialoguePlatform } = await veza.data(create, { input }, kljucCoordinator);
    platformId = createDialoguePlatform.platform.id;
    expect(createDialoguePlatform.platform).toMatchObject({
      kind: 'LOCAL',
      form: 'CIVIC_INITIATIVES_FORUM',
      municipalities: [{ name: 'Ključ' }],
      results: { raised: 0, adoptedByCouncil: 0, implemented: 0 },
    });
  });

  it('gets a coordinator and a deputy', async () => {
    const person = async (name: string) =>
      (
        await veza.data(
          'query($s: String) { people(search: $s) { edges { node { id } } } }',
          { s: name },
          admin,
        )
      ).people.edges[0].node.id as string;
    const [kljucPerson, zenicaPerson] = [
      await person('Koordinator za dijasporu, Ključ'),
      await person('Koordinator za dijasporu, Zenica'),
    ];
    const update = mutation(
      'updateDialoguePlatform',
      'UpdateDialoguePlatformInput',
      'platform { name coordinator { fullName } deputy { fullName } }',
    );
    const updated = await veza.data(
      update,
      { input: { platformId, coordinatorPersonId: kljucPerson, deputyPersonId: zenicaPerson } },
      kljucCoordinator,
    );
    expect(updated.updateDialoguePlatform.platform).toEqual({
      name: 'Forum za građanske inicijative Ključ',
      coordinator: { fullName: 'Koordinator za dijasporu, Ključ' },
      deputy: { fullName: 'Koordinator za dijasporu, Zenica' },
    });
    for (const [input, field] of [
      [{ platformId, deputyPersonId: kljucPerson }, 'deputyPersonId'],
      [{ platformId, name: null }, 'name'],
      [{ platformId, name: 'x'.repeat(201) }, 'name'],
    ] as const) {
      const result = await veza.gql(update, { input }, kljucCoordinator);
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain(field);
    }
    const other = await veza.gql(
      update,
      { input: { platformId, name: 'Tuđe' } },
      zenicaCoordinator,
    );
    expect(refusal(other)).toBe('FORBIDDEN');
  });

  it('takes members, once each', async () => {
    const input = { platformId, organizationId: ids.kosmos, stakeholderGroup: 'DIASPORA' };
    const added = await veza.data(addMember, { input }, kljucCoordinator);
    expect(added.addDialoguePlatformMember.platform.members).toEqual([
      { organization: { acronym: 'Kosmos' }, stakeholderGroup: 'DIASPORA' },
    ]);
    expect(refusal(await veza.gql(addMember, { input }, kljucCoordinator))).toBe('CONFLICT');
    expect(refusal(await veza.gql(addMember, { input }, zenicaCoordinator))).toBe('FORBIDDEN');
  });

  it('records results: an initiative raised, adopted by the council, implemented', async () => {
    const raised = await veza.data(
      record,
      { input: { platformId, title: 'Uređenje dječijeg igrališta', raisedOn: '2026-02-01' } },
      kljucCoordinator,
    );
    initiativeId = raised.recordCivicInitiative.initiative.id;
    expect(raised.recordCivicInitiative.initiative.municipality).toEqual({ name: 'Ključ' });
    const advanced = await veza.data(
      advance,
      {
        input: {
          initiativeId,
          adoptedOn: '2026-03-15',
          implementedOn: '2026-06-01',
          evidenceUrls: ['https://kljuc.ba/odluka-vijeca.pdf'],
        },
      },
      kljucCoordinator,
    );
    expect(advanced.advanceCivicInitiative.initiative).toEqual({
      adoptedOn: '2026-03-15',
      implementedOn: '2026-06-01',
      evidenceUrls: ['https://kljuc.ba/odluka-vijeca.pdf'],
    });
    const [node] = (await platforms({ m: ids.kljuc })).edges.map((edge: any) => edge.node);
    expect(node.results).toEqual({ raised: 1, adoptedByCouncil: 1, implemented: 1 });
  });

  it('has a plan whose owners report progress', async () => {
    const { createJointActionPlan } = await veza.data(
      createPlan,
      { input: { platformId, title: 'Plan Foruma 2026.' } },
      kljucCoordinator,
    );
    const planId = createJointActionPlan.plan.id;
    const { addPlanActivity } = await veza.data(
      addActivity,
      {
        input: {
          planId,
          title: 'Javna rasprava o budžetu za mlade',
          ownerMunicipalityIds: [ids.kljuc],
          ownerOrganizationIds: [ids.kosmos],
          deadline: '2026-10-01',
          expectedResult: 'Prijedlozi mladih uvršteni u budžet',
        },
      },
      admin,
    );
    const activityId = addPlanActivity.activity.id;
    expect(addPlanActivity.activity).toMatchObject({
      owners: [{ municipality: { name: 'Ključ' } }, { municipality: null }],
      status: 'OPEN',
      progress: 0,
    });
    const forbidden = await veza.gql(
      updateActivity,
      { input: { activityId, progress: 50 } },
      zenicaCoordinator,
    );
    expect(refusal(forbidden)).toBe('FORBIDDEN');
    const half = await veza.data(
      updateActivity,
      { input: { activityId, status: 'IN_PROGRESS', progress: 50 } },
      kljucCoordinator,
    );
    expect(half.updatePlanActivity.activity).toEqual({ status: 'IN_PROGRESS', progress: 50 });
    const done = await veza.data(
      updateActivity,
      { input: { activityId, status: 'DONE' } },
      kljucCoordinator,
    );
    expect(done.updatePlanActivity.activity).toEqual({ status: 'DONE', progress: 100 });
    const [node] = (await platforms({ m: ids.kljuc })).edges.map((edge: any) => edge.node);
    expect(node.plans[0].activities[0]).toMatchObject({
      title: 'Javna rasprava o budžetu za mlade',
      deadline: '2026-10-01',
      expectedResult: 'Prijedlozi mladih uvršteni u budžet',
      status: 'DONE',
    });
  });

  it('refuses bad input, naming the field, and writes nothing', async () => {
    const prisma = veza.server.database.prisma;
    const before = await Promise.all([
      prisma.dialoguePlatform.count(),
      prisma.civicInitiative.count(),
      prisma.planActivity.count(),
      prisma.jointActionPlan.count(),
      prisma.priorityArea.count(),
    ]);
    const plan = await prisma.jointActionPlan.findFirstOrThrow({
      where: { title: 'Plan Foruma 2026.' },
    });
    const planId = Buffer.from(`JointActionPlan:${plan.id}`).toString('base64');
    const activity = await prisma.planActivity.findFirstOrThrow({ where: { planId: plan.id } });
    const activityId = Buffer.from(`PlanActivity:${activity.id}`).toString('base64');
    const { events } = await veza.data(
      `query($p: ID) { events(programmeId: $p) { edges { node { id } } } }`,
      { p: ids.d4d },
      admin,
    );
    const nowhere = Buffer.from('Municipality:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    const cases: [string, Record<string, unknown>, string][] = [
      [
        create,
        { programmeId: ids.mr, kind: 'LOCAL', name: 'X', municipalityIds: [ids.kljuc] },
        'form',
      ],
      [
        create,
        {
          programmeId: ids.mr,
          kind: 'LOCAL',
          form: 'CIVIC_INITIATIVES_FORUM',
          name: ' ',
          municipalityIds: [ids.kljuc],
        },
        'name',
      ],
      [
        create,
        { programmeId: ids.mr, kind: 'INTER_MUNICIPAL', name: 'X', municipalityIds: [ids.kljuc] },
        'municipalityIds',
      ],
      [
        create,
        {
          programmeId: ids.mr,
          kind: 'INTER_MUNICIPAL',
          name: 'X',
          municipalityIds: [ids.kljuc, ids.zenica],
        },
        'municipalityIds',
      ],
      [addMember, { platformId, stakeholderGroup: 'YOUTH' }, 'personId'],
      [
        addMember,
        { platformId, organizationId: ids.undp, stakeholderGroup: 'ELDERS' },
        'stakeholderGroup',
      ],
      [linkMeeting, { platformId, eventId: events.edges[0].node.id }, 'eventId'],
      [
        record,
        { platformId, title: 'X', raisedOn: '2026-05-01', adoptedOn: '2026-04-01' },
        'adoptedOn',
      ],
      [
        record,
        { platformId, title: 'X', raisedOn: '2026-05-01', municipalityId: ids.zenica },
        'municipalityId',
      ],
      [
        record,
        { platformId, title: 'X', raisedOn: '2026-05-01', evidenceUrls: ['nije link'] },
        'evidenceUrls',
      ],
      [advance, { initiativeId, implementedOn: '2026-01-01' }, 'implementedOn'],
      [addArea, { platformId, title: 'Mladi', municipalities: [] }, 'platformId'],
      [createPlan, { title: 'Bez vlasnika' }, 'platformId'],
      [
        addActivity,
        { planId, title: 'X', ownerMunicipalityIds: [nowhere] },
        'ownerMunicipalityIds',
      ],
      [addActivity, { planId, title: '' }, 'title'],
      [updateActivity, { activityId, progress: 101 }, 'progress'],
      [updateActivity, { activityId }, 'status'],
    ];
    for (const [query, input, field] of cases) {
      const result = await veza.gql(query, { input }, admin);
      expect(refusal(result), `${field}: ${JSON.stringify(input).slice(0, 120)}`).toBe(
        'BAD_USER_INPUT',
      );
      expect(result.errors![0]!.message).toContain(field);
    }
    const after = await Promise.all([
      prisma.dialoguePlatform.count(),
      prisma.civicInitiative.count(),
      prisma.planActivity.count(),
      prisma.jointActionPlan.count(),
      prisma.priorityArea.count(),
    ]);
    expect(after).toEqual(before);
  });
});

describe('the MLDP’s areas', () => {
  it('are added by a member municipality’s coordinator; a local platform adopts one once', async () => {
    const { edges } = await platforms({ p: ids.makers });
    const mldp = edges[0].node.id;
    const zenicaLdp = edges.find((edge: any) => edge.node.name.endsWith('Zenica')).node.id;
    const added = await veza.data(
      addArea,
      {
        input: {
          platformId: mldp,
          title: 'Zapošljavanje mladih',
          municipalities: [{ municipalityId: ids.zenica, reason: 'Sajam zapošljavanja mladih' }],
        },
      },
      zenicaCoordinator,
    );
    const areaId = added.addPriorityArea.area.id;
    const outsider = await veza.gql(
      addArea,
      { input: { platformId: mldp, title: 'Ključeva oblast', municipalities: [] } },
      kljucCoordinator,
    );
    expect(refusal(outsider)).toBe('FORBIDDEN');
    const notMember = await veza.gql(
      addArea,
      {
        input: {
          platformId: mldp,
          title: 'Tuđa oblast',
          municipalities: [{ municipalityId: ids.kljuc, reason: 'Nije član' }],
        },
      },
      admin,
    );
    expect(refusal(notMember)).toBe('BAD_USER_INPUT');
    // Adopted twice at the same moment: one adoption, one CONFLICT.
    const results = await Promise.all(
      [1, 2].map(() =>
        veza.gql(adoptArea, { input: { areaId, platformId: zenicaLdp } }, zenicaCoordinator),
      ),
    );
    expect(results.map((result) => (result.errors ? refusal(result) : 'ok')).sort()).toEqual([
      'CONFLICT',
      'ok',
    ]);
    const local = await veza.gql(
      adoptArea,
      { input: { areaId, platformId: mldp } },
      zenicaCoordinator,
    );
    expect(refusal(local)).toBe('BAD_USER_INPUT');
  });
});
