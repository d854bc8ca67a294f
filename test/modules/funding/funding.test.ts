// Funding calls after they are published: the programme team edits them, closes them early
// and reopens them with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let callId: string;

const day = dateFromToday;
const fields = 'id title url open closesOn closedAt closedReason reopenedReason';
const update = `mutation($input: UpdateFundingCallInput!) { updateFundingCall(input: $input) { fundingCall { ${fields} } } }`;
const close = `mutation($input: CloseFundingCallInput!) { closeFundingCall(input: $input) { fundingCall { ${fields} } } }`;
const reopen = `mutation($input: ReopenFundingCallInput!) { reopenFundingCall(input: $input) { fundingCall { ${fields} } } }`;
const openTitles = async () =>
  (
    await veza.data<any>('{ fundingCalls(open: true, first: 100) { edges { node { id } } } }')
  ).fundingCalls.edges.map((edge: any) => edge.node.id);

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
  ]);
  const first = async (query: string) =>
    (Object.values(await veza.data<any>(query))[0] as any).edges[0].node.id as string;
  const d4d = await first('{ programmes(search: "D4D") { edges { node { id } } } }');
  const undp = await first('{ organizations(search: "UNDP") { edges { node { id } } } }');
  const { createFundingCall } = await veza.data<any>(
    `mutation($input: CreateFundingCallInput!) { createFundingCall(input: $input) { fundingCall { id open } } }`,
    {
      input: {
        funderId: undp,
        programmeId: d4d,
        title: 'Javni poziv za inicijative dijaspore',
        totalBudget: '100000',
        minGrant: '5000',
        maxGrant: '20000',
        opensOn: day(-10),
        closesOn: day(30),
      },
    },
    admin,
  );
  callId = createFundingCall.fundingCall.id;
  expect(createFundingCall.fundingCall.open).toBe(true);
});
afterAll(() => veza?.stop());

describe('a funding call after publication', () => {
  it('the programme team edits its text, link and dates', async () => {
    const { updateFundingCall } = await veza.data<any>(
      update,
      {
        input: {
          callId,
          title: 'Javni poziv za inicijative dijaspore – Žepče i Ključ',
          url: 'https://example.ba/pozivi/dijaspora-2026',
          closesOn: day(40),
        },
      },
      admin,
    );
    expect(updateFundingCall.fundingCall).toMatchObject({
      title: 'Javni poziv za inicijative dijaspore – Žepče i Ključ',
      url: 'https://example.ba/pozivi/dijaspora-2026',
      closesOn: day(40),
      open: true,
    });
    expect(
      refusal(await veza.gql(update, { input: { callId, title: 'X' } }, kljucCoordinator)),
    ).toBe('FORBIDDEN');
    expect(refusal(await veza.gql(update, { input: { callId, url: 'ftp://x' } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(update, { input: { callId, closesOn: day(-20) } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await veza.gql(update, { input: { callId, title: null } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('closes early with a reason and reopens with another', async () => {
    expect(
      refusal(
        await veza.gql(
          close,
          { input: { callId, reason: 'Sredstva potrošena' } },
          kljucCoordinator,
        ),
      ),
    ).toBe('FORBIDDEN');
    const { closeFundingCall } = await veza.data<any>(
      close,
      { input: { callId, reason: 'Sredstva su raspoređena ranije' } },
      admin,
    );
    expect(closeFundingCall.fundingCall).toMatchObject({
      open: false,
      closedReason: 'Sredstva su raspoređena ranije',
    });
    expect(closeFundingCall.fundingCall.closedAt).toBeTruthy();
    expect(await openTitles()).not.toContain(callId);
    expect(refusal(await veza.gql(close, { input: { callId, reason: 'opet' } }, admin))).toBe(
      'CONFLICT',
    );

    expect(
      refusal(
        await veza.gql(reopen, { input: { callId, reason: 'Greška', closesOn: day(-1) } }, admin),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(refusal(await veza.gql(reopen, { input: { callId, reason: ' ' } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    const { reopenFundingCall } = await veza.data<any>(
      reopen,
      { input: { callId, reason: 'Osigurana dodatna sredstva', closesOn: day(50) } },
      admin,
    );
    expect(reopenFundingCall.fundingCall).toMatchObject({
      open: true,
      closedAt: null,
      closesOn: day(50),
      reopenedReason: 'Osigurana dodatna sredstva',
    });
    expect(await openTitles()).toContain(callId);
    expect(refusal(await veza.gql(reopen, { input: { callId, reason: 'opet' } }, admin))).toBe(
      'CONFLICT',
    );
  });
});
