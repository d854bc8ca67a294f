// The role × operation matrix: for each role, allowed and refused examples of every mutation
// and of the sensitive fields, over real HTTP and real graphql-ws clients. A refused operation
// must say UNAUTHENTICATED (anonymous) or FORBIDDEN (signed in), leave nothing of the refused
// field in `data`, and write nothing.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ProjectIdeaStage } from '../../src/generated/prisma/client.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../utils/server.js';

type RoleName =
  | 'anonymous'
  | 'admin'
  | 'programmeAdmin'
  | 'coordinator'
  | 'reviewer'
  | 'partner'
  | 'representative'
  /** A registrar of Ključ (the virtual registrar's staff). */
  | 'registrar'
  /** An invited user without any role. */
  | 'invitee';
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
type Transport = 'http' | 'ws';

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** Sign in anew for this operation (it ends its own session). */
  token?: string;
}

interface Case {
  role: RoleName;
  name: string;
  outcome: Outcome;
  /** The root field whose value must be absent when refused. */
  field: string;
  prepare: (transport: Transport) => Promise<Operation>;
}

const PASSWORD = 'matrix password 1';
let veza: TestServer;
const tokens = {} as Record<Exclude<RoleName, 'anonymous' | 'invitee'>, string>;
const emails: Record<Exclude<RoleName, 'anonymous' | 'invitee'>, string> = {
  admin: 'admin@veza.test',
  programmeAdmin: 'programme.admin@veza.test',
  coordinator: 'koordinator.kljuc@veza.test',
  reviewer: 'recenzent@veza.test',
  partner: 'partner@veza.test',
  representative: 'predstavnik@veza.test',
  registrar: 'maticar.kljuc@veza.test',
};
const ids = {} as Record<
  | 'd4d'
  | 'makers'
  | 'prijatelji'
  | 'kosmos'
  | 'target'
  | 'self'
  | 'globalGrant'
  | 'kljuc'
  | 'kljucPerson'
  | 'mr',
  string
>;
const wsClients = new Map<string, Client>();

async function invited(email: string) {
  const { inviteUser } = await veza.data(
    `mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationToken user { id } } }`,
    { input: { email, displayName: email } },
    tokens.admin,
  );
  await veza.data(
    'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
    { input: { token: inviteUser.invitationToken, password: PASSWORD } },
  );
  return inviteUser.user.id as string;
}

const assignMutation = `mutation($input: AssignRoleInput!) {
  assignRole(input: $input) { roleAssignment { id role } }
}`;

async function grant(input: Record<string, unknown>) {
  const { assignRole } = await veza.data(assignMutation, { input }, tokens.admin);
  return assignRole.roleAssignment.id as string;
}

/** A user without password or roles, straight in the database: a target for role grants. */
let freshUsers = 0;
async function freshUser() {
  const user = await veza.server.database.prisma.user.create({
    data: { email: `grantee.${++freshUsers}@veza.test`, displayName: 'Grantee' },
  });
  return Buffer.from(`User:${user.id}`).toString('base64');
}

async function signInAs(email: string) {
  const password = email.endsWith('@veza.test') && !email.includes('.admin@') ? null : PASSWORD;
  const result = await veza.gql(
    'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
    { input: { email, password: password ?? 'veza-demo' } },
  );
  if (result.data?.signIn) return result.data.signIn.token as string;
  return (
    await veza.data('mutation($input: SignInInput!) { signIn(input: $input) { token } }', {
      input: { email, password: PASSWORD },
    })
  ).signIn.token as string;
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  for (const role of ['coordinator', 'reviewer', 'partner'] as const) {
    tokens[role] = await veza.signIn(emails[role]);
  }
  const { programmes } = await veza.data(
    '{ programmes(first: 50) { edges { node { id code } } } }',
  );
  const programme = (code: string) =>
    programmes.edges.find((edge: any) => edge.node.code === code).node.id as string;
  ids.d4d = programme('D4D');
  ids.makers = programme('MAKERS');
  ids.mr = programme('M&R');
  const organization = async (search: string) =>
    (
      await veza.data('query($s: String) { organizations(search: $s) { edges { node { id } } } }', {
        s: search,
      })
    ).organizations.edges[0].node.id as string;
  ids.prijatelji = await organization('prijatelji kljuca');
  ids.kljuc = (
    await veza.data('{ municipalities(search: "kljuc") { edges { node { id } } } }')
  ).municipalities.edges[0].node.id;
  ids.kosmos = await organization('kosmos');
  ids.kljucPerson = (
    await veza.data(
      '{ people(search: "Koordinator za dijasporu, Ključ") { edges { node { id } } } }',
      {},
      tokens.admin,
    )
  ).people.edges[0].node.id;

  const programmeAdmin = await invited(emails.programmeAdmin);
  await grant({ userId: programmeAdmin, role: 'NETWORK_ADMIN', programmeId: ids.d4d });
  tokens.programmeAdmin = await signInAs(emails.programmeAdmin);
  const representative = await invited(emails.representative);
  await grant({
    userId: representative,
    role: 'DIASPORA_REPRESENTATIVE',
    organizationId: ids.prijatelji,
  });
  tokens.representative = await signInAs(emails.representative);
  const registrar = await invited(emails.registrar);
  await grant({ userId: registrar, role: 'REGISTRAR', municipalityId: ids.kljuc });
  tokens.registrar = await signInAs(emails.registrar);
  ids.target = await invited('target@veza.test');
  ids.globalGrant = await grant({ userId: ids.target, role: 'NETWORK_ADMIN' });
  ids.self = (await veza.data('{ viewer { user { id } } }', {}, tokens.partner)).viewer.user.id;
  await loadIdeaFixtures();
});
afterAll(() => veza?.stop());

