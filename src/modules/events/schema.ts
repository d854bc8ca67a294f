import * as Y from 'yjs';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, rethrowDatabaseError } from '../../errors.js';
import { EventKind } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const EventKindEnum = builder.enumType(EventKind, { name: 'EventKind' });

export const EventNode = builder.prismaNode('Event', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  // Published events are public; internal ones are for signed-in members of the network.
  authScopes: (event, ctx) => event.published || ctx.viewer !== null,
  fields: (t) => ({
    kind: t.expose('kind', { type: EventKindEnum }),
    title: t.exposeString('title'),
    place: t.exposeString('place', { nullable: true }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date' }),
    published: t.exposeBoolean('published'),
    programme: t.relation('programme', { nullable: true }),
    conclusions: t.relation('conclusions', {
      nullable: true,
      description: 'The conclusions and recommendations, co-edited live (created with the event).',
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
      description: 'Newest first. The public sees published events only.',
      args: {
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        search: t.arg.string({ validate: z.string().max(200) }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.event.findMany({
          ...query,
          where: eventFilter(args, ctx.viewer !== null),
          orderBy: [{ startsOn: 'desc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.event.count({ where: eventFilter(args, ctx.viewer !== null) }),
    },
    { name: 'EventConnection' },
    { name: 'EventEdge' },
  ),
);

function eventFilter(
  args: { programmeId?: { id: string } | null; search?: string | null },
  signedIn: boolean,
) {
  return {
    ...searchFilter(args.search),
    ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
    ...(signedIn ? {} : { published: true }),
  };
}

// --- Mutations -------------------------------------------------------------------------------

const CreateEventInput = builder.inputType('CreateEventInput', {
  fields: (t) => ({
    kind: t.field({ type: EventKindEnum, required: true }),
    title: t.string({ required: true, validate: z.string().trim().min(1).max(500) }),
    programmeId: t.globalID({ for: ProgrammeNode }),
    place: t.string({ validate: z.string().trim().max(300) }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    published: t.boolean({ defaultValue: false }),
  }),
});

const CreateEventPayload = recordPayload('CreateEventPayload', 'event', EventNode);

builder.mutationField('createEvent', (t) =>
  t.field({
    type: CreateEventPayload,
    description: 'Creates an event with an empty DRAFT conclusions document.',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: { input: t.arg({ type: CreateEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.startsOn > input.endsOn) {
        throw new BadUserInputError('endsOn must not be before startsOn');
      }
      const event = await ctx.prisma.event
        .create({
          data: {
            kind: input.kind,
            title: input.title,
            programmeId: input.programmeId?.id ?? null,
            place: input.place,
            startsOn: input.startsOn,
            endsOn: input.endsOn,
            published: input.published ?? false,
            conclusions: {
              create: { snapshot: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())) },
            },
          },
        })
        .catch(rethrowDatabaseError);
      return { event };
    },
  }),
);
