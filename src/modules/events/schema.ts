import * as Y from 'yjs';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { EventKind, type Prisma } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import type { Viewer } from '../accounts/service.js';
import { canReadConclusions } from '../conclusions/service.js';
import {
  checkDateOrder,
  idOrClear,
  notNull,
  optionalText,
  requiredText,
  website,
} from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { ProjectIdeaNode } from '../ideas/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import { acceptedParticipation, canReadEvent, canReadEventById, readableEvents } from './access.js';
import { checkParent } from './parts.js';
import { addPresentation, removePresentation } from './presentations.js';
import {
  admitFromWaitlist,
  agendaRows,
  findDay,
  lockCapacity,
  moveDays,
  planDays,
  publishEventChange,
  publishRegistrations,
  requireManager,
} from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const EventKindEnum = builder.enumType(EventKind, { name: 'EventKind' });

export const EventNode = builder.prismaNode('Event', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  // Published events are public; unpublished ones as canReadEvent says.
  authScopes: (event, ctx) => canReadEvent(ctx, event),
  fields: (t) => ({
    kind: t.expose('kind', { type: EventKindEnum }),
    title: t.exposeString('title'),
    venue: t.exposeString('venue', { nullable: true }),
    place: t.exposeString('place', { nullable: true }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date' }),
    capacity: t.exposeInt('capacity', {
      nullable: true,
      description: 'Registered participants at most (null: no limit); more wait in line.',
    }),
    published: t.exposeBoolean('published'),
    liveToPublic: t.exposeBoolean('liveToPublic', {
      description: 'The public may watch the DRAFT conclusions live; otherwise once adopted.',
    }),
    registrationOpen: t.boolean({
      description:
        'Whether participants may register themselves (off, or the event over: only its ' +
        'hosts and administrators register; a cancelled event: nobody).',
      resolve: (event) => event.registrationOpen && event.cancelledAt === null,
    }),
    programme: t.relation('programme', { nullable: true }),
    hostMunicipality: t.relation('hostMunicipality', { nullable: true }),
    hostOrganization: t.relation('hostOrganization', { nullable: true }),
    days: t.relation('days', { query: { orderBy: { number: 'asc' } } }),
    presentations: t.relation('presentations', { query: { orderBy: { id: 'asc' } } }),
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
    date: t.expose('date', { type: 'Date' }),
    title: t.exposeString('title', { nullable: true }),
    agenda: t.relation('agenda', { query: { orderBy: { position: 'asc' } } }),
  }),
});

builder.prismaObject('AgendaItem', {
  authScopes: { public: true },
  fields: (t) => ({
    startTime: t.exposeString('startTime', { nullable: true, description: '"HH:MM", local.' }),
    topic: t.exposeString('topic'),
    presenter: t.exposeString('presenter', { nullable: true }),
  }),
});

