// Who may see and who may edit (issue 15): taking part means a participation the organiser
// accepted; unpublished events are for their programme's administrators, hosts and accepted
// participants only, on every path; draft conclusions are not public; counts and profiles do
// not single out a diaspora member. Demo accounts plus records each test makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  closeCode,
  collect,
  type GraphQLResponse,
  startTestServer,
  subscribed,
  type TestServer,
} from '../../utils/server.js';

/** The first error's code, asserting that nothing of any root field came back. */
function refusal(result: GraphQLResponse) {
  expect(Object.values(result.data ?? {}).filter((value) => value !== null)).toEqual([]);
  return result.errors?.[0]?.extensions?.code;
}

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc' | 'zenica' | 'reviewer' | 'partner', string>;
const ids = {} as Record<'d4d' | 'kljuc' | 'zenica' | 'kljucPerson' | 'zenicaPerson', string>;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  const accounts = {
    admin: 'admin@veza.test',
    kljuc: 'koordinator.kljuc@veza.test',
    zenica: 'koordinator.zenica@veza.test',
    reviewer: 'recenzent@veza.test',
    partner: 'partner@veza.test',
  } as const;
  for (const [role, email] of Object.entries(accounts)) {
    tokens[role as keyof typeof accounts] = await veza.signIn(email);
  }
  const found = await veza.data(
    `{ programmes(search: "D4D") { edges { node { id code } } }
       kljuc: municipalities(search: "kljuc") { edges { node { id } } }
       zenica: municipalities(search: "zenica") { edges { node { id } } }
       kp: people(search: "Koordinator za dijasporu, Ključ") { edges { node { id } } }
       zp: people(search: "Koordinator za dijasporu, Zenica") { edges { node { id } } } }`,
    {},
    tokens.admin,
  );
  ids.d4d = found.programmes.edges.find((e: any) => e.node.code === 'D4D').node.id;
  ids.kljuc = found.kljuc.edges[0].node.id;
  ids.zenica = found.zenica.edges[0].node.id;
  ids.kljucPerson = found.kp.edges[0].node.id;
  ids.zenicaPerson = found.zp.edges[0].node.id;
});
afterAll(() => veza?.stop());

interface NewEvent {
  published?: boolean;
  title?: string;
  extra?: Record<string, unknown>;
}

/** A D4D event hosted by Zenica, made by the administrator; its id and document's id. */
async function zenicaEvent({ published = false, title = 'Interna radionica', extra }: NewEvent) {
  const { createEvent } = await veza.data(
    `mutation($input: CreateEventInput!) {
      createEvent(input: $input) { event { id conclusions { id } } } }`,
    {
      input: {
        kind: 'WORKSHOP',
        title,
        programmeId: ids.d4d,
        hostMunicipalityId: ids.zenica,
        startsOn: '2027-05-10',
        endsOn: '2027-05-11',
        published,
        ...extra,
      },
    },
    tokens.admin,
  );
  return { eventId: createEvent.event.id as string, documentId: createEvent.event.conclusions.id };
}

const registerMutation = `mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { id status } } }`;

const selfRegistration = (eventId: string) => ({
  input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
});

function itemUpdate(text: string) {
  const doc = new Y.Doc();
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    doc.getArray('items').push([item]);
    item.set('id', crypto.randomUUID());
    item.set('kind', 'CONCLUSION');
    item.set('text', new Y.Text(text));
  });
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

const push = (documentId: string, token: string, text = 'Zaključak') =>
  veza.gql(
    `mutation($input: PushConclusionUpdateInput!) {
      pushConclusionUpdate(input: $input) { stateVector } }`,
    { input: { documentId, update: itemUpdate(text) } },
    token,
  );

