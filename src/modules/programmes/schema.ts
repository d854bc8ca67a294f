import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { ProgrammeRole } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const ProgrammeRoleEnum = builder.enumType(ProgrammeRole, { name: 'ProgrammeRole' });

export const ProgrammeNode = builder.prismaNode('Programme', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Short name, e.g. "D4D".' }),
    name: t.exposeString('name'),
    localName: t.exposeString('localName', { nullable: true, description: 'Name in Bosnian.' }),
    description: t.exposeString('description', { nullable: true }),
    startsOn: t.expose('startsOn', { type: 'Date', nullable: true }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    organizations: t.relation('organizations', {
      description: 'Donors, implementers and partners, with their part in the programme.',
      query: { orderBy: [{ role: 'asc' }, { organization: { name: 'asc' } }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('ProgrammeOrganization', {
  authScopes: { public: true },
  fields: (t) => ({
    role: t.expose('role', { type: ProgrammeRoleEnum }),
    organization: t.relation('organization'),
    programme: t.relation('programme'),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('programmes', (t) =>
  t.prismaConnection(
    {
      type: 'Programme',
      cursor: 'id',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches code and names, ignoring case and diacritics.',
          validate: z.string().max(200),
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.programme.findMany({
          ...query,
          where: searchFilter(args.search),
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.programme.count({ where: searchFilter(args.search) }),
    },
    { name: 'ProgrammeConnection' },
    { name: 'ProgrammeEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const code = z.string().trim().min(1, 'must not be blank').max(40);
const name = z.string().trim().min(1, 'must not be blank').max(300);
const optionalText = (max: number) => z.string().trim().max(max);

const CreateProgrammeInput = builder.inputType('CreateProgrammeInput', {
  fields: (t) => ({
    code: t.string({ required: true, validate: code }),
    name: t.string({ required: true, validate: name }),
    localName: t.string({ validate: optionalText(300) }),
    description: t.string({ validate: optionalText(10_000) }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date' }),
  }),
});

const UpdateProgrammeInput = builder.inputType('UpdateProgrammeInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: ProgrammeNode }),
    code: t.string({ validate: code }),
    name: t.string({ validate: name }),
    localName: t.string({ validate: optionalText(300) }),
    description: t.string({ validate: optionalText(10_000) }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date' }),
  }),
});

function checkDateOrder(startsOn: Date | null | undefined, endsOn: Date | null | undefined) {
  if (startsOn && endsOn && startsOn > endsOn) {
    throw new BadUserInputError('endsOn must not be before startsOn');
  }
}

const ProgrammePayload = (name: string) => recordPayload(name, 'programme', ProgrammeNode);

builder.mutationField('createProgramme', (t) =>
  t.field({
    type: ProgrammePayload('CreateProgrammePayload'),
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: CreateProgrammeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      checkDateOrder(input.startsOn, input.endsOn);
      const programme = await ctx.prisma.programme.create({ data: input });
      ctx.pubsub.publish('programme:changed', { programmeId: programme.id });
      return { programme };
    },
  }),
);

builder.mutationField('updateProgramme', (t) =>
  t.field({
    type: ProgrammePayload('UpdateProgrammePayload'),
    authScopes: (_root, { input }) => ({ programmeAdmin: input.id.id }),
    args: { input: t.arg({ type: UpdateProgrammeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, code, name, ...optional } = input;
      if (code === null || name === null)
        throw new BadUserInputError('code and name cannot be null');
      const current = await ctx.prisma.programme.findUnique({ where: { id: id.id } });
      if (!current) throw new NotFoundError('No programme has this ID');
      checkDateOrder(
        optional.startsOn === undefined ? current.startsOn : optional.startsOn,
        optional.endsOn === undefined ? current.endsOn : optional.endsOn,
      );
      const programme = await ctx.prisma.programme.update({
        where: { id: id.id },
        data: { code, name, ...optional },
      });
      ctx.pubsub.publish('programme:changed', { programmeId: programme.id });
      return { programme };
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('programmeChanged', (t) =>
  t.prismaField({
    type: 'Programme',
    description: 'A programme was created or updated (one programme when `id` is given).',
    authScopes: { public: true },
    args: { id: t.arg.globalID({ for: ProgrammeNode }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('programme:changed'),
        filter((event) => !args.id || event.programmeId === args.id.id),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.programme.findUniqueOrThrow({ ...query, where: { id: event.programmeId } }),
  }),
);
