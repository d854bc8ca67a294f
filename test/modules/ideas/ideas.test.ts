// The project-idea workflow through real clients with the right roles: from template to
// funding decision, every forbidden step refused without a write, the ranking checked against
// hand-computed weighted totals, partners following live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { collect, subscribed, startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';

let veza: TestServer;
const tokens: Record<string, any> = {};
const ids: Record<string, any> = {};
const PASSWORD = 'ideas test password';

/** An invited user with these role grants; returns [token, user global ID]. */
async function member(email: string, grants: Record<string, unknown>[]) {
  const { inviteUser } = await veza.data(
    'mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationToken user { id } } }',
    { input: { email, displayName: email.split('@')[0] } },
    tokens.admin,
  );
  for (const grant of grants) {
    await veza.data(
      'mutation($input: AssignRoleInput!) { assignRole(input: $input) { roleAssignment { id } } }',
      { input: { userId: inviteUser.user.id, ...grant } },
      tokens.admin,
    );
  }
  const { acceptInvitation } = await veza.data(
    'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
    { input: { token: inviteUser.invitationToken, password: PASSWORD } },
  );
  return [acceptInvitation.token as string, inviteUser.user.id as string] as const;
}

const ideaFields = `id title stage weightedScore allowedTransitions
  transitions { from to actorName comment }
  assessments { reviewerName weightedTotal submittedAt scores { score } }`;

const transition = (ideaId: string, to: string, token: string, comment?: string) =>
  veza.gql(
    `mutation($input: TransitionProjectIdeaInput!) { transitionProjectIdea(input: $input) { idea { ${ideaFields} } } }`,
    { input: { ideaId, to, comment } },
    token,
  );

/** What a refused operation might have written. */
async function footprint() {
  const prisma = veza.server.database.prisma;
  const [ideas, transitions, assessments, scores, proposals, applications, notes] =
    await Promise.all([
      prisma.projectIdea.findMany({
        select: { id: true, stage: true, updatedAt: true, weightedScore: true },
        orderBy: { id: 'asc' },
      }),
      prisma.projectIdeaTransition.count(),
      prisma.assessment.findMany({
        select: { id: true, submittedAt: true },
        orderBy: { id: 'asc' },
      }),
      prisma.assessmentScore.count(),
      prisma.projectProposal.count(),
      prisma.fundingApplication.findMany({ select: { id: true, status: true } }),
      prisma.expertSupportNote.count(),
    ]);
  return { ideas, transitions, assessments, scores, proposals, applications, notes };
}

/** Runs a refused operation and checks its code and that nothing was written. */
async function refused(
  operation: () => Promise<{ data?: any; errors?: any[] }>,
  code: string,
  message?: RegExp,
) {
  const before = await footprint();
  const result = await operation();
  expect(refusal(result)).toBe(code);
  if (message) expect(result.errors?.[0]?.message).toMatch(message);
  expect(await footprint()).toEqual(before);
}

const day = dateFromToday;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  tokens.reviewer = await veza.signIn('recenzent@veza.test');
  const data = await veza.data(
    `{ programmes { edges { node { id code } } }
       municipalities(first: 100) { edges { node { id name } } }
       organizations(search: "prijatelji") { edges { node { id } } }
       viewer { user { id } } }`,
    {},
    tokens.reviewer,
  );
  for (const { node } of data.programmes.edges) ids[node.code] = node.id;
  for (const { node } of data.municipalities.edges) ids[node.name] = node.id;
  ids.prijatelji = data.organizations.edges[0].node.id;
  ids.reviewer = data.viewer.user.id;
  let reviewer2: string;
  [tokens.reviewer2, reviewer2] = await member('recenzent2@veza.test', [
    { role: 'REVIEWER', programmeId: ids['M&R'] },
  ]);
  ids.reviewer2 = reviewer2;
  let conflicted: string;
  [, conflicted] = await member('recenzent.kljuc@veza.test', [
    { role: 'REVIEWER', programmeId: ids['M&R'] },
    { role: 'COORDINATOR', programmeId: ids['M&R'], municipalityId: ids['Ključ'] },
  ]);
  ids.conflicted = conflicted;
  // A reviewer the directory lists as working for Ključ, without any Ključ role.
  let employee: string;
  [, employee] = await member('sluzbenik.kljuc@veza.test', [
    { role: 'REVIEWER', programmeId: ids['M&R'] },
  ]);
  ids.employee = employee;
  await veza.server.database.prisma.person.create({
    data: {
      fullName: 'Službenik Ključ',
      email: 'Sluzbenik.Kljuc@veza.test',
      municipalityId: Buffer.from(ids['Ključ']!, 'base64').toString().split(':')[1],
    },
  });
  [tokens.prijedor] = await member('koordinator.prijedor@veza.test', [
    { role: 'COORDINATOR', programmeId: ids['M&R'], municipalityId: ids.Prijedor },
  ]);
  [tokens.partner] = await member('partner.mr@veza.test', [
    { role: 'PARTNER', programmeId: ids['M&R'] },
  ]);
  [tokens.otherPartner] = await member('partner.d4d@veza.test', [
    { role: 'PARTNER', programmeId: ids.D4D },
  ]);
});
afterAll(() => veza?.stop());

