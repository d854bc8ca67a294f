// Questionnaires through the API: versions (immutable once published), a campaign filled in by
// the coordinators of several municipalities (draft, submit, reopen, resubmit), refusals, and
// the live subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import {
  diasporaSections,
  publishedVersion,
  questionnaireFixtures,
} from '../../utils/questionnaires.js';
import { collect, subscribed, startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';

let veza: TestServer;
let admin: string;
let kljuc: string;
let zenica: string;
let partner: string;
let d4d: string;
const municipalityIds: Record<string, string> = {};

const day = dateFromToday;

const returnFields = 'id status overdue answers submittedAt reopenReason municipality { name }';
const createQuestionnaire = `mutation($input: CreateQuestionnaireInput!) {
  createQuestionnaire(input: $input) { version { id number publishedAt questionnaire { id } } } }`;
const publish = `mutation($input: PublishQuestionnaireVersionInput!) {
  publishQuestionnaireVersion(input: $input) { version { id publishedAt } } }`;
const updateVersion = `mutation($input: UpdateQuestionnaireVersionInput!) {
  updateQuestionnaireVersion(input: $input) { version { id } } }`;
const createCampaign = `mutation($input: CreateQuestionnaireCampaignInput!) {
  createQuestionnaireCampaign(input: $input) { campaign { id title returns(first: 50) { totalCount edges { node { id municipality { name } } } } } } }`;
const saveDraft = `mutation($input: SaveQuestionnaireReturnDraftInput!) {
  saveQuestionnaireReturnDraft(input: $input) { return { ${returnFields} } } }`;
const submit = `mutation($input: SubmitQuestionnaireReturnInput!) {
  submitQuestionnaireReturn(input: $input) { return { ${returnFields} } } }`;
const reopen = `mutation($input: ReopenQuestionnaireReturnInput!) {
  reopenQuestionnaireReturn(input: $input) { return { ${returnFields} } } }`;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  const fixtures = await questionnaireFixtures(veza);
  ({ admin, kljuc, zenica, partner } = fixtures.tokens);
  d4d = fixtures.d4d;
  Object.assign(municipalityIds, fixtures.municipalityIds);
});
afterAll(() => veza?.stop());