describe('rule 1: taking part is a participation the organiser accepted', () => {
  it('refuses registering into an unpublished event, and gives no editing right', async () => {
    const { eventId, documentId } = await zenicaEvent({ published: false });
    const registered = await veza.gql(registerMutation, selfRegistration(eventId), tokens.kljuc);
    expect(refusal(registered)).toBe('FORBIDDEN');
    expect(refusal(await push(documentId, tokens.kljuc))).toBe('FORBIDDEN');
  });

  it('lets a coordinator register into a published event, but not edit until accepted', async () => {
    const { eventId, documentId } = await zenicaEvent({ published: true });
    expect(refusal(await push(documentId, tokens.kljuc))).toBe('FORBIDDEN');
    const registered = await veza.gql(registerMutation, selfRegistration(eventId), tokens.kljuc);
    expect(registered.errors).toBeUndefined();
    const participantId = registered.data!.registerParticipant.participant.id;
    expect(refusal(await push(documentId, tokens.kljuc))).toBe('FORBIDDEN');

    const accept = `mutation($input: AcceptParticipantInput!) {
      acceptParticipant(input: $input) { participant { accepted status } } }`;
    // Only the event's managers accept: not the registrant, not another coordinator.
    for (const token of [tokens.kljuc, tokens.reviewer]) {
      expect(refusal(await veza.gql(accept, { input: { participantId } }, token))).toBe(
        'FORBIDDEN',
      );
    }
    const accepted = await veza.data(accept, { input: { participantId } }, tokens.zenica);
    expect(accepted.acceptParticipant.participant).toEqual({
      accepted: true,
      status: 'REGISTERED',
    });
    expect((await push(documentId, tokens.kljuc)).errors).toBeUndefined();
    expect(refusal(await veza.gql(accept, { input: { participantId } }, tokens.admin))).toBe(
      'CONFLICT',
    );
  });

  it('accepts the organiser’s own registrations at once (its invitations)', async () => {
    const { eventId, documentId } = await zenicaEvent({ published: false });
    const registered = await veza.data(
      `mutation($input: RegisterParticipantInput!) {
        registerParticipant(input: $input) { participant { accepted } } }`,
      selfRegistration(eventId),
      tokens.admin,
    );
    expect(registered.registerParticipant.participant.accepted).toBe(true);
    expect((await push(documentId, tokens.kljuc)).errors).toBeUndefined();
  });

  it('refuses registering oneself when registration is closed', async () => {
    const { eventId } = await zenicaEvent({ published: true, extra: { registrationOpen: false } });
    const registered = await veza.gql(registerMutation, selfRegistration(eventId), tokens.kljuc);
    expect(refusal(registered)).toBe('CONFLICT');
    // The hosts still register whom they invite.
    const host = await veza.gql(
      registerMutation,
      { input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      tokens.zenica,
    );
    expect(host.errors).toBeUndefined();
  });
});

describe('rule 2: unpublished events are for their programme’s administrators, hosts and accepted participants', () => {
  it('hides the event, its presentations and its drafts from everyone else, on every path', async () => {
    const title = 'Zatvoreni sastanak Zenica';
    const { eventId, documentId } = await zenicaEvent({ published: false, title });
    const { addPresentation } = await veza.data(
      `mutation($input: AddPresentationInput!) {
        addPresentation(input: $input) { presentation { id } } }`,
      { input: { eventId, title: 'Nacrt plana', personId: ids.zenicaPerson } },
      tokens.zenica,
    );
    const presentationId = addPresentation.presentation.id;
    expect((await push(documentId, tokens.zenica, 'Nacrt zaključka')).errors).toBeUndefined();

    const reads = {
      event: `query($id: ID!) { node(id: $id) { id ... on Event { title } } }`,
      nodes: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      search: `{ events(search: "zatvoreni sastanak zenica") { totalCount edges { node { id } } } }`,
      document: `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { text } } } }`,
    };
    const outsiders = [
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['reviewer of another programme', tokens.reviewer, 'FORBIDDEN'],
      ['partner of the programme', tokens.partner, 'FORBIDDEN'],
      ['coordinator of another municipality', tokens.kljuc, 'FORBIDDEN'],
    ] as const;
    for (const [who, token, code] of outsiders) {
      for (const id of [eventId, presentationId, documentId]) {
        const read = await veza.gql(reads.event, { id }, token);
        expect(refusal(read), `${who} reads ${id}`).toBe(code);
      }
      const many = await veza.gql(reads.nodes, { ids: [eventId, presentationId] }, token);
      expect(many.data?.nodes ?? [null, null], who).toEqual([null, null]);
      const search = await veza.data(reads.search, {}, token);
      expect(search.events, who).toEqual({ totalCount: 0, edges: [] });
      const live = veza.wsClient(token);
      const refused = await new Promise<unknown>((resolve) =>
        live.subscribe(
          {
            query: 'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }',
            variables: { id: documentId },
          },
          { next: resolve, error: resolve, complete: () => resolve('complete') },
        ),
      );
      expect(JSON.stringify(refused), who).toContain(code);
    }

    // The host's coordinator and the administrator read it; so does Ključ once invited.
    for (const token of [tokens.zenica, tokens.admin]) {
      expect((await veza.data(reads.search, {}, token)).events.totalCount).toBe(1);
      const document = await veza.data(reads.document, { id: documentId }, token);
      expect(document.node.items.map((item: any) => item.text)).toEqual(['Nacrt zaključka']);
    }
    await veza.data(registerMutation, selfRegistration(eventId), tokens.zenica);
    expect((await veza.data(reads.search, {}, tokens.kljuc)).events.totalCount).toBe(1);
    expect((await veza.data(reads.event, { id: presentationId }, tokens.kljuc)).node.id).toBe(
      presentationId,
    );
  });

  it('leaves unpublished events out of the programme’s dashboard', async () => {
    const query = `query($id: ID!) { programmeDashboard(programmeId: $id) { events { upcoming } } }`;
    const before = await veza.data(query, { id: ids.d4d }, tokens.partner);
    await zenicaEvent({ published: false, title: 'Neobjavljeno' });
    const after = await veza.data(query, { id: ids.d4d }, tokens.partner);
    expect(after.programmeDashboard.events.upcoming).toBe(
      before.programmeDashboard.events.upcoming,
    );
    await zenicaEvent({ published: true, title: 'Objavljeno' });
    const published = await veza.data(query, { id: ids.d4d }, tokens.partner);
    expect(published.programmeDashboard.events.upcoming).toBe(
      before.programmeDashboard.events.upcoming + 1,
    );
  });
});

describe('rule 3: draft conclusions are for participants, partners and administrators', () => {
  const documentRead = `query($id: ID!) { node(id: $id) { ... on ConclusionDocument {
    status items { text } } } }`;

  it('refuses the public a published event’s DRAFT, until adopted or live to the public', async () => {
    const { eventId, documentId } = await zenicaEvent({ published: true, title: 'Javni skup' });
    expect((await push(documentId, tokens.zenica, 'Radna verzija')).errors).toBeUndefined();

    expect(refusal(await veza.gql(documentRead, { id: documentId }))).toBe('UNAUTHENTICATED');
    expect(refusal(await veza.gql(documentRead, { id: documentId }, tokens.kljuc))).toBe(
      'FORBIDDEN',
    );
    // Through the event: the event is public, its draft is not.
    const viaEvent = `query($id: ID!) { node(id: $id) { ... on Event { title conclusions { status } } } }`;
    const publicEvent = await veza.gql(viaEvent, { id: eventId });
    expect(publicEvent.errors).toBeUndefined();
    expect(publicEvent.data?.node).toEqual({ title: 'Javni skup', conclusions: null });
    for (const token of [tokens.partner, tokens.zenica, tokens.admin]) {
      const read = await veza.data(documentRead, { id: documentId }, token);
      expect(read.node).toEqual({ status: 'DRAFT', items: [{ text: 'Radna verzija' }] });
    }

    // Live to the public: read-only, as the demo's Igman training.
    await veza.data(
      `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { liveToPublic } } }`,
      { input: { eventId, liveToPublic: true } },
      tokens.zenica,
    );
    expect((await veza.data(documentRead, { id: documentId })).node.status).toBe('DRAFT');
    expect(refusal(await push(documentId, tokens.kljuc))).toBe('FORBIDDEN');
    await veza.data(
      `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }`,
      { input: { eventId, liveToPublic: false } },
      tokens.admin,
    );
    expect(refusal(await veza.gql(documentRead, { id: documentId }))).toBe('UNAUTHENTICATED');

    // Adopted documents are the record: public with their event.
    await veza.data(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { id } } }`,
      { input: { documentId } },
      tokens.admin,
    );
    expect((await veza.data(documentRead, { id: documentId })).node).toEqual({
      status: 'ADOPTED',
      items: [{ text: 'Radna verzija' }],
    });
  });

  it('keeps the demo’s Igman draft watchable by anyone', async () => {
    const { events } = await veza.data(
      `{ events(search: "igman") { edges { node { liveToPublic conclusions { status items { text } } } } } }`,
    );
    const igman = events.edges[0].node;
    expect(igman.liveToPublic).toBe(true);
    expect(igman.conclusions.status).toBe('DRAFT');
    expect(igman.conclusions.items.length).toBeGreaterThan(0);
  });
});

describe('rule 4: counts and profiles do not single out a diaspora member', () => {
  const counts = `query($skill: String, $home: ID) {
    diasporaMemberCounts(by: COUNTRY, skill: $skill, homeMunicipalityId: $home) {
      key count fewerThan } }`;
  const createMember = `mutation($input: CreateDiasporaMemberInput!) {
    createDiasporaMember(input: $input) { member { id } } }`;
  const profile = `query($id: ID!) { node(id: $id) { ... on DiasporaMember {
    country city skills languages interests } } }`;
  const beekeeper = (city: string) => ({
    input: {
      country: 'SE',
      city,
      homeMunicipalityId: ids.kljuc,
      skills: ['Pčelarstvo'],
      languages: ['sv', 'bs'],
      interests: ['INVESTMENT'],
      consent: { scope: 'MAPPING' },
    },
  });
  const filter = () => ({ skill: 'pčelarstvo', home: ids.kljuc });
  let members: string[] = [];

  it('withholds the count of a group smaller than 5, for the public and partners alike', async () => {
    const first = await veza.data(createMember, beekeeper('Malmö'), tokens.kljuc);
    members = [first.createDiasporaMember.member.id];
    for (const token of [undefined, tokens.partner, tokens.zenica]) {
      const result = await veza.data(counts, filter(), token);
      expect(result.diasporaMemberCounts).toEqual([{ key: 'SE', count: null, fewerThan: 5 }]);
    }
    for (const city of ['Göteborg', 'Uppsala', 'Lund', 'Stockholm']) {
      const created = await veza.data(createMember, beekeeper(city), tokens.kljuc);
      members.push(created.createDiasporaMember.member.id);
    }
    const five = await veza.data(counts, filter(), tokens.partner);
    expect(five.diasporaMemberCounts).toEqual([{ key: 'SE', count: 5, fewerThan: null }]);

    // On the dashboard too: Ključ partners in D4D.
    const dashboard = `query($id: ID!) { programmeDashboard(programmeId: $id) { diaspora {
      mapped minimumGroupSize byCountry { key count fewerThan } byInterest { key count } } } }`;
    const { diaspora } = (await veza.data(dashboard, { id: ids.d4d }, tokens.partner))
      .programmeDashboard;
    expect(diaspora.minimumGroupSize).toBe(5);
    expect(diaspora.byCountry).toContainEqual({ key: 'SE', count: 5, fewerThan: null });
    const shown = [...diaspora.byCountry, ...diaspora.byInterest].map((c: any) => c.count);
    expect(shown.filter((count: number | null) => count !== null && count < 5)).toEqual([]);
    // The demo's three other countries each hold fewer than 5: none of them is told.
    expect(diaspora.byCountry.filter((c: any) => c.key !== 'SE')).toEqual(
      ['CA', 'CH', 'DE'].map((key) => ({ key, count: null, fewerThan: 5 })),
    );
  });

  it('shows city, skills and languages only to those who work with the member', async () => {
    const [id] = members;
    for (const token of [tokens.partner, tokens.zenica, tokens.reviewer]) {
      const read = await veza.data(profile, { id }, token);
      expect(read.node).toEqual({
        country: 'SE',
        city: null,
        skills: null,
        languages: null,
        interests: ['INVESTMENT'],
      });
      // Nor can a skill filter tell whose skill it is.
      const listed = await veza.data(
        `{ diasporaMembers(skill: "pčelarstvo") { totalCount } }`,
        {},
        token,
      );
      expect(listed.diasporaMembers.totalCount).toBe(0);
    }
    for (const token of [tokens.kljuc, tokens.admin]) {
      const read = await veza.data(profile, { id }, token);
      expect(read.node).toMatchObject({ city: 'Malmö', skills: ['pčelarstvo'] });
      const listed = await veza.data(
        `{ diasporaMembers(skill: "pčelarstvo") { totalCount } }`,
        {},
        token,
      );
      expect(listed.diasporaMembers.totalCount).toBe(5);
    }
  });

  it('takes a member out of every list and count once consent is withdrawn', async () => {
    const listQuery = `query($home: ID) { diasporaMembers(skill: "pčelarstvo", homeMunicipalityId: $home) {
      totalCount edges { node { id } } } }`;
    await veza.data(
      `mutation($input: WithdrawDiasporaMemberConsentInput!) {
        withdrawDiasporaMemberConsent(input: $input) { member { id } } }`,
      { input: { id: members[0] } },
      tokens.kljuc,
    );
    const list = await veza.data(listQuery, { home: ids.kljuc }, tokens.kljuc);
    expect(list.diasporaMembers.totalCount).toBe(4);
    expect(list.diasporaMembers.edges.map((e: any) => e.node.id)).not.toContain(members[0]);
    const count = await veza.data(counts, filter());
    expect(count.diasporaMemberCounts).toEqual([{ key: 'SE', count: null, fewerThan: 5 }]);
    const dashboard = await veza.data(
      `query($id: ID!) { programmeDashboard(programmeId: $id) { diaspora {
        byCountry { key count fewerThan } } } }`,
      { id: ids.d4d },
      tokens.admin,
    );
    expect(dashboard.programmeDashboard.diaspora.byCountry).toContainEqual({
      key: 'SE',
      count: null,
      fewerThan: 5,
    });
  });

  it('tells directoryChanged of a member only to those who may read it, without personal fields', async () => {
    const query = 'subscription { directoryChanged { typename recordId change } }';
    const watch = (token: string) =>
      subscribed(veza, () => collect<any>(veza.wsClient(token), query));
    const watchers = {
      home: await watch(tokens.kljuc),
      otherCoordinator: await watch(tokens.zenica),
      partner: await watch(tokens.partner),
    };
    let size = 15_000;
    const marker = async () => {
      const { updateMunicipality } = await veza.data(
        `mutation($input: UpdateMunicipalityInput!) {
          updateMunicipality(input: $input) { municipality { id } } }`,
        { input: { id: ids.kljuc, estimatedDiasporaSize: ++size } },
        tokens.kljuc,
      );
      return updateMunicipality.municipality.id as string;
    };
    const zenicaMember = await veza.data(
      createMember,
      { input: { country: 'NO', homeMunicipalityId: ids.zenica, consent: { scope: 'MAPPING' } } },
      tokens.zenica,
    );
    const kljucMember = await veza.data(createMember, beekeeper('Kiruna'), tokens.kljuc);
    // A last public change: each stream is in order, so what comes before it has arrived.
    await marker();
    const after = async (who: keyof typeof watchers, count: number) =>
      (await watchers[who].waitFor(count)).map((result) => result.data?.directoryChanged);
    const municipality = { typename: 'Municipality', recordId: ids.kljuc, change: 'UPDATED' };
    const member = (id: string) => ({
      typename: 'DiasporaMember',
      recordId: id,
      change: 'CREATED',
    });
    expect(await after('home', 2)).toEqual([
      member(kljucMember.createDiasporaMember.member.id),
      municipality,
    ]);
    expect(await after('otherCoordinator', 2)).toEqual([
      member(zenicaMember.createDiasporaMember.member.id),
      municipality,
    ]);
    expect(await after('partner', 1)).toEqual([municipality]);
    for (const watcher of Object.values(watchers)) watcher.unsubscribe();
  });
});

describe('open subscriptions stop when access ends', () => {
  const updates = 'subscription($id: ID!) { conclusionUpdates(documentId: $id) { update } }';

  /** A fresh Ključ coordinator (an invited account) signed in twice; its grant's id. */
  async function freshCoordinator(email: string) {
    const { inviteUser } = await veza.data(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationToken user { id } } }`,
      { input: { email, displayName: 'Koordinator' } },
      tokens.admin,
    );
    const password = 'coordinator password 1';
    await veza.data(
      'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      { input: { token: inviteUser.invitationToken, password } },
    );
    const { assignRole } = await veza.data(
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { roleAssignment { id } } }`,
      { input: { userId: inviteUser.user.id, role: 'COORDINATOR', municipalityId: ids.kljuc } },
      tokens.admin,
    );
    const signIn = async () =>
      (
        await veza.data('mutation($input: SignInInput!) { signIn(input: $input) { token } }', {
          input: { email, password },
        })
      ).signIn.token as string;
    return {
      grantId: assignRole.roleAssignment.id as string,
      tokens: [await signIn(), await signIn()],
    };
  }

  /** A published event's DRAFT (not live to the public) with Ključ invited. */
  async function draftWithKljuc() {
    const { eventId, documentId } = await zenicaEvent({ published: true, title: 'Uživo' });
    await veza.data(registerMutation, selfRegistration(eventId), tokens.admin);
    return documentId;
  }

  /** Reads a Server-Sent Events response until `pattern` appears; what was read. */
  async function readUntil(reader: ReadableStreamDefaultReader<string>, pattern: RegExp) {
    let stream = '';
    while (!pattern.test(stream)) {
      const { done, value } = await reader.read();
      if (done) break;
      stream += value;
    }
    return stream;
  }

  async function watchBoth(token: string, documentId: string) {
    const client = veza.wsClient(token);
    const overSocket = collect<any>(client, updates, { id: documentId });
    await overSocket.waitFor(1); // the catch-up
    const response = await veza.eventStream(updates, { id: documentId }, token);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await readUntil(reader, /conclusionUpdates/);
    return { client, overSocket, reader };
  }

  it('ends them when the role behind them is revoked: the socket closes 4403, SSE says FORBIDDEN', async () => {
    const documentId = await draftWithKljuc();
    const coordinator = await freshCoordinator('revoked.role@veza.test');
    const { client, overSocket, reader } = await watchBoth(coordinator.tokens[0]!, documentId);
    const closed = closeCode(client);
    await push(documentId, tokens.admin, 'Prije opoziva');
    await overSocket.waitFor(2);
    expect(await readUntil(reader, /"update"/)).toMatch(/"update"/);

    await veza.data(
      `mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { revokedRoleAssignmentId } }`,
      { input: { roleAssignmentId: coordinator.grantId } },
      tokens.admin,
    );
    const sse = await readUntil(reader, /event: complete/);
    expect(sse).toMatch(/FORBIDDEN/);
    expect(await closed).toBe(4403);
    const received = overSocket.results.length;
    expect((await push(documentId, tokens.admin, 'Poslije opoziva')).errors).toBeUndefined();
    expect(overSocket.results).toHaveLength(received); // closed: nothing more can come
    // Subscribing again applies the roles held now: a draft is no longer theirs to read.
    const again = collect<any>(veza.wsClient(coordinator.tokens[0]), updates, { id: documentId });
    expect((await again.waitFor(1))[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('ends them when the session is revoked: the socket closes 4403, SSE says UNAUTHENTICATED', async () => {
    const documentId = await draftWithKljuc();
    const coordinator = await freshCoordinator('revoked.session@veza.test');
    const [token, other] = coordinator.tokens as [string, string];
    const { client, reader } = await watchBoth(token, documentId);
    const closed = closeCode(client);
    await veza.data(
      'mutation($input: SignOutInput) { signOut(input: $input) { revokedSessions } }',
      { input: { everywhere: true } },
      other,
    );
    expect(await closed).toBe(4403);
    const sse = await readUntil(reader, /event: complete/);
    expect(sse).toMatch(/UNAUTHENTICATED/);
  });
});
