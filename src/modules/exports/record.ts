// An event's adopted conclusions as a record to hand to donors and file: programme and event
// header, place and dates, participants by stakeholder group, conclusions and recommendations
// per day, and the action items with owners and deadlines. Read as the caller (see run.ts);
// docx.ts and pdf.ts lay it out.
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import { bosnianDate, eventKindNames, stakeholderGroupNames } from './labels.js';
import { allNodes, type Caller, gql, query } from './run.js';

export interface ConclusionsRecord {
  /** e.g. "M&R — Migracije i razvoj". */
  programme: string | null;
  kind: string;
  title: string;
  host: string | null;
  place: string | null;
  dates: string;
  adoptedOn: string | null;
  /** Registered participants per group; `names` only when the caller may read them. */
  participants: { group: string; count: number; names: string[] | null }[];
  days: { heading: string | null; conclusions: string[]; recommendations: string[] }[];
  actions: { text: string; owner: string | null; dueDate: string | null }[];
  /** For the file name: the first day, YYYY-MM-DD. */
  startsOn: string;
}

/** What the files say of an event, as GraphQL answers it (EVENT_HEADER_FIELDS). */
export interface EventHeader {
  title: string;
  kind: string;
  venue: string | null;
  place: string | null;
  startsOn: string;
  endsOn: string;
  programme: { code: string; name: string; localName: string | null } | null;
  hostMunicipality: { name: string } | null;
  hostOrganization: { name: string } | null;
}

export const EVENT_HEADER_FIELDS = `
  title kind venue place startsOn endsOn
  programme { code name localName }
  hostMunicipality { name }
  hostOrganization { name }
`;

interface EventData extends EventHeader {
  days: { number: number; date: string; title: string | null }[];
  participantCounts: { stakeholderGroup: string; count: number }[];
  conclusions: {
    status: 'DRAFT' | 'ADOPTED';
    adoptedAt: string | null;
    items: {
      kind: 'CONCLUSION' | 'RECOMMENDATION' | 'ACTION';
      day: number | null;
      text: string;
      ownerMunicipalityId: string | null;
      ownerOrganizationId: string | null;
      dueDate: string | null;
    }[];
  } | null;
}

const eventQuery = gql(`
  query ConclusionsRecord($eventId: ID!) {
    node(id: $eventId) {
      ... on Event {
        ${EVENT_HEADER_FIELDS}
        days { number date title }
        participantCounts { stakeholderGroup count }
        conclusions {
          status adoptedAt
          items { kind day text ownerMunicipalityId ownerOrganizationId dueDate }
        }
      }
    }
  }
`);

interface ParticipantData {
  stakeholderGroup: string;
  person: { fullName: string } | null;
  organization: { name: string } | null;
  municipality: { name: string } | null;
}

const participantsQuery = gql(`
  query RecordParticipants($eventId: ID!, $after: String) {
    node(id: $eventId) {
      ... on Event {
        participants(first: 100, after: $after, status: REGISTERED) {
          pageInfo { hasNextPage endCursor }
          edges { node {
            stakeholderGroup
            person { fullName } organization { name } municipality { name }
          } }
        }
      }
    }
  }
`);

const ownersQuery = gql(`
  query RecordOwners($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Municipality { name } ... on Organization { name } }
  }
`);

/** Loads the record of an event's adopted conclusions, as far as the caller may read it. */
export async function loadConclusionsRecord(
  caller: Caller,
  eventId: string,
): Promise<ConclusionsRecord> {
  const { node: event } = await query<{ node: EventData | null }>(caller, eventQuery, { eventId });
  if (!event?.title) throw new NotFoundError('No event has this ID');
  const document = event.conclusions;
  if (!document) throw new NotFoundError('The event has no conclusions document');
  if (document.status !== 'ADOPTED') {
    throw new ConflictError('The conclusions are a draft; only adopted ones are exported');
  }
  const owners = await ownerNames(caller, document.items);
  const dayOf = new Map(event.days.map((day) => [day.number, day]));
  const dayNumbers = [...new Set(document.items.map((item) => item.day))].sort(
    (a, b) => (a ?? 0) - (b ?? 0),
  );
  return {
    programme: event.programme
      ? `${event.programme.code} — ${event.programme.localName ?? event.programme.name}`
      : null,
    kind: eventKindNames[event.kind] ?? event.kind,
    title: event.title,
    host: event.hostMunicipality?.name ?? event.hostOrganization?.name ?? null,
    place: [event.venue, event.place].filter(Boolean).join(', ') || null,
    dates:
      event.startsOn === event.endsOn
        ? bosnianDate(event.startsOn)
        : `${bosnianDate(event.startsOn)} – ${bosnianDate(event.endsOn)}`,
    adoptedOn: document.adoptedAt ? bosnianDate(document.adoptedAt) : null,
    participants: await participantsByGroup(caller, eventId, event.participantCounts),
    days: dayNumbers
      .map((number) => {
        const items = document.items.filter((item) => item.day === number);
        const day = number === null ? undefined : dayOf.get(number);
        const texts = (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.text);
        return {
          heading:
            number === null
              ? null
              : [`Dan ${number}`, day && bosnianDate(day.date), day?.title]
                  .filter(Boolean)
                  .join(' — '),
          conclusions: texts('CONCLUSION'),
          recommendations: texts('RECOMMENDATION'),
        };
      })
      .filter((day) => day.conclusions.length || day.recommendations.length),
    actions: document.items
      .filter((item) => item.kind === 'ACTION')
      .map((item) => ({
        text: item.text,
        owner: owners.get(item.ownerMunicipalityId ?? item.ownerOrganizationId ?? '') ?? null,
        dueDate: item.dueDate ? bosnianDate(item.dueDate) : null,
      })),
    startsOn: event.startsOn,
  };
}

