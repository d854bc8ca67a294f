// The smaller gaps of issue 22, through the API: events inside events and online links,
// `search` on project ideas and funding calls, ConclusionItem.dueOn and ActionItemUpdate.author.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from './utils/assertions.js';
import { firstId, programmeId } from './utils/lookup.js';
import { startTestServer, type TestServer } from './utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc' | 'zenica', string>;
const ids = {} as Record<'d4d' | 'kljuc' | 'zenica', string>;

const createEvent = `mutation($input: CreateEventInput!) {
  createEvent(input: $input) { event { id onlineUrl parentEvent { id } } } }`;
const updateEvent = `mutation($input: UpdateEventInput!) {
  updateEvent(input: $input) { event { id parentEvent { id } } } }`;

function eventInput(title: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'BUSINESS_COFFEE',
    title,
    programmeId: ids.d4d,
    startsOn: '2027-08-12',
    endsOn: '2027-08-12',
    published: true,
    ...extra,
  };
}

async function created(input: Record<string, unknown>, token = tokens.admin) {
  return (await veza.data<any>(createEvent, { input }, token)).createEvent.event as {
    id: string;
    onlineUrl: string | null;
    parentEvent: { id: string } | null;
  };
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  tokens.zenica = await veza.signIn('koordinator.zenica@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
  ids.kljuc = await firstId(veza, 'municipalities', 'kljuc');
  ids.zenica = await firstId(veza, 'municipalities', 'zenica');
});
afterAll(() => veza?.stop());

