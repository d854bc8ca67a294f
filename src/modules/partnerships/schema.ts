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
  description: 'Whether a municipality’s partnership in a programme runs.',
  values: {
    ACTIVE: {
      description:
        'It runs: the municipality takes part (its coordinators are on the programme’s lists).',
    },
    ENDED: { description: 'It ran its course (`endedOn` says when, if recorded).' },
  },
});

export const ProgrammePartnershipNode = builder.prismaNode('ProgrammePartnership', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A municipality’s partnership in a programme: it joined in a cohort on a date.',
  authScopes: { public: true },
  fields: (t) => ({
    programme: t.relation('programme', {
      description: 'The programme.',
      authScopes: { public: true },
    }),
    municipality: t.relation('municipality', {
      description: 'The partner municipality.',
      authScopes: { public: true },
    }),
    cohort: t.exposeString('cohort', {
      description: 'e.g. "2017" or "Novoizabrane JLS 2023".',
      authScopes: { public: true },
    }),
    joinedOn: t.expose('joinedOn', {
      type: 'Date',
      description: 'The day it joined.',
      authScopes: { public: true },
    }),
    status: t.expose('status', {
      type: PartnershipStatusEnum,
      description: 'Whether it runs.',
      authScopes: { public: true },
    }),
    endedOn: t.expose('endedOn', {
      type: 'Date',
      nullable: true,
      description:
        'The day it ended (not before `joinedOn`); null while it runs or if not recorded.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was archived as an entry made in error (it is then left out of every list of ' +
        'partners); null otherwise.',
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
      description: 'How many partnerships match, over all pages.',
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
    name: t.exposeString('name', {
      description: 'The cohort’s name, e.g. "2017".',
      authScopes: { public: true },
    }),
    joinedOn: t.expose('joinedOn', {
      type: 'Date',
      description: 'When its first partner joined.',
      authScopes: { public: true },
    }),
    partners: t.field({
      type: [ProgrammePartnershipNode],
      description: 'Its partners (archived entries left out), by join date, then name.',
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
        status: t.arg({
          type: PartnershipStatusEnum,
          description: 'Only partnerships in this status.',
        }),
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
      args: {
        status: t.arg({
          type: PartnershipStatusEnum,
          description: 'Only partnerships in this status.',
        }),
      },
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
  description: 'A municipality’s new partnership in a programme.',
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode, description: 'The programme.' }),
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality that joins.',
    }),
    cohort: t.string({
      required: true,
      description: 'The cohort it joins in, e.g. "2017" (not blank, at most 200 characters).',
      validate: cohort,
    }),
    joinedOn: t.field({ type: 'Date', required: true, description: 'The day it joined.' }),
    status: t.field({
      type: PartnershipStatusEnum,
      defaultValue: 'ACTIVE',
      description: 'Whether it runs.',
    }),
    endedOn: t.field({
      type: 'Date',
      description:
        'The day it ended, for a partnership recorded afterwards (not before `joinedOn`).',
    }),
  }),
});

const UpdateProgrammePartnershipInput = builder.inputType('UpdateProgrammePartnershipInput', {
  description: 'Fields left out stay as they are; null clears endedOn.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: ProgrammePartnershipNode,
      description: 'The partnership.',
    }),
    cohort: t.string({
      description: 'A new cohort (not blank, at most 200 characters; null is refused).',
      validate: cohort,
    }),
    joinedOn: t.field({ type: 'Date', description: 'A new join date (null is refused).' }),
    status: t.field({
      type: PartnershipStatusEnum,
      description: 'A new status, e.g. `ENDED` (null is refused).',
    }),
    endedOn: t.field({
      type: 'Date',
      description: 'The day it ended (not before `joinedOn`); null clears it.',
    }),
  }),
});

const ArchiveProgrammePartnershipInput = builder.inputType('ArchiveProgrammePartnershipInput', {
  description: 'The partnership to archive.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: ProgrammePartnershipNode,
      description: 'The partnership.',
    }),
  }),
});

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
    type: recordPayload(
      'CreateProgrammePartnershipPayload',
      'partnership',
      ProgrammePartnershipNode,
    ),
    description:
      'A municipality joins a programme: once (a second time is a CONFLICT, unless the first ' +
      'entry was archived). For the programme’s network administrators; BAD_USER_INPUT for an ' +
      'unknown municipality or `endedOn` before `joinedOn`. Tells `directoryChanged` ' +
      'subscribers (CREATED).',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: {
      input: t.arg({
        type: CreateProgrammePartnershipInput,
        required: true,
        description: 'The new partnership.',
      }),
    },
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
    type: recordPayload(
      'UpdateProgrammePartnershipPayload',
      'partnership',
      ProgrammePartnershipNode,
    ),
    description:
      'Changes a partnership’s cohort, dates or status (e.g. to `ENDED`). For the programme’s ' +
      'network administrators; NOT_FOUND for an unknown partnership, BAD_USER_INPUT when ' +
      '`endedOn` would be before `joinedOn` or for a null that cannot be cleared. Tells ' +
      '`directoryChanged` subscribers (UPDATED).',
    authScopes: async (_root, { input }, ctx) => ({
      programmeAdmin: await partnershipProgrammeId(ctx, input.id.id),
    }),
    args: {
      input: t.arg({
        type: UpdateProgrammePartnershipInput,
        required: true,
        description: 'The partnership and the changes.',
      }),
    },
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
    type: recordPayload(
      'ArchiveProgrammePartnershipPayload',
      'partnership',
      ProgrammePartnershipNode,
    ),
    description:
      'Removes an entry made in error from the lists of partners; a partnership that ran its ' +
      'course is `ENDED` instead (`updateProgrammePartnership`). For the programme’s network ' +
      'administrators; NOT_FOUND for an unknown partnership. Tells `directoryChanged` ' +
      'subscribers (ARCHIVED).',
    authScopes: async (_root, { input }, ctx) => ({
      programmeAdmin: await partnershipProgrammeId(ctx, input.id.id),
    }),
    args: {
      input: t.arg({
        type: ArchiveProgrammePartnershipInput,
        required: true,
        description: 'The partnership.',
      }),
    },
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