async function execute(transport: Transport, role: RoleName, operation: Operation) {
  const token =
    operation.token ?? (role === 'anonymous' || role === 'invitee' ? undefined : tokens[role]);
  if (transport === 'http') return veza.gql(operation.query, operation.variables, token);
  const key = token ?? 'anonymous';
  let client = wsClients.get(key);
  if (!client || operation.token) {
    client = veza.wsClient(token);
    wsClients.set(key, client);
  }
  return new Promise<GraphQLResponse>((resolve, reject) => {
    let first: GraphQLResponse | undefined;
    client.subscribe(
      { query: operation.query, variables: operation.variables },
      {
        next: (value) => (first ??= value as GraphQLResponse),
        // signOut over the socket: its own session ends, so the socket closes (4403) after
        // the answer.
        error: (error) =>
          first
            ? resolve(first)
            : Array.isArray(error)
              ? resolve({ errors: error as never })
              : reject(error),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}

/**
 * Everything a refused operation might have written, read in one statement (the rows' ids and
 * the columns a write would change, or a table's row count).
 */
async function snapshot() {
  const rows = (table: string, columns: string) =>
    `(SELECT coalesce(json_agg(json_build_array(${columns}) ORDER BY id), '[]') FROM ${table})`;
  const count = (table: string, where = 'true') =>
    `(SELECT count(*)::int FROM ${table} WHERE ${where})`;
  const footprint = {
    programmes: rows('programme', 'id, "updatedAt"'),
    organizations: rows('organization', 'id, "updatedAt"'),
    grants: rows('role_assignment', 'id'),
    users: count('user_account'),
    invitations: count('invitation'),
    revoked: count('session', '"revokedAt" IS NOT NULL'),
    events: rows('event', 'id, "updatedAt"'),
    conclusionUpdates: count('conclusion_update'),
    adopted: count('conclusion_document', `status = 'ADOPTED'`),
    participants: rows('event_participant', 'id, status, "acceptedAt"'),
    attendance: count('attendance'),
    presentations: count('presentation'),
    agendaItems: count('agenda_item'),
    actionItems: rows('action_item', 'id, "updatedAt"'),
    actionItemUpdates: count('action_item_update'),
    // What a refused project-idea or funding mutation might have written.
    ideas: rows('project_idea', 'id, stage, "updatedAt"'),
    ideaTemplates: count('project_idea_template'),
    ideaRounds: count('project_idea_round'),
    ideaTransitions: count('project_idea_transition'),
    assessments: rows('assessment', 'id, "submittedAt"'),
    proposals: count('project_proposal'),
    expertNotes: count('expert_support_note'),
    fundingCalls: count('funding_call'),
    applications: rows('funding_application', 'id, status'),
  };
  const select = Object.entries(footprint)
    .map(([name, sql]) => `'${name}', ${sql}`)
    .join(',\n');
  const [result] = await veza.server.database.prisma.$queryRawUnsafe<{ snapshot: unknown }[]>(
    `SELECT json_build_object(${select}) AS snapshot`,
  );
  return result!.snapshot;
}

// --- Project-idea fixtures: made straight in the database, each in a round of its own (one
// priority idea per municipality per round), so that every case acts on a fresh idea.

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const rawIds = {} as Record<
  'mr' | 'kljuc' | 'template' | 'reviewer' | 'call' | 'criterion',
  string
>;

async function loadIdeaFixtures() {
  const prisma = veza.server.database.prisma;
  const mr = await prisma.programme.findUniqueOrThrow({ where: { code: 'M&R' } });
  rawIds.mr = mr.id;
  rawIds.kljuc = (await prisma.municipality.findUniqueOrThrow({ where: { name: 'Ključ' } })).id;
  rawIds.template = (
    await prisma.projectIdeaTemplate.findFirstOrThrow({ where: { programmeId: mr.id } })
  ).id;
  rawIds.reviewer = (await prisma.user.findUniqueOrThrow({ where: { email: emails.reviewer } })).id;
  const funder = await prisma.organization.findFirstOrThrow({ where: { acronym: 'MLJPI' } });
  const day = 86_400_000;
  rawIds.call = (
    await prisma.fundingCall.create({
      data: {
        funderId: funder.id,
        title: 'Matrica',
        totalBudget: '100000',
        minGrant: '1000',
        maxGrant: '50000',
        opensOn: new Date(Date.now() - day),
        closesOn: new Date(Date.now() + 30 * day),
      },
    })
  ).id;
}

/** A fresh Ključ idea of M&R at `stage`, with what that stage implies. */
async function freshIdea(stage: ProjectIdeaStage): Promise<string> {
  const prisma = veza.server.database.prisma;
  const round = await prisma.projectIdeaRound.create({
    data: {
      programmeId: rawIds.mr,
      name: 'Matrica',
      scaleMax: 5,
      criteria: { create: [{ position: 0, name: 'Partnerstvo', weight: 1 }] },
    },
    include: { criteria: true },
  });
  rawIds.criterion = round.criteria[0]!.id;
  const idea = await prisma.projectIdea.create({
    data: {
      roundId: round.id,
      programmeId: rawIds.mr,
      municipalityId: rawIds.kljuc,
      templateId: rawIds.template,
      title: 'Matrica',
      stage,
      estimatedBudget: '10000',
      fields: {
        problem: 'P',
        objectives: ['O'],
        diasporaEngagement: 'D',
        targetGroups: ['T'],
        strategyMeasure: 'S',
        area: 'Poslovni susreti',
      },
    },
  });
  if (stage === 'UNDER_ASSESSMENT') {
    await prisma.assessment.create({
      data: { ideaId: idea.id, reviewerId: rawIds.reviewer, reviewerName: 'Recenzent' },
    });
  }
  if (stage === 'APPLIED') {
    await prisma.fundingApplication.create({
      data: { ideaId: idea.id, callId: rawIds.call, requestedAmount: '5000' },
    });
  }
  return globalId('ProjectIdea', idea.id);
}

// --- Operations ------------------------------------------------------------------------------

const op = {
  createProgramme: (transport: Transport, role: RoleName): Operation => ({
    query: `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { id } } }`,
    variables: { input: { code: `NEW-${role}-${transport}`, name: 'Novi program' } },
  }),
  updateProgramme:
    (id: () => string) =>
    (transport: Transport): Operation => ({
      query: `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { programme { id description } } }`,
      variables: { input: { id: id(), description: `changed over ${transport}` } },
    }),
  updateOrganization:
    (id: () => string) =>
    (transport: Transport): Operation => ({
      query: `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id city } } }`,
      variables: { input: { id: id(), city: `Grad (${transport})` } },
    }),
  assignRole: (input: () => Record<string, unknown>) => async (): Promise<Operation> => ({
    query: assignMutation,
    variables: { input: { userId: await freshUser(), ...input() } },
  }),
  revokeRole:
    (grantInput: () => Record<string, unknown> | string) => async (): Promise<Operation> => {
      const input = grantInput();
      const id =
        typeof input === 'string' ? input : await grant({ userId: await freshUser(), ...input });
      return {
        query: `mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { revokedRoleAssignmentId } }`,
        variables: { input: { roleAssignmentId: id } },
      };
    },
  inviteUser: (transport: Transport, role: RoleName): Operation => ({
    query: `mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationToken } }`,
    variables: { input: { email: `new.${role}.${transport}@veza.test`, displayName: 'Novi' } },
  }),
  revokeUserSessions: async (): Promise<Operation> => {
    await signInAs('target@veza.test');
    return {
      query: `mutation($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { revokedSessions } }`,
      variables: { input: { userId: ids.target } },
    };
  },
  auditEvents: (): Operation => ({
    query: '{ auditEvents(first: 5) { totalCount edges { node { kind email } } } }',
  }),
  otherUser: (): Operation => ({
    query:
      'query($id: ID!) { node(id: $id) { id ... on User { email roleAssignments { role } } } }',
    variables: { id: ids.target },
  }),
  ownUser: (): Operation => ({
    query: 'query($id: ID!) { node(id: $id) { id ... on User { email } } }',
    variables: { id: ids.self },
  }),
  viewer: (): Operation => ({ query: '{ viewer { user { email } roles } }' }),
  programmes: (): Operation => ({ query: '{ programmes { totalCount } }' }),
  signOut: (role: Exclude<RoleName, 'invitee'>) => async (): Promise<Operation> => ({
    query: 'mutation { signOut { revokedSessions } }',
    token: role === 'anonymous' ? undefined : await signInAs(emails[role]),
  }),
  ownPasswordChange: async (transport: Transport): Promise<Operation> => {
    const email = `password.${transport}@veza.test`;
    await invited(email);
    return {
      query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { viewer { roles } } }`,
      variables: { input: { currentPassword: PASSWORD, newPassword: 'long enough password' } },
      token: await signInAs(email),
    };
  },
  createEvent:
    (programme: () => string | null) =>
    (transport: Transport): Operation => ({
      query: `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }`,
      variables: {
        input: {
          kind: 'WORKSHOP',
          title: `Radionica (${transport})`,
          programmeId: programme(),
          startsOn: '2026-01-10',
          endsOn: '2026-01-11',
        },
      },
    }),
  pushConclusionUpdate: async (): Promise<Operation> => ({
    query: `mutation($input: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $input) { stateVector } }`,
    variables: { input: { documentId: await newDocument(), update: oneItemUpdate() } },
  }),
  updatePresence: async (): Promise<Operation> => ({
    query: `mutation($input: UpdatePresenceInput!) { updatePresence(input: $input) { ok } }`,
    variables: {
      input: {
        documentId: (await newEvent({ published: true })).documentId,
        state: { itemId: 'x', index: 0 },
      },
    },
  }),
  adoptConclusions: async (): Promise<Operation> => ({
    query: `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }`,
    variables: { input: { documentId: await newDocument() } },
  }),
  updateEvent: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }`,
    variables: { input: { eventId: (await newEvent()).eventId, place: 'Mostar' } },
  }),
  setEventDayAgenda: async (): Promise<Operation> => ({
    query: `mutation($input: SetEventDayAgendaInput!) { setEventDayAgenda(input: $input) { day { number } } }`,
    variables: {
      input: { eventId: (await newEvent()).eventId, day: 1, agenda: [{ topic: 'Uvod' }] },
    },
  }),
  addPresentation: async (): Promise<Operation> => ({
    query: `mutation($input: AddPresentationInput!) { addPresentation(input: $input) { presentation { id } } }`,
    variables: {
      input: { eventId: (await newEvent()).eventId, title: 'Kosmos', organizationId: ids.kosmos },
    },
  }),
  removePresentation: async (): Promise<Operation> => ({
    query: `mutation($input: RemovePresentationInput!) { removePresentation(input: $input) { event { id } } }`,
    variables: { input: { presentationId: await newPresentation() } },
  }),
  registerParticipant:
    (who: () => Record<string, unknown>, published = true) =>
    async (): Promise<Operation> => ({
      query: `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }`,
      variables: {
        input: {
          eventId: (await newEvent({ published })).eventId,
          stakeholderGroup: 'DIASPORA',
          ...who(),
        },
      },
    }),
  acceptParticipant: async (): Promise<Operation> => ({
    query: `mutation($input: AcceptParticipantInput!) { acceptParticipant(input: $input) { participant { accepted } } }`,
    variables: { input: { participantId: (await selfRegisteredEvent()).participantId } },
  }),
  pushAfterSelfRegistration: async (): Promise<Operation> => ({
    query: `mutation($input: PushConclusionUpdateInput!) { pushConclusionUpdate(input: $input) { stateVector } }`,
    variables: {
      input: { documentId: (await selfRegisteredEvent()).documentId, update: oneItemUpdate() },
    },
  }),
  readUnpublishedEvent: async (): Promise<Operation> => ({
    query: 'query($id: ID!) { node(id: $id) { id ... on Event { title } } }',
    variables: { id: (await bareEvent(false)).eventId },
  }),
  readDraftConclusions: async (): Promise<Operation> => ({
    query:
      'query($id: ID!) { node(id: $id) { id ... on ConclusionDocument { status items { text } } } }',
    variables: { id: (await newEvent({ published: true })).documentId },
  }),
  cancelRegistration: async (): Promise<Operation> => ({
    query: `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { id } } }`,
    variables: { input: { participantId: (await newEvent()).participantId } },
  }),
  recordAttendance: async (): Promise<Operation> => ({
    query: `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { participant { id } } }`,
    variables: {
      input: { participantId: (await newEvent()).participantId, day: 1, present: true },
    },
  }),
  addConclusionItem: async (): Promise<Operation> => ({
    query: `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
    variables: { input: { documentId: await newDocument(), kind: 'CONCLUSION', text: 'Novo' } },
  }),
  editConclusionItem: async (): Promise<Operation> => ({
    query: `mutation($input: EditConclusionItemInput!) { editConclusionItem(input: $input) { document { id } } }`,
    variables: { input: { documentId: await documentWithItems(), itemId: 'x', text: 'Izmjena' } },
  }),
  moveConclusionItem: async (): Promise<Operation> => ({
    query: `mutation($input: MoveConclusionItemInput!) { moveConclusionItem(input: $input) { document { id } } }`,
    variables: { input: { documentId: await documentWithItems(), itemId: 'y', position: 0 } },
  }),
  removeConclusionItem: async (): Promise<Operation> => ({
    query: `mutation($input: RemoveConclusionItemInput!) { removeConclusionItem(input: $input) { document { id } } }`,
    variables: { input: { documentId: await documentWithItems(), itemId: 'x' } },
  }),
  updateActionItem: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }`,
    variables: { input: { actionItemId: await newActionItem(), status: 'IN_PROGRESS' } },
  }),
  reassignActionItem: async (): Promise<Operation> => ({
    query: `mutation($input: ReassignActionItemInput!) { reassignActionItem(input: $input) { actionItem { id } } }`,
    variables: { input: { actionItemId: await newActionItem(), dueDate: '2027-04-01' } },
  }),
  changePassword: (): Operation => ({
    query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { viewer { roles } } }`,
    variables: { input: { currentPassword: 'x', newPassword: 'long enough password' } },
  }),
};

/**
 * A fresh D4D workshop (next year, so registration is open; internal unless `published`) made
 * by the administrator, with the Ključ coordinator taking part (invited by the administrator).
 */
async function newEvent({ published = false } = {}): Promise<{
  eventId: string;
  documentId: string;
  participantId: string;
}> {
  const { eventId, documentId } = await bareEvent(published);
  const registered = await veza.data(
    `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }`,
    {
      input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
    },
    tokens.admin,
  );
  return { eventId, documentId, participantId: registered.registerParticipant.participant.id };
}

/** A fresh D4D workshop nobody was registered for. */
async function bareEvent(published: boolean) {
  const created = await veza.data(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id conclusions { id } } } }`,
    {
      input: {
        kind: 'WORKSHOP',
        title: 'Matrica',
        programmeId: ids.d4d,
        startsOn: '2027-02-01',
        endsOn: '2027-02-01',
        published,
      },
    },
    tokens.admin,
  );
  return {
    eventId: created.createEvent.event.id as string,
    documentId: created.createEvent.event.conclusions.id as string,
  };
}

