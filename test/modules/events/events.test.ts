// Events through the public API: days and agenda, registration with capacity and a waiting
// list, attendance per day, presentations, and who may do each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let partner: string;
const ids = {} as Record<
  'd4d' | 'kljuc' | 'zenica' | 'kosmos' | 'prijatelji' | 'kljucPerson' | 'zenicaPerson',
  string
>;

async function idOf(query: string, search: string, token?: string) {
  const data = await veza.data(query, { s: search }, token);
  return (Object.values(data)[0] as any).edges[0].node.id as string;
}

const createEvent = `mutation($input: CreateEventInput!) {
  createEvent(input: $input) {
    event {
      id title capacity
      hostMunicipality { name }
      days { number date title agenda { startTime topic presenter } }
    }
  }
}`;

const register = `mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { id status waitlistPosition } }
}`;

const participants = `query($id: ID!) {
  node(id: $id) {
    ... on Event {
      participants { totalCount edges { node { id status waitlistPosition stakeholderGroup accepted municipality { name } } } }
      participantCounts { stakeholderGroup count }
    }
  }
}`;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator, partner] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
  ids.d4d = await idOf(
    'query($s: String) { programmes(search: $s) { edges { node { id } } } }',
    'D4D',
  );
  const municipality = 'query($s: String) { municipalities(search: $s) { edges { node { id } } } }';
  ids.kljuc = await idOf(municipality, 'kljuc');
  ids.zenica = await idOf(municipality, 'zenica');
  const organization = 'query($s: String) { organizations(search: $s) { edges { node { id } } } }';
  ids.kosmos = await idOf(organization, 'kosmos');
  ids.prijatelji = await idOf(organization, 'prijatelji kljuca');
  const person = 'query($s: String) { people(search: $s) { edges { node { id } } } }';
  ids.kljucPerson = await idOf(person, 'Koordinator za dijasporu, Ključ', admin);
  ids.zenicaPerson = await idOf(person, 'Koordinator za dijasporu, Zenica', admin);
});
afterAll(() => veza?.stop());

