// Reminders of questionnaire returns through the delivery layer: before the deadline and after
// it, once each, only to recipients who have not submitted; old campaigns stay quiet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionnaireFixtures } from '../../utils/questionnaires.js';
import type { TestServer } from '../../utils/server.js';
import { startServerWithMailbox, type SmtpReceiver } from '../../utils/smtp.js';
import { dateFromToday } from '../../utils/dates.js';

let smtp: SmtpReceiver;
let app: TestServer;
let stop: () => Promise<void>;
const KLJUC = 'koordinator.kljuc@veza.test';
const ZENICA = 'koordinator.zenica@veza.test';

const day = dateFromToday;

const sections = [
  { titleBs: 'Teme', questions: [{ key: 'topic', type: 'TEXT', labelBs: 'Prijedlog teme' }] },
];

beforeAll(async () => {
  ({ smtp, app, stop } = await startServerWithMailbox({ inProcess: true }));
});
afterAll(() => stop?.());

describe('questionnaire reminders', () => {
  it('due soon and overdue, once each, to those who have not submitted', async () => {
    const { tokens, d4d, municipalityIds } = await questionnaireFixtures(app);
    const { createQuestionnaire } = await app.data<any>(
      `mutation($input: CreateQuestionnaireInput!) { createQuestionnaire(input: $input) { version { id } } }`,
      { input: { programmeId: d4d, titleBs: 'Prijedlozi tema', sections } },
      tokens.admin,
    );
    const versionId = createQuestionnaire.version.id;
    await app.data(
      `mutation($input: PublishQuestionnaireVersionInput!) { publishQuestionnaireVersion(input: $input) { version { id } } }`,
      { input: { versionId } },
      tokens.admin,
    );
    const campaign = async (title: string, opensOn: number, closesOn: number) => {
      const { createQuestionnaireCampaign } = await app.data<any>(
        `mutation($input: CreateQuestionnaireCampaignInput!) { createQuestionnaireCampaign(input: $input) {
          campaign { id returns(first: 5) { edges { node { id municipality { name } } } } } } }`,
        {
          input: {
            versionId,
            programmeId: d4d,
            kind: 'CALL_FOR_INPUT',
            title,
            opensOn: day(opensOn),
            closesOn: day(closesOn),
            remindDaysBefore: 3,
            recipients: { municipalityIds: [municipalityIds['Ključ'], municipalityIds['Zenica']] },
          },
        },
        tokens.admin,
      );
      const returns = Object.fromEntries(
        createQuestionnaireCampaign.campaign.returns.edges.map((e: any) => [
          e.node.municipality.name,
          e.node.id,
        ]),
      ) as Record<string, string>;
      const id = Buffer.from(createQuestionnaireCampaign.campaign.id, 'base64').toString();
      return { returns, id: id.split(':')[1]! };
    };
    // Zenica submits while the deadline is far; then it moves to the day after tomorrow.
    const { returns: soon, id: soonId } = await campaign('Teme za četvrti sastanak', -5, 30);
    await app.data(
      `mutation($input: SaveQuestionnaireReturnDraftInput!) { saveQuestionnaireReturnDraft(input: $input) { return { id } } }`,
      { input: { returnId: soon['Zenica'], answers: { topic: 'Komunikacijska obuka' } } },
      tokens.zenica,
    );
    await app.data(
      `mutation($input: SubmitQuestionnaireReturnInput!) { submitQuestionnaireReturn(input: $input) { return { id } } }`,
      { input: { returnId: soon['Zenica'] } },
      tokens.zenica,
    );
    await app.server.database.prisma.questionnaireCampaign.update({
      where: { id: soonId },
      data: { closesOn: new Date(`${day(2)}T00:00:00Z`) },
    });
    await campaign('Upitnik koji je istekao', -10, -1);
    await campaign('Stari upitnik', -60, -30);
    await campaign('Upitnik s dalekim rokom', -1, 30);

    const [dueSoon] = await smtp.waitForMailTo(KLJUC, /^Rok za upitnik ističe/);
    expect(dueSoon!.parsed.subject).toMatch(/Teme za četvrti sastanak$/);
    expect(dueSoon!.parsed.text).toContain('Ključ');
    const overdue = await smtp.waitForMailTo(KLJUC, /^Rok za upitnik je prošao/);
    expect(overdue.map((m) => m.parsed.subject)).toEqual([
      'Rok za upitnik je prošao: Upitnik koji je istekao',
    ]);
    await smtp.waitForMailTo(ZENICA, /^Rok za upitnik je prošao/);

    // Later sweeps (every 200 ms here) send nothing new.
    const sweptAfter = Date.now() + 1_500;
    while (Date.now() < sweptAfter) {
      await smtp.waitFor(smtp.messages.length + 1, sweptAfter - Date.now()).catch(() => {});
    }
    const subjects = (to: string) =>
      smtp
        .to(to)
        .map((m) => m.parsed.subject!)
        .filter((s) => s.startsWith('Rok za upitnik'))
        .sort();
    expect(subjects(KLJUC)).toEqual(
      [
        'Rok za upitnik ističe ' + dueDay(2) + ': Teme za četvrti sastanak',
        'Rok za upitnik je prošao: Upitnik koji je istekao',
      ].sort(),
    );
    expect(subjects(ZENICA)).toEqual(['Rok za upitnik je prošao: Upitnik koji je istekao']);
  });
});

/** The deadline as the Bosnian template writes it: 27.11.2026. */
function dueDay(offset: number) {
  const [y, m, d] = day(offset).split('-');
  return `${Number(d)}.${Number(m)}.${y}.`;
}
