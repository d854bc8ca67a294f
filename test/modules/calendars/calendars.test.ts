// Calendars over HTTP: an event's .ics as the caller may read it, and a programme's public
// feed, parsed with ical.js.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
const ids = {} as Record<'workshop' | 'mr', string>;

async function calendar(path: string, token?: string) {
  const response = await fetch(new URL(path, veza.url), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  const events = () =>
    new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents('vevent')
      .map((component) => new ICAL.Event(component));
  const code = () => JSON.parse(text).errors[0].extensions.code as string;
  return { response, text, events, code };
}

const q = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  admin = await veza.signIn('admin@veza.test');
  const { events } = await veza.data<any>(
    '{ events(search: "Druga radionica kontakt osoba") { edges { node { id programme { id } } } } }',
  );
  ids.workshop = events.edges[0].node.id;
  ids.mr = events.edges[0].node.programme.id;
});
afterAll(() => veza?.stop());

async function createEvent(title: string, published: boolean) {
  const { createEvent } = await veza.data<any>(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }`,
    {
      input: {
        kind: 'BUSINESS_COFFEE',
        title,
        programmeId: ids.mr,
        venue: 'Hotel Ključ',
        place: 'Ključ',
        startsOn: '2026-08-14',
        endsOn: '2026-08-14',
        published,
      },
    },
    admin,
  );
  return createEvent.event.id as string;
}

describe('an event’s iCalendar file', () => {
  it('is a whole-day event with place and agenda, for the public when published', async () => {
    const file = await calendar(`/calendars/event.ics?${q({ eventId: ids.workshop })}`);
    expect(file.response.status).toBe(200);
    expect(file.response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const [event, ...others] = file.events();
    expect(others).toHaveLength(0);
    expect(event!.uid).toBe(`${ids.workshop}@veza`);
    expect(event!.summary).toContain('Druga radionica kontakt osoba / koordinatora za iseljenike');
    expect(event!.startDate.isDate).toBe(true);
    expect(event!.startDate.toString()).toBe('2015-03-25');
    expect(event!.endDate.toString()).toBe('2015-03-27'); // exclusive: through the 26th
    expect(event!.location).toBe('Sarajevo');
    expect(event!.description).toContain('Dan 1 (2015-03-25): Komunikacija sa iseljeništvom');
    expect(event!.description).toContain('Virtuelni matičar: iskustva Prijedora i Sanskog Mosta');
  });

  it('of an internal event is for signed-in members only; bad requests are refused', async () => {
    const internal = await createEvent('Interna biznis kafa, Ključ', false);
    const path = `/calendars/event.ics?${q({ eventId: internal })}`;
    const anonymous = await calendar(path);
    expect([anonymous.response.status, anonymous.code()]).toEqual([401, 'UNAUTHENTICATED']);
    const member = await calendar(path, admin);
    expect(member.response.status).toBe(200);
    expect(member.events()[0]!.location).toBe('Hotel Ključ, Ključ');

    const none = await calendar('/calendars/event.ics');
    expect([none.response.status, none.code()]).toEqual([400, 'BAD_USER_INPUT']);
    const other = await calendar(`/calendars/event.ics?${q({ eventId: ids.mr })}`);
    expect([other.response.status, other.code()]).toEqual([404, 'NOT_FOUND']);
    const unknown = await calendar('/calendars/everything.ics');
    expect([unknown.response.status, unknown.code()]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('a programme’s calendar feed', () => {
  it('holds the programme’s published events only, whoever asks, and follows publishing', async () => {
    const coffee = await createEvent('Biznis kafa, Dani dijaspore Ključ 2026.', false);
    const path = `/calendars/programme.ics?${q({ programmeId: ids.mr })}`;
    const uids = async (token?: string) => {
      const feed = await calendar(path, token);
      expect(feed.response.status).toBe(200);
      return feed.events().map((event) => event.uid);
    };
    expect(await uids()).toContain(`${ids.workshop}@veza`);
    expect(await uids()).not.toContain(`${coffee}@veza`);
    // The feed is the public's even for a signed-in caller: its address gets shared.
    expect(await uids(admin)).not.toContain(`${coffee}@veza`);

    await veza.data(
      `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }`,
      { input: { eventId: coffee, published: true } },
      admin,
    );
    expect(await uids()).toContain(`${coffee}@veza`);

    const missing = Buffer.from('Programme:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );
    const unknown = await calendar(`/calendars/programme.ics?${q({ programmeId: missing })}`);
    expect([unknown.response.status, unknown.code()]).toEqual([404, 'NOT_FOUND']);
  });
});