/** A published D4D workshop the Ključ coordinator registered Ključ for, not yet accepted. */
async function selfRegisteredEvent() {
  const { eventId, documentId } = await bareEvent(true);
  const registered = await veza.data(
    `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }`,
    {
      input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
    },
    tokens.coordinator,
  );
  return { documentId, participantId: registered.registerParticipant.participant.id as string };
}

async function newDocument(): Promise<string> {
  return (await newEvent()).documentId;
}

/** A document holding items "x" and "y". */
async function documentWithItems(): Promise<string> {
  const documentId = await newDocument();
  for (const itemId of ['x', 'y']) {
    await veza.data(
      `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId, itemId, kind: 'CONCLUSION', text: `Zaključak ${itemId}` } },
      tokens.admin,
    );
  }
  return documentId;
}

/** An adopted action item owned by Ključ. */
async function newActionItem(): Promise<string> {
  const { eventId, documentId } = await newEvent();
  await veza.data(
    `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
    {
      input: {
        documentId,
        kind: 'ACTION',
        text: 'Poslati upitnik',
        ownerMunicipalityId: ids.kljuc,
        dueDate: '2027-03-01',
      },
    },
    tokens.admin,
  );
  await veza.data(
    `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { id } } }`,
    { input: { documentId } },
    tokens.admin,
  );
  const { actionItems } = await veza.data(
    'query($e: ID) { actionItems(eventId: $e) { edges { node { id } } } }',
    { e: eventId },
    tokens.admin,
  );
  return actionItems.edges[0].node.id;
}

async function newPresentation(): Promise<string> {
  const { eventId } = await newEvent();
  const { addPresentation } = await veza.data(
    `mutation($input: AddPresentationInput!) { addPresentation(input: $input) { presentation { id } } }`,
    { input: { eventId, title: 'Prezentacija', organizationId: ids.kosmos } },
    tokens.admin,
  );
  return addPresentation.presentation.id;
}

function oneItemUpdate(): string {
  const doc = new Y.Doc();
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    doc.getArray('items').push([item]);
    item.set('id', 'm');
    item.set('kind', 'CONCLUSION');
    item.set('text', new Y.Text('Zaključak'));
  });
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

