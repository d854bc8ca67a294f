import { z } from 'zod';
import { builder } from '../../builder.js';
import { EventKind, type Prisma } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import type { Viewer } from '../../viewer.js';
import { canReadConclusions } from '../conclusions/service.js';
import {
  checkDateOrder,
  idOrClear,
  optionalText,
  requiredText,
  website,
} from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import { acceptedParticipation, canReadEvent, readableEvents } from './access.js';
import { createEvent, setDayAgenda, updateEvent } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const EventKindEnum = builder.enumType(EventKind, {
  name: 'EventKind',
  description: 'What sort of meeting an event is.',
  values: {
    WORKSHOP: { description: 'A workshop (_radionica_), e.g. of coordinators over several days.' },
    TRAINING: { description: 'A training (_trening_), e.g. two days at Igman.' },
    BUSINESS_COFFEE: {
      description:
        'A business coffee (_biznis kafa_) with diaspora entrepreneurs, often during a ' +
        'municipality’s Diaspora Days.',
    },
    DIASPORA_DAYS: { description: 'A municipality’s Diaspora Days (_Dani dijaspore_).' },
    NETWORK_MEETING: {
      description: 'A meeting of the network (_sastanak mreže_), e.g. three days at Jahorina.',
    },
    SIGNING_CEREMONY: { description: 'The signing of a memorandum or an agreement.' },
    CONFERENCE: { description: 'A conference.' },
  },
});

export const EventNode = builder.prismaNode('Event', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A meeting of the network (a workshop, a business coffee, a network meeting…) with its ' +
    'days, participants, presentations and conclusions. Published events are public; an ' +
    'unpublished one only for its programme’s administrators, its hosts and the coordinators ' +
    'of municipalities taking part (an accepted participation).',
  // Published events are public; unpublished ones as canReadEvent says.
  authScopes: (event, ctx) => canReadEvent(ctx, event),
  fields: (t) => ({
    kind: t.expose('kind', { type: EventKindEnum, description: 'What sort of meeting it is.' }),
    title: t.exposeString('title', { description: 'The event’s name.' }),
    venue: t.exposeString('venue', {
      nullable: true,
      description: 'The building or hall, e.g. "Hotel Hills"; null when not given.',
    }),
    place: t.exposeString('place', {
      nullable: true,
      description: 'The town or mountain, e.g. "Jahorina"; null when not given.',
    }),
    startsOn: t.expose('startsOn', { type: 'Date', description: 'Its first day.' }),
    endsOn: t.expose('endsOn', {
      type: 'Date',
      description: 'Its last day (included); the same as `startsOn` for a one-day event.',
    }),
    capacity: t.exposeInt('capacity', {
      nullable: true,
      description: 'Registered participants at most (null: no limit); more wait in line.',
    }),
    published: t.exposeBoolean('published', {
      description:
        'Visible to the public; when false, only to its programme’s administrators, its hosts ' +
        'and the coordinators of municipalities taking part.',
    }),
    liveToPublic: t.exposeBoolean('liveToPublic', {
      description: 'The public may watch the DRAFT conclusions live; otherwise once adopted.',
    }),
    registrationOpen: t.boolean({
      description:
        'Whether participants may register themselves (off, or the event over: only its ' +
        'hosts and administrators register; a cancelled event: nobody).',
      resolve: (event) => event.registrationOpen && event.cancelledAt === null,
    }),
    programme: t.relation('programme', {
      nullable: true,
      description: 'The programme it belongs to; null when none.',
    }),
    hostMunicipality: t.relation('hostMunicipality', {
      nullable: true,
      description:
        'The municipality hosting it (its coordinators manage the event); null when none.',
    }),
    hostOrganization: t.relation('hostOrganization', {
      nullable: true,
      description:
        'The organisation hosting it (its diaspora representative manages the event); null ' +
        'when none.',
    }),
    days: t.relation('days', {
      description: 'Its days in order (1 to 31), each with its date and agenda.',
      query: { orderBy: { number: 'asc' } },
    }),
    presentations: t.relation('presentations', {
      description:
        'Who presented what at the event, as readable as the event (in a stable order that ' +
        'means nothing: not by day nor by when they were added).',
      query: { orderBy: { id: 'asc' } },
    }),
    conclusions: t.relation('conclusions', {
      nullable: true,
      description:
        'The conclusions and recommendations, co-edited live (created with the event). Null ' +
        'for whoever may not read them yet: a DRAFT is for those taking part, the organisers ' +
        'and the programme’s partners (everyone when `liveToPublic`).',
      authScopes: async (event, _args, ctx) => {
        const document = await ctx.prisma.conclusionDocument.findUnique({
          where: { eventId: event.id },
          select: { id: true },
        });
        return (
          document !== null &&
          canReadConclusions(ctx.viewer, await ctx.conclusionAccess.get(document.id))
        );
      },
      unauthorizedResolver: () => null,
    }),
  }),
});