describe('events inside events, and online links', () => {
  let daysId: string;

  beforeAll(async () => {
    daysId = (
      await created(
        eventInput('Dani dijaspore Ključ 2027', {
          kind: 'NETWORK_MEETING',
          startsOn: '2027-08-10',
          endsOn: '2027-08-14',
        }),
      )
    ).id;
  });

  it('a business coffee is part of the Diaspora Days, with its online link', async () => {
    const coffee = await created(
      eventInput('Biznis kafa s dijasporom', {
        parentEventId: daysId,
        onlineUrl: 'https://meet.example.ba/biznis-kafa',
      }),
    );
    expect(coffee).toMatchObject({
      onlineUrl: 'https://meet.example.ba/biznis-kafa',
      parentEvent: { id: daysId },
    });
    // The public reads the parts of a published event, and each part's larger event.
    const { node } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event {
        subEvents { id title onlineUrl parentEvent { title } } } } }`,
      { id: daysId },
    );
    expect(node.subEvents).toEqual([
      {
        id: coffee.id,
        title: 'Biznis kafa s dijasporom',
        onlineUrl: 'https://meet.example.ba/biznis-kafa',
        parentEvent: { title: 'Dani dijaspore Ključ 2027' },
      },
    ]);
    const file = await fetch(
      new URL(`/calendars/event.ics?eventId=${encodeURIComponent(coffee.id)}`, veza.url),
    );
    const [entry] = new ICAL.Component(ICAL.parse(await file.text())).getAllSubcomponents('vevent');
    expect(entry!.getFirstPropertyValue('url')).toBe('https://meet.example.ba/biznis-kafa');

    // No longer part of it: null clears the link.
    const { updateEvent: cleared } = await veza.data<any>(
      updateEvent,
      { input: { eventId: coffee.id, parentEventId: null } },
      tokens.admin,
    );
    expect(cleared.event.parentEvent).toBeNull();
  });

  it('hides an unpublished larger event from those who may not read it', async () => {
    const internal = await created(
      eventInput('Interni sastanak tima', { published: false, endsOn: '2027-08-13' }),
    );
    const part = await created(eventInput('Javna sesija', { parentEventId: internal.id }));
    const anonymous = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { title parentEvent { id } } } }`,
      { id: part.id },
    );
    expect(anonymous.node).toEqual({ title: 'Javna sesija', parentEvent: null });
  });

  it.each([
    ['dates outside the larger event', () => ({ parentEventId: daysId, endsOn: '2027-08-15' })],
    ['an online link that is not http(s)', () => ({ onlineUrl: 'ftp://meet.example.ba/x' })],
    ['an online link that is no URL', () => ({ onlineUrl: 'sala 2' })],
    ['a parent that is no event', () => ({ parentEventId: ids.d4d })],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, extra) => {
    const before = await veza.server.database.prisma.event.count();
    const result = await veza.gql(
      createEvent,
      { input: eventInput('Loš unos', { endsOn: '2027-08-12', ...extra() }) },
      tokens.admin,
    );
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    // A global ID of another type is refused by the ID's check, which names the expected type.
    expect(result.errors![0]!.message).toMatch(/parentEventId|onlineUrl|Event/);
    expect(await veza.server.database.prisma.event.count()).toBe(before);
  });

  it('refuses chains, cycles and a larger event the viewer does not manage', async () => {
    const part = await created(eventInput('Sesija 1', { parentEventId: daysId }));
    // A part of a part: one level only.
    const chained = await veza.gql(
      createEvent,
      { input: eventInput('Pod-sesija', { parentEventId: part.id }) },
      tokens.admin,
    );
    expect(refusal(chained)).toBe('BAD_USER_INPUT');
    // The larger event cannot become part of its own part, nor of itself.
    const other = await created(eventInput('Druga kafa'));
    for (const parentEventId of [other.id, daysId]) {
      const cycle = await veza.gql(
        updateEvent,
        { input: { eventId: daysId, parentEventId } },
        tokens.admin,
      );
      expect(refusal(cycle)).toBe('BAD_USER_INPUT');
    }
    // Zenica's coordinator hosts an event but does not manage D4D's Diaspora Days.
    const zenicaEvent = await created(
      eventInput('Kafa u Zenici', { programmeId: null, hostMunicipalityId: ids.zenica }),
      tokens.zenica,
    );
    const foreign = await veza.gql(
      updateEvent,
      { input: { eventId: zenicaEvent.id, parentEventId: daysId } },
      tokens.zenica,
    );
    expect(refusal(foreign)).toBe('FORBIDDEN');
    const unknown = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    const missing = await veza.gql(
      updateEvent,
      { input: { eventId: zenicaEvent.id, parentEventId: unknown } },
      tokens.zenica,
    );
    expect(refusal(missing)).toBe('NOT_FOUND');
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

describe('conclusion items’ dueOn and action item updates’ author', () => {
  it('reads a due date as a Date beside the deprecated string, and who wrote an update', async () => {
    const event = await created(eventInput('Radionica s rokovima', { kind: 'WORKSHOP' }));
    const { node } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { conclusions { id } } } }`,
      { id: event.id },
      tokens.admin,
    );
    const documentId = node.conclusions.id;
    await veza.data(
      `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
      {
        input: {
          documentId,
          kind: 'ACTION',
          text: 'Poslati upitnik Ministarstvu',
          ownerMunicipalityId: ids.kljuc,
          dueDate: '2027-09-01',
        },
      },
      tokens.admin,
    );
    const { node: document } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { dueDate dueOn } } } }`,
      { id: documentId },
      tokens.admin,
    );
    expect(document.items).toEqual([{ dueDate: '2027-09-01', dueOn: '2027-09-01' }]);

    await veza.data(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { id } } }`,
      { input: { documentId } },
      tokens.admin,
    );
    const { actionItems } = await veza.data<any>(
      'query($e: ID) { actionItems(eventId: $e) { edges { node { id } } } }',
      { e: event.id },
      tokens.admin,
    );
    const actionItemId = actionItems.edges[0].node.id;
    await veza.data(
      `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }`,
      { input: { actionItemId, status: 'IN_PROGRESS', comment: 'Upitnik je u izradi' } },
      tokens.kljuc,
    );
    const read = (token: string) =>
      veza.data<any>(
        `query($id: ID!) { node(id: $id) { ... on ActionItem {
          updates { authorId author { id displayName user { email } } } } } }`,
        { id: actionItemId },
        token,
      );
    const [asKljuc, asZenica, asAdmin] = await Promise.all(
      [tokens.kljuc, tokens.zenica, tokens.admin].map(read),
    );
    const update = asKljuc.node.updates[0];
    expect(update.author.id).toBe(update.authorId);
    expect(update.author.displayName).toBeTruthy();
    expect(update.author.user).toEqual({ email: 'koordinator.kljuc@veza.test' });
    // Another reader sees the name, not the account; an administrator sees both.
    expect(asZenica.node.updates[0].author).toMatchObject({
      displayName: update.author.displayName,
      user: null,
    });
    expect(asAdmin.node.updates[0].author.user).toEqual({
      email: 'koordinator.kljuc@veza.test',
    });
  });
});

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