const ideaOp = {
  createProjectIdeaTemplate: (programme: () => string) => (): Operation => ({
    query: `mutation($input: CreateProjectIdeaTemplateInput!) { createProjectIdeaTemplate(input: $input) { template { id } } }`,
    variables: {
      input: {
        programmeId: programme(),
        name: 'Obrazac',
        sections: [
          { key: 's', title: 'S', fields: [{ key: 'problem', label: 'Problem', type: 'TEXT' }] },
        ],
      },
    },
  }),
  createProjectIdeaRound: (programme: () => string) => (): Operation => ({
    query: `mutation($input: CreateProjectIdeaRoundInput!) { createProjectIdeaRound(input: $input) { round { id } } }`,
    variables: {
      input: {
        programmeId: programme(),
        name: 'Runda',
        scaleMax: 5,
        criteria: [{ name: 'Partnerstvo', weight: 1 }],
      },
    },
  }),
  createProjectIdea: async (): Promise<Operation> => {
    const idea = await freshIdea('DRAFT');
    const round = await veza.server.database.prisma.projectIdea.findUniqueOrThrow({
      where: { id: Buffer.from(idea, 'base64').toString().split(':')[1] },
    });
    return {
      query: `mutation($input: CreateProjectIdeaInput!) { createProjectIdea(input: $input) { idea { id } } }`,
      variables: {
        input: {
          roundId: globalId('ProjectIdeaRound', round.roundId),
          municipalityId: globalId('Municipality', rawIds.kljuc),
          title: 'Nova ideja',
        },
      },
    };
  },
  updateProjectIdea: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateProjectIdeaInput!) { updateProjectIdea(input: $input) { idea { id } } }`,
    variables: { input: { ideaId: await freshIdea('DRAFT'), title: 'Promijenjeno' } },
  }),
  transitionProjectIdea:
    (from: ProjectIdeaStage, to: ProjectIdeaStage) => async (): Promise<Operation> => ({
      query: `mutation($input: TransitionProjectIdeaInput!) { transitionProjectIdea(input: $input) { idea { stage } } }`,
      variables: { input: { ideaId: await freshIdea(from), to } },
    }),
  assignReviewer: async (): Promise<Operation> => ({
    query: `mutation($input: AssignReviewerInput!) { assignReviewer(input: $input) { idea { id } } }`,
    variables: {
      input: {
        ideaId: await freshIdea('SUBMITTED'),
        reviewerId: globalId('User', rawIds.reviewer),
      },
    },
  }),
  submitAssessment: async (): Promise<Operation> => {
    const ideaId = await freshIdea('UNDER_ASSESSMENT');
    return {
      query: `mutation($input: SubmitAssessmentInput!) { submitAssessment(input: $input) { idea { id } } }`,
      variables: { input: { ideaId, scores: [{ criterionId: rawIds.criterion, score: 4 }] } },
    };
  },
  saveProjectProposal: async (): Promise<Operation> => ({
    query: `mutation($input: SaveProjectProposalInput!) { saveProjectProposal(input: $input) { idea { id } } }`,
    variables: {
      input: {
        ideaId: await freshIdea('SHORTLISTED'),
        summary: 'Prijedlog',
        expectedResults: ['Rezultat'],
        timeline: [],
        budgetLines: [{ description: 'Oprema', amount: '1000' }],
        partners: [],
      },
    },
  }),
  addExpertSupportNote: async (): Promise<Operation> => ({
    query: `mutation($input: AddExpertSupportNoteInput!) { addExpertSupportNote(input: $input) { idea { id } } }`,
    variables: { input: { ideaId: await freshIdea('SUBMITTED'), text: 'Savjet' } },
  }),
  createFundingCall: (programme: () => string | null) => (): Operation => ({
    query: `mutation($input: CreateFundingCallInput!) { createFundingCall(input: $input) { fundingCall { id } } }`,
    variables: {
      input: {
        funderId: ids.kosmos,
        programmeId: programme(),
        title: 'Poziv',
        totalBudget: '1000',
        minGrant: '10',
        maxGrant: '100',
        opensOn: '2026-01-01',
        closesOn: '2026-12-31',
      },
    },
  }),
  applyToFundingCall: async (): Promise<Operation> => ({
    query: `mutation($input: ApplyToFundingCallInput!) { applyToFundingCall(input: $input) { idea { id } } }`,
    variables: {
      input: {
        ideaId: await freshIdea('PROPOSAL_READY'),
        callId: globalId('FundingCall', rawIds.call),
        requestedAmount: '5000',
      },
    },
  }),
  decideFundingApplication: async (): Promise<Operation> => {
    const ideaId = await freshIdea('APPLIED');
    const application = await veza.server.database.prisma.fundingApplication.findFirstOrThrow({
      where: { ideaId: Buffer.from(ideaId, 'base64').toString().split(':')[1] },
    });
    return {
      query: `mutation($input: DecideFundingApplicationInput!) { decideFundingApplication(input: $input) { idea { id } } }`,
      variables: {
        input: {
          applicationId: globalId('FundingApplication', application.id),
          awarded: true,
          awardedAmount: '4000',
        },
      },
    };
  },
};

// --- The matrix ------------------------------------------------------------------------------

const cases: Case[] = [];
const add = (
  role: RoleName,
  name: string,
  field: string,
  outcome: Outcome,
  prepare: (transport: Transport) => Promise<Operation> | Operation,
) => cases.push({ role, name, field, outcome, prepare: async (t) => prepare(t) });

const d4d = () => ids.d4d;
const municipality = () => ids.kljuc;
const makers = () => ids.makers;
const refused = (role: RoleName): Outcome =>
  role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
const signedInRoles = [
  'admin',
  'programmeAdmin',
  'coordinator',
  'reviewer',
  'partner',
  'representative',
] as const;
/** Each operation of `operations`: allowed for `allowed`, refused for every other role. */
function allowOnly<Name extends string>(
  allowed: readonly RoleName[],
  operations: Record<Name, (transport: Transport) => Promise<Operation> | Operation>,
  roles: readonly RoleName[] = signedInRoles,
) {
  for (const name of Object.keys(operations) as Name[]) {
    for (const role of ['anonymous', ...roles] as const) {
      add(role, name, name, allowed.includes(role) ? 'ok' : refused(role), operations[name]);
    }
  }
}

// Public reads: everyone.
for (const role of [
  'anonymous',
  'admin',
  'programmeAdmin',
  'coordinator',
  'reviewer',
  'partner',
  'representative',
] as const) {
  add(role, 'reads programmes', 'programmes', 'ok', op.programmes);
  add(role, 'reads viewer', 'viewer', 'ok', op.viewer);
}

// The network administrator (all programmes): every mutation and sensitive field.
add('admin', 'createProgramme', 'createProgramme', 'ok', (t) => op.createProgramme(t, 'admin'));
add('admin', 'updateProgramme', 'updateProgramme', 'ok', op.updateProgramme(makers));
add(
  'admin',
  'updateOrganization',
  'updateOrganization',
  'ok',
  op.updateOrganization(() => ids.kosmos),
);
add(
  'admin',
  'assignRole (global)',
  'assignRole',
  'ok',
  op.assignRole(() => ({ role: 'NETWORK_ADMIN' })),
);
add(
  'admin',
  'revokeRole (global)',
  'revokeRole',
  'ok',
  op.revokeRole(() => ({ role: 'NETWORK_ADMIN' })),
);
add('admin', 'inviteUser', 'inviteUser', 'ok', (t) => op.inviteUser(t, 'admin'));
add('admin', 'revokeUserSessions', 'revokeUserSessions', 'ok', op.revokeUserSessions);
add('admin', 'auditEvents', 'auditEvents', 'ok', op.auditEvents);
add('admin', "reads another user's account", 'node', 'ok', op.otherUser);
add('admin', 'signOut', 'signOut', 'ok', op.signOut('admin'));

// A network administrator of one programme (D4D): inside it yes, outside no.
add('programmeAdmin', 'updateProgramme (own)', 'updateProgramme', 'ok', op.updateProgramme(d4d));
add(
  'programmeAdmin',
  'updateProgramme (other)',
  'updateProgramme',
  'FORBIDDEN',
  op.updateProgramme(makers),
);
add(
  'programmeAdmin',
  'assignRole (own programme)',
  'assignRole',
  'ok',
  op.assignRole(() => ({ role: 'REVIEWER', programmeId: ids.d4d })),
);
add(
  'programmeAdmin',
  'assignRole (other programme)',
  'assignRole',
  'FORBIDDEN',
  op.assignRole(() => ({ role: 'REVIEWER', programmeId: ids.makers })),
);
add(
  'programmeAdmin',
  'assignRole (coordinator, even within own programme)',
  'assignRole',
  'FORBIDDEN',
  op.assignRole(() => ({
    role: 'COORDINATOR',
    programmeId: ids.d4d,
    municipalityId: municipality(),
  })),
);
add(
  'admin',
  'assignRole (coordinator)',
  'assignRole',
  'ok',
  op.assignRole(() => ({
    role: 'COORDINATOR',
    programmeId: ids.d4d,
    municipalityId: municipality(),
  })),
);
add(
  'programmeAdmin',
  'assignRole (global admin)',
  'assignRole',
  'FORBIDDEN',
  op.assignRole(() => ({ role: 'NETWORK_ADMIN' })),
);
add(
  'programmeAdmin',
  'revokeRole (own programme)',
  'revokeRole',
  'ok',
  op.revokeRole(() => ({ role: 'PARTNER', programmeId: ids.d4d })),
);
add(
  'programmeAdmin',
  'revokeRole (other programme)',
  'revokeRole',
  'FORBIDDEN',
  op.revokeRole(() => ({ role: 'PARTNER', programmeId: ids.makers })),
);
add(
  'programmeAdmin',
  'revokeRole (global)',
  'revokeRole',
  'FORBIDDEN',
  op.revokeRole(() => ids.globalGrant),
);

// A diaspora association's representative: their organisation's profile only.
add(
  'representative',
  'updateOrganization (own)',
  'updateOrganization',
  'ok',
  op.updateOrganization(() => ids.prijatelji),
);
add(
  'representative',
  'updateOrganization (other)',
  'updateOrganization',
  'FORBIDDEN',
  op.updateOrganization(() => ids.kosmos),
);

// Everyone but the global administrator: refused the global operations.
for (const role of [
  'anonymous',
  'programmeAdmin',
  'coordinator',
  'reviewer',
  'partner',
  'representative',
] as const) {
  add(role, 'createProgramme', 'createProgramme', refused(role), (t) =>
    op.createProgramme(t, role),
  );
  add(role, 'inviteUser', 'inviteUser', refused(role), (t) => op.inviteUser(t, role));
  add(role, 'revokeUserSessions', 'revokeUserSessions', refused(role), op.revokeUserSessions);
  add(role, 'auditEvents', 'auditEvents', refused(role), op.auditEvents);
  add(role, "reads another user's account", 'node', refused(role), op.otherUser);
  if (role !== 'programmeAdmin') {
    add(role, 'updateProgramme', 'updateProgramme', refused(role), op.updateProgramme(d4d));
    add(
      role,
      'assignRole',
      'assignRole',
      refused(role),
      op.assignRole(() => ({ role: 'REVIEWER', programmeId: ids.d4d })),
    );
    add(
      role,
      'revokeRole',
      'revokeRole',
      refused(role),
      op.revokeRole(() => ({ role: 'PARTNER', programmeId: ids.d4d })),
    );
  }
  if (role !== 'representative') {
    add(
      role,
      'updateOrganization',
      'updateOrganization',
      refused(role),
      op.updateOrganization(() => ids.prijatelji),
    );
  }
}

// Signed-in roles without administration: their own account and session only.
for (const role of ['coordinator', 'reviewer', 'partner', 'representative'] as const) {
  add(role, 'signOut', 'signOut', 'ok', op.signOut(role));
}
add('partner', 'reads own account', 'node', 'ok', op.ownUser);
add('anonymous', 'signOut', 'signOut', 'UNAUTHENTICATED', op.signOut('anonymous'));

// Events and their conclusions: programme administrators create and adopt; the programme's
// coordinators and administrators write; those who may read a draft may show their presence.
add(
  'admin',
  'createEvent (no programme)',
  'createEvent',
  'ok',
  op.createEvent(() => null),
);
add('programmeAdmin', 'createEvent (own)', 'createEvent', 'ok', op.createEvent(d4d));
add('programmeAdmin', 'createEvent (other)', 'createEvent', 'FORBIDDEN', op.createEvent(makers));
add('admin', 'pushConclusionUpdate', 'pushConclusionUpdate', 'ok', op.pushConclusionUpdate);
add('coordinator', 'pushConclusionUpdate', 'pushConclusionUpdate', 'ok', op.pushConclusionUpdate);
add('admin', 'adoptConclusions', 'adoptConclusions', 'ok', op.adoptConclusions);
add('programmeAdmin', 'adoptConclusions (own)', 'adoptConclusions', 'ok', op.adoptConclusions);
// Presence in a draft: whoever may read it (taking part, the programme's partners).
for (const role of ['coordinator', 'partner'] as const) {
  add(role, 'updatePresence', 'updatePresence', 'ok', op.updatePresence);
}
add('representative', 'updatePresence (a draft)', 'updatePresence', 'FORBIDDEN', op.updatePresence);
for (const role of ['anonymous', 'coordinator', 'reviewer', 'partner', 'representative'] as const) {
  add(role, 'createEvent', 'createEvent', refused(role), op.createEvent(d4d));
  add(role, 'adoptConclusions', 'adoptConclusions', refused(role), op.adoptConclusions);
  if (role !== 'coordinator') {
    add(
      role,
      'pushConclusionUpdate',
      'pushConclusionUpdate',
      refused(role),
      op.pushConclusionUpdate,
    );
  }
}
add('anonymous', 'updatePresence', 'updatePresence', 'UNAUTHENTICATED', op.updatePresence);

// Running an event (days, agenda, presentations, attendance): its hosts and the programme's
// administrators. Registration: coordinators for their municipality, representatives for
// their association. Conclusions' items: the participating coordinators and administrators.
// Action items: the owner's coordinators report progress, administrators reassign.
add('admin', 'updateEvent', 'updateEvent', 'ok', op.updateEvent);
add('programmeAdmin', 'setEventDayAgenda (own)', 'setEventDayAgenda', 'ok', op.setEventDayAgenda);
add('admin', 'addPresentation', 'addPresentation', 'ok', op.addPresentation);
add('admin', 'removePresentation', 'removePresentation', 'ok', op.removePresentation);
add('admin', 'recordAttendance', 'recordAttendance', 'ok', op.recordAttendance);
add(
  'coordinator',
  'registerParticipant (own municipality)',
  'registerParticipant',
  'ok',
  op.registerParticipant(() => ({ organizationId: ids.kosmos, municipalityId: ids.kljuc })),
);
add(
  'representative',
  'registerParticipant (own association)',
  'registerParticipant',
  'ok',
  op.registerParticipant(() => ({ organizationId: ids.prijatelji })),
);
add(
  'representative',
  'registerParticipant (other association)',
  'registerParticipant',
  'FORBIDDEN',
  op.registerParticipant(() => ({ organizationId: ids.kosmos })),
);
add('coordinator', 'cancelRegistration (own)', 'cancelRegistration', 'ok', op.cancelRegistration);
for (const name of [
  'addConclusionItem',
  'editConclusionItem',
  'moveConclusionItem',
  'removeConclusionItem',
] as const) {
  add('coordinator', `${name} (taking part)`, name, 'ok', op[name]);
  add('admin', name, name, 'ok', op[name]);
}
add('coordinator', 'updateActionItem (own)', 'updateActionItem', 'ok', op.updateActionItem);
add('admin', 'reassignActionItem', 'reassignActionItem', 'ok', op.reassignActionItem);
for (const role of ['anonymous', 'reviewer', 'partner'] as const) {
  for (const name of [
    'updateEvent',
    'setEventDayAgenda',
    'addPresentation',
    'removePresentation',
    'recordAttendance',
    'cancelRegistration',
    'addConclusionItem',
    'editConclusionItem',
    'moveConclusionItem',
    'removeConclusionItem',
    'updateActionItem',
    'reassignActionItem',
  ] as const) {
    add(role, name, name, refused(role), op[name]);
  }
  add(
    role,
    'registerParticipant',
    'registerParticipant',
    refused(role),
    op.registerParticipant(() => ({ organizationId: ids.kosmos })),
  );
}
// A coordinator taking part does not run the event nor reassign its action items.
for (const name of [
  'updateEvent',
  'setEventDayAgenda',
  'addPresentation',
  'removePresentation',
  'recordAttendance',
  'reassignActionItem',
] as const) {
  add('coordinator', name, name, 'FORBIDDEN', op[name]);
}
// Taking part is a participation the organiser accepted: a registration one gives oneself
// waits for the event's managers, gives no right to the conclusions, and is refused for an
// unpublished event.
add('admin', 'acceptParticipant', 'acceptParticipant', 'ok', op.acceptParticipant);
for (const role of ['anonymous', 'coordinator', 'reviewer', 'partner', 'representative'] as const) {
  add(role, 'acceptParticipant', 'acceptParticipant', refused(role), op.acceptParticipant);
}
add(
  'coordinator',
  'registerParticipant (own municipality, unpublished event)',
  'registerParticipant',
  'FORBIDDEN',
  op.registerParticipant(() => ({ organizationId: ids.kosmos, municipalityId: ids.kljuc }), false),
);
add(
  'coordinator',
  'pushConclusionUpdate (registered itself, not accepted)',
  'pushConclusionUpdate',
  'FORBIDDEN',
  op.pushAfterSelfRegistration,
);
// An unpublished event: its programme's administrators (and hosts, participants), nobody else.
for (const role of ['admin', 'programmeAdmin'] as const) {
  add(role, 'reads an unpublished event', 'node', 'ok', op.readUnpublishedEvent);
}
for (const role of ['anonymous', 'coordinator', 'reviewer', 'partner', 'representative'] as const) {
  add(role, 'reads an unpublished event', 'node', refused(role), op.readUnpublishedEvent);
}
// Draft conclusions of a published event: those taking part, the organisers, the partners.
for (const role of ['admin', 'programmeAdmin', 'coordinator', 'partner'] as const) {
  add(role, 'reads draft conclusions', 'node', 'ok', op.readDraftConclusions);
}
for (const role of ['anonymous', 'reviewer', 'representative'] as const) {
  add(role, 'reads draft conclusions', 'node', refused(role), op.readDraftConclusions);
}
add('anonymous', 'changePassword', 'changePassword', 'UNAUTHENTICATED', op.changePassword);
add('invitee', 'changePassword (own)', 'changePassword', 'ok', op.ownPasswordChange);

// Project ideas: the municipality's coordinator drafts, submits, writes the proposal and
// applies; the programme team runs templates, rounds, assessment, calls and funding decisions;
// an assigned reviewer scores; partners only read.
const mr = () => ids.mr;
add(
  'admin',
  'createProjectIdeaTemplate',
  'createProjectIdeaTemplate',
  'ok',
  ideaOp.createProjectIdeaTemplate(mr),
);
add(
  'programmeAdmin',
  'createProjectIdeaTemplate (own)',
  'createProjectIdeaTemplate',
  'ok',
  ideaOp.createProjectIdeaTemplate(d4d),
);
add(
  'admin',
  'createProjectIdeaRound',
  'createProjectIdeaRound',
  'ok',
  ideaOp.createProjectIdeaRound(mr),
);
add(
  'programmeAdmin',
  'createProjectIdeaRound (own)',
  'createProjectIdeaRound',
  'ok',
  ideaOp.createProjectIdeaRound(d4d),
);
add(
  'coordinator',
  'createProjectIdea (own municipality)',
  'createProjectIdea',
  'ok',
  ideaOp.createProjectIdea,
);
add(
  'coordinator',
  'updateProjectIdea (own draft)',
  'updateProjectIdea',
  'ok',
  ideaOp.updateProjectIdea,
);
add(
  'coordinator',
  'transitionProjectIdea (submit)',
  'transitionProjectIdea',
  'ok',
  ideaOp.transitionProjectIdea('DRAFT', 'SUBMITTED'),
);
add(
  'admin',
  'transitionProjectIdea (open assessment)',
  'transitionProjectIdea',
  'ok',
  ideaOp.transitionProjectIdea('SUBMITTED', 'UNDER_ASSESSMENT'),
);
add('admin', 'assignReviewer', 'assignReviewer', 'ok', ideaOp.assignReviewer);
add('reviewer', 'submitAssessment (assigned)', 'submitAssessment', 'ok', ideaOp.submitAssessment);
add(
  'coordinator',
  'saveProjectProposal (own)',
  'saveProjectProposal',
  'ok',
  ideaOp.saveProjectProposal,
);
add('admin', 'addExpertSupportNote', 'addExpertSupportNote', 'ok', ideaOp.addExpertSupportNote);
add(
  'admin',
  'createFundingCall (network-wide)',
  'createFundingCall',
  'ok',
  ideaOp.createFundingCall(() => null),
);
add(
  'programmeAdmin',
  'createFundingCall (own)',
  'createFundingCall',
  'ok',
  ideaOp.createFundingCall(d4d),
);
add(
  'coordinator',
  'applyToFundingCall (own)',
  'applyToFundingCall',
  'ok',
  ideaOp.applyToFundingCall,
);
add(
  'admin',
  'decideFundingApplication',
  'decideFundingApplication',
  'ok',
  ideaOp.decideFundingApplication,
);
// A programme administrator of D4D has no say in M&R's call for ideas.
add(
  'programmeAdmin',
  'createProjectIdeaTemplate (other)',
  'createProjectIdeaTemplate',
  'FORBIDDEN',
  ideaOp.createProjectIdeaTemplate(mr),
);
add(
  'programmeAdmin',
  'createProjectIdeaRound (other)',
  'createProjectIdeaRound',
  'FORBIDDEN',
  ideaOp.createProjectIdeaRound(mr),
);
add(
  'programmeAdmin',
  'transitionProjectIdea (other programme)',
  'transitionProjectIdea',
  'FORBIDDEN',
  ideaOp.transitionProjectIdea('SUBMITTED', 'UNDER_ASSESSMENT'),
);
add(
  'programmeAdmin',
  'assignReviewer (other programme)',
  'assignReviewer',
  'FORBIDDEN',
  ideaOp.assignReviewer,
);
add(
  'programmeAdmin',
  'createFundingCall (network-wide)',
  'createFundingCall',
  'FORBIDDEN',
  ideaOp.createFundingCall(() => null),
);
add(
  'programmeAdmin',
  'decideFundingApplication (other programme)',
  'decideFundingApplication',
  'FORBIDDEN',
  ideaOp.decideFundingApplication,
);
// The programme team does not act for the municipality, nor score unassigned.
add(
  'admin',
  'createProjectIdea (not a coordinator)',
  'createProjectIdea',
  'FORBIDDEN',
  ideaOp.createProjectIdea,
);
add('admin', 'updateProjectIdea', 'updateProjectIdea', 'FORBIDDEN', ideaOp.updateProjectIdea);
add(
  'admin',
  'transitionProjectIdea (submit for them)',
  'transitionProjectIdea',
  'FORBIDDEN',
  ideaOp.transitionProjectIdea('DRAFT', 'SUBMITTED'),
);
add(
  'admin',
  'submitAssessment (unassigned)',
  'submitAssessment',
  'FORBIDDEN',
  ideaOp.submitAssessment,
);
add('admin', 'saveProjectProposal', 'saveProjectProposal', 'FORBIDDEN', ideaOp.saveProjectProposal);
add('admin', 'applyToFundingCall', 'applyToFundingCall', 'FORBIDDEN', ideaOp.applyToFundingCall);
// The coordinator does not do the programme team's steps.
add(
  'coordinator',
  'transitionProjectIdea (open assessment)',
  'transitionProjectIdea',
  'FORBIDDEN',
  ideaOp.transitionProjectIdea('SUBMITTED', 'UNDER_ASSESSMENT'),
);
add('coordinator', 'assignReviewer', 'assignReviewer', 'FORBIDDEN', ideaOp.assignReviewer);
add('coordinator', 'submitAssessment', 'submitAssessment', 'FORBIDDEN', ideaOp.submitAssessment);
add(
  'coordinator',
  'addExpertSupportNote',
  'addExpertSupportNote',
  'FORBIDDEN',
  ideaOp.addExpertSupportNote,
);
add(
  'coordinator',
  'decideFundingApplication',
  'decideFundingApplication',
  'FORBIDDEN',
  ideaOp.decideFundingApplication,
);
for (const role of ['coordinator', 'reviewer', 'partner', 'representative', 'anonymous'] as const) {
  add(
    role,
    'createProjectIdeaTemplate',
    'createProjectIdeaTemplate',
    refused(role),
    ideaOp.createProjectIdeaTemplate(mr),
  );
  add(
    role,
    'createProjectIdeaRound',
    'createProjectIdeaRound',
    refused(role),
    ideaOp.createProjectIdeaRound(mr),
  );
  add(role, 'createFundingCall', 'createFundingCall', refused(role), ideaOp.createFundingCall(mr));
}
// Reviewers, partners, representatives and the public write nothing else.
for (const role of ['reviewer', 'partner', 'representative', 'anonymous'] as const) {
  add(role, 'createProjectIdea', 'createProjectIdea', refused(role), ideaOp.createProjectIdea);
  add(role, 'updateProjectIdea', 'updateProjectIdea', refused(role), ideaOp.updateProjectIdea);
  add(
    role,
    'transitionProjectIdea',
    'transitionProjectIdea',
    refused(role),
    ideaOp.transitionProjectIdea('SUBMITTED', 'UNDER_ASSESSMENT'),
  );
  add(role, 'assignReviewer', 'assignReviewer', refused(role), ideaOp.assignReviewer);
  add(
    role,
    'saveProjectProposal',
    'saveProjectProposal',
    refused(role),
    ideaOp.saveProjectProposal,
  );
  add(
    role,
    'addExpertSupportNote',
    'addExpertSupportNote',
    refused(role),
    ideaOp.addExpertSupportNote,
  );
  add(role, 'applyToFundingCall', 'applyToFundingCall', refused(role), ideaOp.applyToFundingCall);
  add(
    role,
    'decideFundingApplication',
    'decideFundingApplication',
    refused(role),
    ideaOp.decideFundingApplication,
  );
  if (role !== 'reviewer') {
    add(role, 'submitAssessment', 'submitAssessment', refused(role), ideaOp.submitAssessment);
  }
}

// Administering users and funding calls (network administrators of every programme), and each
// signed-in user's own profile and notifications.
async function freshCall(closed: boolean) {
  const prisma = veza.server.database.prisma;
  const day = 86_400_000;
  const call = await prisma.fundingCall.create({
    data: {
      funderId: (await prisma.organization.findFirstOrThrow({ where: { acronym: 'MLJPI' } })).id,
      title: 'Matrica poziv',
      totalBudget: '1000',
      minGrant: '10',
      maxGrant: '100',
      opensOn: new Date(Date.now() - day),
      closesOn: new Date(Date.now() + 30 * day),
      ...(closed ? { closedAt: new Date(), closedReason: 'Ranije zatvoren' } : {}),
    },
  });
  return globalId('FundingCall', call.id);
}
async function disabledUser() {
  const userId = await freshUser();
  await veza.data(
    'mutation($input: DisableUserInput!) { disableUser(input: $input) { user { id } } }',
    { input: { userId } },
    tokens.admin,
  );
  return userId;
}
const adminOp = {
  disableUser: async (): Promise<Operation> => ({
    query: 'mutation($input: DisableUserInput!) { disableUser(input: $input) { user { id } } }',
    variables: { input: { userId: await freshUser() } },
  }),
  enableUser: async (): Promise<Operation> => ({
    query: 'mutation($input: EnableUserInput!) { enableUser(input: $input) { user { id } } }',
    variables: { input: { userId: await disabledUser() } },
  }),
  linkUserToPerson: async (): Promise<Operation> => {
    const person = await veza.server.database.prisma.person.create({
      data: { fullName: 'Osoba Matrice' },
    });
    return {
      query: `mutation($input: LinkUserToPersonInput!) { linkUserToPerson(input: $input) { user { id } } }`,
      variables: { input: { userId: await freshUser(), personId: globalId('Person', person.id) } },
    };
  },
  updateFundingCall: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateFundingCallInput!) { updateFundingCall(input: $input) { fundingCall { id } } }`,
    variables: { input: { callId: await freshCall(false), title: 'Novi naslov' } },
  }),
  closeFundingCall: async (): Promise<Operation> => ({
    query: `mutation($input: CloseFundingCallInput!) { closeFundingCall(input: $input) { fundingCall { id } } }`,
    variables: { input: { callId: await freshCall(false), reason: 'Sredstva iskorištena' } },
  }),
  reopenFundingCall: async (): Promise<Operation> => ({
    query: `mutation($input: ReopenFundingCallInput!) { reopenFundingCall(input: $input) { fundingCall { id } } }`,
    variables: { input: { callId: await freshCall(true), reason: 'Produžen rok' } },
  }),
};
allowOnly(['admin'], adminOp);
const ownOp = {
  updateProfile: (): Operation => ({
    query: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } } }',
    variables: { input: { language: 'BS' } },
  }),
  markNotificationsRead: (): Operation => ({
    query: `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { count } }`,
    variables: { input: { all: true } },
  }),
  updateNotificationPreferences: (): Operation => ({
    query: `mutation($input: UpdateNotificationPreferencesInput!) {
      updateNotificationPreferences(input: $input) { language } }`,
    variables: { input: { language: 'BS' } },
  }),
};
allowOnly(signedInRoles, ownOp);

