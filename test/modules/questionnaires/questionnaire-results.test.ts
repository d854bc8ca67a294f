// What the Ministry reads of questionnaire campaigns: who has answered and who is late, results
// per question, the same keys compared across two campaigns (against a hand computation), and
// the same figures in CSV and XLSX files read back with a parser.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { publishedVersion, questionnaireFixtures } from '../../utils/questionnaires.js';
import { startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';

let veza: TestServer;
let admin: string;
let kljuc: string;
let zenica: string;
let partner: string;
const campaigns = {} as Record<'earlier' | 'later', string>;

const day = dateFromToday;

const saveDraft = `mutation($input: SaveQuestionnaireReturnDraftInput!) {
  saveQuestionnaireReturnDraft(input: $input) { return { id } } }`;
const submit = `mutation($input: SubmitQuestionnaireReturnInput!) {
  submitQuestionnaireReturn(input: $input) { return { id status } } }`;

/** Both answered by the coordinators themselves: the earlier campaign is past its deadline. */
const answers = {
  earlier: {
    Ključ: {
      diaspora_size: 12000,
      has_office: true,
      office_since: '2014-05-01',
      main_country: 'CH',
      areas: ['investment', 'culture'],
      associations: [
        { name: 'Prijatelji Ključa', country: 'CH', members: 120 },
        { name: 'Udruženje Ključana Beč', country: 'AT', members: 80 },
      ],
    },
    Zenica: {
      diaspora_size: 30001,
      has_office: false,
      main_country: 'DE',
      areas: ['investment'],
      associations: [{ name: 'Zeničani u Njemačkoj', country: 'DE', members: 200 }],
    },
  },
  later: {
    Ključ: {
      diaspora_size: 15000,
      has_office: true,
      office_since: '2014-05-01',
      main_country: 'CH',
      associations: [
        { name: 'Prijatelji Ključa', country: 'CH', members: 150 },
        { name: 'Udruženje Ključana Beč', country: 'AT', members: 90 },
        { name: 'Ključani Švedska', country: 'SE', members: 40 },
      ],
    },
    Zenica: {
      diaspora_size: 33000,
      has_office: true,
      office_since: '2017-03-01',
      main_country: 'DE',
    },
  },
};

async function campaign(
  title: string,
  versionId: string,
  programmeId: string,
  dates: readonly [number, number],
  recipients: string[],
) {
  const { createQuestionnaireCampaign } = await veza.data<any>(
    `mutation($input: CreateQuestionnaireCampaignInput!) { createQuestionnaireCampaign(input: $input) {
      campaign { id returns(first: 10) { edges { node { id municipality { name } } } } } } }`,
    {
      input: {
        versionId,
        programmeId,
        title,
        opensOn: day(dates[0]),
        closesOn: day(dates[1]),
        recipients: { municipalityIds: recipients },
      },
    },
    admin,
  );
  const returns: Record<string, string> = {};
  for (const edge of createQuestionnaireCampaign.campaign.returns.edges) {
    returns[edge.node.municipality.name] = edge.node.id;
  }
  return { id: createQuestionnaireCampaign.campaign.id as string, returns };
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  const fixtures = await questionnaireFixtures(veza);
  ({ admin, kljuc, zenica, partner } = fixtures.tokens);
  const d4d = fixtures.d4d;
  const municipalities = Object.values(fixtures.municipalityIds);
  const versionId = await publishedVersion(veza, admin, d4d);
  const tokens: Record<string, string> = { Ključ: kljuc, Zenica: zenica };
  for (const [which, dates] of [
    ['earlier', [-40, -10]],
    ['later', [-5, 20]],
  ] as const) {
    const created = await campaign(
      `Stanje dijaspore (${which})`,
      versionId,
      d4d,
      dates,
      municipalities,
    );
    campaigns[which] = created.id;
    for (const [name, given] of Object.entries(answers[which])) {
      const returnId = created.returns[name];
      await veza.data(saveDraft, { input: { returnId, answers: given } }, tokens[name]);
      await veza.data(submit, { input: { returnId } }, tokens[name]);
    }
  }
});
afterAll(() => veza?.stop());

const overviewQuery = `query($id: ID!) { node(id: $id) { ... on QuestionnaireCampaign {
  overview { total submitted draft notStarted overdue
    recipients { recipient status overdue late municipality { name } } } } } }`;
const resultsQuery = `query($id: ID!, $key: String) { node(id: $id) { ... on QuestionnaireCampaign {
  results(key: $key) { key answered sum average min max rows
    distribution { value labelBs count }
    byRecipient { recipient value number }
    subQuestions { key answered sum average rows distribution { value count } byRecipient { recipient number } } } } } }`;

