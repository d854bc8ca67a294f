// Idea rounds' dates and closing, and `search` on project ideas and funding calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { firstId, programmeId } from '../../utils/lookup.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc', string>;
const ids = {} as Record<'kljuc', string>;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  ids.kljuc = await firstId(veza, 'municipalities', 'kljuc');
});
afterAll(() => veza?.stop());

describe('idea rounds’ dates and closing', () => {
  const createRound = `mutation($input: CreateProjectIdeaRoundInput!) {
    createProjectIdeaRound(input: $input) { round { id opensOn closesOn closedAt open } } }`;
  const createIdea = `mutation($input: CreateProjectIdeaInput!) {
    createProjectIdea(input: $input) { idea { id } } }`;
  const closeRound = `mutation($input: CloseProjectIdeaRoundInput!) {
    closeProjectIdeaRound(input: $input) { round { id closedAt open } } }`;
  let mr: string;

  beforeAll(async () => {
    mr = await programmeId(veza, 'M&R');
  });

  async function round(extra: Record<string, unknown> = {}) {
    const { createProjectIdeaRound } = await veza.data<any>(
      createRound,
      {
        input: {
          programmeId: mr,
          name: 'Runda s rokovima',
          scaleMax: 5,
          criteria: [{ name: 'Održivo partnerstvo', weight: 1 }],
          ...extra,
        },
      },
      tokens.admin,
    );
    return createProjectIdeaRound.round;
  }
  const idea = (roundId: string, title = 'Ideja u rundi') =>
    veza.gql(createIdea, { input: { roundId, municipalityId: ids.kljuc, title } }, tokens.kljuc);

  it('takes ideas between its dates until the programme team closes it', async () => {
    const later = await round({ opensOn: '2099-01-01', closesOn: '2099-02-01' });
    expect(later).toMatchObject({ opensOn: '2099-01-01', closesOn: '2099-02-01', open: false });
    const early = await idea(later.id);
    expect(refusal(early)).toBe('CONFLICT');
    expect(early.errors![0]!.message).toBe('The round opens on 2099-01-01');
    const past = await round({ opensOn: '2020-01-01', closesOn: '2020-02-01' });
    expect(refusal(await idea(past.id))).toBe('CONFLICT');

    const open = await round({ opensOn: '2020-01-01' });
    expect(open.open).toBe(true);
    expect((await idea(open.id)).errors).toBeUndefined();
    const { closeProjectIdeaRound } = await veza.data<any>(
      closeRound,
      { input: { roundId: open.id } },
      tokens.admin,
    );
    expect(closeProjectIdeaRound.round.open).toBe(false);
    expect(closeProjectIdeaRound.round.closedAt).not.toBeNull();
    const late = await idea(open.id);
    expect(refusal(late)).toBe('CONFLICT');
    expect(late.errors![0]!.message).toContain('closed');
    expect(refusal(await veza.gql(closeRound, { input: { roundId: open.id } }, tokens.admin))).toBe(
      'CONFLICT',
    );
  });

  it('lets no idea in after a closing that races it', async () => {
    const racing = await round();
    const [created, closed] = await Promise.all([
      idea(racing.id, 'Ideja u trci'),
      veza.data<any>(closeRound, { input: { roundId: racing.id } }, tokens.admin),
    ]);
    const closedAt = Date.parse(closed.closeProjectIdeaRound.round.closedAt);
    if (!created.errors) {
      const row = await veza.server.database.prisma.projectIdea.findFirstOrThrow({
        where: { title: 'Ideja u trci' },
      });
      expect(row.createdAt.getTime()).toBeLessThanOrEqual(closedAt);
    } else {
      expect(refusal(created)).toBe('CONFLICT');
    }
  });

  it('refuses dates in the wrong order, and closing by anyone but the programme team', async () => {
    const before = await veza.server.database.prisma.projectIdeaRound.count();
    const backwards = await veza.gql(
      createRound,
      {
        input: {
          programmeId: mr,
          name: 'Naopako',
          scaleMax: 5,
          criteria: [{ name: 'K', weight: 1 }],
          opensOn: '2027-02-01',
          closesOn: '2027-01-01',
        },
      },
      tokens.admin,
    );
    expect(refusal(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0]!.message).toContain('closesOn');
    expect(await veza.server.database.prisma.projectIdeaRound.count()).toBe(before);
    const open = await round();
    expect(refusal(await veza.gql(closeRound, { input: { roundId: open.id } }, tokens.kljuc))).toBe(
      'FORBIDDEN',
    );
    expect(refusal(await veza.gql(closeRound, { input: { roundId: open.id } }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('search on project ideas and funding calls', () => {
  it('ignores case and diacritics', async () => {
    const ideas = await veza.data<any>(
      '{ projectIdeas(search: "MATICAR") { totalCount edges { node { title } } } }',
      {},
      tokens.admin,
    );
    expect(ideas.projectIdeas.edges.map((edge: any) => edge.node.title)).toEqual([
      'Virtuelni matičar – standardni model za sve JLS',
    ]);
    expect(ideas.projectIdeas.totalCount).toBe(1);
    const calls = await veza.data<any>(
      '{ fundingCalls(search: "saradnje jls") { totalCount edges { node { title } } } }',
    );
    expect(calls.fundingCalls.edges.map((edge: any) => edge.node.title)).toEqual([
      'Javni poziv za projekte saradnje JLS i dijaspore 2026/2027',
    ]);
    const none = await veza.data<any>('{ fundingCalls(search: "50%") { totalCount } }');
    expect(none.fundingCalls.totalCount).toBe(0);
  });

  it('refuses a search longer than 200 characters', async () => {
    for (const query of [
      '{ fundingCalls(search: $s) { totalCount } }',
      '{ projectIdeas(search: $s) { totalCount } }',
    ]) {
      const result = await veza.gql(
        query.replace('{ ', 'query($s: String) { '),
        { s: 'x'.repeat(201) },
        tokens.admin,
      );
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain('search');
    }
  });
});