// --- stories and organisations ---
// Organisations of every kind: network administrators of every programme; a programme's parties:
// its administrators too (the list is set to what it already is). Stories of Ključ in D4D: its
// coordinator and D4D's administrators.
async function freshOrganization() {
  const organization = await veza.server.database.prisma.organization.create({
    data: { name: 'Organizacija matrice', kind: 'NGO', country: 'BA' },
  });
  return globalId('Organization', organization.id);
}
async function freshStory(status: 'DRAFT' | 'PUBLISHED') {
  const prisma = veza.server.database.prisma;
  const story = await prisma.story.create({
    data: {
      kind: 'NEWS',
      municipalityId: Buffer.from(ids.kljuc, 'base64').toString().split(':')[1]!,
      programmeId: Buffer.from(ids.d4d, 'base64').toString().split(':')[1]!,
      title: 'Priča matrice',
      body: 'Tekst.',
      topics: [],
      status,
      publishedAt: status === 'PUBLISHED' ? new Date() : null,
    },
  });
  return globalId('Story', story.id);
}
const storyInput = { kind: 'NEWS', title: 'Vijest matrice', body: 'Tekst.' };
allowOnly(['admin'], {
  createOrganization: (): Operation => ({
    query: `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`,
    variables: { input: { name: 'BH Radio 2', kind: 'MEDIA', country: 'BA' } },
  }),
  archiveOrganization: async (): Promise<Operation> => ({
    query: `mutation($input: ArchiveOrganizationInput!) { archiveOrganization(input: $input) { organization { id } } }`,
    variables: { input: { id: await freshOrganization() } },
  }),
});
allowOnly(['admin', 'programmeAdmin'], {
  setProgrammeOrganizations: async (): Promise<Operation> => {
    const parties = await veza.server.database.prisma.programmeOrganization.findMany({
      where: { programmeId: Buffer.from(ids.d4d, 'base64').toString().split(':')[1]! },
    });
    return {
      query: `mutation($input: SetProgrammeOrganizationsInput!) { setProgrammeOrganizations(input: $input) { programme { id } } }`,
      variables: {
        input: {
          programmeId: ids.d4d,
          parties: parties.map((party) => ({
            organizationId: globalId('Organization', party.organizationId),
            role: party.role,
          })),
        },
      },
    };
  },
});
allowOnly(['admin', 'programmeAdmin', 'coordinator'], {
  createStory: (): Operation => ({
    query: `mutation($input: CreateStoryInput!) { createStory(input: $input) { story { id } } }`,
    variables: { input: { ...storyInput, municipalityId: ids.kljuc, programmeId: ids.d4d } },
  }),
  updateStory: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateStoryInput!) { updateStory(input: $input) { story { id } } }`,
    variables: { input: { id: await freshStory('DRAFT'), title: 'Novi naslov' } },
  }),
  publishStory: async (): Promise<Operation> => ({
    query: `mutation($input: PublishStoryInput!) { publishStory(input: $input) { story { id } } }`,
    variables: { input: { id: await freshStory('DRAFT') } },
  }),
  unpublishStory: async (): Promise<Operation> => ({
    query: `mutation($input: UnpublishStoryInput!) { unpublishStory(input: $input) { story { id } } }`,
    variables: { input: { id: await freshStory('PUBLISHED') } },
  }),
});
// --- questionnaires ---
// Fresh records straight in the database: a D4D questionnaire (draft or published), a campaign
// with a return for Ključ (its coordinator fills it in; the D4D team reopens it).
const questionnaireSections = [
  { titleBs: 'Odjeljak', questions: [{ key: 'note', type: 'TEXT', labelBs: 'Napomena' }] },
];
async function freshQuestionnaireVersion(published: boolean) {
  const prisma = veza.server.database.prisma;
  const d4dId = Buffer.from(ids.d4d, 'base64').toString().split(':')[1]!;
  const version = await prisma.questionnaireVersion.create({
    data: {
      number: 1,
      sections: questionnaireSections,
      publishedAt: published ? new Date() : null,
      questionnaire: { create: { programmeId: d4dId, titleBs: 'Matrica upitnik' } },
    },
  });
  return { version, d4dId };
}
async function freshQuestionnaireReturn(status: 'DRAFT' | 'SUBMITTED') {
  const prisma = veza.server.database.prisma;
  const { version, d4dId } = await freshQuestionnaireVersion(true);
  const day = 86_400_000;
  const campaign = await prisma.questionnaireCampaign.create({
    data: {
      versionId: version.id,
      programmeId: d4dId,
      title: 'Matrica kampanja',
      opensOn: new Date(Date.now() - day),
      closesOn: new Date(Date.now() + 10 * day),
      returns: {
        create: {
          municipalityId: rawIds.kljuc,
          status,
          answers: { note: 'Odgovor' },
          submittedAt: status === 'SUBMITTED' ? new Date() : null,
        },
      },
    },
    include: { returns: true },
  });
  return globalId('QuestionnaireReturn', campaign.returns[0]!.id);
}
const questionnaireTeamOp = {
  createQuestionnaire: (): Operation => ({
    query: `mutation($input: CreateQuestionnaireInput!) { createQuestionnaire(input: $input) { version { id } } }`,
    variables: {
      input: { programmeId: ids.d4d, titleBs: 'Novi upitnik', sections: questionnaireSections },
    },
  }),
  updateQuestionnaireVersion: async (): Promise<Operation> => ({
    query: `mutation($input: UpdateQuestionnaireVersionInput!) { updateQuestionnaireVersion(input: $input) { version { id } } }`,
    variables: {
      input: {
        versionId: globalId(
          'QuestionnaireVersion',
          (await freshQuestionnaireVersion(false)).version.id,
        ),
        sections: questionnaireSections,
      },
    },
  }),
  publishQuestionnaireVersion: async (): Promise<Operation> => ({
    query: `mutation($input: PublishQuestionnaireVersionInput!) { publishQuestionnaireVersion(input: $input) { version { id } } }`,
    variables: {
      input: {
        versionId: globalId(
          'QuestionnaireVersion',
          (await freshQuestionnaireVersion(false)).version.id,
        ),
      },
    },
  }),
  startQuestionnaireVersion: async (): Promise<Operation> => ({
    query: `mutation($input: StartQuestionnaireVersionInput!) { startQuestionnaireVersion(input: $input) { version { id } } }`,
    variables: {
      input: {
        questionnaireId: globalId(
          'Questionnaire',
          (await freshQuestionnaireVersion(true)).version.questionnaireId,
        ),
      },
    },
  }),
  createQuestionnaireCampaign: async (): Promise<Operation> => ({
    query: `mutation($input: CreateQuestionnaireCampaignInput!) { createQuestionnaireCampaign(input: $input) { campaign { id } } }`,
    variables: {
      input: {
        versionId: globalId(
          'QuestionnaireVersion',
          (await freshQuestionnaireVersion(true)).version.id,
        ),
        programmeId: ids.d4d,
        title: 'Matrica kampanja',
        opensOn: '2026-01-01',
        closesOn: '2026-12-31',
        recipients: { municipalityIds: [ids.kljuc] },
      },
    },
  }),
  addQuestionnaireAnswersToAgenda: async (): Promise<Operation> => ({
    query: `mutation($input: AddQuestionnaireAnswersToAgendaInput!) { addQuestionnaireAnswersToAgenda(input: $input) { event { id } } }`,
    variables: {
      input: {
        eventId: await freshD4dEvent(),
        day: 1,
        answers: [{ returnId: await freshQuestionnaireReturn('SUBMITTED'), questionKey: 'note' }],
      },
    },
  }),
  reopenQuestionnaireReturn: async (): Promise<Operation> => ({
    query: `mutation($input: ReopenQuestionnaireReturnInput!) { reopenQuestionnaireReturn(input: $input) { return { id } } }`,
    variables: {
      input: { returnId: await freshQuestionnaireReturn('SUBMITTED'), reason: 'Provjera' },
    },
  }),
};
async function freshD4dEvent() {
  const event = await veza.server.database.prisma.event.create({
    data: {
      kind: 'WORKSHOP',
      title: 'Matrica sastanak',
      programmeId: Buffer.from(ids.d4d, 'base64').toString().split(':')[1]!,
      startsOn: new Date('2026-12-10T00:00:00Z'),
      endsOn: new Date('2026-12-10T00:00:00Z'),
      days: { create: { number: 1, date: new Date('2026-12-10T00:00:00Z') } },
    },
  });
  return globalId('Event', event.id);
}
allowOnly(['admin', 'programmeAdmin'], questionnaireTeamOp);
const questionnaireRecipientOp = {
  saveQuestionnaireReturnDraft: async (): Promise<Operation> => ({
    query: `mutation($input: SaveQuestionnaireReturnDraftInput!) { saveQuestionnaireReturnDraft(input: $input) { return { id } } }`,
    variables: {
      input: { returnId: await freshQuestionnaireReturn('DRAFT'), answers: { note: 'Nacrt' } },
    },
  }),
  submitQuestionnaireReturn: async (): Promise<Operation> => ({
    query: `mutation($input: SubmitQuestionnaireReturnInput!) { submitQuestionnaireReturn(input: $input) { return { id } } }`,
    variables: { input: { returnId: await freshQuestionnaireReturn('DRAFT') } },
  }),
};
allowOnly(['coordinator'], questionnaireRecipientOp);
// --- events: cancellation; idea rounds: closing ---
// A fresh published D4D workshop each time: its programme's administrators cancel it.
allowOnly(['admin', 'programmeAdmin'], {
  cancelEvent: async (): Promise<Operation> => ({
    query: `mutation($input: CancelEventInput!) { cancelEvent(input: $input) { event { id } } }`,
    variables: { input: { eventId: (await bareEvent(true)).eventId, reason: 'Matrica' } },
  }),
  // A fresh open D4D round each time: its programme's administrators close it.
  closeProjectIdeaRound: async (): Promise<Operation> => {
    const round = await veza.server.database.prisma.projectIdeaRound.create({
      data: { programmeId: rawD4d(), name: 'Matrica runda', scaleMax: 5 },
    });
    return {
      query: `mutation($input: CloseProjectIdeaRoundInput!) {
        closeProjectIdeaRound(input: $input) { round { id } } }`,
      variables: { input: { roundId: globalId('ProjectIdeaRound', round.id) } },
    };
  },
});
const rawD4d = () => Buffer.from(ids.d4d, 'base64').toString().split(':')[1]!;
// --- registrar ---
// The registrar role is in this block's rows only (with every other role refused).
const withRegistrar = [...signedInRoles, 'registrar'] as const;
let registrarServices = 0;
async function publishedBirthService() {
  const { registrarModel } = await veza.data('{ registrarModel { services { id code } } }');
  return registrarModel.services.find((s: any) => s.code === 'BIRTH_REGISTER_EXTRACT').id;
}
async function verifiedKljucRequest() {
  const prisma = veza.server.database.prisma;
  const service = await prisma.registrarService.findUniqueOrThrow({
    where: { code: 'BIRTH_REGISTER_EXTRACT' },
  });
  const request = await prisma.registrarRequest.create({
    data: {
      municipalityId: rawKljuc(),
      serviceId: service.id,
      country: 'CH',
      deliveryOption: 'POST_ABROAD',
      fee: '10.00',
      processingDays: 5,
      requesterName: 'Matrica',
      email: 'matrica@example.ch',
      verifiedAt: new Date(),
    },
  });
  return globalId('RegistrarRequest', request.id);
}
const rawKljuc = () => Buffer.from(ids.kljuc, 'base64').toString().split(':')[1]!;
allowOnly(
  ['admin'],
  {
    createRegistrarService: (): Operation => ({
      query: `mutation($input: CreateRegistrarServiceInput!) {
        createRegistrarService(input: $input) { service { id } } }`,
      variables: {
        input: {
          code: `MATRIX_${++registrarServices}`,
          name: 'Izvod (matrica)',
          requiredData: ['FULL_NAME'],
          deliveryOptions: ['POST_ABROAD'],
          fee: '10.00',
          processingDays: 5,
        },
      },
    }),
    publishRegistrarService: async (): Promise<Operation> => {
      const service = await veza.server.database.prisma.registrarService.create({
        data: {
          code: `MATRIX_DRAFT_${++registrarServices}`,
          name: 'Nacrt',
          requiredData: [],
          deliveryOptions: ['POST_ABROAD'],
          fee: '1.00',
          processingDays: 1,
        },
      });
      return {
        query: `mutation($input: PublishRegistrarServiceInput!) {
          publishRegistrarService(input: $input) { service { id } } }`,
        variables: { input: { serviceId: globalId('RegistrarService', service.id) } },
      };
    },
  },
  withRegistrar,
);
allowOnly(
  ['admin', 'coordinator', 'registrar'],
  {
    adoptRegistrarModel: (): Operation => ({
      query: `mutation($input: AdoptRegistrarModelInput!) {
        adoptRegistrarModel(input: $input) { adoption { id } } }`,
      variables: {
        input: {
          municipalityId: municipality(),
          registrarOffice: 'Matični ured, Ključ',
          paymentInstructions: 'Račun Općine Ključ',
          complete: false,
        },
      },
    }),
    offerRegistrarService: async (): Promise<Operation> => ({
      query: `mutation($input: OfferRegistrarServiceInput!) {
        offerRegistrarService(input: $input) { offer { id } } }`,
      variables: {
        input: {
          municipalityId: municipality(),
          serviceId: await publishedBirthService(),
          fee: '12.00',
        },
      },
    }),
  },
  withRegistrar,
);
allowOnly(
  ['registrar'],
  {
    updateRegistrarRequest: async (): Promise<Operation> => ({
      query: `mutation($input: UpdateRegistrarRequestInput!) {
        updateRegistrarRequest(input: $input) { request { id } } }`,
      variables: { input: { id: await verifiedKljucRequest(), status: 'IN_PROCESS' } },
    }),
  },
  withRegistrar,
);
// --- mailing lists ---
let listFixtures = 0;
/** A fresh list of D4D (where programmeAdmin administers) or M&R (where they do not). */
async function freshList(programme: 'd4d' | 'mr') {
  const list = await veza.server.database.prisma.mailingList.create({
    data: {
      programmeId: Buffer.from(ids[programme], 'base64').toString().split(':')[1]!,
      name: `Matrica lista ${++listFixtures}`,
      openToSignUp: true,
    },
  });
  return list;
}
async function kljucDiasporaMember() {
  const prisma = veza.server.database.prisma;
  const kljuc = await prisma.municipality.findFirstOrThrow({ where: { name: 'Ključ' } });
  return prisma.diasporaMember.create({
    data: {
      country: 'CH',
      homeMunicipalityId: kljuc.id,
      email: `clan.${++listFixtures}@example.ch`,
      consentGivenAt: new Date(),
      consentScope: 'CONTACT',
    },
  });
}
const listMutation = (name: string, input: string, payload: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { ${payload} } }`;
const listAdminOp = (programme: 'd4d' | 'mr') => ({
  createMailingList: (): Operation => ({
    query: listMutation('createMailingList', 'CreateMailingListInput', 'mailingList { id }'),
    variables: { input: { programmeId: ids[programme], name: `Nova lista ${++listFixtures}` } },
  }),
  updateMailingList: async (): Promise<Operation> => ({
    query: listMutation('updateMailingList', 'UpdateMailingListInput', 'mailingList { id }'),
    variables: {
      input: {
        listId: globalId('MailingList', (await freshList(programme)).id),
        name: `Novo ime ${++listFixtures}`,
      },
    },
  }),
  addMailingListMember: async (): Promise<Operation> => ({
    query: listMutation('addMailingListMember', 'AddMailingListMemberInput', 'member { id }'),
    variables: {
      input: {
        listId: globalId('MailingList', (await freshList(programme)).id),
        personId: ids.kljucPerson,
      },
    },
  }),
  removeMailingListMember: async (): Promise<Operation> => {
    const prisma = veza.server.database.prisma;
    const list = await freshList(programme);
    const member = await prisma.mailingListMember.create({
      data: { listId: list.id, kind: 'EXTERNAL', email: 'van@example.ba', confirmedAt: new Date() },
    });
    return {
      query: listMutation(
        'removeMailingListMember',
        'RemoveMailingListMemberInput',
        'mailingList { id }',
      ),
      variables: { input: { memberId: globalId('MailingListMember', member.id) } },
    };
  },
});
allowOnly(['admin', 'programmeAdmin'], listAdminOp('d4d'));
for (const [name, prepare] of Object.entries(listAdminOp('mr'))) {
  for (const role of ['anonymous', ...signedInRoles] as const) {
    const outcome = role === 'admin' ? 'ok' : refused(role);
    add(role, `${name} (M&R)`, name, outcome, prepare);
  }
}
const publicListOp = {
  subscribeToMailingList: async (): Promise<Operation> => ({
    query: listMutation(
      'subscribeToMailingList',
      'SubscribeToMailingListInput',
      'pendingConfirmation',
    ),
    variables: {
      input: {
        listId: globalId('MailingList', (await freshList('mr')).id),
        email: `prijava.${++listFixtures}@example.ba`,
      },
    },
  }),
  confirmMailingListSubscription: async (): Promise<Operation> => {
    const { createHash, randomBytes } = await import('node:crypto');
    const token = randomBytes(16).toString('hex');
    await veza.server.database.prisma.mailingListSignUp.create({
      data: {
        listId: (await freshList('mr')).id,
        email: `potvrda.${++listFixtures}@example.ba`,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    return {
      query: listMutation(
        'confirmMailingListSubscription',
        'ConfirmMailingListSubscriptionInput',
        'mailingList { id }',
      ),
      variables: { input: { token } },
    };
  },
};
allowOnly(['anonymous', ...signedInRoles], publicListOp);
const consentOp = {
  recordCommunicationConsent: async (): Promise<Operation> => ({
    query: listMutation(
      'recordCommunicationConsent',
      'RecordCommunicationConsentInput',
      'consent { givenAt }',
    ),
    variables: {
      input: {
        diasporaMemberId: globalId('DiasporaMember', (await kljucDiasporaMember()).id),
        allLists: true,
        kinds: ['BULLETIN'],
        source: 'Obrazac, Dani dijaspore',
      },
    },
  }),
  withdrawCommunicationConsent: async (): Promise<Operation> => {
    const member = await kljucDiasporaMember();
    await veza.server.database.prisma.communicationConsent.create({
      data: {
        diasporaMemberId: member.id,
        givenAt: new Date(),
        allLists: true,
        kinds: ['BULLETIN'],
        source: 'Obrazac',
      },
    });
    return {
      query: listMutation(
        'withdrawCommunicationConsent',
        'WithdrawCommunicationConsentInput',
        'consent { withdrawnAt }',
      ),
      variables: { input: { diasporaMemberId: globalId('DiasporaMember', member.id) } },
    };
  },
};
allowOnly(['admin', 'coordinator'], consentOp);

// --- bulletins ---
/** A draft issue of D4D (administered by programmeAdmin) or M&R, without stories. */
async function freshBulletin(programme: 'd4d' | 'mr') {
  const bulletin = await veza.server.database.prisma.bulletin.create({
    data: {
      programmeId: Buffer.from(ids[programme], 'base64').toString().split(':')[1]!,
      title: `Matrica bilten ${++listFixtures}`,
      editorial: 'Uvodnik',
    },
  });
  return globalId('Bulletin', bulletin.id);
}
const bulletinOp = (programme: 'd4d' | 'mr') => ({
  createBulletin: (): Operation => ({
    query: listMutation('createBulletin', 'CreateBulletinInput', 'bulletin { id }'),
    variables: { input: { programmeId: ids[programme], title: 'Bilten', editorial: 'Uvod' } },
  }),
  updateBulletin: async (): Promise<Operation> => ({
    query: listMutation('updateBulletin', 'UpdateBulletinInput', 'bulletin { id }'),
    variables: { input: { bulletinId: await freshBulletin(programme), title: 'Novi' } },
  }),
  sendBulletin: async (): Promise<Operation> => ({
    query: listMutation('sendBulletin', 'SendBulletinInput', 'bulletin { id }'),
    variables: {
      input: {
        bulletinId: await freshBulletin(programme),
        listIds: [globalId('MailingList', (await freshList(programme)).id)],
      },
    },
  }),
});
allowOnly(['admin', 'programmeAdmin'], bulletinOp('d4d'));
for (const [name, prepare] of Object.entries(bulletinOp('mr'))) {
  for (const role of ['anonymous', ...signedInRoles] as const) {
    add(role, `${name} (M&R)`, name, role === 'admin' ? 'ok' : refused(role), prepare);
  }
}
// --- action item owners and dialogue platforms (h21) ---
/** An adopted M&R action for all partner municipalities (Ključ, Prijedor, Sanski Most). */
async function sharedActionItem(): Promise<string> {
  const created = await veza.data(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id conclusions { id } } } }`,
    {
      input: {
        kind: 'WORKSHOP',
        title: 'Matrica M&R',
        programmeId: ids.mr,
        startsOn: '2027-02-01',
        endsOn: '2027-02-01',
        published: true,
      },
    },
    tokens.admin,
  );
  const { id: eventId, conclusions } = created.createEvent.event;
  for (const mutation of [
    `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
    `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { id } } }`,
  ]) {
    const input = mutation.includes('AddConclusionItem')
      ? { documentId: conclusions.id, kind: 'ACTION', text: 'Svi partneri', allPartners: true }
      : { documentId: conclusions.id };
    await veza.data(mutation, { input }, tokens.admin);
  }
  const { actionItems } = await veza.data(
    'query($e: ID) { actionItems(eventId: $e) { edges { node { id } } } }',
    { e: eventId },
    tokens.admin,
  );
  return actionItems.edges[0].node.id;
}
async function municipalityId(search: string): Promise<string> {
  const { municipalities } = await veza.data(
    'query($s: String) { municipalities(search: $s) { edges { node { id } } } }',
    { s: search },
  );
  return municipalities.edges[0].node.id;
}
const updateShare = async (owner: string | null): Promise<Operation> => ({
  query: `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }`,
  variables: {
    input: {
      actionItemId: await sharedActionItem(),
      status: 'DONE',
      ...(owner ? { ownerMunicipalityId: await municipalityId(owner) } : {}),
    },
  },
});
add('coordinator', 'updateActionItem (own share of many)', 'updateActionItem', 'ok', () =>
  updateShare(null),
);
add(
  'coordinator',
  "updateActionItem (another owner's share)",
  'updateActionItem',
  'FORBIDDEN',
  () => updateShare('prijedor'),
);
add('admin', "updateActionItem (any owner's share)", 'updateActionItem', 'ok', () =>
  updateShare('prijedor'),
);