const EventDayRef = builder.prismaObject('EventDay', {
  description: 'One day of an event, with its agenda.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'EventDay', id: row.id }),
    }),
    number: t.exposeInt('number', { description: '1 for the first day.' }),
    date: t.expose('date', {
      type: 'Date',
      description: 'The day’s date, within the event’s; no two days share one.',
    }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'The day’s own title, e.g. "Business coffee"; null when none.',
    }),
    agenda: t.relation('agenda', {
      description: 'The day’s agenda, in order.',
      query: { orderBy: { position: 'asc' } },
    }),
  }),
});

builder.prismaObject('AgendaItem', {
  description: 'One point on a day’s agenda.',
  authScopes: { public: true },
  fields: (t) => ({
    startTime: t.exposeString('startTime', {
      nullable: true,
      description: '"HH:MM", local time of the event; null when not given.',
    }),
    topic: t.exposeString('topic', { description: 'What is on the agenda at this point.' }),
    presenter: t.exposeString('presenter', {
      nullable: true,
      description: 'Who speaks or leads it, as free text; null when not given.',
    }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('events', (t) =>
  t.prismaConnection(
    {
      type: 'Event',
      cursor: 'id',
      authScopes: { public: true },
      description:
        'Newest first. The public sees published events; unpublished ones only their ' +
        'programme’s administrators, hosts and accepted participants’ coordinators. ' +
        '`municipalityId`: events it hosts or takes part in (an accepted participation). ' +
        '`from`/`to`: events with a day in that range (both included). `cancelled`: only ' +
        'cancelled events (true) or only the others (false); both when absent.',
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s events.',
        }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description:
            'Only events this municipality hosts or takes part in (an accepted participation).',
        }),
        search: t.arg.string({
          validate: z.string().max(200),
          description:
            'Matches the title and place, ignoring case and diacritics; 200 characters at most.',
        }),
        kind: t.arg({ type: EventKindEnum, description: 'Only events of this kind.' }),
        from: t.arg({ type: 'Date', description: 'Events ending on or after this day.' }),
        to: t.arg({
          type: 'Date',
          description: 'Events starting on or before this day; not before `from` (BAD_USER_INPUT).',
        }),
        cancelled: t.arg.boolean({
          description: 'true: only cancelled events; false: only the others; absent: both.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.event.findMany({
          ...query,
          where: eventFilter(args, ctx.viewer),
          orderBy: [{ startsOn: 'desc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.event.count({ where: eventFilter(args, ctx.viewer) }),
    },
    { name: 'EventConnection' },
    { name: 'EventEdge' },
  ),
);

function eventFilter(
  args: {
    programmeId?: { id: string } | null;
    municipalityId?: { id: string } | null;
    search?: string | null;
    kind?: EventKind | null;
    from?: Date | null;
    to?: Date | null;
    cancelled?: boolean | null;
  },
  viewer: Viewer | null,
): Prisma.EventWhereInput {
  const municipalityId = args.municipalityId?.id;
  checkDateOrder(args.from, args.to, ['from', 'to']);
  return {
    AND: [
      readableEvents(viewer),
      searchFilter(args.search) ?? {},
      args.programmeId ? { programmeId: args.programmeId.id } : {},
      args.kind ? { kind: args.kind } : {},
      args.from ? { endsOn: { gte: args.from } } : {},
      args.to ? { startsOn: { lte: args.to } } : {},
      typeof args.cancelled === 'boolean'
        ? { cancelledAt: args.cancelled ? { not: null } : null }
        : {},
      municipalityId
        ? {
            OR: [
              { hostMunicipalityId: municipalityId },
              { participants: { some: { municipalityId, ...acceptedParticipation } } },
            ],
          }
        : {},
    ],
  };
}

// --- Mutations -------------------------------------------------------------------------------

const startTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as "09:30"')
  .nullish();

const AgendaItemInput = builder.inputType('AgendaItemInput', {
  description: 'One point on a day’s agenda.',
  fields: (t) => ({
    startTime: t.string({
      validate: startTime,
      description: '"HH:MM" on a 24-hour clock, local time, e.g. "09:30"; absent or null: none.',
    }),
    topic: t.string({
      required: true,
      validate: requiredText(500),
      description: 'What is on the agenda: not blank, 500 characters at most.',
    }),
    presenter: t.string({
      validate: optionalText(300),
      description: 'Who speaks or leads it, as free text; 300 characters at most.',
    }),
  }),
});

const agendaList = z.array(z.unknown()).max(50, 'at most 50 agenda items a day');

const EventDayInput = builder.inputType('EventDayInput', {
  description: 'One day of a new event; the days are numbered in date order.',
  fields: (t) => ({
    date: t.field({
      type: 'Date',
      required: true,
      description:
        'The day’s date: within the event’s dates, and not given twice (BAD_USER_INPUT).',
    }),
    title: t.string({
      validate: optionalText(300),
      description: 'The day’s own title; 300 characters at most.',
    }),
    agenda: t.field({
      type: [AgendaItemInput],
      validate: agendaList,
      description: 'The day’s agenda in order; 50 items at most.',
    }),
  }),
});

/** Where an event takes place, as created and updated. */
const whereFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  venue: t.string({
    validate: optionalText(300),
    description: 'The building or hall; 300 characters at most.',
  }),
  place: t.string({
    validate: optionalText(300),
    description: 'The town or mountain; 300 characters at most.',
  }),
  onlineUrl: t.string({
    validate: website,
    description: 'Where to join online: an http(s) URL of 500 characters at most.',
  }),
});

const CreateEventInput = builder.inputType('CreateEventInput', {
  description: 'A new event.',
  fields: (t) => ({
    kind: t.field({ type: EventKindEnum, required: true, description: 'What sort of meeting.' }),
    title: t.string({
      required: true,
      validate: requiredText(500),
      description: 'The event’s name: not blank, 500 characters at most.',
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme it belongs to (its administrators may create it).',
    }),
    hostMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The hosting municipality (its coordinators may create it).',
    }),
    hostOrganizationId: t.globalID({
      for: OrganizationNode,
      description: 'The hosting organisation (its diaspora representative may create it).',
    }),
    ...whereFields(t),
    parentEventId: t.globalID({
      for: EventNode,
      description:
        'The larger event this one is part of (managed by the viewer; within its dates).',
    }),
    startsOn: t.field({ type: 'Date', required: true, description: 'Its first day.' }),
    endsOn: t.field({
      type: 'Date',
      required: true,
      description: 'Its last day: not before `startsOn`, and 31 days from it at most.',
    }),
    capacity: t.int({
      validate: z.number().int().min(0).max(100_000),
      description: 'Registered participants at most, 0 to 100,000; absent or null: no limit.',
    }),
    published: t.boolean({
      defaultValue: false,
      description: 'Visible to the public (and open to registration by others) at once.',
    }),
    liveToPublic: t.boolean({
      defaultValue: false,
      description: 'Let the public watch the DRAFT conclusions live (read-only).',
    }),
    registrationOpen: t.boolean({
      defaultValue: true,
      description: 'Coordinators and representatives may register participants themselves.',
    }),
    days: t.field({
      type: [EventDayInput],
      description: 'Each day with its agenda; when absent, one day per date from start to end.',
      validate: z.array(z.unknown()).max(31),
    }),
  }),
});

const CreateEventPayload = recordPayload('CreateEventPayload', 'event', EventNode);

builder.mutationField('createEvent', (t) =>
  t.field({
    type: CreateEventPayload,
    description:
      'Creates an event with its days and an empty DRAFT conclusions document. Programme ' +
      'administrators create events; a municipality’s coordinators (an organisation’s ' +
      'representative) create the events it hosts; with neither a programme nor a host, only ' +
      'administrators of the whole network. BAD_USER_INPUT for dates out of order, more than ' +
      '31 days, days outside the dates or given twice, a programme or host that does not ' +
      'exist, or a larger event that cannot take this one; NOT_FOUND or FORBIDDEN for a ' +
      'larger event that does not exist or that the viewer does not manage. Publishes ' +
      '`dashboardUpdated`.',
    authScopes: (_root, { input }) => {
      if (!input.programmeId && !input.hostMunicipalityId && !input.hostOrganizationId) {
        return { networkAdmin: true };
      }
      return {
        ...(input.programmeId ? { programmeAdmin: input.programmeId.id } : {}),
        ...(input.hostMunicipalityId ? { municipalityEditor: input.hostMunicipalityId.id } : {}),
        ...(input.hostOrganizationId ? { organizationEditor: input.hostOrganizationId.id } : {}),
      };
    },
    args: {
      input: t.arg({ type: CreateEventInput, required: true, description: 'The event.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      event: await createEvent(ctx, {
        ...input,
        programmeId: input.programmeId?.id ?? null,
        hostMunicipalityId: input.hostMunicipalityId?.id ?? null,
        hostOrganizationId: input.hostOrganizationId?.id ?? null,
        parentEventId: input.parentEventId?.id ?? null,
      }),
    }),
  }),
);

const UpdateEventInput = builder.inputType('UpdateEventInput', {
  description: 'Only the fields given change; `null` clears an optional one.',
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode, description: 'The event to change.' }),
    kind: t.field({ type: EventKindEnum, description: 'What sort of meeting; null is refused.' }),
    title: t.string({
      validate: requiredText(500),
      description: 'The name: not blank, 500 characters at most; null is refused.',
    }),
    hostMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The hosting municipality; `null`: none.',
    }),
    hostOrganizationId: t.globalID({
      for: OrganizationNode,
      description: 'The hosting organisation; `null`: none.',
    }),
    ...whereFields(t),
    parentEventId: t.globalID({ for: EventNode, description: '`null`: no longer part of one.' }),
    startsOn: t.field({
      type: 'Date',
      description:
        'New dates move the days with them (agenda, attendance, presentations); a day that ' +
        'would fall after the end and holds any of those refuses the move (CONFLICT).',
    }),
    endsOn: t.field({
      type: 'Date',
      description:
        'Its last day: not before `startsOn`, 31 days from it at most; null is refused. Days ' +
        'after it go, or the move is refused (CONFLICT) when they hold anything.',
    }),
    capacity: t.int({
      validate: z.number().int().min(0).max(100_000),
      description:
        'Registered participants at most, 0 to 100,000; `null`: no limit. Raising it admits the ' +
        'longest-waiting participants; lowering it moves nobody out.',
    }),
    published: t.boolean({ description: 'Visible to the public; null is refused.' }),
    liveToPublic: t.boolean({
      description: 'Let the public watch the DRAFT conclusions live; null is refused.',
    }),
    registrationOpen: t.boolean({
      description:
        'Coordinators and representatives may register participants themselves; null is ' +
        'refused.',
    }),
  }),
});