describe('a whole call for ideas, from template to funding decision', () => {
  let partnerFeed: ReturnType<typeof collect<any>>;

  it('the programme team publishes a versioned template and opens a round with its rubric', async () => {
    const partnerClient = veza.wsClient(tokens.partner);
    partnerFeed = await subscribed(veza, () =>
      collect(
        partnerClient,
        'subscription($p: ID) { projectIdeaChanged(programmeId: $p) { title stage } }',
        { p: ids['M&R'] },
      ),
    );
    const template = {
      programmeId: ids['M&R'],
      name: 'Obrazac 2026',
      sections: [
        {
          key: 'problem',
          title: 'Problem',
          fields: [
            { key: 'problem', label: 'Problem', type: 'TEXT', required: true, maxLength: 200 },
            { key: 'objectives', label: 'Ciljevi', type: 'LIST', required: true, maxItems: 2 },
            { key: 'months', label: 'Trajanje', type: 'NUMBER', min: 1, max: 36 },
            { key: 'area', label: 'Oblast', type: 'CHOICE', choices: ['MSP', 'Investicije'] },
          ],
        },
      ],
    };
    const mutation = `mutation($input: CreateProjectIdeaTemplateInput!) {
      createProjectIdeaTemplate(input: $input) { template { id version sections { fields { key type required } } } } }`;
    const first = await veza.data(mutation, { input: template }, tokens.admin);
    const second = await veza.data(mutation, { input: template }, tokens.admin);
    // The demo data holds version 1 of M&R's template.
    expect(second.createProjectIdeaTemplate.template.version).toBe(
      first.createProjectIdeaTemplate.template.version + 1,
    );
    const { createProjectIdeaRound } = await veza.data(
      `mutation($input: CreateProjectIdeaRoundInput!) {
        createProjectIdeaRound(input: $input) { round { id scaleMax criteria { id name weight } } } }`,
      {
        input: {
          programmeId: ids['M&R'],
          name: 'Runda 2026',
          scaleMax: 5,
          criteria: [
            { name: 'Održivo partnerstvo lokalne zajednice i dijaspore', weight: 3 },
            { name: 'Angažman dijaspore za lokalni razvoj', weight: 2 },
          ],
        },
      },
      tokens.admin,
    );
    ids.round = createProjectIdeaRound.round.id;
    ids.c1 = createProjectIdeaRound.round.criteria[0].id;
    ids.c2 = createProjectIdeaRound.round.criteria[1].id;
    await refused(() => veza.gql(mutation, { input: template }, tokens.kljuc), 'FORBIDDEN');
  });

  const create = (input: Record<string, unknown>, token: string) =>
    veza.gql(
      `mutation($input: CreateProjectIdeaInput!) { createProjectIdea(input: $input) { idea { id stage template { version } } } }`,
      { input: { roundId: ids.round, ...input } },
      token,
    );

  it('the coordinator drafts an idea, checked against the template version', async () => {
    await refused(
      () =>
        create(
          { municipalityId: ids['Ključ'], title: 'X', fields: { problem: 5, unknown: 'x' } },
          tokens.kljuc,
        ),
      'BAD_USER_INPUT',
      /problem: must be a text; unknown: the template has no such field/,
    );
    await refused(
      () => create({ municipalityId: ids.Prijedor, title: 'Tuđa ideja' }, tokens.kljuc),
      'FORBIDDEN',
    );
    const created = await create(
      {
        municipalityId: ids['Ključ'],
        title: 'Info tačka za investitore',
        fields: { problem: 'Nema informacija', area: 'Investicije' },
        thematicAreas: ['investicije'],
        attachments: [{ title: 'Strategija', url: 'https://kljuc.ba/strategija.pdf' }],
      },
      tokens.kljuc,
    );
    expect(created.errors).toBeUndefined();
    ids.kljucIdea = created.data?.createProjectIdea.idea.id;
    expect(created.data?.createProjectIdea.idea.stage).toBe('DRAFT');
    const second = await create(
      { municipalityId: ids['Ključ'], title: 'Druga ideja', estimatedBudget: '1000' },
      tokens.kljuc,
    );
    ids.kljucSecond = second.data?.createProjectIdea.idea.id;
    const prijedor = await create(
      {
        municipalityId: ids.Prijedor,
        title: 'Virtuelni matičar',
        fields: { problem: 'Dolasci po dokumente', objectives: ['Model'] },
        estimatedBudget: '25000',
      },
      tokens.prijedor,
    );
    ids.prijedorIdea = prijedor.data?.createProjectIdea.idea.id;
    // Partners see nothing of drafts.
    const seen = await veza.data(
      'query($r: ID) { projectIdeas(roundId: $r) { totalCount } }',
      { r: ids.round },
      tokens.partner,
    );
    expect(seen.projectIdeas.totalCount).toBe(0);
  });

  it('an idea stays on the template version it was started on', async () => {
    const started = await veza.data(
      'query($id: ID!) { node(id: $id) { ... on ProjectIdea { template { id version } } } }',
      { id: ids.kljucIdea },
      tokens.kljuc,
    );
    // A new version renames every field; the idea is still checked against its own.
    await veza.data(
      `mutation($input: CreateProjectIdeaTemplateInput!) { createProjectIdeaTemplate(input: $input) { template { version } } }`,
      {
        input: {
          programmeId: ids['M&R'],
          name: 'Obrazac 2026, izmijenjen',
          sections: [
            { key: 's', title: 'S', fields: [{ key: 'sazetak', label: 'Sažetak', type: 'TEXT' }] },
          ],
        },
      },
      tokens.admin,
    );
    const updated = await veza.data(
      `mutation($input: UpdateProjectIdeaInput!) { updateProjectIdea(input: $input) { idea { template { id } fields } } }`,
      {
        input: {
          ideaId: ids.kljucIdea,
          fields: { problem: 'Nema informacija', area: 'Investicije' },
        },
      },
      tokens.kljuc,
    );
    expect(updated.updateProjectIdea.idea.template.id).toBe(started.node.template.id);
    await refused(
      () =>
        veza.gql(
          `mutation($input: UpdateProjectIdeaInput!) { updateProjectIdea(input: $input) { idea { id } } }`,
          { input: { ideaId: ids.kljucIdea, fields: { sazetak: 'x' } } },
          tokens.kljuc,
        ),
      'BAD_USER_INPUT',
      /sazetak: the template has no such field/,
    );
  });

  it('submission needs the required fields, and one priority idea per municipality', async () => {
    await refused(
      () => transition(ids.kljucIdea!, 'SUBMITTED', tokens.kljuc),
      'BAD_USER_INPUT',
      /objectives: required/,
    );
    const update = (input: Record<string, unknown>, token: string) =>
      veza.gql(
        `mutation($input: UpdateProjectIdeaInput!) { updateProjectIdea(input: $input) { idea { id } } }`,
        { input: { ideaId: ids.kljucIdea, ...input } },
        token,
      );
    await refused(
      () => update({ fields: { problem: 'P', objectives: ['a', 'b', 'c'] } }, tokens.kljuc),
      'BAD_USER_INPUT',
      /at most 2 entries/,
    );
    await refused(() => update({ title: 'Tuđe' }, tokens.prijedor), 'FORBIDDEN');
    expect(
      (
        await update(
          {
            fields: {
              problem: 'Nema informacija',
              objectives: ['Info tačka'],
              area: 'Investicije',
            },
            estimatedBudget: '60000',
          },
          tokens.kljuc,
        )
      ).errors,
    ).toBeUndefined();
    const submitted = await transition(ids.kljucIdea!, 'SUBMITTED', tokens.kljuc, 'Prioritet');
    expect(submitted.data?.transitionProjectIdea.idea.stage).toBe('SUBMITTED');
    await refused(
      () => transition(ids.kljucSecond!, 'SUBMITTED', tokens.kljuc),
      'CONFLICT',
      /one priority idea per municipality per round/,
    );
    await refused(
      () => update({ title: 'Poslije predaje' }, tokens.kljuc),
      'CONFLICT',
      /Only a DRAFT/,
    );
    await transition(ids.prijedorIdea!, 'SUBMITTED', tokens.prijedor);
  });

  it('each step belongs to its role; a step not allowed lists the allowed ones', async () => {
    await refused(() => transition(ids.kljucIdea!, 'UNDER_ASSESSMENT', tokens.kljuc), 'FORBIDDEN');
    await refused(
      () => transition(ids.kljucIdea!, 'UNDER_ASSESSMENT', tokens.partner),
      'FORBIDDEN',
    );
    await refused(
      () => transition(ids.kljucIdea!, 'UNDER_ASSESSMENT', tokens.otherPartner),
      'FORBIDDEN',
    );
    await refused(() => transition(ids.kljucIdea!, 'UNDER_ASSESSMENT', ''), 'UNAUTHENTICATED');
    await refused(
      () => transition(ids.kljucIdea!, 'SHORTLISTED', tokens.admin),
      'CONFLICT',
      /cannot become SHORTLISTED; allowed: UNDER_ASSESSMENT, WITHDRAWN/,
    );
    await refused(() => transition(ids.kljucIdea!, 'FUNDED', tokens.kljuc), 'CONFLICT');
    for (const idea of [ids.kljucIdea!, ids.prijedorIdea!]) {
      const result = await transition(idea, 'UNDER_ASSESSMENT', tokens.admin);
      expect(result.data?.transitionProjectIdea.idea.stage).toBe('UNDER_ASSESSMENT');
    }
    await refused(
      () => transition(ids.kljucIdea!, 'SHORTLISTED', tokens.admin),
      'CONFLICT',
      /No reviewer has assessed/,
    );
  });

  const assign = (ideaId: string, reviewerId: string, token = tokens.admin!) =>
    veza.gql(
      `mutation($input: AssignReviewerInput!) { assignReviewer(input: $input) { idea { id } } }`,
      { input: { ideaId, reviewerId } },
      token,
    );
  const submit = (ideaId: string, scores: [number, number], token: string) =>
    veza.gql(
      `mutation($input: SubmitAssessmentInput!) { submitAssessment(input: $input) { idea { ${ideaFields} } } }`,
      {
        input: {
          ideaId,
          scores: [
            { criterionId: ids.c1, score: scores[0], comment: 'Partnerstvo' },
            { criterionId: ids.c2, score: scores[1] },
          ],
        },
      },
      token,
    );

  it('reviewers are assigned, never for their own municipality', async () => {
    await refused(
      () => assign(ids.kljucIdea!, ids.conflicted!),
      'CONFLICT',
      /Conflict of interest: they coordinate/,
    );
    await refused(
      () => assign(ids.kljucIdea!, ids.employee!),
      'CONFLICT',
      /Conflict of interest: the directory lists them/,
    );
    await refused(() => assign(ids.kljucIdea!, ids.reviewer2!, tokens.kljuc), 'FORBIDDEN');
    for (const reviewer of [ids.reviewer!, ids.reviewer2!]) {
      expect((await assign(ids.kljucIdea!, reviewer)).errors).toBeUndefined();
    }
    expect((await assign(ids.prijedorIdea!, ids.reviewer!)).errors).toBeUndefined();
    await refused(() => assign(ids.kljucIdea!, ids.reviewer!), 'CONFLICT', /already assigned/);
  });

  it('a reviewer lists the ideas assigned to them', async () => {
    const assigned = async (token: string, assignedToMe: boolean) =>
      (
        await veza.data(
          'query($a: Boolean) { projectIdeas(assignedToMe: $a) { edges { node { id } } } }',
          { a: assignedToMe },
          token,
        )
      ).projectIdeas.edges.map((edge: any) => edge.node.id);
    expect(await assigned(tokens.reviewer2!, true)).toEqual([ids.kljucIdea]);
    // The demo reviewer also has the demo round's assignments.
    expect(await assigned(tokens.reviewer!, true)).toEqual(
      expect.arrayContaining([ids.kljucIdea, ids.prijedorIdea]),
    );
    expect(await assigned(tokens.reviewer2!, false)).not.toContain(ids.kljucIdea);
    // Still only ideas the viewer may read: the administrator is assigned none.
    expect(await assigned(tokens.admin!, true)).toEqual([]);
  });

  it('reviewers score; nobody sees another’s scores before submitting their own', async () => {
    await refused(() => submit(ids.kljucIdea!, [9, 1], tokens.reviewer!), 'BAD_USER_INPUT');
    await refused(() => submit(ids.kljucIdea!, [5, 3], tokens.kljuc!), 'FORBIDDEN');
    const first = await submit(ids.kljucIdea!, [5, 3], tokens.reviewer!);
    expect(first.errors).toBeUndefined();
    // (3·5 + 2·3) / 5 = 4.2
    expect(first.data?.submitAssessment.idea.assessments).toEqual([
      expect.objectContaining({ weightedTotal: '4.2000' }),
    ]);
    await refused(() => submit(ids.kljucIdea!, [1, 1], tokens.reviewer!), 'CONFLICT');
    const before = await veza.data(
      `query($id: ID!) { node(id: $id) { ... on ProjectIdea { weightedScore assessments { reviewerName scores { score } } } } }`,
      { id: ids.kljucIdea },
      tokens.reviewer2,
    );
    expect(before.node.weightedScore).toBeNull();
    expect(before.node.assessments).toEqual([{ reviewerName: 'recenzent2', scores: [] }]);
    const second = await submit(ids.kljucIdea!, [4, 4], tokens.reviewer2!);
    // (3·4 + 2·4) / 5 = 4.0; the idea's score is the mean (4.2 + 4.0) / 2 = 4.1
    expect(second.data?.submitAssessment.idea.weightedScore).toBe('4.1000');
    expect(second.data?.submitAssessment.idea.assessments).toHaveLength(2);
    // (3·2 + 2·1) / 5 = 1.6
    await submit(ids.prijedorIdea!, [2, 1], tokens.reviewer!);
  });

  it('gives criteria and assessments global IDs that node(id:) resolves for those who may see them', async () => {
    const criterion = await veza.data(
      `query($id: ID!) { node(id: $id) { __typename id ... on AssessmentCriterion { weight } } }`,
      { id: ids.c1 },
    );
    expect(criterion.node).toEqual({ __typename: 'AssessmentCriterion', id: ids.c1, weight: '3' });
    const assessmentsOf = `query($id: ID!) { node(id: $id) { ... on ProjectIdea { assessments { id reviewerName } } } }`;
    const { node: idea } = await veza.data(assessmentsOf, { id: ids.kljucIdea }, tokens.reviewer2);
    expect(idea.assessments).toHaveLength(2);
    const assessment = `query($id: ID!) { node(id: $id) { __typename id ... on Assessment { reviewerName } } }`;
    for (const { id, reviewerName } of idea.assessments) {
      expect((await veza.data(assessment, { id }, tokens.reviewer2)).node).toEqual({
        __typename: 'Assessment',
        id,
        reviewerName,
      });
      // The municipality sees the scores only once the shortlist is decided; node(id:) agrees.
      for (const [token, code] of [
        [tokens.kljuc, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const) {
        const hidden = await veza.gql(assessment, { id }, token);
        expect(hidden.data?.node ?? null).toBeNull();
        expect(hidden.errors?.[0]?.extensions?.code).toBe(code);
      }
    }
    // A criterion is named by its global ID (its raw UUID is still taken, see permissions):
    // the ID of anything else is refused.
    await refused(
      () =>
        veza.gql(
          `mutation($input: SubmitAssessmentInput!) { submitAssessment(input: $input) { idea { id } } }`,
          {
            input: { ideaId: ids.prijedorIdea, scores: [{ criterionId: ids.kljucIdea, score: 1 }] },
          },
          tokens.reviewer,
        ),
      'BAD_USER_INPUT',
      /criterionId must be the ID of AssessmentCriterion \(got the ID of ProjectIdea\)/,
    );
  });

  it('ranks the round by weighted score, for the programme team and partners', async () => {
    const ranking = `query($r: ID) { projectIdeas(roundId: $r, orderBy: RANKING) { edges { node { title weightedScore } } } }`;
    const { projectIdeas } = await veza.data(ranking, { r: ids.round }, tokens.admin);
    expect(projectIdeas.edges.map((e: any) => [e.node.title, e.node.weightedScore])).toEqual([
      ['Info tačka za investitore', '4.1000'],
      ['Virtuelni matičar', '1.6000'],
      ['Druga ideja', null],
    ]);
    const seen = await veza.data(ranking, { r: ids.round }, tokens.partner);
    expect(seen.projectIdeas.edges).toHaveLength(2);
    expect(refusal(await veza.gql(ranking, { r: ids.round }, tokens.reviewer2))).toBe('FORBIDDEN');
  });

  it('shortlists, and the municipality writes its full proposal with expert support', async () => {
    await transition(ids.prijedorIdea!, 'NOT_SHORTLISTED', tokens.admin!);
    await refused(
      () => transition(ids.prijedorIdea!, 'WITHDRAWN', tokens.prijedor!),
      'CONFLICT',
      /it is closed, nothing is allowed/,
    );
    await transition(ids.kljucIdea!, 'SHORTLISTED', tokens.admin!, 'Najbolje ocijenjena');
    await transition(ids.kljucIdea!, 'PROPOSAL_IN_PREPARATION', tokens.kljuc!);
    await refused(
      () => transition(ids.kljucIdea!, 'PROPOSAL_READY', tokens.kljuc!),
      'CONFLICT',
      /proposal .* is not written yet/,
    );
    const save = (token: string) =>
      veza.gql(
        `mutation($input: SaveProjectProposalInput!) { saveProjectProposal(input: $input) {
          idea { proposal { summary budgetLines { money { amount currency } } partners { name organization { id } } timeline { activity } } } } }`,
        {
          input: {
            ideaId: ids.kljucIdea,
            summary: 'Info tačka u Centru za razvoj biznisa',
            expectedResults: ['Otvorena info tačka'],
            timeline: [{ activity: 'Uređenje', startsOn: '2027-01-01', endsOn: '2027-03-31' }],
            budgetLines: [
              { description: 'Oprema', amount: '20000' },
              { description: 'Promocija', amount: '30000.50' },
            ],
            partners: [{ name: 'Prijatelji Ključa', organizationId: ids.prijatelji }],
          },
        },
        token,
      );
    await refused(() => save(tokens.admin!), 'FORBIDDEN');
    const saved = await save(tokens.kljuc!);
    expect(saved.data?.saveProjectProposal.idea.proposal.budgetLines).toEqual([
      { money: { amount: '20000.00', currency: 'BAM' } },
      { money: { amount: '30000.50', currency: 'BAM' } },
    ]);
    const note = (token: string) =>
      veza.gql(
        `mutation($input: AddExpertSupportNoteInput!) { addExpertSupportNote(input: $input) { idea { expertSupportNotes { text } } } }`,
        { input: { ideaId: ids.kljucIdea, text: 'Potvrdite sufinansiranje općine.' } },
        token,
      );
    await refused(() => note(tokens.kljuc!), 'FORBIDDEN');
    expect((await note(tokens.admin!)).data?.addExpertSupportNote.idea.expertSupportNotes).toEqual([
      { text: 'Potvrdite sufinansiranje općine.' },
    ]);
    await transition(ids.kljucIdea!, 'PROPOSAL_READY', tokens.kljuc!);
  });

  it('applies to an open funding call, not to a closed one, and is funded', async () => {
    const kljucClient = veza.wsClient(tokens.kljuc);
    const matching = await subscribed(veza, () =>
      collect<any>(
        kljucClient,
        'subscription($m: ID) { fundingCallOpened(municipalityId: $m) { title open } }',
        { m: ids['Ključ'] },
      ),
    );
    const { organizations } = await veza.data(
      '{ organizations(search: "UNDP") { edges { node { id } } } }',
      {},
    );
    const call = async (title: string, opensOn: string, closesOn: string, areas: string[]) =>
      (
        await veza.data(
          `mutation($input: CreateFundingCallInput!) { createFundingCall(input: $input) { fundingCall { id open } } }`,
          {
            input: {
              funderId: organizations.edges[0].node.id,
              programmeId: ids['M&R'],
              title,
              totalBudget: '500000',
              minGrant: '10000',
              maxGrant: '55000',
              opensOn,
              closesOn,
              thematicAreas: areas,
            },
          },
          tokens.admin,
        )
      ).createFundingCall.fundingCall;
    const culture = await call('Kultura', day(-5), day(30), ['kultura']);
    const closed = await call('Zatvoren', day(-30), day(-1), ['investicije']);
    const open = await call('Otvoren', day(-1), day(0), ['Investicije']);
    expect([culture.open, closed.open, open.open]).toEqual([true, false, true]);
    await matching.waitFor(2);
    expect(matching.results.map((r) => r.data?.fundingCallOpened.title)).toEqual([
      'Zatvoren',
      'Otvoren',
    ]);
    const openCalls = await veza.data(
      '{ fundingCalls(open: true) { edges { node { title } } } }',
      {},
    );
    expect(openCalls.fundingCalls.edges.map((e: any) => e.node.title)).toEqual(
      expect.arrayContaining(['Kultura', 'Otvoren']),
    );
    expect(openCalls.fundingCalls.edges.map((e: any) => e.node.title)).not.toContain('Zatvoren');

    const applyTo = (callId: string, requestedAmount: string, token = tokens.kljuc!) =>
      veza.gql(
        `mutation($input: ApplyToFundingCallInput!) { applyToFundingCall(input: $input) { idea { applications { id status requestedAmount { amount } } } } }`,
        { input: { ideaId: ids.kljucIdea, callId, requestedAmount } },
        token,
      );
    await refused(() => applyTo(closed.id, '50000'), 'CONFLICT', /closed on .* refused/);
    await refused(
      () => applyTo(open.id, '60000'),
      'BAD_USER_INPUT',
      /between 10000.00 and 55000.00/,
    );
    await refused(() => applyTo(open.id, '50000', tokens.admin!), 'FORBIDDEN');
    await refused(
      () => transition(ids.kljucIdea!, 'APPLIED', tokens.kljuc!),
      'CONFLICT',
      /Apply to a funding call first/,
    );
    const applied = await applyTo(open.id, '50000');
    const application = applied.data?.applyToFundingCall.idea.applications[0];
    expect(application).toMatchObject({
      status: 'SUBMITTED',
      requestedAmount: { amount: '50000.00' },
    });
    await transition(ids.kljucIdea!, 'APPLIED', tokens.kljuc!);
    await refused(
      () => transition(ids.kljucIdea!, 'FUNDED', tokens.admin!),
      'CONFLICT',
      /No application of this idea has been awarded/,
    );
    const decide = (token: string, awardedAmount: string | null) =>
      veza.gql(
        `mutation($input: DecideFundingApplicationInput!) { decideFundingApplication(input: $input) { idea { applications { status awardedAmount { amount } } } } }`,
        { input: { applicationId: application.id, awarded: true, awardedAmount } },
        token,
      );
    await refused(() => decide(tokens.kljuc!, '45000'), 'FORBIDDEN');
    await refused(() => decide(tokens.admin!, '70000'), 'BAD_USER_INPUT');
    expect(
      (await decide(tokens.admin!, '45000')).data?.decideFundingApplication.idea.applications,
    ).toEqual([{ status: 'AWARDED', awardedAmount: { amount: '45000.00' } }]);
    await refused(() => transition(ids.kljucIdea!, 'FUNDED', tokens.kljuc!), 'FORBIDDEN');
    const funded = await transition(ids.kljucIdea!, 'FUNDED', tokens.admin!, 'Odobreno 45.000 KM');
    expect(funded.data?.transitionProjectIdea.idea.stage).toBe('FUNDED');
  });

  it('the audit history holds exactly the accepted transitions, and partners followed live', async () => {
    const { node } = await veza.data(
      `query($id: ID!) { node(id: $id) { ... on ProjectIdea { transitions { from to actorName comment } } } }`,
      { id: ids.kljucIdea },
      tokens.partner,
    );
    const coordinator = 'Koordinator za dijasporu, Ključ';
    const admin = 'Administrator mreže';
    expect(node.transitions).toEqual([
      { from: 'DRAFT', to: 'SUBMITTED', actorName: coordinator, comment: 'Prioritet' },
      { from: 'SUBMITTED', to: 'UNDER_ASSESSMENT', actorName: admin, comment: null },
      {
        from: 'UNDER_ASSESSMENT',
        to: 'SHORTLISTED',
        actorName: admin,
        comment: 'Najbolje ocijenjena',
      },
      { from: 'SHORTLISTED', to: 'PROPOSAL_IN_PREPARATION', actorName: coordinator, comment: null },
      {
        from: 'PROPOSAL_IN_PREPARATION',
        to: 'PROPOSAL_READY',
        actorName: coordinator,
        comment: null,
      },
      { from: 'PROPOSAL_READY', to: 'APPLIED', actorName: coordinator, comment: null },
      { from: 'APPLIED', to: 'FUNDED', actorName: admin, comment: 'Odobreno 45.000 KM' },
    ]);
    await partnerFeed.waitFor(1);
    await expect
      .poll(() => partnerFeed.results.at(-1)?.data?.projectIdeaChanged)
      .toEqual({ title: 'Info tačka za investitore', stage: 'FUNDED' });
    // Drafts never reached the partner.
    expect(partnerFeed.results.map((r) => r.data?.projectIdeaChanged.stage)).not.toContain('DRAFT');
  });

  it('withdraws from an open stage, and nothing follows a withdrawal', async () => {
    await refused(() => transition(ids.kljucSecond!, 'WITHDRAWN', tokens.admin!), 'FORBIDDEN');
    const withdrawn = await transition(ids.kljucSecond!, 'WITHDRAWN', tokens.kljuc!, 'Odustali');
    expect(withdrawn.data?.transitionProjectIdea.idea.stage).toBe('WITHDRAWN');
    await refused(() => transition(ids.kljucSecond!, 'SUBMITTED', tokens.kljuc!), 'CONFLICT');
  });
});

describe('demo data', () => {
  it('holds a round with ideas at several stages, assessed, applied and funded', async () => {
    const partner = await veza.signIn('partner@veza.test');
    const { programmes } = await veza.data(
      `{ programmes(search: "M&R") { edges { node { ideaTemplates { version sections { key } }
         ideaRounds { id name criteria { name weight } } } } } }`,
      {},
    );
    const programme = programmes.edges[0].node;
    // Newest first: the demo's version 1 is last (the tests above added newer ones).
    expect(programme.ideaTemplates.at(-1)).toMatchObject({ version: 1 });
    const demoRound = programme.ideaRounds.find(
      (round: any) => round.name === 'Prioritetne projektne ideje 2015',
    );
    expect(demoRound.criteria.map((c: any) => c.name)).toEqual(
      expect.arrayContaining([
        'Održivo partnerstvo lokalne zajednice i dijaspore',
        'Angažman dijaspore doprinosi lokalnom socio-ekonomskom razvoju',
      ]),
    );
    const { projectIdeas } = await veza.data(
      `query($r: ID) { projectIdeas(roundId: $r, orderBy: RANKING) { edges { node {
         municipality { name } stage weightedScore
         applications { status awardedAmount { amount } call { title open } } } } } }`,
      { r: demoRound.id },
      partner,
    );
    // (3·5 + 3·4 + 2·4 + 1·3) / 9 = 38 / 9; the partner does not see the DRAFT.
    expect(projectIdeas.edges.map((e: any) => [e.node.municipality.name, e.node.stage])).toEqual([
      ['Ključ', 'FUNDED'],
      // Unscored ideas follow by title.
      ['Sanski Most', 'SUBMITTED'],
      ['Prijedor', 'UNDER_ASSESSMENT'],
    ]);
    expect(projectIdeas.edges[0].node.weightedScore).toBe('4.2222');
    // The scores come with the ideas: a page of three costs what a page of one does.
    const statementsFor = async (first: number) => {
      const before = veza.server.database.statements.count;
      await veza.data(
        'query($r: ID, $n: Int) { projectIdeas(roundId: $r, first: $n) { edges { node { weightedScore } } } }',
        { r: demoRound.id, n: first },
        partner,
      );
      return veza.server.database.statements.count - before;
    };
    expect(await statementsFor(3)).toBe(await statementsFor(1));
    expect(projectIdeas.edges[0].node.applications).toEqual([
      {
        status: 'AWARDED',
        awardedAmount: { amount: '55000.00' },
        call: { title: 'Javni poziv za lokalne inicijative dijaspore 2016', open: false },
      },
    ]);
  });
});