const PresentationNode = builder.prismaNode('Presentation', {
  id: { field: 'id' },
  nullable: true,
  description: 'Who presented what at an event, and the support behind it.',
  // As readable as the event it belongs to.
  authScopes: (presentation, ctx) => canReadEventById(ctx, presentation.eventId),
  fields: (t) => ({
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    supportedBy: t.exposeString('supportedBy', {
      nullable: true,
      description: 'E.g. the public call that funded the presented project.',
    }),
    day: t.relation('day', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    person: t.relation('person', { nullable: true }),
    projectIdea: t.relation('projectIdea', {
      nullable: true,
      description: 'The presented project, when it is one of the network’s project ideas.',
    }),
    event: t.relation('event'),
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
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        municipalityId: t.arg.globalID({ for: MunicipalityNode }),
        search: t.arg.string({ validate: z.string().max(200) }),
        kind: t.arg({ type: EventKindEnum }),
        from: t.arg({ type: 'Date', description: 'Events ending on or after this day.' }),
        to: t.arg({ type: 'Date', description: 'Events starting on or before this day.' }),
        cancelled: t.arg.boolean(),
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
  fields: (t) => ({
    startTime: t.string({ validate: startTime }),
    topic: t.string({ required: true, validate: requiredText(500) }),
    presenter: t.string({ validate: optionalText(300) }),
  }),
});

const agendaList = z.array(z.unknown()).max(50, 'at most 50 agenda items a day');

const EventDayInput = builder.inputType('EventDayInput', {
  fields: (t) => ({
    date: t.field({ type: 'Date', required: true }),
    title: t.string({ validate: optionalText(300) }),
    agenda: t.field({ type: [AgendaItemInput], validate: agendaList }),
  }),
});

const CreateEventInput = builder.inputType('CreateEventInput', {
  fields: (t) => ({
    kind: t.field({ type: EventKindEnum, required: true }),
    title: t.string({ required: true, validate: requiredText(500) }),
    programmeId: t.globalID({ for: ProgrammeNode }),
    hostMunicipalityId: t.globalID({ for: MunicipalityNode }),
    hostOrganizationId: t.globalID({ for: OrganizationNode }),
    venue: t.string({ validate: optionalText(300) }),
    place: t.string({ validate: optionalText(300) }),
    onlineUrl: t.string({ validate: website, description: 'Where to join online.' }),
    parentEventId: t.globalID({
      for: EventNode,
      description:
        'The larger event this one is part of (managed by the viewer; within its dates).',
    }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    capacity: t.int({ validate: z.number().int().min(0).max(100_000) }),
    published: t.boolean({ defaultValue: false }),
    liveToPublic: t.boolean({
      defaultValue: false,
      description: 'Let the public watch the DRAFT conclusions live (read-only).',
    }),
    registrationOpen: t.boolean({ defaultValue: true }),
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
      'representative) create the events it hosts.',
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
    args: { input: t.arg({ type: CreateEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const days = planDays(input.startsOn, input.endsOn, input.days);
      if (input.parentEventId) await checkParent(ctx, ctx.prisma, input.parentEventId.id, input);
      const event = await ctx.prisma.event.create({
        data: {
          kind: input.kind,
          title: input.title,
          programmeId: input.programmeId?.id ?? null,
          hostMunicipalityId: input.hostMunicipalityId?.id ?? null,
          hostOrganizationId: input.hostOrganizationId?.id ?? null,
          venue: input.venue,
          place: input.place,
          onlineUrl: input.onlineUrl,
          parentEventId: input.parentEventId?.id ?? null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          capacity: input.capacity,
          published: input.published ?? false,
          liveToPublic: input.liveToPublic ?? false,
          registrationOpen: input.registrationOpen ?? true,
          days: { create: days },
          conclusions: {
            create: { snapshot: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())) },
          },
        },
      });
      publishEventChange(ctx, event);
      return { event };
    },
  }),
);

const UpdateEventInput = builder.inputType('UpdateEventInput', {
  description: 'Only the fields given change; `null` clears an optional one.',
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode }),
    kind: t.field({ type: EventKindEnum }),
    title: t.string({ validate: requiredText(500) }),
    hostMunicipalityId: t.globalID({ for: MunicipalityNode }),
    hostOrganizationId: t.globalID({ for: OrganizationNode }),
    venue: t.string({ validate: optionalText(300) }),
    place: t.string({ validate: optionalText(300) }),
    onlineUrl: t.string({ validate: website }),
    parentEventId: t.globalID({ for: EventNode, description: '`null`: no longer part of one.' }),
    startsOn: t.field({
      type: 'Date',
      description:
        'New dates move the days with them (agenda, attendance, presentations); a day that ' +
        'would fall after the end and holds any of those refuses the move (CONFLICT).',
    }),
    endsOn: t.field({ type: 'Date' }),
    capacity: t.int({
      validate: z.number().int().min(0).max(100_000),
      description: 'Raising it admits the longest-waiting participants.',
    }),
    published: t.boolean(),
    liveToPublic: t.boolean(),
    registrationOpen: t.boolean(),
  }),
});

const UpdateEventPayload = recordPayload('UpdateEventPayload', 'event', EventNode);

builder.mutationField('updateEvent', (t) =>
  t.field({
    type: UpdateEventPayload,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const eventId = input.eventId.id;
      await requireManager(ctx, eventId);
      const { updated, admitted } = await ctx.prisma.$transaction(async (tx) => {
        await lockCapacity(tx, eventId);
        const startsOn = notNull(input.startsOn, 'startsOn');
        const endsOn = notNull(input.endsOn, 'endsOn');
        const parentEventId = idOrClear(input.parentEventId);
        if (startsOn || endsOn || parentEventId) {
          const event = await tx.event.findUniqueOrThrow({ where: { id: eventId } });
          const dates = { startsOn: startsOn ?? event.startsOn, endsOn: endsOn ?? event.endsOn };
          if (startsOn || endsOn) await moveDays(tx, event, dates.startsOn, dates.endsOn);
          const parent = parentEventId === undefined ? event.parentEventId : parentEventId;
          if (parent) await checkParent(ctx, tx, parent, { id: eventId, ...dates });
        }
        const updated = await tx.event.update({
          where: { id: eventId },
          data: {
            kind: notNull(input.kind, 'kind'),
            title: notNull(input.title, 'title'),
            hostMunicipalityId: idOrClear(input.hostMunicipalityId),
            hostOrganizationId: idOrClear(input.hostOrganizationId),
            venue: input.venue,
            place: input.place,
            onlineUrl: input.onlineUrl,
            parentEventId,
            startsOn,
            endsOn,
            capacity: input.capacity,
            published: notNull(input.published, 'published'),
            liveToPublic: notNull(input.liveToPublic, 'liveToPublic'),
            registrationOpen: notNull(input.registrationOpen, 'registrationOpen'),
          },
        });
        return { updated, admitted: await admitFromWaitlist(tx, eventId) };
      });
      publishEventChange(ctx, updated);
      publishRegistrations(ctx, eventId, admitted);
      return { event: updated };
    },
  }),
);

