import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { ForbiddenError } from '../../errors.js';
import {
  type CoordinatorAssignment,
  CoordinatorRole,
  type Person,
  type Prisma,
} from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { canEditMunicipality } from '../accounts/grants.js';
import { publishDirectoryChange } from '../directory/events.js';
import {
  email,
  notNull,
  optionalText,
  phone,
  requiredText,
  search,
} from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { todayInBosnia } from '../../dates.js';
import { createAssignment, updateAssignment } from './service.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const CoordinatorRoleEnum = builder.enumType(CoordinatorRole, { name: 'CoordinatorRole' });

export const PersonNode = builder.prismaNode('Person', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'Someone in the network: a coordinator, a signatory, a project officer.',
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    fullName: t.exposeString('fullName', { authScopes: { public: true } }),
    jobTitle: t.exposeString('jobTitle', {
      nullable: true,
      description: 'Function, e.g. "pomoćnik općinskog načelnika za privredu".',
      authScopes: { public: true },
    }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'Signed-in users only (null for the public).',
      authScopes: { authenticated: true },
      unauthorizedResolver: () => null,
    }),
    phone: t.exposeString('phone', {
      nullable: true,
      description: 'Signed-in users only (null for the public).',
      authScopes: { authenticated: true },
      unauthorizedResolver: () => null,
    }),
    municipality: t.relation('municipality', {
      nullable: true,
      description: 'The municipality they work for.',
      authScopes: { public: true },
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The organisation they work for.',
      authScopes: { public: true },
    }),
    assignments: t.relation('assignments', {
      description: 'Their coordinator and deputy roles, current and past.',
      authScopes: { public: true },
      query: { where: { archivedAt: null }, orderBy: [{ startsOn: 'desc' }, { id: 'asc' }] },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
    }),
  }),
});

export const CoordinatorAssignmentNode = builder.prismaNode('CoordinatorAssignment', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A municipality’s diaspora coordinator (or deputy) in a programme, for a period.',
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    person: t.relation('person', { authScopes: { public: true } }),
    municipality: t.relation('municipality', { authScopes: { public: true } }),
    programme: t.relation('programme', { authScopes: { public: true } }),
    role: t.expose('role', { type: CoordinatorRoleEnum, authScopes: { public: true } }),
    startsOn: t.expose('startsOn', { type: 'Date', authScopes: { public: true } }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true, authScopes: { public: true } }),
    active: t.boolean({
      description: 'Started, not ended, not archived.',
      authScopes: { public: true },
      select: { startsOn: true, endsOn: true, archivedAt: true },
      resolve: (a) => isActive(a),
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
    }),
  }),
});

function isActive(a: Pick<CoordinatorAssignment, 'startsOn' | 'endsOn' | 'archivedAt'>): boolean {
  const now = todayInBosnia();
  return !a.archivedAt && a.startsOn <= now && (!a.endsOn || a.endsOn >= now);
}

/** Assignments in force today, or every one not archived. */
function assignmentFilter(args: {
  programmeId?: { id: string } | null;
  role?: CoordinatorRole | null;
  includeEnded?: boolean | null;
}): Prisma.CoordinatorAssignmentWhereInput {
  const now = todayInBosnia();
  return {
    archivedAt: null,
    ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
    ...(args.role ? { role: args.role } : {}),
    ...(args.includeEnded
      ? {}
      : { startsOn: { lte: now }, OR: [{ endsOn: null }, { endsOn: { gte: now } }] }),
  };
}

builder.prismaObjectFields('Municipality', (t) => ({
  coordinators: t.relation('coordinatorAssignments', {
    description: 'Its coordinators and deputies, coordinators first (in force today by default).',
    authScopes: { public: true },
    args: {
      programmeId: t.arg.globalID({ for: ProgrammeNode }),
      role: t.arg({ type: CoordinatorRoleEnum }),
      includeEnded: t.arg.boolean({ defaultValue: false }),
    },
    query: (args) => ({
      where: assignmentFilter(args),
      orderBy: [{ role: 'asc' }, { startsOn: 'desc' }, { id: 'asc' }],
    }),
  }),
  people: t.relation('people', {
    description: 'People who work for it.',
    authScopes: { public: true },
    query: { where: { archivedAt: null }, orderBy: [{ fullName: 'asc' }, { id: 'asc' }] },
  }),
}));