describe('events with days and agenda', () => {
  it('creates a two-day workshop with its agenda, days numbered in date order', async () => {
    const { createEvent: created } = await veza.data(
      createEvent,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Radionica kontakt osoba',
          programmeId: ids.d4d,
          place: 'Sarajevo',
          venue: 'Hotel Europe',
          startsOn: '2026-03-25',
          endsOn: '2026-03-26',
          days: [
            { date: '2026-03-26', title: 'Projektne ideje', agenda: [{ topic: 'Obrazac' }] },
            {
              date: '2026-03-25',
              title: 'Komunikacija',
              agenda: [
                { startTime: '09:30', topic: 'Dobre prakse', presenter: 'UNDP' },
                { startTime: '11:00', topic: 'Virtuelni matičar', presenter: 'Prijedor' },
              ],
            },
          ],
        },
      },
      admin,
    );
    expect(created.event.days).toEqual([
      {
        number: 1,
        date: '2026-03-25',
        title: 'Komunikacija',
        agenda: [
          { startTime: '09:30', topic: 'Dobre prakse', presenter: 'UNDP' },
          { startTime: '11:00', topic: 'Virtuelni matičar', presenter: 'Prijedor' },
        ],
      },
      {
        number: 2,
        date: '2026-03-26',
        title: 'Projektne ideje',
        agenda: [{ startTime: null, topic: 'Obrazac', presenter: null }],
      },
    ]);

    const { setEventDayAgenda } = await veza.data(
      `mutation($input: SetEventDayAgendaInput!) {
        setEventDayAgenda(input: $input) { day { number title agenda { topic } } }
      }`,
      {
        input: {
          eventId: created.event.id,
          day: 2,
          title: 'Projektne ideje i pozivi',
          agenda: [{ topic: 'Obrazac' }, { topic: 'Javni pozivi' }],
        },
      },
      admin,
    );
    expect(setEventDayAgenda.day).toEqual({
      number: 2,
      title: 'Projektne ideje i pozivi',
      agenda: [{ topic: 'Obrazac' }, { topic: 'Javni pozivi' }],
    });
  });

  it('gives an event without explicit days one day per date', async () => {
    const { createEvent: created } = await veza.data(
      createEvent,
      {
        input: {
          kind: 'NETWORK_MEETING',
          title: 'Sastanak mreže',
          programmeId: ids.d4d,
          startsOn: '2026-04-14',
          endsOn: '2026-04-16',
        },
      },
      admin,
    );
    expect(created.event.days.map((day: any) => day.date)).toEqual([
      '2026-04-14',
      '2026-04-15',
      '2026-04-16',
    ]);
  });

  it('moves an event to new dates with its days, never losing what a day holds', async () => {
    const { createEvent: created } = await veza.data(
      createEvent,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Odgođena radionica',
          programmeId: ids.d4d,
          startsOn: '2026-05-11',
          endsOn: '2026-05-12',
          days: [
            { date: '2026-05-11', agenda: [{ topic: 'Uvod' }] },
            { date: '2026-05-12', agenda: [{ topic: 'Zaključci' }] },
          ],
        },
      },
      admin,
    );
    const eventId = created.event.id;
    const update = (fields: Record<string, unknown>) =>
      veza.gql(
        `mutation($input: UpdateEventInput!) { updateEvent(input: $input) {
          event { startsOn endsOn days { number date agenda { topic } } } } }`,
        { input: { eventId, ...fields } },
        admin,
      );
    const days = (result: any) =>
      result.data.updateEvent.event.days.map((day: any) => [
        day.number,
        day.date,
        day.agenda.map((item: any) => item.topic),
      ]);

    const postponed = await update({ startsOn: '2026-05-18', endsOn: '2026-05-19' });
    expect(days(postponed)).toEqual([
      [1, '2026-05-18', ['Uvod']],
      [2, '2026-05-19', ['Zaključci']],
    ]);

    // Shortened to one day: day 2 still has its agenda, so nothing moves.
    const refused = await update({ endsOn: '2026-05-18' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const event = `query($id: ID!) { node(id: $id) { ... on Event { endsOn days { date } } } }`;
    expect((await veza.data(event, { id: eventId }, admin)).node).toEqual({
      endsOn: '2026-05-19',
      days: [{ date: '2026-05-18' }, { date: '2026-05-19' }],
    });
    await veza.data(
      `mutation($input: SetEventDayAgendaInput!) { setEventDayAgenda(input: $input) { day { number } } }`,
      { input: { eventId, day: 2, agenda: [] } },
      admin,
    );
    expect(days(await update({ endsOn: '2026-05-18' }))).toEqual([[1, '2026-05-18', ['Uvod']]]);

    // Laid out one day per date, it gets a day for each added date; earlier, days move first.
    expect(days(await update({ startsOn: '2026-05-04', endsOn: '2026-05-06' }))).toEqual([
      [1, '2026-05-04', ['Uvod']],
      [2, '2026-05-05', []],
      [3, '2026-05-06', []],
    ]);
    // One day later: each day takes the date the next one leaves.
    expect(days(await update({ startsOn: '2026-05-05', endsOn: '2026-05-07' }))).toEqual([
      [1, '2026-05-05', ['Uvod']],
      [2, '2026-05-06', []],
      [3, '2026-05-07', []],
    ]);

    for (const bad of [{ endsOn: '2026-05-01' }, { startsOn: null }, { endsOn: '2026-07-01' }]) {
      expect((await update(bad)).errors?.[0]?.extensions?.code, JSON.stringify(bad)).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('lets a coordinator create the events their municipality hosts, and no others', async () => {
    const input = {
      kind: 'BUSINESS_COFFEE',
      title: 'Biznis kafa, Dani dijaspore Ključ',
      hostMunicipalityId: ids.kljuc,
      startsOn: '2026-07-28',
      endsOn: '2026-07-28',
    };
    const { createEvent: created } = await veza.data(createEvent, { input }, kljucCoordinator);
    expect(created.event.hostMunicipality).toEqual({ name: 'Ključ' });
    const other = await veza.gql(
      createEvent,
      { input: { ...input, hostMunicipalityId: ids.zenica } },
      kljucCoordinator,
    );
    expect(refusal(other)).toBe('FORBIDDEN');
  });

  it.each([
    ['ends before it starts', { startsOn: '2026-05-02', endsOn: '2026-05-01' }],
    ['a day outside its dates', { days: [{ date: '2026-06-01' }] }],
    ['the same day twice', { days: [{ date: '2026-05-01' }, { date: '2026-05-01' }] }],
    [
      'a malformed start time',
      { days: [{ date: '2026-05-01', agenda: [{ topic: 'x', startTime: '9.30' }] }] },
    ],
    ['a blank topic', { days: [{ date: '2026-05-01', agenda: [{ topic: '  ' }] }] }],
    ['more than 31 days', { startsOn: '2026-05-01', endsOn: '2026-07-01' }],
    ['a negative capacity', { capacity: -1 }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, change) => {
    const before = await veza.server.database.prisma.event.count();
    const result = await veza.gql(
      createEvent,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Loš unos',
          programmeId: ids.d4d,
          startsOn: '2026-05-01',
          endsOn: '2026-05-01',
          ...change,
        },
      },
      admin,
    );
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    expect(await veza.server.database.prisma.event.count()).toBe(before);
  });
});