/** The names of the municipalities and organisations that own action items. */
async function ownerNames(caller: Caller, items: NonNullable<EventData['conclusions']>['items']) {
  const ids = [
    ...new Set(items.flatMap((item) => [item.ownerMunicipalityId, item.ownerOrganizationId])),
  ].filter((id): id is string => id !== null && isOwnerId(id));
  if (!ids.length) return new Map<string, string>();
  const { nodes } = await query<{ nodes: ({ name?: string } | null)[] }>(caller, ownersQuery, {
    ids,
  });
  return new Map(ids.flatMap((id, i) => (nodes[i]?.name ? [[id, nodes[i].name]] : [])));
}

/** An owner as the document stores it: a municipality's or organisation's global ID. */
function isOwnerId(id: string) {
  return /^(Municipality|Organization):[0-9a-f-]{36}$/i.test(Buffer.from(id, 'base64').toString());
}

/**
 * Registered participants per stakeholder group, with their names when the caller may read
 * them (the same rule as Event.participants); the counts alone otherwise.
 */
async function participantsByGroup(
  caller: Caller,
  eventId: string,
  counts: EventData['participantCounts'],
): Promise<ConclusionsRecord['participants']> {
  let participants: ParticipantData[] | null = null;
  try {
    ({ nodes: participants } = await allNodes<{ node: any }, ParticipantData>(
      caller,
      participantsQuery,
      { eventId },
      (data) => data.node?.participants ?? null,
    ));
  } catch (error) {
    const code = error instanceof AppError ? error.extensions.code : undefined;
    if (code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') throw error;
  }
  return counts.map(({ stakeholderGroup, count }) => ({
    group: stakeholderGroupNames[stakeholderGroup] ?? stakeholderGroup,
    count,
    names:
      participants
        ?.filter((p) => p.stakeholderGroup === stakeholderGroup)
        .map(participantName)
        .sort((a, b) => a.localeCompare(b, 'bs')) ?? null,
  }));
}

function participantName(participant: ParticipantData): string {
  const on = participant.organization?.name ?? participant.municipality?.name;
  if (!participant.person) return on ?? '—';
  return on ? `${participant.person.fullName} (${on})` : participant.person.fullName;
}

// --- What both layouts print -------------------------------------------------------------------

export const recordHeadings = {
  document: 'Zaključci i preporuke',
  participants: 'Učesnici po grupama',
  general: 'Općenito',
  conclusions: 'Zaključci',
  recommendations: 'Preporuke',
  actions: 'Akcione tačke',
  actionColumns: ['Zadatak', 'Nosilac', 'Rok'],
} as const;

/** The header's label–value lines, those with a value. */
export function recordFacts(record: ConclusionsRecord): [string, string][] {
  const facts: [string, string | null][] = [
    ['Program', record.programme],
    ['Vrsta događaja', record.kind],
    ['Domaćin', record.host],
    ['Mjesto', record.place],
    ['Datum', record.dates],
    ['Usvojeno', record.adoptedOn],
  ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== null);
}

/** "Dijaspora (3): Ana Anić, …", or the count alone when the names are not the caller's to see. */
export function participantLine(group: ConclusionsRecord['participants'][number]): string {
  const head = `${group.group} (${group.count})`;
  return group.names?.length ? `${head}: ${group.names.join(', ')}` : head;
}
