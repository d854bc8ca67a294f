// The municipalities a funding call is open to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { firstId, programmeId } from '../../utils/lookup.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc', string>;
const ids = {} as Record<'d4d' | 'kljuc' | 'zenica', string>;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
  ids.kljuc = await firstId(veza, 'municipalities', 'kljuc');
  ids.zenica = await firstId(veza, 'municipalities', 'zenica');
});
afterAll(() => veza?.stop());

describe('the eligible municipalities of a funding call', () => {
  const createCall = `mutation($input: CreateFundingCallInput!) {
    createFundingCall(input: $input) { fundingCall { id eligibleMunicipalities { name } } } }`;
  const updateCall = `mutation($input: UpdateFundingCallInput!) {
    updateFundingCall(input: $input) { fundingCall { id eligibleMunicipalities { name } } } }`;
  const names = (result: any) =>
    Object.values(result)[0] as { fundingCall: { eligibleMunicipalities: { name: string }[] } };

  it('are set, replaced and removed; only they may apply', async () => {
    const funderId = await firstId(veza, 'organizations', 'MLJPI');
    const created = await veza.data<any>(
      createCall,
      {
        input: {
          funderId,
          title: 'Poziv samo za Zenicu',
          totalBudget: '100000',
          minGrant: '1000',
          maxGrant: '10000',
          opensOn: '2020-01-01',
          closesOn: '2099-12-31',
          eligibleMunicipalityIds: [ids.zenica],
        },
      },
      tokens.admin,
    );
    const callId = created.createFundingCall.fundingCall.id;
    expect(names(created).fundingCall.eligibleMunicipalities).toEqual([{ name: 'Zenica' }]);

    // A Ključ idea with a finished proposal cannot apply to a call for Zenica only.
    const prisma = veza.server.database.prisma;
    const model = await prisma.projectIdea.findFirstOrThrow({
      where: { municipality: { name: 'Ključ' } },
    });
    // One idea per municipality and round: this one in a round of its own.
    const ownRound = await prisma.projectIdeaRound.create({
      data: { programmeId: model.programmeId, name: 'Runda za poziv', scaleMax: 5 },
    });
    const ready = await prisma.projectIdea.create({
      data: {
        roundId: ownRound.id,
        programmeId: model.programmeId,
        municipalityId: model.municipalityId,
        templateId: model.templateId,
        title: 'Prijedlog spreman za poziv',
        stage: 'PROPOSAL_READY',
      },
    });
    const apply = () =>
      veza.gql(
        `mutation($input: ApplyToFundingCallInput!) { applyToFundingCall(input: $input) { idea { id } } }`,
        {
          input: {
            ideaId: Buffer.from(`ProjectIdea:${ready.id}`).toString('base64'),
            callId,
            requestedAmount: '5000',
          },
        },
        tokens.kljuc,
      );
    const refused = await apply();
    expect(refusal(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.message).toContain('only to the municipalities it lists');

    const both = await veza.data<any>(
      updateCall,
      { input: { callId, eligibleMunicipalityIds: [ids.zenica, ids.kljuc] } },
      tokens.admin,
    );
    expect(names(both).fundingCall.eligibleMunicipalities).toEqual([
      { name: 'Ključ' },
      { name: 'Zenica' },
    ]);
    expect((await apply()).errors).toBeUndefined();
    const none = await veza.data<any>(
      updateCall,
      { input: { callId, eligibleMunicipalityIds: [] } },
      tokens.admin,
    );
    expect(names(none).fundingCall.eligibleMunicipalities).toEqual([]);

    // Bad input changes nothing.
    const missing = Buffer.from('Municipality:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    for (const [eligibleMunicipalityIds, code] of [
      [null, 'BAD_USER_INPUT'],
      [[ids.d4d], 'BAD_USER_INPUT'],
      [[ids.kljuc, missing], 'NOT_FOUND'],
    ] as const) {
      const result = await veza.gql(
        updateCall,
        { input: { callId, eligibleMunicipalityIds } },
        tokens.admin,
      );
      expect(refusal(result)).toBe(code);
    }
    const { node } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on FundingCall { eligibleMunicipalities { name } } } }`,
      { id: callId },
    );
    expect(node.eligibleMunicipalities).toEqual([]);
  });
});