describe('registration, the waiting list and attendance', () => {
  let eventId: string;

  beforeAll(async () => {
    const { createEvent: created } = await veza.data(
      createEvent,
      {
        input: {
          kind: 'TRAINING',
          title: 'Trening koordinatora',
          programmeId: ids.d4d,
          startsOn: '2027-10-18',
          endsOn: '2027-10-19',
          capacity: 2,
          published: true,
        },
      },
      admin,
    );
    eventId = created.event.id;
  });

  it('registers up to capacity, then onto the waiting list, and admits from it in order', async () => {
    const first = (
      await veza.data(
        register,
        { input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
        kljucCoordinator,
      )
    ).registerParticipant.participant;
    expect(first).toMatchObject({ status: 'REGISTERED', waitlistPosition: null });
    const second = (
      await veza.data(
        register,
        { input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
        admin,
      )
    ).registerParticipant.participant;
    expect(second.status).toBe('REGISTERED');
    const third = (
      await veza.data(
        register,
        { input: { eventId, organizationId: ids.kosmos, stakeholderGroup: 'DIASPORA' } },
        admin,
      )
    ).registerParticipant.participant;
    expect(third).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    const fourth = (
      await veza.data(
        register,
        { input: { eventId, organizationId: ids.prijatelji, stakeholderGroup: 'DIASPORA' } },
        admin,
      )
    ).registerParticipant.participant;
    expect(fourth).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });

    // The same person twice is a conflict, and writes nothing.
    const again = await veza.gql(
      register,
      { input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      admin,
    );
    expect(refusal(again)).toBe('CONFLICT');

    // A cancellation frees the seat for the longest-waiting participant.
    const { cancelRegistration } = await veza.data(
      `mutation($input: CancelRegistrationInput!) {
        cancelRegistration(input: $input) { participant { status } }
      }`,
      { input: { participantId: second.id } },
      admin,
    );
    expect(cancelRegistration.participant.status).toBe('CANCELLED');
    const { node } = await veza.data(participants, { id: eventId }, admin);
    const byId = new Map(node.participants.edges.map((edge: any) => [edge.node.id, edge.node]));
    expect(byId.get(third.id)).toMatchObject({ status: 'REGISTERED' });
    expect(byId.get(fourth.id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect(node.participants.totalCount).toBe(4);
    expect(node.participantCounts).toEqual([
      { stakeholderGroup: 'MUNICIPAL_AUTHORITY', count: 1 },
      { stakeholderGroup: 'DIASPORA', count: 1 },
    ]);

    // Raising the capacity admits the rest of the line.
    await veza.data(
      `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { capacity } } }`,
      { input: { eventId, capacity: 5 } },
      admin,
    );
    const after = await veza.data(participants, { id: eventId }, admin);
    expect(
      after.node.participants.edges.find((edge: any) => edge.node.id === fourth.id).node.status,
    ).toBe('REGISTERED');
  });

  it('lets coordinators register only for their own municipality', async () => {
    const result = await veza.gql(
      register,
      { input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      kljucCoordinator,
    );
    expect(refusal(result)).toBe('FORBIDDEN');
    const byPartner = await veza.gql(
      register,
      { input: { eventId, organizationId: ids.kosmos, stakeholderGroup: 'DIASPORA' } },
      partner,
    );
    expect(refusal(byPartner)).toBe('FORBIDDEN');
  });

  it('closes registration once the event is over, except for its managers', async () => {
    const { events } = await veza.data(
      '{ events(search: "druga radionica kontakt osoba") { edges { node { id } } } }',
      {},
    );
    const input = {
      eventId: events.edges[0].node.id,
      organizationId: ids.kosmos,
      municipalityId: ids.kljuc,
      stakeholderGroup: 'DIASPORA',
    };
    const late = await veza.gql(register, { input }, kljucCoordinator);
    expect(refusal(late)).toBe('CONFLICT');
    expect(late.errors?.[0]?.message).toMatch(/over/);
    const recorded = await veza.data(register, { input }, admin);
    expect(recorded.registerParticipant.participant.status).toBe('REGISTERED');
  });

  it('shows participants to members only, and counts per stakeholder group to the public', async () => {
    const anonymous = await veza.gql(participants, { id: eventId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const counts = await veza.data(
      'query($id: ID!) { node(id: $id) { ... on Event { participantCounts { count } } } }',
      { id: eventId },
    );
    expect(counts.node.participantCounts.length).toBeGreaterThan(0);
  });

  it('records attendance per day', async () => {
    const { node } = await veza.data(participants, { id: eventId }, admin);
    const registered = node.participants.edges.find(
      (edge: any) => edge.node.status === 'REGISTERED',
    ).node;
    const attend = `mutation($input: RecordAttendanceInput!) {
      recordAttendance(input: $input) { participant { attendedDays } }
    }`;
    await veza.data(
      attend,
      { input: { participantId: registered.id, day: 2, present: true } },
      admin,
    );
    const both = await veza.data(
      attend,
      { input: { participantId: registered.id, day: 1, present: true } },
      admin,
    );
    expect(both.recordAttendance.participant.attendedDays).toEqual([1, 2]);
    const undone = await veza.data(
      attend,
      { input: { participantId: registered.id, day: 2, present: false } },
      admin,
    );
    expect(undone.recordAttendance.participant.attendedDays).toEqual([1]);

    const noSuchDay = await veza.gql(
      attend,
      { input: { participantId: registered.id, day: 3, present: true } },
      admin,
    );
    expect(refusal(noSuchDay)).toBe('NOT_FOUND');
    const notHost = await veza.gql(
      attend,
      { input: { participantId: registered.id, day: 1, present: true } },
      kljucCoordinator,
    );
    expect(refusal(notHost)).toBe('FORBIDDEN');
  });

  it('finds events a municipality hosts or takes part in', async () => {
    const titles = async () =>
      (
        await veza.data(
          'query($m: ID) { events(municipalityId: $m, first: 50) { edges { node { id title } } } }',
          { m: ids.kljuc },
          admin,
        )
      ).events.edges.map((edge: any) => edge.node.title);
    // Ključ registered itself for the training: it takes part once the organiser accepts.
    expect(await titles()).toContain('Biznis kafa, Dani dijaspore Ključ 2018.');
    expect(await titles()).not.toContain('Trening koordinatora');
    const { node } = await veza.data(participants, { id: eventId }, admin);
    const kljuc = node.participants.edges.find(
      (edge: any) => edge.node.municipality?.name === 'Ključ' && !edge.node.accepted,
    ).node;
    await veza.data(
      `mutation($input: AcceptParticipantInput!) { acceptParticipant(input: $input) { participant { id } } }`,
      { input: { participantId: kljuc.id } },
      admin,
    );
    expect(await titles()).toContain('Trening koordinatora');
    expect(await titles()).not.toContain('Sastanak mreže');
  });

  it('filters events by kind and by a range of days', async () => {
    const titles = async (variables: Record<string, unknown>) =>
      (
        await veza.data(
          `query($kind: EventKind, $from: Date, $to: Date) {
            events(kind: $kind, from: $from, to: $to, first: 50) { edges { node { title kind } } }
          }`,
          variables,
          admin,
        )
      ).events.edges.map((edge: any) => `${edge.node.kind} ${edge.node.title}`);
    const coffees = await titles({ kind: 'BUSINESS_COFFEE' });
    expect(coffees).toContain('BUSINESS_COFFEE Biznis kafa, Dani dijaspore Ključ 2018.');
    expect(coffees.every((title: string) => title.startsWith('BUSINESS_COFFEE '))).toBe(true);
    // A two-day workshop (25–26 March 2015) has a day in a range that holds only its second.
    expect(await titles({ from: '2015-03-26', to: '2015-03-26' })).toEqual([
      'WORKSHOP Druga radionica kontakt osoba / koordinatora za iseljenike, na temu komunikacija sa iseljeništvom',
    ]);
    expect(await titles({ from: '2015-03-27', to: '2015-12-31' })).toEqual([]);
    const backwards = await veza.gql(
      '{ events(from: "2022-10-19", to: "2022-10-18") { totalCount } }',
      {},
      admin,
    );
    expect(refusal(backwards)).toBe('BAD_USER_INPUT');
  });
});

describe('presentations', () => {
  it('records who presented what and the support behind it, public with the event', async () => {
    const { events } = await veza.data(
      '{ events(search: "biznis kafa, dani dijaspore kljuc 2018") { edges { node { id presentations { title organization { name } supportedBy } } } } }',
      {},
    );
    const coffee = events.edges[0].node;
    expect(coffee.presentations).toEqual([
      expect.objectContaining({
        title: 'Dani kulture Bosne i Hercegovine u Luzernu, Švicarska',
        organization: { name: 'Udruženje omladinski centar "Kosmos"' },
        supportedBy: expect.stringContaining('Međunarodna kulturna saradnja'),
      }),
    ]);

    const added = await veza.data(
      `mutation($input: AddPresentationInput!) {
        addPresentation(input: $input) { presentation { id title day { number } } }
      }`,
      {
        input: {
          eventId: coffee.id,
          day: 1,
          title: 'Promotivni materijal općine Ključ',
          personId: ids.kljucPerson,
        },
      },
      kljucCoordinator,
    );
    expect(added.addPresentation.presentation).toMatchObject({ day: { number: 1 } });
    const byPartner = await veza.gql(
      `mutation($input: RemovePresentationInput!) { removePresentation(input: $input) { event { id } } }`,
      { input: { presentationId: added.addPresentation.presentation.id } },
      partner,
    );
    expect(refusal(byPartner)).toBe('FORBIDDEN');
    const removed = await veza.data(
      `mutation($input: RemovePresentationInput!) {
        removePresentation(input: $input) { event { presentations { title } } }
      }`,
      { input: { presentationId: added.addPresentation.presentation.id } },
      kljucCoordinator,
    );
    expect(removed.removePresentation.event.presentations).toHaveLength(1);
  });
});

describe('bad input to the other event mutations', () => {
  it('is refused with a code and writes nothing', async () => {
    const { createEvent: created } = await veza.data(
      createEvent,
      {
        input: {
          kind: 'WORKSHOP',
          title: 'Provjera unosa',
          programmeId: ids.d4d,
          startsOn: '2027-05-01',
          endsOn: '2027-05-01',
        },
      },
      admin,
    );
    const eventId = created.event.id;
    const participant = (
      await veza.data(
        register,
        { input: { eventId, organizationId: ids.kosmos, stakeholderGroup: 'DIASPORA' } },
        admin,
      )
    ).registerParticipant.participant;
    await veza.data(
      `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { id } } }`,
      { input: { participantId: participant.id } },
      admin,
    );
    const prisma = veza.server.database.prisma;
    const footprint = async () => ({
      event: await prisma.event.findUniqueOrThrow({
        where: { id: Buffer.from(eventId, 'base64').toString().split(':')[1]! },
      }),
      agenda: await prisma.agendaItem.count(),
      presentations: await prisma.presentation.count(),
      participants: await prisma.eventParticipant.findMany({
        select: { id: true, status: true },
        orderBy: { id: 'asc' },
      }),
      attendance: await prisma.attendance.count(),
    });
    const before = await footprint();
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'BAD_USER_INPUT',
        'mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }',
        { eventId, capacity: -5 },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }',
        { eventId, title: ' ' },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }',
        { eventId, published: null },
      ],
      [
        'NOT_FOUND',
        'mutation($input: SetEventDayAgendaInput!) { setEventDayAgenda(input: $input) { day { number } } }',
        { eventId, day: 2, agenda: [{ topic: 'x' }] },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: SetEventDayAgendaInput!) { setEventDayAgenda(input: $input) { day { number } } }',
        { eventId, day: 1, agenda: [{ topic: 'x', startTime: '25:00' }] },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: AddPresentationInput!) { addPresentation(input: $input) { presentation { id } } }',
        { eventId, title: 'Bez izlagača' },
      ],
      [
        'NOT_FOUND',
        'mutation($input: AddPresentationInput!) { addPresentation(input: $input) { presentation { id } } }',
        { eventId, day: 3, title: 'x', organizationId: ids.kosmos },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }',
        { eventId, stakeholderGroup: 'DIASPORA' },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }',
        { eventId, organizationId: ids.kosmos, stakeholderGroup: 'ALIENS' },
      ],
      [
        'CONFLICT',
        'mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { id } } }',
        { participantId: participant.id },
      ],
      [
        'CONFLICT',
        'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { participant { id } } }',
        { participantId: participant.id, day: 1, present: true },
      ],
      [
        'BAD_USER_INPUT',
        'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { participant { id } } }',
        { participantId: 'not an id', day: 1, present: true },
      ],
    ];
    for (const [code, query, input] of cases) {
      const result = await veza.gql(query, { input }, admin);
      expect(refusal(result), JSON.stringify(input)).toBe(code);
    }
    expect(await footprint()).toEqual(before);
  });
});

