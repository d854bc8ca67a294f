// A questionnaire shared by the questionnaire tests: the diaspora-status questions.
import type { TestServer } from './server.js';

export const diasporaSections = [
  {
    titleBs: 'Dijaspora',
    titleEn: 'Diaspora',
    questions: [
      {
        key: 'diaspora_size',
        type: 'NUMBER',
        labelBs: 'Procijenjeni broj iseljenika',
        labelEn: 'Estimated diaspora size',
        unit: 'osoba',
        min: 0,
        max: 1000000,
        required: true,
      },
      {
        key: 'has_office',
        type: 'YES_NO',
        labelBs: 'Ima li općina ured za dijasporu?',
        required: true,
      },
      {
        key: 'office_since',
        type: 'DATE',
        labelBs: 'Od kada radi ured?',
        required: true,
        showWhen: { questionKey: 'has_office', equals: true },
      },
      {
        key: 'areas',
        type: 'MULTI_CHOICE',
        labelBs: 'Oblasti saradnje',
        options: [
          { value: 'investment', labelBs: 'Investicije' },
          { value: 'knowhow', labelBs: 'Transfer znanja' },
          { value: 'culture', labelBs: 'Kultura' },
        ],
      },
      {
        key: 'main_country',
        type: 'COUNTRY',
        labelBs: 'Zemlja s najviše iseljenika',
        required: true,
      },
      {
        key: 'associations',
        type: 'GROUP',
        labelBs: 'Udruženja dijaspore',
        maxRows: 20,
        subQuestions: [
          { key: 'name', type: 'TEXT', labelBs: 'Naziv', required: true },
          { key: 'country', type: 'COUNTRY', labelBs: 'Zemlja', required: true },
          { key: 'members', type: 'NUMBER', labelBs: 'Broj članova', min: 0 },
        ],
      },
      { key: 'remarks', type: 'LONG_TEXT', labelBs: 'Napomene' },
    ],
  },
];

const createQuestionnaire = `mutation($input: CreateQuestionnaireInput!) {
  createQuestionnaire(input: $input) { version { id } } }`;
const publish = `mutation($input: PublishQuestionnaireVersionInput!) {
  publishQuestionnaireVersion(input: $input) { version { id } } }`;

/** A published version of the diaspora-status questionnaire in the programme; its ID. */
export async function publishedVersion(server: TestServer, token: string, programmeId: string) {
  const { createQuestionnaire: created } = await server.data<any>(
    createQuestionnaire,
    { input: { programmeId, titleBs: 'Upitnik o stanju dijaspore', sections: diasporaSections } },
    token,
  );
  await server.data(publish, { input: { versionId: created.version.id } }, token);
  return created.version.id as string;
}

/** The demo accounts the questionnaire tests act as, the D4D programme and three municipalities. */
export async function questionnaireFixtures(server: TestServer) {
  const [admin, kljuc, zenica, partner] = await Promise.all([
    server.signIn('admin@veza.test'),
    server.signIn('koordinator.kljuc@veza.test'),
    server.signIn('koordinator.zenica@veza.test'),
    server.signIn('partner@veza.test'),
  ]);
  const { programmes } = await server.data<any>(
    '{ programmes(search: "D4D") { edges { node { id } } } }',
  );
  const municipalityIds: Record<string, string> = {};
  for (const name of ['Ključ', 'Zenica', 'Žepče']) {
    const { municipalities } = await server.data<any>(
      'query($s: String) { municipalities(search: $s) { edges { node { id name } } } }',
      { s: name },
    );
    municipalityIds[name] = municipalities.edges.find((e: any) => e.node.name === name).node.id;
  }
  return {
    tokens: { admin, kljuc, zenica, partner },
    d4d: programmes.edges[0].node.id as string,
    municipalityIds,
  };
}