const UpdateEventPayload = recordPayload('UpdateEventPayload', 'event', EventNode);

builder.mutationField('updateEvent', (t) =>
  t.field({
    type: UpdateEventPayload,
    description:
      'The event’s hosts and programme administrators change it. New dates move its days; ' +
      'a raised capacity admits from the waiting list (those admitted are notified). ' +
      'NOT_FOUND for an unknown event, FORBIDDEN for others; BAD_USER_INPUT for a null where ' +
      'one is refused, dates out of order or more than 31 days, or a larger event that cannot ' +
      'take this one; CONFLICT when a day holding anything would fall after the end. ' +
      'Publishes `registrationChanged` (for those admitted) and `dashboardUpdated`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({ type: UpdateEventInput, required: true, description: 'What changes.' }),
    },
    resolve: async (_root, { input: { eventId, ...changes } }, ctx) => ({
      event: await updateEvent(ctx, eventId.id, {
        ...changes,
        hostMunicipalityId: idOrClear(changes.hostMunicipalityId),
        hostOrganizationId: idOrClear(changes.hostOrganizationId),
        parentEventId: idOrClear(changes.parentEventId),
      }),
    }),
  }),
);

const SetEventDayAgendaInput = builder.inputType('SetEventDayAgendaInput', {
  description: 'One day’s new title and agenda.',
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode, description: 'The event.' }),
    day: t.int({ required: true, description: 'The day’s number, 1 for the first.' }),
    title: t.string({
      validate: optionalText(300),
      description: 'The day’s title, 300 characters at most; `null` clears it, absent keeps it.',
    }),
    agenda: t.field({
      type: [AgendaItemInput],
      required: true,
      validate: agendaList,
      description: 'The whole agenda in order, replacing the old one; 50 items at most.',
    }),
  }),
});

const SetEventDayAgendaPayload = recordPayload('SetEventDayAgendaPayload', 'day', EventDayRef);

builder.mutationField('setEventDayAgenda', (t) =>
  t.field({
    type: SetEventDayAgendaPayload,
    description:
      'The event’s hosts and programme administrators replace one day’s title and agenda. ' +
      'NOT_FOUND for an unknown event or day; FORBIDDEN for others.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: SetEventDayAgendaInput,
        required: true,
        description: 'The day and its agenda.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      day: await setDayAgenda(ctx, input.eventId.id, input.day, {
        title: input.title,
        agenda: input.agenda,
      }),
    }),
  }),
);