describe('a presentation of a project idea', () => {
  it('links an idea its maker may see, and refuses one they may not', async () => {
    const { events } = await veza.data(
      '{ events(search: "biznis kafa, dani dijaspore kljuc 2018") { edges { node { id } } } }',
      {},
    );
    const eventId = events.edges[0].node.id;
    const { projectIdeas } = await veza.data(
      '{ projectIdeas(first: 20) { edges { node { id title stage municipality { name } } } } }',
      {},
      admin,
    );
    const ideas = projectIdeas.edges.map((edge: any) => edge.node);
    const funded = ideas.find((idea: any) => idea.stage === 'FUNDED');
    const prijedor = ideas.find((idea: any) => idea.municipality.name === 'Prijedor');
    const add = `mutation($input: AddPresentationInput!) {
      addPresentation(input: $input) { presentation { title projectIdea { title } } }
    }`;
    const linked = await veza.data(
      add,
      {
        input: {
          eventId,
          title: funded.title,
          personId: ids.kljucPerson,
          projectIdeaId: funded.id,
        },
      },
      kljucCoordinator,
    );
    expect(linked.addPresentation.presentation.projectIdea).toEqual({ title: funded.title });
    const before = await veza.server.database.prisma.presentation.count();
    const other = await veza.gql(
      add,
      {
        input: {
          eventId,
          title: 'Tuđa ideja',
          personId: ids.kljucPerson,
          projectIdeaId: prijedor.id,
        },
      },
      kljucCoordinator,
    );
    expect(refusal(other)).toBe('NOT_FOUND');
    expect(await veza.server.database.prisma.presentation.count()).toBe(before);
  });
});