describe('the overview of a campaign', () => {
  it('shows who submitted (late), who has not started and is overdue', async () => {
    const { node } = await veza.data<any>(overviewQuery, { id: campaigns.earlier }, admin);
    expect(node.overview).toMatchObject({
      total: 3,
      submitted: 2,
      draft: 0,
      notStarted: 1,
      overdue: 1,
    });
    expect(node.overview.recipients).toEqual([
      {
        recipient: 'Ključ',
        status: 'SUBMITTED',
        overdue: false,
        late: true,
        municipality: { name: 'Ključ' },
      },
      {
        recipient: 'Zenica',
        status: 'SUBMITTED',
        overdue: false,
        late: true,
        municipality: { name: 'Zenica' },
      },
      {
        recipient: 'Žepče',
        status: 'NOT_STARTED',
        overdue: true,
        late: false,
        municipality: { name: 'Žepče' },
      },
    ]);
    const later = await veza.data<any>(overviewQuery, { id: campaigns.later }, partner);
    expect(later.node.overview).toMatchObject({ submitted: 2, notStarted: 1, overdue: 0 });
  });
});

describe('results', () => {
  it('per question and per municipality, over submitted returns', async () => {
    const { node } = await veza.data<any>(resultsQuery, { id: campaigns.earlier }, partner);
    const byKey = Object.fromEntries(node.results.map((r: any) => [r.key, r]));
    expect(byKey.diaspora_size).toMatchObject({
      answered: 2,
      sum: 42001,
      average: 21000.5,
      min: 12000,
      max: 30001,
      byRecipient: [
        { recipient: 'Ključ', value: '12000', number: 12000 },
        { recipient: 'Zenica', value: '30001', number: 30001 },
      ],
    });
    expect(byKey.has_office.distribution).toEqual([
      { value: 'true', labelBs: 'Da', count: 1 },
      { value: 'false', labelBs: 'Ne', count: 1 },
    ]);
    expect(byKey.areas.distribution).toEqual([
      { value: 'investment', labelBs: 'Investicije', count: 2 },
      { value: 'culture', labelBs: 'Kultura', count: 1 },
    ]);
    expect(byKey.main_country.distribution.map((s: any) => [s.value, s.labelBs, s.count])).toEqual([
      ['CH', 'Švicarska', 1],
      ['DE', 'Njemačka', 1],
    ]);
    expect(byKey.associations.rows).toBe(3);
    const members = byKey.associations.subQuestions.find((s: any) => s.key === 'members');
    expect(members).toMatchObject({ answered: 3, sum: 400 });
    expect(members.byRecipient).toEqual([
      { recipient: 'Ključ', number: 200 },
      { recipient: 'Zenica', number: 200 },
    ]);
  });

  it('partners see results, not returns; a coordinator sees neither results nor others’ returns', async () => {
    const coordinator = await veza.gql<any>(resultsQuery, { id: campaigns.earlier }, kljuc);
    expect(coordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const returns = `query($id: ID!) { node(id: $id) { ... on QuestionnaireCampaign {
      returns(first: 10) { totalCount } } } }`;
    expect(
      (await veza.data<any>(returns, { id: campaigns.earlier }, partner)).node.returns.totalCount,
    ).toBe(0);
    expect(
      (await veza.data<any>(returns, { id: campaigns.earlier }, kljuc)).node.returns.totalCount,
    ).toBe(1);
  });

  it('year over year: the same keys in both campaigns equal a hand computation', async () => {
    const compare = `query($key: String!, $ids: [ID!]!) { questionnaireComparison(key: $key, campaignIds: $ids) {
      campaign { id } result { sum average answered rows } sumChange averageChange rowsChange } }`;
    const size = await veza.data<any>(
      compare,
      { key: 'diaspora_size', ids: [campaigns.later, campaigns.earlier] },
      admin,
    );
    // 2 returns each: (12000 + 30001) then (15000 + 33000).
    expect(size.questionnaireComparison).toEqual([
      {
        campaign: { id: campaigns.earlier },
        result: { sum: 42001, average: 21000.5, answered: 2, rows: null },
        sumChange: null,
        averageChange: null,
        rowsChange: null,
      },
      {
        campaign: { id: campaigns.later },
        result: { sum: 48000, average: 24000, answered: 2, rows: null },
        sumChange: 48000 - 42001,
        averageChange: 24000 - 21000.5,
        rowsChange: null,
      },
    ]);
    const associations = await veza.data<any>(
      compare,
      { key: 'associations', ids: [campaigns.earlier, campaigns.later] },
      partner,
    );
    expect(
      associations.questionnaireComparison.map((e: any) => [e.result.rows, e.rowsChange]),
    ).toEqual([
      [3, null],
      [3, 0],
    ]);
    const refused = await veza.gql(
      compare,
      { key: 'diaspora_size', ids: [campaigns.earlier] },
      kljuc,
    );
    expect(refusal(refused)).toBe('FORBIDDEN');
  });
});

describe('the demo', () => {
  it('2015: submitted on time and late, drafts, not started; 2018 compared with 2015', async () => {
    const { questionnaireCampaigns } = await veza.data<any>(
      `{ questionnaireCampaigns(first: 20) { edges { node { id title kind closesOn
        overview { total submitted draft notStarted overdue recipients { recipient late } } } } } }`,
      {},
      admin,
    );
    const byTitle = Object.fromEntries(
      questionnaireCampaigns.edges.map((e: any) => [e.node.title, e.node]),
    );
    const y2015 = byTitle['Pregled stanja dijaspore 2015'];
    expect(y2015.overview).toMatchObject({
      total: 8,
      submitted: 4,
      draft: 2,
      notStarted: 2,
      overdue: 4,
    });
    expect(
      y2015.overview.recipients.filter((r: any) => r.late).map((r: any) => r.recipient),
    ).toEqual(['Sanski Most', 'Zenica']);
    const call = byTitle['Prijedlozi tema za četvrti sastanak koordinatora'];
    expect(call).toMatchObject({ kind: 'CALL_FOR_INPUT', closesOn: '2015-04-16' });
    const y2018 = byTitle['Pregled stanja dijaspore 2018'];
    const { questionnaireComparison } = await veza.data<any>(
      `query($ids: [ID!]!) { questionnaireComparison(key: "diaspora_size", campaignIds: $ids) {
        result { sum answered } sumChange } }`,
      { ids: [y2015.id, y2018.id] },
      admin,
    );
    // 2015: Ključ 12000, Prijedor 25000, Sanski Most 18000, Zenica 30000.
    // 2018: Ključ 15000, Prijedor 27000, Sanski Most 19500, Zenica 33000, Novi Grad 16000.
    expect(questionnaireComparison).toEqual([
      { result: { sum: 85000, answered: 4 }, sumChange: null },
      { result: { sum: 110500, answered: 5 }, sumChange: 25500 },
    ]);
  });
});

describe('calls for input', () => {
  it('the programme team turns chosen answers into agenda items of an event', async () => {
    const prisma = veza.server.database.prisma;
    const raw = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;
    const programmeId = (
      await prisma.questionnaireCampaign.findUniqueOrThrow({
        where: { id: raw(campaigns.earlier) },
      })
    ).programmeId;
    const event = await prisma.event.create({
      data: {
        kind: 'WORKSHOP',
        title: 'Četvrti sastanak koordinatora',
        programmeId,
        startsOn: new Date('2026-12-10T00:00:00Z'),
        endsOn: new Date('2026-12-10T00:00:00Z'),
        days: { create: { number: 1, date: new Date('2026-12-10T00:00:00Z') } },
      },
    });
    const eventId = Buffer.from(`Event:${event.id}`).toString('base64');
    const returns = (
      await veza.data<any>(
        `query($id: ID!) { node(id: $id) { ... on QuestionnaireCampaign {
          returns(first: 10) { edges { node { id municipality { name } } } } } } }`,
        { id: campaigns.earlier },
        admin,
      )
    ).node.returns.edges.map((e: any) => e.node);
    const returnOf = (name: string) => returns.find((r: any) => r.municipality.name === name).id;
    const add = `mutation($input: AddQuestionnaireAnswersToAgendaInput!) {
      addQuestionnaireAnswersToAgenda(input: $input) {
        event { days { agenda { topic presenter } } } } }`;
    const input = {
      eventId,
      day: 1,
      answers: [
        { returnId: returnOf('Zenica'), questionKey: 'associations.name', row: 0 },
        { returnId: returnOf('Ključ'), questionKey: 'associations.name', row: 1 },
      ],
    };
    expect(refusal(await veza.gql(add, { input }, kljuc))).toBe('FORBIDDEN');
    const { addQuestionnaireAnswersToAgenda } = await veza.data<any>(add, { input }, admin);
    expect(addQuestionnaireAnswersToAgenda.event.days[0].agenda).toEqual([
      { topic: 'Zeničani u Njemačkoj', presenter: 'Zenica' },
      { topic: 'Udruženje Ključana Beč', presenter: 'Ključ' },
    ]);
    // Not a text answer, or a return not submitted: refused, nothing added.
    for (const [answer, code] of [
      [{ returnId: returnOf('Ključ'), questionKey: 'diaspora_size' }, 'BAD_USER_INPUT'],
      [{ returnId: returnOf('Žepče'), questionKey: 'remarks' }, 'CONFLICT'],
    ] as const) {
      const result = await veza.gql(add, { input: { eventId, day: 1, answers: [answer] } }, admin);
      expect(refusal(result)).toBe(code);
    }
    expect(await prisma.agendaItem.count({ where: { day: { eventId: event.id } } })).toBe(2);
  });
});

describe('exports', () => {
  async function download(path: string, token?: string) {
    const response = await fetch(new URL(path, veza.url), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  async function xlsxRows(body: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) =>
      rows.push(Array.from(row.values as unknown[]).slice(1)),
    );
    return rows;
  }

  it('returns as CSV (UTF-8 with BOM) and XLSX hold the same values', async () => {
    const path = `questionnaire-returns.%s?campaignId=${encodeURIComponent(campaigns.earlier)}`;
    const csv = await download(`/exports/${path.replace('%s', 'csv')}`, admin);
    expect(csv.response.status).toBe(200);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(csv.body.toString('utf8'), { bom: true });
    const header = records[0]!;
    const row = (name: string) => records.find((r) => r[0] === name)!;
    const column = (key: string) => header.indexOf(key);
    expect(row('Ključ')[column('diaspora_size')]).toBe('12000');
    expect(row('Ključ')[column('areas')]).toBe('Investicije; Kultura');
    expect(row('Ključ')[column('associations.name')]).toBe(
      'Prijatelji Ključa; Udruženje Ključana Beč',
    );
    expect(row('Žepče')[column('Status')]).toBe('Nije započet');
    expect(row('Žepče')[column('Kasni')]).toBe('Da');

    const xlsx = await download(`/exports/${path.replace('%s', 'xlsx')}`, admin);
    expect(xlsx.response.status).toBe(200);
    const sheet = await xlsxRows(xlsx.body);
    expect(sheet[0]).toEqual(header);
    for (const record of records.slice(1)) {
      const line = sheet.find((r) => r[0] === record[0])!;
      expect(line.map((v) => (v === null || v === undefined ? '' : String(v)))).toEqual(
        record
          .concat(Array(Math.max(0, line.length - record.length)).fill(''))
          .slice(0, line.length),
      );
    }
    // A number stays a number in the spreadsheet.
    expect(sheet.find((r) => r[0] === 'Zenica')![column('diaspora_size')]).toBe(30001);
  });

  it('results files: the figures of the query; a coordinator’s returns file holds only their own', async () => {
    const path = `questionnaire-results.%s?campaignId=${encodeURIComponent(campaigns.earlier)}`;
    const csv = await download(`/exports/${path.replace('%s', 'csv')}`, partner);
    expect(csv.response.status).toBe(200);
    const records: string[][] = parse(csv.body.toString('utf8'), { bom: true });
    const overall = records.find((r) => r[0] === 'diaspora_size' && r[2] === 'Ukupno')!;
    expect(overall.slice(3, 8)).toEqual(['2', '42001', '21000.5', '12000', '30001']);
    const xlsx = await download(`/exports/${path.replace('%s', 'xlsx')}`, partner);
    const sheet = await xlsxRows(xlsx.body);
    const line = sheet.find((r) => r[0] === 'diaspora_size' && r[2] === 'Ukupno')!;
    expect(line.slice(3, 8)).toEqual([2, 42001, 21000.5, 12000, 30001]);
    expect(sheet.length).toBe(records.length);

    // Partners get results, not returns; a coordinator gets their own return, not results.
    const returnsPath = `/exports/questionnaire-returns.csv?campaignId=${encodeURIComponent(campaigns.earlier)}`;
    const partnerReturns: string[][] = parse(
      (await download(returnsPath, partner)).body.toString(),
      {
        bom: true,
      },
    );
    expect(partnerReturns.length).toBe(1); // the header only
    const own: string[][] = parse((await download(returnsPath, kljuc)).body.toString(), {
      bom: true,
    });
    expect(own.slice(1).map((r) => r[0])).toEqual(['Ključ']);
    expect((await download(`/exports/${path.replace('%s', 'csv')}`, kljuc)).response.status).toBe(
      403,
    );
    expect((await download(`/exports/${path.replace('%s', 'csv')}`)).response.status).toBe(401);
  });
});