builder.prismaObjectFields('Programme', (t) => ({
  coordinators: t.relation('coordinatorAssignments', {
    description: 'The network of practitioners: coordinators and deputies of partners.',
    authScopes: { public: true },
    args: {
      role: t.arg({ type: CoordinatorRoleEnum }),
      includeEnded: t.arg.boolean({ defaultValue: false }),
    },
    query: (args) => ({
      where: assignmentFilter(args),
      orderBy: [{ municipality: { searchText: 'asc' } }, { role: 'asc' }, { id: 'asc' }],
    }),
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

interface PeopleArgs {
  search?: string | null;
  municipalityId?: { id: string } | null;
  organizationId?: { id: string } | null;
  includeArchived?: boolean | null;
}

function peopleFilter(args: PeopleArgs): Prisma.PersonWhereInput {
  return {
    ...searchFilter(args.search),
    ...(args.municipalityId ? { municipalityId: args.municipalityId.id } : {}),
    ...(args.organizationId ? { organizationId: args.organizationId.id } : {}),
    ...(args.includeArchived ? {} : { archivedAt: null }),
  };
}

builder.queryField('people', (t) =>
  t.prismaConnection(
    {
      type: 'Person',
      cursor: 'id',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches name, function and e-mail, ignoring case and diacritics.',
          validate: search,
        }),
        municipalityId: t.arg.globalID({ for: MunicipalityNode }),
        organizationId: t.arg.globalID({ for: OrganizationNode }),
        includeArchived: t.arg.boolean({ defaultValue: false }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.person.findMany({
          ...query,
          where: peopleFilter(args),
          orderBy: [{ searchText: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.person.count({ where: peopleFilter(args) }),
    },
    { name: 'PersonConnection' },
    { name: 'PersonEdge' },
  ),
);

// --- Mutations: people -----------------------------------------------------------------------

const CreatePersonInput = builder.inputType('CreatePersonInput', {
  fields: (t) => ({
    fullName: t.string({ required: true, validate: requiredText(200) }),
    jobTitle: t.string({ validate: optionalText(300) }),
    email: t.string({ validate: email }),
    phone: t.string({ validate: phone }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'Where they work; its editors may then edit them. Without it: admins only.',
    }),
    organizationId: t.globalID({ for: OrganizationNode }),
  }),
});

const UpdatePersonInput = builder.inputType('UpdatePersonInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: PersonNode }),
    fullName: t.string({ validate: requiredText(200) }),
    jobTitle: t.string({ validate: optionalText(300) }),
    email: t.string({ validate: email }),
    phone: t.string({ validate: phone }),
    municipalityId: t.globalID({ for: MunicipalityNode }),
    organizationId: t.globalID({ for: OrganizationNode }),
  }),
});

const ArchivePersonInput = builder.inputType('ArchivePersonInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: PersonNode }) }),
});

const PersonPayload = (name: string) => recordPayload(name, 'person', PersonNode);

/** Who may edit a person: their municipality's editors, or network admins when they have none. */
async function personScopes(ctx: Context, id: string) {
  const person = await ctx.prisma.person.findUnique({
    where: { id },
    select: { municipalityId: true },
  });
  return person?.municipalityId
    ? { municipalityEditor: person.municipalityId }
    : { networkAdmin: true };
}

const publishPerson = (ctx: Context, person: Person, change: 'CREATED' | 'UPDATED' | 'ARCHIVED') =>
  publishDirectoryChange(ctx, {
    typename: 'Person',
    id: person.id,
    change,
    municipalityId: person.municipalityId,
  });

builder.mutationField('createPerson', (t) =>
  t.field({
    type: PersonPayload('CreatePersonPayload'),
    authScopes: (_root, { input }) =>
      input.municipalityId
        ? { municipalityEditor: input.municipalityId.id }
        : { networkAdmin: true },
    args: { input: t.arg({ type: CreatePersonInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { municipalityId, organizationId, ...data } = input;
      const person = await ctx.prisma.person.create({
        data: {
          ...data,
          municipalityId: municipalityId?.id ?? null,
          organizationId: organizationId?.id ?? null,
        },
      });
      publishPerson(ctx, person, 'CREATED');
      return { person };
    },
  }),
);

builder.mutationField('updatePerson', (t) =>
  t.field({
    type: PersonPayload('UpdatePersonPayload'),
    authScopes: (_root, { input }, ctx) => personScopes(ctx, input.id.id),
    args: { input: t.arg({ type: UpdatePersonInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, fullName, municipalityId, organizationId, ...optional } = input;
      // Moving someone to another municipality needs the right to edit that one too.
      if (municipalityId && !canEditMunicipality(ctx.viewer, municipalityId.id)) {
        throw new ForbiddenError('You may not move people to that municipality');
      }
      const person = await ctx.prisma.person.update({
        where: { id: id.id },
        data: {
          ...optional,
          fullName: notNull(fullName, 'fullName'),
          municipalityId: municipalityId === undefined ? undefined : (municipalityId?.id ?? null),
          organizationId: organizationId === undefined ? undefined : (organizationId?.id ?? null),
        },
      });
      publishPerson(ctx, person, 'UPDATED');
      return { person };
    },
  }),
);

builder.mutationField('archivePerson', (t) =>
  t.field({
    type: PersonPayload('ArchivePersonPayload'),
    description: 'Hides them from lists and ends their open assignments today.',
    authScopes: (_root, { input }, ctx) => personScopes(ctx, input.id.id),
    args: { input: t.arg({ type: ArchivePersonInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const person = await ctx.prisma.$transaction(async (tx) => {
        const archived = await tx.person.update({
          where: { id: input.id.id },
          data: { archivedAt: new Date() },
        });
        const now = todayInBosnia();
        await tx.coordinatorAssignment.updateMany({
          where: { personId: archived.id, archivedAt: null, endsOn: null, startsOn: { lte: now } },
          data: { endsOn: now },
        });
        await tx.coordinatorAssignment.updateMany({
          where: { personId: archived.id, archivedAt: null, startsOn: { gt: now } },
          data: { archivedAt: new Date() },
        });
        return archived;
      });
      publishPerson(ctx, person, 'ARCHIVED');
      return { person };
    },
  }),
);

// --- Mutations: coordinator assignments ------------------------------------------------------

const CreateCoordinatorAssignmentInput = builder.inputType('CreateCoordinatorAssignmentInput', {
  fields: (t) => ({
    personId: t.globalID({ required: true, for: PersonNode }),
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    role: t.field({ type: CoordinatorRoleEnum, required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date' }),
  }),
});

const UpdateCoordinatorAssignmentInput = builder.inputType('UpdateCoordinatorAssignmentInput', {
  description: 'Fields left out stay as they are; set endsOn to end the assignment.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: CoordinatorAssignmentNode }),
    role: t.field({ type: CoordinatorRoleEnum }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date' }),
  }),
});

const ArchiveCoordinatorAssignmentInput = builder.inputType('ArchiveCoordinatorAssignmentInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: CoordinatorAssignmentNode }) }),
});

const AssignmentPayload = (name: string) =>
  recordPayload(name, 'assignment', CoordinatorAssignmentNode);

/** The municipality's editors or the programme's admins may manage its coordinators. */
async function assignmentScopes(ctx: Context, id: string) {
  const row = await ctx.prisma.coordinatorAssignment.findUnique({
    where: { id },
    select: { municipalityId: true, programmeId: true },
  });
  return { municipalityEditor: row?.municipalityId ?? '', programmeAdmin: row?.programmeId ?? '' };
}

const publishAssignment = (
  ctx: Context,
  assignment: CoordinatorAssignment,
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED',
) =>
  publishDirectoryChange(ctx, {
    typename: 'CoordinatorAssignment',
    id: assignment.id,
    change,
    municipalityId: assignment.municipalityId,
  });

builder.mutationField('createCoordinatorAssignment', (t) =>
  t.field({
    type: AssignmentPayload('CreateCoordinatorAssignmentPayload'),
    description:
      'The municipality must partner in the programme. CONFLICT when it already has a ' +
      'coordinator for the programme in that period.',
    authScopes: (_root, { input }) => ({
      municipalityEditor: input.municipalityId.id,
      programmeAdmin: input.programmeId.id,
    }),
    args: { input: t.arg({ type: CreateCoordinatorAssignmentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const assignment = await createAssignment(ctx.prisma, {
        personId: input.personId.id,
        municipalityId: input.municipalityId.id,
        programmeId: input.programmeId.id,
        role: input.role,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      });
      publishAssignment(ctx, assignment, 'CREATED');
      return { assignment };
    },
  }),
);

builder.mutationField('updateCoordinatorAssignment', (t) =>
  t.field({
    type: AssignmentPayload('UpdateCoordinatorAssignmentPayload'),
    authScopes: (_root, { input }, ctx) => assignmentScopes(ctx, input.id.id),
    args: { input: t.arg({ type: UpdateCoordinatorAssignmentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const assignment = await updateAssignment(ctx.prisma, input.id.id, {
        role: notNull(input.role, 'role'),
        startsOn: notNull(input.startsOn, 'startsOn'),
        endsOn: input.endsOn,
      });
      publishAssignment(ctx, assignment, 'UPDATED');
      return { assignment };
    },
  }),
);

builder.mutationField('archiveCoordinatorAssignment', (t) =>
  t.field({
    type: AssignmentPayload('ArchiveCoordinatorAssignmentPayload'),
    description: 'Removes an assignment made in error; to end one, set its endsOn.',
    authScopes: (_root, { input }, ctx) => assignmentScopes(ctx, input.id.id),
    args: { input: t.arg({ type: ArchiveCoordinatorAssignmentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const assignment = await ctx.prisma.coordinatorAssignment.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date() },
      });
      publishAssignment(ctx, assignment, 'ARCHIVED');
      return { assignment };
    },
  }),
);
