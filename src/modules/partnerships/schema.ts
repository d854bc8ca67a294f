import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import {
  PartnershipStatus,
  type Prisma,
  type ProgrammePartnership,
} from '../../generated/prisma/client.js';
import { publishDirectoryChange } from '../directory/events.js';
import { checkDateOrder, notNull, requiredText } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const PartnershipStatusEnum = builder.enumType(PartnershipStatus, {
  name: 'PartnershipStatus',
});

export const ProgrammePartnershipNode = builder.prismaNode('ProgrammePartnership', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A municipality’s partnership in a programme: it joined in a cohort on a date.',
  authScopes: { public: true },
  fields: (t) => ({
    programme: t.relation('programme', { authScopes: { public: true } }),
    municipality: t.relation('municipality', { authScopes: { public: true } }),
    cohort: t.exposeString('cohort', {
      description: 'e.g. "2017" or "Novoizabrane JLS 2023".',
      authScopes: { public: true },
    }),
    joinedOn: t.expose('joinedOn', { type: 'Date', authScopes: { public: true } }),
    status: t.expose('status', { type: PartnershipStatusEnum, authScopes: { public: true } }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true, authScopes: { public: true } }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
    }),
  }),
});

/** One connection type for every list of partnerships (a programme's, a municipality's). */
const ProgrammePartnershipConnection = builder.connectionObject({
  type: ProgrammePartnershipNode,
  name: 'ProgrammePartnershipConnection',
  fields: (t) => ({
    totalCount: t.int({
      // Tells the Prisma plugin that this field needs only the count, not the rows; the plugin
      // puts the count on the connection (totalCount: true on each field below).
      extensions: { pothosPrismaTotalCount: true },
      resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount,
    }),
  }),
});

interface PartnerCohort {
  name: string;
  joinedOn: Date;
  partners: ProgrammePartnership[];
}

const PartnerCohortRef = builder.objectRef<PartnerCohort>('PartnerCohort').implement({
  description: 'The partners that joined a programme together.',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', { authScopes: { public: true } }),
    joinedOn: t.expose('joinedOn', {
      type: 'Date',
      description: 'When its first partner joined.',
      authScopes: { public: true },
    }),
    partners: t.field({
      type: [ProgrammePartnershipNode],
      authScopes: { public: true },
      resolve: (cohort) => cohort.partners,
    }),
  }),
});

const partnershipOrder: Prisma.ProgrammePartnershipOrderByWithRelationInput[] = [
  { joinedOn: 'asc' },
  { cohort: 'asc' },
  { municipality: { searchText: 'asc' } },
  { id: 'asc' },
];

builder.prismaObjectFields('Programme', (t) => ({
  partners: t.relatedConnection(
    'partnerships',
    {
      description: 'Partner municipalities, by cohort, then name.',
      authScopes: { public: true },
      cursor: 'id',
      totalCount: true,
      args: {
        cohort: t.arg.string({ description: 'Only this cohort.' }),
        status: t.arg({ type: PartnershipStatusEnum }),
      },
      query: (args) => ({
        where: {
          archivedAt: null,
          ...(args.cohort ? { cohort: args.cohort } : {}),
          ...(args.status ? { status: args.status } : {}),
        },
        orderBy: partnershipOrder,
      }),
    },
    ProgrammePartnershipConnection,
  ),
  partnerCohorts: t.field({
    type: [PartnerCohortRef],
    description: 'The partner map: partners grouped by cohort, in the order cohorts joined.',
    authScopes: { public: true },
    select: (_args, _ctx, nestedSelection) => {
      const partners = nestedSelection({ where: { archivedAt: null }, orderBy: partnershipOrder }, [
        'partners',
      ]) as { select?: Record<string, unknown> };
      // The grouping reads these two even when `partners` is not asked for (an empty select
      // is refused by Prisma).
      const grouping = { cohort: true, joinedOn: true };
      return {
        partnerships: partners.select
          ? { ...partners, select: { ...partners.select, ...grouping } }
          : partners,
      };
    },
    resolve: (programme) => {
      const cohorts = new Map<string, PartnerCohort>();
      for (const partnership of programme.partnerships) {
        const cohort = cohorts.get(partnership.cohort);
        if (cohort) cohort.partners.push(partnership);
        else {
          cohorts.set(partnership.cohort, {
            name: partnership.cohort,
            joinedOn: partnership.joinedOn,
            partners: [partnership],
          });
        }
      }
      return [...cohorts.values()];
    },
  }),
}));

