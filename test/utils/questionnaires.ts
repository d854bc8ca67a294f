// A questionnaire shared by the questionnaire tests: the diaspora-status questions.
import { diasporaStatusSections } from '../../src/demo/questionnaires.js';
import type { TestServer } from './server.js';

/** The demo's diaspora-status questions (keys diaspora_size, has_office, office_since, areas,
 * main_country, associations.{name,country,members}, remarks). */
export const diasporaSections = diasporaStatusSections;

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
