// Diaspora members by association, sector and language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { firstId, programmeId } from '../../utils/lookup.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc' | 'zenica', string>;
const ids = {} as Record<'d4d', string>;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  tokens.zenica = await veza.signIn('koordinator.zenica@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
});
afterAll(() => veza?.stop());

describe('diaspora members by association (its members), sector and language', () => {
  const list = `query($a: ID, $s: String, $l: String) {
    diasporaMembers(associationId: $a, sector: $s, language: $l) { totalCount edges { node { country } } } }`;
  const countries = async (variables: Record<string, unknown>, token: string) =>
    (await veza.data<any>(list, variables, token)).diasporaMembers.edges
      .map((edge: any) => edge.node.country)
      .sort();

  it('filters the list; a language only among the members the viewer works with', async () => {
    const prijatelji = await firstId(veza, 'organizations', 'prijatelji kljuca');
    expect(await countries({ a: prijatelji }, tokens.zenica)).toEqual(['CH']);
    expect(await countries({ s: 'Zdravstvo' }, tokens.zenica)).toEqual(['CA']);
    expect(await countries({ l: 'de' }, tokens.admin)).toEqual(['CH', 'DE']);
    expect(await countries({ l: 'DE' }, tokens.kljuc)).toEqual(['CH']);
    expect(await countries({ l: 'de' }, tokens.zenica)).toEqual(['DE']);

    // An association's members, as a signed-in user sees them (the city is for those who work
    // with the member: Ključ's coordinators, not Zenica's); the public sees none.
    const members = await veza.data<any>(
      `query($a: ID) { diasporaMembers(associationId: $a) { edges { node { country city } } } }`,
      { a: prijatelji },
      tokens.zenica,
    );
    expect(members.diasporaMembers.edges).toEqual([{ node: { country: 'CH', city: null } }]);
    const anonymous = await veza.gql(list, { a: prijatelji });
    expect(refusal(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('refuses a malformed language, a non-organisation ID and these filters on the public counts', async () => {
    for (const variables of [{ l: 'deutsch' }, { a: ids.d4d }, { s: 'x'.repeat(101) }]) {
      expect(refusal(await veza.gql(list, variables, tokens.admin))).toBe('BAD_USER_INPUT');
    }
    const counts = await veza.gql(
      '{ diasporaMemberCounts(by: COUNTRY, sector: "it") { key count } }',
    );
    expect(counts.errors?.[0]?.message).toContain('Unknown argument "sector"');
  });
});