describe('questionnaire versions', () => {
  it('a published version is immutable; a draft is checked question by question', async () => {
    const { createQuestionnaire: created } = await veza.data<any>(
      createQuestionnaire,
      { input: { programmeId: d4d, titleBs: 'Probni upitnik', sections: diasporaSections } },
      admin,
    );
    const versionId = created.version.id;
    expect(created.version).toMatchObject({ number: 1, publishedAt: null });
    const broken = structuredClone(diasporaSections);
    broken[0]!.questions[2]!.showWhen = { questionKey: 'remarks', equals: true };
    const bad = await veza.gql(updateVersion, { input: { versionId, sections: broken } }, admin);
    expect(refusal(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('office_since');
    expect(
      refusal(
        await veza.gql(updateVersion, { input: { versionId, sections: diasporaSections } }, kljuc),
      ),
    ).toBe('FORBIDDEN');
    await veza.data(publish, { input: { versionId } }, admin);
    expect(
      refusal(
        await veza.gql(updateVersion, { input: { versionId, sections: diasporaSections } }, admin),
      ),
    ).toBe('CONFLICT');
    const { startQuestionnaireVersion } = await veza.data<any>(
      `mutation($input: StartQuestionnaireVersionInput!) { startQuestionnaireVersion(input: $input) {
        version { number publishedAt sections { questions { key type } } } } }`,
      { input: { questionnaireId: created.version.questionnaire.id } },
      admin,
    );
    expect(startQuestionnaireVersion.version.number).toBe(2);
    expect(
      startQuestionnaireVersion.version.sections[0].questions.map((q: any) => q.key),
    ).toContain('diaspora_size');
  });
});

describe('a campaign filled in by several municipalities', () => {
  let campaignId: string;
  const returnOf: Record<string, string> = {};

  beforeAll(async () => {
    const versionId = await publishedVersion(veza, admin, d4d);
    const { createQuestionnaireCampaign } = await veza.data<any>(
      createCampaign,
      {
        input: {
          versionId,
          programmeId: d4d,
          title: 'Stanje dijaspore 2026',
          opensOn: day(-5),
          closesOn: day(10),
          recipients: { municipalityIds: Object.values(municipalityIds) },
        },
      },
      admin,
    );
    campaignId = createQuestionnaireCampaign.campaign.id;
    expect(createQuestionnaireCampaign.campaign.returns.totalCount).toBe(3);
    for (const edge of createQuestionnaireCampaign.campaign.returns.edges) {
      returnOf[edge.node.municipality.name] = edge.node.id;
    }
  });

  it('draft, submit, reopen with a reason, resubmit; the subscription hears each change', async () => {
    const client = veza.wsClient(admin);
    const live = await subscribed(veza, () =>
      collect<any>(
        client,
        `subscription($campaignId: ID!) { questionnaireReturnChanged(campaignId: $campaignId) { id status } }`,
        { campaignId },
      ),
    );

    const draft = await veza.data<any>(
      saveDraft,
      {
        input: { returnId: returnOf['Ključ'], answers: { diaspora_size: 12000, has_office: true } },
      },
      kljuc,
    );
    expect(draft.saveQuestionnaireReturnDraft.return).toMatchObject({
      status: 'DRAFT',
      answers: { diaspora_size: 12000, has_office: true },
    });
    // Incomplete: the office's date (shown because has_office is yes) and the country.
    const incomplete = await veza.gql(submit, { input: { returnId: returnOf['Ključ'] } }, kljuc);
    expect(refusal(incomplete)).toBe('BAD_USER_INPUT');
    const keys = (incomplete.errors![0]!.extensions as any).errors.map((e: any) => e.questionKey);
    expect(keys).toEqual(['office_since', 'main_country']);
    expect((incomplete.errors![0]!.extensions as any).questionKey).toBe('office_since');

    await veza.data(
      saveDraft,
      {
        input: {
          returnId: returnOf['Ključ'],
          answers: {
            office_since: '2014-05-01',
            main_country: 'CH',
            areas: ['investment', 'culture'],
            associations: [
              { name: 'Prijatelji Ključa', country: 'CH', members: 120 },
              { name: 'Udruženje Ključana Beč', country: 'AT', members: 80 },
            ],
          },
        },
      },
      kljuc,
    );
    const { submitQuestionnaireReturn } = await veza.data<any>(
      submit,
      { input: { returnId: returnOf['Ključ'] } },
      kljuc,
    );
    expect(submitQuestionnaireReturn.return.status).toBe('SUBMITTED');
    expect(submitQuestionnaireReturn.return.submittedAt).toBeTruthy();
    // Submitted is immutable.
    expect(
      refusal(
        await veza.gql(
          saveDraft,
          { input: { returnId: returnOf['Ključ'], answers: { remarks: 'x' } } },
          kljuc,
        ),
      ),
    ).toBe('CONFLICT');

    // Reopened by the programme team with a reason (audited), then fixed and resubmitted.
    expect(
      refusal(
        await veza.gql(reopen, { input: { returnId: returnOf['Ključ'], reason: 'x' } }, kljuc),
      ),
    ).toBe('FORBIDDEN');
    const { reopenQuestionnaireReturn } = await veza.data<any>(
      reopen,
      { input: { returnId: returnOf['Ključ'], reason: 'Broj iseljenika treba provjeriti' } },
      admin,
    );
    expect(reopenQuestionnaireReturn.return).toMatchObject({
      status: 'REOPENED',
      reopenReason: 'Broj iseljenika treba provjeriti',
    });
    const audit = await veza.server.database.prisma.auditEvent.findMany({
      where: { kind: 'QUESTIONNAIRE_RETURN_REOPENED' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ reason: 'Broj iseljenika treba provjeriti' });
    await veza.data(
      saveDraft,
      { input: { returnId: returnOf['Ključ'], answers: { diaspora_size: 15000 } } },
      kljuc,
    );
    const resubmitted = await veza.data<any>(
      submit,
      { input: { returnId: returnOf['Ključ'] } },
      kljuc,
    );
    expect(resubmitted.submitQuestionnaireReturn.return).toMatchObject({
      status: 'SUBMITTED',
      answers: { diaspora_size: 15000, main_country: 'CH' },
    });

    // Zenica's coordinator fills in Zenica's return.
    await veza.data(
      saveDraft,
      {
        input: {
          returnId: returnOf['Zenica'],
          answers: { diaspora_size: 30000, has_office: false, main_country: 'DE' },
        },
      },
      zenica,
    );
    await veza.data(submit, { input: { returnId: returnOf['Zenica'] } }, zenica);

    const seen = await live.waitFor(8);
    expect(seen.map((result) => result.data.questionnaireReturnChanged.status)).toEqual([
      'DRAFT',
      'DRAFT',
      'SUBMITTED',
      'REOPENED',
      'REOPENED',
      'SUBMITTED',
      'DRAFT',
      'SUBMITTED',
    ]);
    live.unsubscribe();
  });

  it('refuses invalid answers naming the question', async () => {
    const returnId = returnOf['Žepče'];
    // Zenica's coordinator may not fill in Žepče's return.
    expect(
      refusal(
        await veza.gql(saveDraft, { input: { returnId, answers: { diaspora_size: 1 } } }, zenica),
      ),
    ).toBe('FORBIDDEN');
    const shape = await veza.gql(
      saveDraft,
      { input: { returnId: returnOf['Zenica'], answers: { diaspora_size: 'many' } } },
      zenica,
    );
    expect(refusal(shape)).toBe('CONFLICT'); // Zenica's is submitted already
    const reopened = await veza.data<any>(
      reopen,
      { input: { returnId: returnOf['Zenica'], reason: 'Dopuna' } },
      admin,
    );
    expect(reopened.reopenQuestionnaireReturn.return.status).toBe('REOPENED');
    for (const [answers, key] of [
      [{ diaspora_size: 'many' }, 'diaspora_size'],
      [{ unknown_key: 1 }, 'unknown_key'],
      [{ associations: [{ name: 'X', country: 12 }] }, 'associations[0].country'],
      [{ areas: 'culture' }, 'areas'],
    ] as const) {
      const result = await veza.gql(
        saveDraft,
        { input: { returnId: returnOf['Zenica'], answers } },
        zenica,
      );
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect((result.errors![0]!.extensions as any).questionKey).toBe(key);
      expect(result.errors![0]!.message).toContain(key);
    }
    // Shape passes in a draft, the full check refuses on submission.
    await veza.data(
      saveDraft,
      {
        input: {
          returnId: returnOf['Zenica'],
          answers: { diaspora_size: -4, main_country: 'XX', areas: ['sport'] },
        },
      },
      zenica,
    );
    const full = await veza.gql(submit, { input: { returnId: returnOf['Zenica'] } }, zenica);
    expect(refusal(full)).toBe('BAD_USER_INPUT');
    expect((full.errors![0]!.extensions as any).errors).toEqual([
      { questionKey: 'diaspora_size', message: 'must be at least 0' },
      { questionKey: 'areas', message: '"sport" is not an option' },
      { questionKey: 'main_country', message: 'must be an ISO 3166-1 alpha-2 code such as "CH"' },
    ]);
    await veza.data(
      saveDraft,
      {
        input: {
          returnId: returnOf['Zenica'],
          answers: { diaspora_size: 30000, main_country: 'DE', areas: null },
        },
      },
      zenica,
    );
    await veza.data(submit, { input: { returnId: returnOf['Zenica'] } }, zenica);
  });

  it('a coordinator reads only their own return; partners see the campaign, not returns', async () => {
    const node = 'query($id: ID!) { node(id: $id) { ... on QuestionnaireReturn { id answers } } }';
    expect(
      (await veza.data<any>(node, { id: returnOf['Ključ'] }, kljuc)).node.answers,
    ).toBeTruthy();
    const other = await veza.gql<any>(node, { id: returnOf['Zenica'] }, kljuc);
    expect(other.data?.node ?? null).toBeNull();
    const asPartner = await veza.gql<any>(node, { id: returnOf['Ključ'] }, partner);
    expect(asPartner.data?.node ?? null).toBeNull();
    const list = `query($id: ID!) { node(id: $id) { ... on QuestionnaireCampaign {
      title returns(first: 10) { totalCount edges { node { municipality { name } } } } } } }`;
    const mine = (await veza.data<any>(list, { id: campaignId }, kljuc)).node;
    expect(mine.returns.edges.map((e: any) => e.node.municipality.name)).toEqual(['Ključ']);
    const partnerView = (await veza.data<any>(list, { id: campaignId }, partner)).node;
    expect(partnerView.title).toBe('Stanje dijaspore 2026');
    expect(partnerView.returns.totalCount).toBe(0);
    expect((await veza.data<any>(list, { id: campaignId }, admin)).node.returns.totalCount).toBe(3);
    // The partner may not follow returns live.
    const sub = collect<any>(
      veza.wsClient(partner),
      `subscription($campaignId: ID!) { questionnaireReturnChanged(campaignId: $campaignId) { id } }`,
      { campaignId },
    );
    const [refused] = await sub.waitFor(1);
    expect(refused!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('two submissions at once: one wins, the other is a CONFLICT', async () => {
    await veza.data(reopen, { input: { returnId: returnOf['Ključ'], reason: 'Ponovo' } }, admin);
    const results = await Promise.all([
      veza.gql(submit, { input: { returnId: returnOf['Ključ'] } }, kljuc),
      veza.gql(submit, { input: { returnId: returnOf['Ključ'] } }, kljuc),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
  });
});