/** The database id inside a global ID. */
const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;
/** A fresh D4D platform of Ključ (LOCAL) or of Ključ and Zenica (INTER_MUNICIPAL). */
async function platformOfKljuc(kind: 'LOCAL' | 'INTER_MUNICIPAL') {
  const prisma = veza.server.database.prisma;
  const zenica = await municipalityId('zenica');
  const municipalities = kind === 'LOCAL' ? [ids.kljuc] : [ids.kljuc, zenica];
  const platform = await prisma.dialoguePlatform.create({
    data: {
      programmeId: rawId(ids.d4d),
      kind,
      form: kind === 'LOCAL' ? 'LOCAL_DIALOGUE_PLATFORM' : null,
      name: `Platforma ${kind}`,
      municipalities: { create: municipalities.map((m) => ({ municipalityId: rawId(m) })) },
    },
  });
  return { id: platform.id, globalId: globalId('DialoguePlatform', platform.id) };
}
async function planActivityOfKljuc() {
  const prisma = veza.server.database.prisma;
  const platform = await platformOfKljuc('LOCAL');
  const activity = await prisma.planActivity.create({
    data: {
      position: 0,
      title: 'Aktivnost',
      plan: { create: { platformId: platform.id, title: 'Plan' } },
      owners: { create: [{ municipalityId: rawId(ids.kljuc) }] },
    },
  });
  return {
    planId: globalId('JointActionPlan', activity.planId),
    activityId: globalId('PlanActivity', activity.id),
  };
}
const platformOp = (name: string, input: Record<string, unknown>): Operation => ({
  query: `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename } }`,
  variables: { input },
});
allowOnly(['admin', 'programmeAdmin', 'coordinator'], {
  createDialoguePlatform: () =>
    platformOp('createDialoguePlatform', {
      programmeId: ids.d4d,
      kind: 'LOCAL',
      form: 'CIVIC_INITIATIVES_FORUM',
      name: 'Forum matrice',
      municipalityIds: [ids.kljuc],
    }),
  updateDialoguePlatform: async () =>
    platformOp('updateDialoguePlatform', {
      platformId: (await platformOfKljuc('LOCAL')).globalId,
      name: 'Preimenovana platforma',
    }),
  addDialoguePlatformMember: async () =>
    platformOp('addDialoguePlatformMember', {
      platformId: (await platformOfKljuc('LOCAL')).globalId,
      organizationId: ids.kosmos,
      stakeholderGroup: 'DIASPORA',
    }),
  linkDialoguePlatformMeeting: async () =>
    platformOp('linkDialoguePlatformMeeting', {
      platformId: (await platformOfKljuc('LOCAL')).globalId,
      eventId: (await bareEvent(true)).eventId,
    }),
  recordCivicInitiative: async () =>
    platformOp('recordCivicInitiative', {
      platformId: (await platformOfKljuc('LOCAL')).globalId,
      title: 'Inicijativa',
      raisedOn: '2026-01-10',
    }),
  advanceCivicInitiative: async () => {
    const platform = await platformOfKljuc('LOCAL');
    const initiative = await veza.server.database.prisma.civicInitiative.create({
      data: { platformId: platform.id, title: 'Inicijativa', raisedOn: new Date('2026-01-10') },
    });
    return platformOp('advanceCivicInitiative', {
      initiativeId: globalId('CivicInitiative', initiative.id),
      adoptedOn: '2026-02-10',
    });
  },
  addPriorityArea: async () =>
    platformOp('addPriorityArea', {
      platformId: (await platformOfKljuc('INTER_MUNICIPAL')).globalId,
      title: 'Oblast',
      municipalities: [{ municipalityId: ids.kljuc, reason: 'Dobra praksa' }],
    }),
  adoptPriorityArea: async () => {
    const mldp = await platformOfKljuc('INTER_MUNICIPAL');
    const area = await veza.server.database.prisma.priorityArea.create({
      data: { platformId: mldp.id, title: 'Oblast', position: 0 },
    });
    return platformOp('adoptPriorityArea', {
      areaId: globalId('PriorityArea', area.id),
      platformId: (await platformOfKljuc('LOCAL')).globalId,
    });
  },
  createJointActionPlan: async () =>
    platformOp('createJointActionPlan', {
      platformId: (await platformOfKljuc('LOCAL')).globalId,
      title: 'Plan',
    }),
  addPlanActivity: async () =>
    platformOp('addPlanActivity', { planId: (await planActivityOfKljuc()).planId, title: 'Nova' }),
  updatePlanActivity: async () =>
    platformOp('updatePlanActivity', {
      activityId: (await planActivityOfKljuc()).activityId,
      progress: 40,
    }),
});

