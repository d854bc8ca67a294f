// Events as iCalendar (RFC 5545): one event's file, and a programme's feed that calendar apps
// subscribe to. Events are whole days (agenda times go into the description, per day).
import ical, { type ICalCalendar, ICalEventStatus } from 'ical-generator';
import { NotFoundError } from '../../errors.js';
import { eventKindNames } from '../exports/labels.js';
import { EVENT_HEADER_FIELDS, type EventHeader } from '../exports/record.js';
import { allNodes, type Caller, gql, query } from '../exports/run.js';

interface CalendarEvent extends EventHeader {
  id: string;
  cancelledAt: string | null;
  cancellationReason: string | null;
  onlineUrl: string | null;
  days: {
    number: number;
    date: string;
    title: string | null;
    agenda: { startTime: string | null; topic: string; presenter: string | null }[];
  }[];
}

const eventFields = `
  fragment CalendarEvent on Event {
    id cancelledAt cancellationReason onlineUrl ${EVENT_HEADER_FIELDS}
    days { number date title agenda { startTime topic presenter } }
  }
`;

const eventQuery = gql(`
  query CalendarEventFile($eventId: ID!) { node(id: $eventId) { ...CalendarEvent } }
  ${eventFields}
`);

const feedQuery = gql(`
  query CalendarFeed($programmeId: ID!, $after: String) {
    node(id: $programmeId) { ... on Programme { code name localName } }
    events(first: 100, after: $after, programmeId: $programmeId) {
      pageInfo { hasNextPage endCursor }
      edges { node { ...CalendarEvent } }
    }
  }
  ${eventFields}
`);

const newCalendar = (name: string) =>
  ical({ name, prodId: { company: 'Veza', product: 'Veza', language: 'BS' } });

/** One event's .ics, if the caller may read the event. */
export async function eventCalendar(caller: Caller, eventId: string) {
  const { node } = await query<{ node: Partial<CalendarEvent> | null }>(caller, eventQuery, {
    eventId,
  });
  if (!node?.title) throw new NotFoundError('No event has this ID');
  const calendar = newCalendar(node.title);
  addEvent(calendar, node as CalendarEvent);
  return calendar.toString();
}

/**
 * A programme's events as a feed. The feed's address is shared with calendar apps, which send
 * no credentials: it is read as the public, so it holds published events only.
 */
export async function programmeCalendar(caller: Caller, programmeId: string) {
  type Data = { node: { code?: string; name?: string; localName?: string | null } | null };
  const { first, nodes } = await allNodes<Data & { events: any }, CalendarEvent>(
    { ...caller, viewer: null },
    feedQuery,
    { programmeId },
    (data) => data.events,
  );
  if (!first.node?.code) throw new NotFoundError('No programme has this ID');
  const calendar = newCalendar(`${first.node.code} — ${first.node.localName ?? first.node.name}`);
  for (const event of nodes) addEvent(calendar, event);
  return calendar.toString();
}

function addEvent(calendar: ICalCalendar, event: CalendarEvent) {
  const end = new Date(`${event.endsOn}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1); // an all-day event's end is the day after (exclusive)
  const facts = [
    eventKindNames[event.kind] ?? event.kind,
    event.programme?.code,
    event.hostMunicipality?.name ?? event.hostOrganization?.name,
  ].filter(Boolean);
  const days = event.days.map((day) =>
    [
      [`Dan ${day.number} (${day.date})`, day.title].filter(Boolean).join(': '),
      ...day.agenda.map((item) =>
        [item.startTime, item.topic, item.presenter && `(${item.presenter})`]
          .filter(Boolean)
          .join(' '),
      ),
    ].join('\n'),
  );
  // A cancelled event stays in the feed as CANCELLED, so calendar apps that subscribed mark
  // or drop the entry they hold rather than keep showing it as planned.
  const cancelled = event.cancelledAt
    ? [['OTKAZANO', event.cancellationReason].filter(Boolean).join(': ')]
    : [];
  calendar.createEvent({
    // The event's global ID is stable: a feed's later versions update the same entry.
    id: `${event.id}@veza`,
    start: new Date(`${event.startsOn}T00:00:00Z`),
    end,
    allDay: true,
    summary: event.cancelledAt ? `OTKAZANO: ${event.title}` : event.title,
    ...(event.cancelledAt ? { status: ICalEventStatus.CANCELLED } : {}),
    location: [event.venue, event.place].filter(Boolean).join(', ') || null,
    url: event.onlineUrl,
    description: [...cancelled, facts.join(' · '), event.onlineUrl ?? '', ...days]
      .filter(Boolean)
      .join('\n\n'),
  });
}
