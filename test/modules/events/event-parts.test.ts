// Events inside events (a business coffee during the Diaspora Days) and online links.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { firstId, programmeId } from '../../utils/lookup.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'zenica', string>;
const ids = {} as Record<'d4d' | 'zenica', string>;

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
  tokens.zenica = await veza.signIn('koordinator.zenica@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
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
