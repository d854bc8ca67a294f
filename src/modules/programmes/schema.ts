import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { ProgrammeRole } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const ProgrammeRoleEnum = builder.enumType(ProgrammeRole, {
  name: 'ProgrammeRole',
  description: 'An organisation’s part in a programme.',
  values: {
    LEAD: { description: 'Leads the programme.' },
    DONOR: { description: 'Funds the programme.' },
    IMPLEMENTER: { description: 'Carries the programme out, e.g. UNDP or IOM.' },
    PARTNER: { description: 'Takes part in another way.' },
  },
});

export const ProgrammeNode = builder.prismaNode('Programme', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A donor-funded programme that takes municipalities on as partners, e.g. Diaspora for ' +
    'Development (D4D). Public.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Short name, e.g. "D4D".' }),
    name: t.exposeString('name', { description: 'Full name, e.g. "Diaspora for Development".' }),
    localName: t.exposeString('localName', { nullable: true, description: 'Name in Bosnian.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the programme is for, as free text; null when not given.',
    }),
    startsOn: t.expose('startsOn', {
      type: 'Date',
      nullable: true,
      description: 'Its first day; null when not known.',
    }),
    endsOn: t.expose('endsOn', {
      type: 'Date',
      nullable: true,
      description: 'Its last day; null when open-ended or not known.',
    }),
    organizations: t.relation('organizations', {
      description: 'Donors, implementers and partners, with their part in the programme.',
      query: { orderBy: [{ role: 'asc' }, { organization: { name: 'asc' } }] },
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the programme was recorded.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the programme’s own fields last changed.',
    }),
  }),
});

builder.prismaObject('ProgrammeOrganization', {
  description:
    'An organisation’s part in a programme; an organisation with several parts appears once ' +
    'for each.',
  authScopes: { public: true },
  fields: (t) => ({
    role: t.expose('role', { type: ProgrammeRoleEnum, description: 'The part it plays.' }),
    organization: t.relation('organization', { description: 'The organisation.' }),
    programme: t.relation('programme', { description: 'The programme.' }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('programmes', (t) =>
  t.prismaConnection(
    {
      type: 'Programme',
      cursor: 'id',
      authScopes: { public: true },
      description: 'Every programme, by name. Public.',
      args: {
        search: t.arg.string({
          description:
            'Matches code and names, ignoring case and diacritics; 200 characters at most.',
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

/** The optional texts of a programme, as created and updated. */
const optionalFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  localName: t.string({
    validate: optionalText(300),
    description: 'Name in Bosnian; 300 characters at most.',
  }),
  description: t.string({
    validate: optionalText(10_000),
    description: 'What the programme is for; 10,000 characters at most.',
  }),
});

const CreateProgrammeInput = builder.inputType('CreateProgrammeInput', {
  description: 'A new programme.',
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: code,
      description:
        'Short name, e.g. "D4D": not blank, 40 characters at most, not used by another ' +
        'programme (CONFLICT).',
    }),
    name: t.string({
      required: true,
      validate: name,
      description: 'Full name: not blank, 300 characters at most.',
    }),
    ...optionalFields(t),
    startsOn: t.field({ type: 'Date', description: 'Its first day, when known.' }),
    endsOn: t.field({
      type: 'Date',
      description: 'Its last day, when known; not before `startsOn`.',
    }),
  }),
});

const UpdateProgrammeInput = builder.inputType('UpdateProgrammeInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme to change.',
    }),
    code: t.string({
      validate: code,
      description:
        'New short name: not blank, 40 characters at most, not used by another programme ' +
        '(CONFLICT); null is refused.',
    }),
    name: t.string({
      validate: name,
      description: 'New full name: not blank, 300 characters at most; null is refused.',
    }),
    ...optionalFields(t),
    startsOn: t.field({ type: 'Date', description: 'Its first day.' }),
    endsOn: t.field({
      type: 'Date',
      description: 'Its last day; not before `startsOn` (the new one or the current one).',
    }),
  }),
});

function checkDateOrder(startsOn: Date | null | undefined, endsOn: Date | null | undefined) {
  if (startsOn && endsOn && startsOn > endsOn) {
    throw new BadUserInputError('endsOn must not be before startsOn');
  }
}

builder.mutationField('createProgramme', (t) =>
  t.field({
    type: recordPayload('CreateProgrammePayload', 'programme', ProgrammeNode),
    description:
      'Administrators of the whole network (not of one programme) record a programme. ' +
      'BAD_USER_INPUT for an end before the start, CONFLICT for a `code` in use. Publishes ' +
      '`programmeChanged`.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({ type: CreateProgrammeInput, required: true, description: 'The programme.' }),
    },
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
    type: recordPayload('UpdateProgrammePayload', 'programme', ProgrammeNode),
    description:
      'The programme’s network administrators change it. NOT_FOUND when no programme has ' +
      'the ID; BAD_USER_INPUT for a null `code` or `name` or an end before the start; ' +
      'CONFLICT for a `code` in use. Publishes `programmeChanged` and `dashboardUpdated`.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.id.id }),
    args: {
      input: t.arg({ type: UpdateProgrammeInput, required: true, description: 'What changes.' }),
    },
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
    args: {
      id: t.arg.globalID({
        for: ProgrammeNode,
        description: 'Only changes to this programme; every programme’s when absent.',
      }),
    },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('programme:changed'),
        filter((event) => !args.id || event.programmeId === args.id.id),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.programme.findUniqueOrThrow({ ...query, where: { id: event.programmeId } }),
  }),
);