builder.prismaObjectFields('Municipality', (t) => ({
  programmes: t.relatedConnection(
    'partnerships',
    {
      description: 'Its programme partnerships, earliest first.',
      authScopes: { public: true },
      cursor: 'id',
      totalCount: true,
      args: { status: t.arg({ type: PartnershipStatusEnum }) },
      query: (args) => ({
        where: { archivedAt: null, ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ joinedOn: 'asc' }, { id: 'asc' }],
      }),
    },
    ProgrammePartnershipConnection,
  ),
}));

// --- Mutations -------------------------------------------------------------------------------

const cohort = requiredText(200);

const CreateProgrammePartnershipInput = builder.inputType('CreateProgrammePartnershipInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    cohort: t.string({ required: true, validate: cohort }),
    joinedOn: t.field({ type: 'Date', required: true }),
    status: t.field({ type: PartnershipStatusEnum, defaultValue: 'ACTIVE' }),
    endedOn: t.field({ type: 'Date' }),
  }),
});

const UpdateProgrammePartnershipInput = builder.inputType('UpdateProgrammePartnershipInput', {
  description: 'Fields left out stay as they are; null clears endedOn.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: ProgrammePartnershipNode }),
    cohort: t.string({ validate: cohort }),
    joinedOn: t.field({ type: 'Date' }),
    status: t.field({ type: PartnershipStatusEnum }),
    endedOn: t.field({ type: 'Date' }),
  }),
});

const ArchiveProgrammePartnershipInput = builder.inputType('ArchiveProgrammePartnershipInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: ProgrammePartnershipNode }) }),
});

const PartnershipPayload = (name: string) =>
  recordPayload(name, 'partnership', ProgrammePartnershipNode);

/** The programme a partnership belongs to, for authScopes ('' when there is none). */
async function partnershipProgrammeId(ctx: Context, id: string) {
  const row = await ctx.prisma.programmePartnership.findUnique({
    where: { id },
    select: { programmeId: true },
  });
  return row?.programmeId ?? '';
}

function publish(
  ctx: Context,
  partnership: ProgrammePartnership,
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED',
) {
  publishDirectoryChange(ctx, {
    typename: 'ProgrammePartnership',
    id: partnership.id,
    change,
    municipalityId: partnership.municipalityId,
  });
}

builder.mutationField('createProgrammePartnership', (t) =>
  t.field({
    type: PartnershipPayload('CreateProgrammePartnershipPayload'),
    description: 'A municipality joins a programme (once; a second time is CONFLICT).',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: { input: t.arg({ type: CreateProgrammePartnershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { programmeId, municipalityId, status, ...data } = input;
      checkDateOrder(data.joinedOn, data.endedOn, ['joinedOn', 'endedOn']);
      const partnership = await ctx.prisma.programmePartnership.create({
        data: {
          ...data,
          status: status ?? 'ACTIVE',
          programmeId: programmeId.id,
          municipalityId: municipalityId.id,
        },
      });
      publish(ctx, partnership, 'CREATED');
      return { partnership };
    },
  }),
);

builder.mutationField('updateProgrammePartnership', (t) =>
  t.field({
    type: PartnershipPayload('UpdateProgrammePartnershipPayload'),
    authScopes: async (_root, { input }, ctx) => ({
      programmeAdmin: await partnershipProgrammeId(ctx, input.id.id),
    }),
    args: { input: t.arg({ type: UpdateProgrammePartnershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = {
        cohort: notNull(input.cohort, 'cohort'),
        joinedOn: notNull(input.joinedOn, 'joinedOn'),
        status: notNull(input.status, 'status'),
        endedOn: input.endedOn,
      };
      const partnership = await ctx.prisma.$transaction(async (tx) => {
        const current = await tx.programmePartnership.findUnique({ where: { id: input.id.id } });
        if (!current) throw new NotFoundError('No partnership has this ID');
        checkDateOrder(
          data.joinedOn ?? current.joinedOn,
          data.endedOn === undefined ? current.endedOn : data.endedOn,
          ['joinedOn', 'endedOn'],
        );
        return tx.programmePartnership.update({ where: { id: current.id }, data });
      });
      publish(ctx, partnership, 'UPDATED');
      return { partnership };
    },
  }),
);

builder.mutationField('archiveProgrammePartnership', (t) =>
  t.field({
    type: PartnershipPayload('ArchiveProgrammePartnershipPayload'),
    description: 'Removes an entry made in error; a partnership that ran its course is ENDED.',
    authScopes: async (_root, { input }, ctx) => ({
      programmeAdmin: await partnershipProgrammeId(ctx, input.id.id),
    }),
    args: { input: t.arg({ type: ArchiveProgrammePartnershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const partnership = await ctx.prisma.programmePartnership.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date() },
      });
      publish(ctx, partnership, 'ARCHIVED');
      return { partnership };
    },
  }),
);
