import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import type { Memorandum, Prisma } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { publishDirectoryChange } from '../directory/events.js';
import { notNull, optionalText, requiredText, search } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { createMemorandum, updateMemorandum } from './service.js';
import { recordPayload } from '../payload.js';
import type { MoneyShape } from '../money.js';

// --- Types -----------------------------------------------------------------------------------

export const MoneyRef = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An amount of money; `amount` is a decimal string so that no precision is lost.',
  authScopes: { public: true },
  fields: (t) => ({
    amount: t.string({
      description: 'e.g. "1300000.00".',
      authScopes: { public: true },
      resolve: (money) => money.amount.toFixed(2),
    }),
    currency: t.exposeString('currency', {
      description: 'ISO 4217; "BAM" (convertible marks, KM) unless stated otherwise.',
      authScopes: { public: true },
    }),
  }),
});

export const MemorandumNode = builder.prismaNode('Memorandum', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A memorandum of cooperation, with its parties, signatories, goals and resources.',
  authScopes: { public: true },
  fields: (t) => ({
    title: t.exposeString('title', {
      description: 'Its title, e.g. "Memorandum o saradnji u oblasti iseljeništva".',
      authScopes: { public: true },
    }),
    signedOn: t.expose('signedOn', {
      type: 'Date',
      description: 'The day it was signed (`YYYY-MM-DD`).',
      authScopes: { public: true },
    }),
    place: t.exposeString('place', {
      nullable: true,
      description: 'Where it was signed, e.g. "Sarajevo"; null when not recorded.',
      authScopes: { public: true },
    }),
    goals: t.exposeStringList('goals', {
      description: 'The goals it sets, in the order it lists them; empty when none recorded.',
      authScopes: { public: true },
    }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme it belongs to (its administrators edit it); null for one outside ' +
        'any programme.',
      authScopes: { public: true },
    }),
    parties: t.relation('parties', {
      description: 'In the order the memorandum lists them.',
      authScopes: { public: true },
      query: { orderBy: { position: 'asc' } },
    }),
    committedResources: t.relation('resources', {
      description: 'The money the parties commit, in the order the memorandum lists it.',
      authScopes: { public: true },
      query: { orderBy: { position: 'asc' } },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was archived (hidden from lists, see `archiveMemorandum`); null while active.',
      authScopes: { public: true },
    }),
  }),
});

builder.prismaNode('MemorandumParty', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A party to a memorandum: an organisation or a municipality, and who signed.',
  authScopes: { public: true },
  fields: (t) => ({
    memorandum: t.relation('memorandum', {
      description: 'The memorandum it is a party to.',
      authScopes: { public: true },
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The party when it is an organisation; null when it is a municipality.',
      authScopes: { public: true },
    }),
    municipality: t.relation('municipality', {
      nullable: true,
      description: 'The party when it is a municipality; null when it is an organisation.',
      authScopes: { public: true },
    }),
    signatory: t.relation('signatory', {
      nullable: true,
      description: 'Who signed for the party; null when not recorded.',
      authScopes: { public: true },
    }),
    signatoryFunction: t.exposeString('signatoryFunction', {
      nullable: true,
      description: 'The signatory’s function when signing.',
      authScopes: { public: true },
    }),
  }),
});

builder.prismaObject('MemorandumResource', {
  description: 'Money a memorandum commits, and what for.',
  authScopes: { public: true },
  fields: (t) => ({
    description: t.exposeString('description', {
      description: 'What the money is for (and who commits it, when the text says).',
      authScopes: { public: true },
    }),
    money: t.field({
      type: MoneyRef,
      description: 'The amount committed.',
      authScopes: { public: true },
      resolve: (resource) => ({ amount: resource.amount, currency: resource.currency }),
    }),
  }),
});

