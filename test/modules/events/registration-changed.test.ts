// registrationChanged over real graphql-ws clients: the organisers hear each registration as it
// is made, accepted, cancelled, admitted and attended; nobody else may listen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collect,
  subscribed,
  startTestServer,
  type TestServer,
  twoInstancesBeside,
} from '../../utils/server.js';
import { firstId, programmeId } from '../../utils/lookup.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc' | 'zenica' | 'partner', string>;
const ids = {} as Record<'d4d' | 'kljuc' | 'kljucPerson' | 'zenicaPerson', string>;

const subscription = `subscription($eventId: ID!) {
  registrationChanged(eventId: $eventId) {
    id status accepted waitlistPosition attendedDays municipality { name }
  }
}`;
const register = `mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { id status } } }`;

async function newEvent(input: Record<string, unknown>, token = tokens.admin) {
  const { createEvent } = await veza.data<any>(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }`,
    {
      input: {
        kind: 'WORKSHOP',
        title: 'Radionica uživo',
        startsOn: '2027-06-07',
        endsOn: '2027-06-08',
        published: true,
        ...input,
      },
    },
    token,
  );
  return createEvent.event.id as string;
}

/** Subscribes and waits until the server has the subscription. */
async function listen(server: TestServer, token: string | undefined, eventId: string) {
  return subscribed(server, () => collect<any>(server.wsClient(token), subscription, { eventId }));
}

/** The error codes a subscription attempt ends with (errors in a result or a refusal). */
async function refusalOf(token: string | undefined, eventId: string) {
  const feed = collect<any>(veza.wsClient(token), subscription, { eventId });
  const deadline = Date.now() + 5_000;
  while (!feed.closed && feed.results.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const errors = feed.results[0]?.errors ?? (Array.isArray(feed.closed) ? feed.closed : []);
  return errors.map((error: any) => error.extensions?.code);
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  tokens.zenica = await veza.signIn('koordinator.zenica@veza.test');
  tokens.partner = await veza.signIn('partner@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
  ids.kljuc = await firstId(veza, 'municipalities', 'kljuc');
  ids.kljucPerson = await firstId(veza, 'people', 'Koordinator za dijasporu, Ključ', tokens.admin);
  ids.zenicaPerson = await firstId(
    veza,
    'people',
    'Koordinator za dijasporu, Zenica',
    tokens.admin,
  );
});
afterAll(() => veza?.stop());

describe('registrationChanged', () => {
  it('the administrator hears each registration live, and only of this event', async () => {
    const eventId = await newEvent({ programmeId: ids.d4d, capacity: 1 });
    const otherId = await newEvent({ programmeId: ids.d4d });
    const feed = await listen(veza, tokens.admin, eventId);
    const other = await listen(veza, tokens.admin, otherId);

    const kljuc = await veza.data<any>(
      register,
      {
        input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
      },
      tokens.kljuc,
    );
    const kljucId = kljuc.registerParticipant.participant.id;
    await feed.waitFor(1);
    expect(feed.results[0]!.data!.registrationChanged).toEqual({
      id: kljucId,
      status: 'REGISTERED',
      accepted: false,
      waitlistPosition: null,
      attendedDays: [],
      municipality: { name: 'Ključ' },
    });

    const zenica = await veza.data<any>(
      register,
      {
        input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
      },
      tokens.zenica,
    );
    const zenicaId = zenica.registerParticipant.participant.id;
    await feed.waitFor(2);
    expect(feed.results[1]!.data!.registrationChanged).toMatchObject({
      id: zenicaId,
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });

    await veza.data(
      `mutation($input: AcceptParticipantInput!) { acceptParticipant(input: $input) { participant { id } } }`,
      { input: { participantId: kljucId } },
      tokens.admin,
    );
    await feed.waitFor(3);
    expect(feed.results[2]!.data!.registrationChanged).toMatchObject({
      id: kljucId,
      accepted: true,
    });

    // Ključ withdraws: its seat goes to Zenica, and both changes are heard.
    await veza.data(
      `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { id } } }`,
      { input: { participantId: kljucId } },
      tokens.kljuc,
    );
    await feed.waitFor(5);
    expect(
      feed.results.slice(3, 5).map((result) => {
        const { id, status } = result.data!.registrationChanged;
        return { id, status };
      }),
    ).toEqual([
      { id: kljucId, status: 'CANCELLED' },
      { id: zenicaId, status: 'REGISTERED' },
    ]);

    await veza.data(
      `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { participant { id } } }`,
      { input: { participantId: zenicaId, day: 2, present: true } },
      tokens.admin,
    );
    await feed.waitFor(6);
    expect(feed.results[5]!.data!.registrationChanged).toMatchObject({
      id: zenicaId,
      attendedDays: [2],
    });
    expect(feed.results.every((result) => result.errors === undefined)).toBe(true);
    expect(other.results).toEqual([]);
  });

  it('the host municipality’s coordinator hears registrations for the event it hosts', async () => {
    const eventId = await newEvent({ hostMunicipalityId: ids.kljuc }, tokens.kljuc);
    const feed = await listen(veza, tokens.kljuc, eventId);
    await veza.data(
      register,
      {
        input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
      },
      tokens.zenica,
    );
    await feed.waitFor(1);
    expect(feed.results[0]!.data!.registrationChanged).toMatchObject({
      status: 'REGISTERED',
      municipality: { name: 'Zenica' },
    });
  });

  it('refuses the public, other coordinators and partners, unknown events and other IDs', async () => {
    const eventId = await newEvent({ programmeId: ids.d4d });
    expect(await refusalOf(undefined, eventId)).toEqual(['UNAUTHENTICATED']);
    expect(await refusalOf(tokens.zenica, eventId)).toEqual(['FORBIDDEN']);
    expect(await refusalOf(tokens.partner, eventId)).toEqual(['FORBIDDEN']);
    const missing = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    expect(await refusalOf(tokens.admin, missing)).toEqual(['NOT_FOUND']);
    expect(await refusalOf(tokens.admin, ids.d4d)).toEqual(['BAD_USER_INPUT']);
  });

  it.runIf(process.env.REDIS_URL)('arrives from another instance (Redis)', async () => {
    const [first, second] = await twoInstancesBeside(veza);
    const eventId = await newEvent({ programmeId: ids.d4d });
    const feed = await listen(second, tokens.admin, eventId);
    const registered = await first.data<any>(
      register,
      {
        input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' },
      },
      tokens.kljuc,
    );
    await feed.waitFor(1);
    expect(feed.results[0]!.data!.registrationChanged.id).toBe(
      registered.registerParticipant.participant.id,
    );
  });
});