const SetEventDayAgendaInput = builder.inputType('SetEventDayAgendaInput', {
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode }),
    day: t.int({ required: true, description: 'The day’s number, 1 for the first.' }),
    title: t.string({ validate: optionalText(300) }),
    agenda: t.field({ type: [AgendaItemInput], required: true, validate: agendaList }),
  }),
});

const SetEventDayAgendaPayload = recordPayload('SetEventDayAgendaPayload', 'day', EventDayRef);

builder.mutationField('setEventDayAgenda', (t) =>
  t.field({
    type: SetEventDayAgendaPayload,
    description: 'Replaces one day’s title and agenda.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetEventDayAgendaInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const eventId = input.eventId.id;
      await requireManager(ctx, eventId);
      const { id } = await findDay(ctx.prisma, eventId, input.day);
      const day = await ctx.prisma.$transaction(async (tx) => {
        await tx.agendaItem.deleteMany({ where: { dayId: id } });
        return tx.eventDay.update({
          where: { id },
          data: {
            ...(input.title !== undefined ? { title: input.title } : {}),
            agenda: { create: agendaRows(input.agenda) },
          },
        });
      });
      return { day };
    },
  }),
);

const AddPresentationInput = builder.inputType('AddPresentationInput', {
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode }),
    day: t.int({ description: 'The day’s number, when known.' }),
    title: t.string({ required: true, validate: requiredText(500) }),
    summary: t.string({ validate: optionalText(5000) }),
    organizationId: t.globalID({ for: OrganizationNode }),
    personId: t.globalID({ for: PersonNode }),
    supportedBy: t.string({ validate: optionalText(500) }),
    projectIdeaId: t.globalID({ for: ProjectIdeaNode }),
  }),
});

const AddPresentationPayload = recordPayload(
  'AddPresentationPayload',
  'presentation',
  PresentationNode,
);

builder.mutationField('addPresentation', (t) =>
  t.field({
    type: AddPresentationPayload,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AddPresentationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      presentation: await addPresentation(ctx, {
        ...input,
        eventId: input.eventId.id,
        organizationId: input.organizationId?.id,
        personId: input.personId?.id,
        projectIdeaId: input.projectIdeaId?.id,
      }),
    }),
  }),
);

const RemovePresentationInput = builder.inputType('RemovePresentationInput', {
  fields: (t) => ({ presentationId: t.globalID({ required: true, for: PresentationNode }) }),
});

const RemovePresentationPayload = recordPayload('RemovePresentationPayload', 'event', EventNode);

builder.mutationField('removePresentation', (t) =>
  t.field({
    type: RemovePresentationPayload,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RemovePresentationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const eventId = await removePresentation(ctx, input.presentationId.id);
      return { event: await ctx.prisma.event.findUniqueOrThrow({ where: { id: eventId } }) };
    },
  }),
);