builder.prismaObjectFields('Municipality', (t) => ({
  memoranda: t.field({
    type: [MemorandumNode],
    description: 'Memoranda it is a party to, latest first.',
    authScopes: { public: true },
    select: (_args, _ctx, nestedSelection) => ({
      memorandumParties: {
        where: { memorandum: { archivedAt: null } },
        orderBy: { memorandum: { signedOn: 'desc' } },
        select: { memorandum: nestedSelection(true) },
      },
    }),
    resolve: (municipality) => municipality.memorandumParties.map((party) => party.memorandum),
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

interface MemorandaArgs {
  search?: string | null;
  municipalityId?: { id: string } | null;
  organizationId?: { id: string } | null;
  programmeId?: { id: string } | null;
  includeArchived?: boolean | null;
}

function memorandaFilter(args: MemorandaArgs): Prisma.MemorandumWhereInput {
  return {
    ...searchFilter(args.search),
    ...(args.municipalityId
      ? { parties: { some: { municipalityId: args.municipalityId.id } } }
      : {}),
    ...(args.organizationId
      ? { parties: { some: { organizationId: args.organizationId.id } } }
      : {}),
    ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
    ...(args.includeArchived ? {} : { archivedAt: null }),
  };
}

builder.queryField('memoranda', (t) =>
  t.prismaConnection(
    {
      type: 'Memorandum',
      cursor: 'id',
      description:
        'Memoranda of cooperation, open to anyone, latest signed first; archived ones only ' +
        'with `includeArchived`.',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches title and place, ignoring case and diacritics.',
          validate: search,
        }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only with this party.',
        }),
        organizationId: t.arg.globalID({
          for: OrganizationNode,
          description: 'Only with this party.',
        }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only those of this programme.',
        }),
        includeArchived: t.arg.boolean({
          defaultValue: false,
          description: 'Also archived memoranda.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.memorandum.findMany({
          ...query,
          where: memorandaFilter(args),
          orderBy: [{ signedOn: 'desc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.memorandum.count({ where: memorandaFilter(args) }),
    },
    { name: 'MemorandumConnection' },
    { name: 'MemorandumEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const MemorandumPartyInput = builder.inputType('MemorandumPartyInput', {
  description:
    'A party to a memorandum: exactly one of `organizationId` and `municipalityId`, each party ' +
    'once (else BAD_USER_INPUT).',
  fields: (t) => ({
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The party, when it is an organisation.',
    }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The party, when it is a municipality.',
    }),
    signatoryId: t.globalID({ for: PersonNode, description: 'Who signed for the party.' }),
    signatoryFunction: t.string({
      description:
        'The signatory’s function when signing; at most 300 characters; needs `signatoryId`.',
      validate: optionalText(300),
    }),
  }),
});

const CommittedResourceInput = builder.inputType('CommittedResourceInput', {
  description: 'Money a memorandum commits, and what for.',
  fields: (t) => ({
    description: t.string({
      required: true,
      description: 'What the money is for (and who commits it); 1–500 characters, trimmed.',
      validate: requiredText(500),
    }),
    amount: t.string({
      required: true,
      description: 'A decimal string with at most two decimals, e.g. "1300000" or "2500.50".',
      validate: z
        .string()
        .trim()
        .regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be a non-negative decimal such as "2500.50"'),
    }),
    currency: t.string({
      defaultValue: 'BAM',
      description: 'ISO 4217 code in capitals, e.g. "EUR"; "BAM" (convertible marks) by default.',
      validate: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "BAM" or "EUR"'),
    }),
  }),
});

const goals = z.array(requiredText(1000)).max(50);

const CreateMemorandumInput = builder.inputType('CreateMemorandumInput', {
  description: 'A new memorandum of cooperation.',
  fields: (t) => ({
    title: t.string({
      required: true,
      description: 'Its title; 1–500 characters, trimmed.',
      validate: requiredText(500),
    }),
    signedOn: t.field({
      type: 'Date',
      required: true,
      description: 'The day it was signed (`YYYY-MM-DD`).',
    }),
    place: t.string({
      description: 'Where it was signed; at most 300 characters.',
      validate: optionalText(300),
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme it belongs to; its administrators may then edit it.',
    }),
    goals: t.stringList({
      description: 'Its goals, in order; at most 50, each 1–1000 characters.',
      validate: goals,
    }),
    parties: t.field({
      type: [MemorandumPartyInput],
      required: true,
      description: 'Its parties, in the order it lists them; at least one.',
    }),
    committedResources: t.field({
      type: [CommittedResourceInput],
      description: 'The money it commits, in order; none when left out.',
    }),
  }),
});

const UpdateMemorandumInput = builder.inputType('UpdateMemorandumInput', {
  description:
    'Fields left out stay as they are; parties and committedResources, when given, replace ' +
    'the old lists.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: MemorandumNode,
      description: 'The memorandum to change.',
    }),
    title: t.string({
      description: 'Its title; 1–500 characters; cannot be null.',
      validate: requiredText(500),
    }),
    signedOn: t.field({
      type: 'Date',
      description: 'The day it was signed (`YYYY-MM-DD`); cannot be null.',
    }),
    place: t.string({
      description: 'Where it was signed; at most 300 characters; null clears it.',
      validate: optionalText(300),
    }),
    goals: t.stringList({
      description: 'Replaces the goals; at most 50, each 1–1000 characters; null clears them.',
      validate: goals,
    }),
    parties: t.field({
      type: [MemorandumPartyInput],
      description: 'Replaces the parties; at least one; cannot be null.',
    }),
    committedResources: t.field({
      type: [CommittedResourceInput],
      description: 'Replaces the committed resources; null or [] removes them all.',
    }),
  }),
});