describe.each(['http', 'ws'] as const)('over %s', (transport) => {
  it.each(cases.map((c) => [`${c.role}: ${c.name} → ${c.outcome}`, c] as const))(
    '%s',
    async (_title, testCase) => {
      const operation = await testCase.prepare(transport);
      const before = testCase.outcome === 'ok' ? undefined : await snapshot();
      const result = await execute(transport, testCase.role, operation);
      if (testCase.outcome === 'ok') {
        expect(result.errors).toBeUndefined();
        const anonymousViewer = testCase.role === 'anonymous' && testCase.field === 'viewer';
        expect(result.data?.[testCase.field] ?? null)[
          anonymousViewer ? 'toBeNull' : 'toBeTruthy'
        ]();
        return;
      }
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual([testCase.outcome]);
      expect((result.data ?? {})[testCase.field] ?? null).toBeNull();
      expect(await snapshot()).toEqual(before);
    },
  );
});

const directoryMutation =
  /^(create|update|archive)(Municipality|DiasporaOffice|ProgrammePartnership|Person|CoordinatorAssignment|Memorandum|DiasporaMember|DiasporaAssociation)$|^(record|withdraw)DiasporaMemberConsent$/;

describe('what the matrix covers', () => {
  it('has an allowed and a refused example of every mutation', async () => {
    const { __schema } = await veza.data('{ __schema { mutationType { fields { name } } } }');
    const mutations: string[] = __schema.mutationType.fields.map((f: any) => f.name);
    const allowed = new Set(cases.filter((c) => c.outcome === 'ok').map((c) => c.field));
    const denied = new Set(cases.filter((c) => c.outcome !== 'ok').map((c) => c.field));
    // signIn and acceptInvitation are public (no refusal by role); tested in
    // test/modules/accounts/auth.test.ts.
    // The registrar's requester mutations are public too (a verification or tracking code, not
    // a role, decides); their refusals are in test/modules/registrar/registrar.test.ts.
    // So are the mailing lists' sign-up and its confirmation (test/modules/mailing-lists/).
    // The directory's mutations have their refusals in test/modules/directory/; they are not in
    // this matrix yet.
    const publicMutations = [
      'signIn',
      'acceptInvitation',
      'subscribeToMailingList',
      'confirmMailingListSubscription',
      'requestRegistrarDocument',
      'confirmRegistrarRequest',
      'cancelRegistrarRequest',
      'sendRegistrarRequestMessage',
    ];
    const roleBound = mutations.filter(
      (name) => !publicMutations.includes(name) && !directoryMutation.test(name),
    );
    expect(roleBound.filter((name) => !allowed.has(name) || !denied.has(name))).toEqual([]);
  });
});