const ArchiveMemorandumInput = builder.inputType('ArchiveMemorandumInput', {
  description: 'Which memorandum to archive.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: MemorandumNode,
      description: 'The memorandum to archive.',
    }),
  }),
});

/** A programme's memoranda are its administrators' to edit; others, network admins'. */
async function memorandumScopes(ctx: Context, id: string) {
  const row = await ctx.prisma.memorandum.findUnique({
    where: { id },
    select: { programmeId: true },
  });
  return row?.programmeId ? { programmeAdmin: row.programmeId } : { networkAdmin: true };
}

type PartyArg = {
  organizationId?: { id: string } | null;
  municipalityId?: { id: string } | null;
  signatoryId?: { id: string } | null;
  signatoryFunction?: string | null;
};

const partyIds = (parties: PartyArg[]) =>
  parties.map((party) => ({
    organizationId: party.organizationId?.id,
    municipalityId: party.municipalityId?.id,
    signatoryId: party.signatoryId?.id,
    signatoryFunction: party.signatoryFunction,
  }));

const resourceValues = (
  resources: { description: string; amount: string; currency?: string | null }[],
) => resources.map((r) => ({ ...r, currency: r.currency ?? 'BAM' }));

const publishMemorandum = (
  ctx: Context,
  memorandum: Memorandum,
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED',
) =>
  publishDirectoryChange(ctx, {
    typename: 'Memorandum',
    id: memorandum.id,
    change,
    municipalityId: null,
  });

builder.mutationField('createMemorandum', (t) =>
  t.field({
    type: recordPayload('CreateMemorandumPayload', 'memorandum', MemorandumNode),
    description:
      'Records a memorandum with its parties and committed resources. With `programmeId`, that ' +
      'programme’s network administrators; without, network administrators of every programme ' +
      '(else FORBIDDEN). Refuses a party given twice, with both or neither ID, or a ' +
      '`signatoryFunction` without `signatoryId`, and IDs of records that do not exist ' +
      '(BAD_USER_INPUT). Publishes `directoryChanged` (CREATED).',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateMemorandumInput,
        required: true,
        description: 'The new memorandum.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { programmeId, parties, committedResources, goals, ...fields } = input;
      const memorandum = await createMemorandum(
        ctx.prisma,
        { ...fields, goals: goals ?? [], programmeId: programmeId?.id ?? null },
        partyIds(parties),
        resourceValues(committedResources ?? []),
      );
      publishMemorandum(ctx, memorandum, 'CREATED');
      return { memorandum };
    },
  }),
);

builder.mutationField('updateMemorandum', (t) =>
  t.field({
    type: recordPayload('UpdateMemorandumPayload', 'memorandum', MemorandumNode),
    description:
      'Changes a memorandum; given `parties` or `committedResources` replace the old lists. ' +
      'Its programme’s network administrators, or for one outside any programme network ' +
      'administrators of every programme (else FORBIDDEN). Refuses what `createMemorandum` ' +
      'refuses and null for `title`, `signedOn` or `parties` (BAD_USER_INPUT), an unknown ' +
      '`id` (NOT_FOUND). Publishes `directoryChanged` (UPDATED).',
    authScopes: (_root, { input }, ctx) => memorandumScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: UpdateMemorandumInput,
        required: true,
        description: 'The memorandum and the fields to change.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const parties = notNull(input.parties, 'parties');
      const memorandum = await updateMemorandum(
        ctx.prisma,
        input.id.id,
        {
          title: notNull(input.title, 'title'),
          signedOn: notNull(input.signedOn, 'signedOn'),
          place: input.place,
          goals: input.goals === null ? [] : input.goals,
        },
        parties && partyIds(parties),
        input.committedResources === null
          ? []
          : input.committedResources && resourceValues(input.committedResources),
      );
      publishMemorandum(ctx, memorandum, 'UPDATED');
      return { memorandum };
    },
  }),
);

builder.mutationField('archiveMemorandum', (t) =>
  t.field({
    type: recordPayload('ArchiveMemorandumPayload', 'memorandum', MemorandumNode),
    description:
      'Hides a memorandum from lists and from `Municipality.memoranda`; node(id:) still ' +
      'resolves it. Who may: as for `updateMemorandum` (else FORBIDDEN); an unknown `id` is ' +
      'NOT_FOUND. Publishes `directoryChanged` (ARCHIVED).',
    authScopes: (_root, { input }, ctx) => memorandumScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: ArchiveMemorandumInput,
        required: true,
        description: 'The memorandum to archive.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const memorandum = await ctx.prisma.memorandum.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date() },
      });
      publishMemorandum(ctx, memorandum, 'ARCHIVED');
      return { memorandum };
    },
  }),
);
