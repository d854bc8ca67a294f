import type { ArgBuilder } from '@pothos/core';
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

export const CoordinatorRoleEnum = builder.enumType(CoordinatorRole, {
  name: 'CoordinatorRole',
  description: 'A person’s part in a municipality’s diaspora work for a programme.',
  values: {
    COORDINATOR: {
      description:
        'The diaspora coordinator (koordinator za iseljeništvo): at most one per municipality ' +
        'and programme at any time.',
    },
    DEPUTY: { description: 'A deputy of the coordinator (zamjenik); there may be several.' },
  },
});

export const PersonNode = builder.prismaNode('Person', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'Someone in the network: a coordinator, a signatory, a project officer.',
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    fullName: t.exposeString('fullName', {
      authScopes: { public: true },
      description: 'Their full name.',
    }),
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
      description: 'When they were archived (`archivePerson`); null while listed.',
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
    person: t.relation('person', {
      authScopes: { public: true },
      description: 'Who coordinates.',
    }),
    municipality: t.relation('municipality', {
      authScopes: { public: true },
      description: 'The municipality they coordinate for.',
    }),
    programme: t.relation('programme', {
      authScopes: { public: true },
      description: 'The programme they coordinate in.',
    }),
    role: t.expose('role', {
      type: CoordinatorRoleEnum,
      authScopes: { public: true },
      description: 'Coordinator or deputy.',
    }),
    startsOn: t.expose('startsOn', {
      type: 'Date',
      authScopes: { public: true },
      description: 'The first day (YYYY-MM-DD, Sarajevo’s calendar).',
    }),
    endsOn: t.expose('endsOn', {
      type: 'Date',
      nullable: true,
      authScopes: { public: true },
      description: 'The last day, included (YYYY-MM-DD); null: open-ended.',
    }),
    active: t.boolean({
      description: 'In force today: started, not ended, not archived (Sarajevo’s calendar).',
      authScopes: { public: true },
      select: { startsOn: true, endsOn: true, archivedAt: true },
      resolve: (a) => isActive(a),
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
      description:
        'When it was removed as made in error, or as not yet started when its person was ' +
        'archived; null otherwise. Archived assignments are left out of every list.',
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

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The filters of both lists of coordinators. */
const assignmentArgs = (arg: ArgBuilder<Types>) => ({
  role: arg({ type: CoordinatorRoleEnum, description: 'Only coordinators, or only deputies.' }),
  includeEnded: arg.boolean({
    defaultValue: false,
    description: 'true: also those ended or not yet started (never archived ones).',
  }),
});

builder.prismaObjectFields('Municipality', (t) => ({
  coordinators: t.relation('coordinatorAssignments', {
    description: 'Its coordinators and deputies, coordinators first (in force today by default).',
    authScopes: { public: true },
    args: {
      programmeId: t.arg.globalID({
        for: ProgrammeNode,
        description: 'Only those of this programme.',
      }),
      ...assignmentArgs(t.arg),
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
    description:
      'The network of practitioners (mreža praktičara): coordinators and deputies of its ' +
      'partner municipalities, by municipality (in force today by default).',
    authScopes: { public: true },
    args: {
      ...assignmentArgs(t.arg),
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
      description:
        'People of the network, by name; archived ones only on request. Public (e-mail and ' +
        'phone for signed-in users only).',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description:
            'Matches name, function and e-mail, ignoring case and diacritics (up to 200 ' +
            'characters).',
          validate: search,
        }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only people who work for this municipality.',
        }),
        organizationId: t.arg.globalID({
          for: OrganizationNode,
          description: 'Only people who work for this organisation.',
        }),
        includeArchived: t.arg.boolean({
          defaultValue: false,
          description: 'true: archived people too.',
        }),
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

/** The optional fields a person is created and updated with. */
const contactFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  jobTitle: t.string({
    validate: optionalText(300),
    description: 'Their function, up to 300 characters.',
  }),
  email: t.string({
    validate: email,
    description: 'Their e-mail address, up to 320 characters.',
  }),
  phone: t.string({
    validate: phone,
    description: 'Their phone number, international or local notation, e.g. "+387 33 291 261".',
  }),
});

const CreatePersonInput = builder.inputType('CreatePersonInput', {
  description: 'A new person of the network.',
  fields: (t) => ({
    fullName: t.string({
      required: true,
      validate: requiredText(200),
      description: 'Their full name, 1–200 characters.',
    }),
    ...contactFields(t),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'Where they work; its editors may then edit them. Without it: admins only.',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'Global ID of the organisation they work for.',
    }),
  }),
});

const UpdatePersonInput = builder.inputType('UpdatePersonInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: PersonNode, description: 'Global ID of the `Person`.' }),
    fullName: t.string({
      validate: requiredText(200),
      description: 'Their full name, 1–200 characters; cannot be null.',
    }),
    ...contactFields(t),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'The municipality they work for: the viewer must be allowed to edit it too ' +
        '(FORBIDDEN otherwise). null: none (then only administrators edit them).',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'Global ID of the organisation they work for; null: none.',
    }),
  }),
});

const ArchivePersonInput = builder.inputType('ArchivePersonInput', {
  description: 'The person to archive.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: PersonNode, description: 'Global ID of the `Person`.' }),
  }),
});

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
    type: recordPayload('CreatePersonPayload', 'person', PersonNode),
    description:
      'Adds a person. With `municipalityId`: its coordinators and deputies, or a network ' +
      'administrator of every programme; without: that administrator only (FORBIDDEN to ' +
      'others). Publishes to `directoryChanged`.',
    authScopes: (_root, { input }) =>
      input.municipalityId
        ? { municipalityEditor: input.municipalityId.id }
        : { networkAdmin: true },
    args: {
      input: t.arg({ type: CreatePersonInput, required: true, description: 'The person.' }),
    },
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
    type: recordPayload('UpdatePersonPayload', 'person', PersonNode),
    description:
      'Changes a person: their municipality’s coordinators and deputies, or a network ' +
      'administrator of every programme (the only ones for a person without a municipality); ' +
      'FORBIDDEN to others. NOT_FOUND for an unknown person; BAD_USER_INPUT for a null ' +
      '`fullName`. Publishes to `directoryChanged`.',
    authScopes: (_root, { input }, ctx) => personScopes(ctx, input.id.id),
    args: {
      input: t.arg({ type: UpdatePersonInput, required: true, description: 'The changes.' }),
    },
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
    type: recordPayload('ArchivePersonPayload', 'person', PersonNode),
    description:
      'Hides a person from lists: their started assignments without an end day end today, ' +
      'those not yet started are archived. Who may: as for `updatePerson`. NOT_FOUND for an ' +
      'unknown person. Publishes to `directoryChanged`.',
    authScopes: (_root, { input }, ctx) => personScopes(ctx, input.id.id),
    args: {
      input: t.arg({ type: ArchivePersonInput, required: true, description: 'The person.' }),
    },
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
  description: 'Who coordinates (or deputises) for which municipality in which programme, when.',
  fields: (t) => ({
    personId: t.globalID({
      required: true,
      for: PersonNode,
      description: 'Global ID of the `Person`.',
    }),
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'Global ID of the municipality: a partner of the programme.',
    }),
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'Global ID of the programme.',
    }),
    role: t.field({
      type: CoordinatorRoleEnum,
      required: true,
      description: 'Coordinator or deputy.',
    }),
    startsOn: t.field({
      type: 'Date',
      required: true,
      description: 'The first day (YYYY-MM-DD).',
    }),
    endsOn: t.field({
      type: 'Date',
      description:
        'The last day, included (YYYY-MM-DD), not before `startsOn`; absent: open-ended.',
    }),
  }),
});

const UpdateCoordinatorAssignmentInput = builder.inputType('UpdateCoordinatorAssignmentInput', {
  description: 'Fields left out stay as they are; set endsOn to end the assignment.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: CoordinatorAssignmentNode,
      description: 'Global ID of the `CoordinatorAssignment`.',
    }),
    role: t.field({
      type: CoordinatorRoleEnum,
      description: 'Coordinator or deputy; cannot be null.',
    }),
    startsOn: t.field({ type: 'Date', description: 'The first day (YYYY-MM-DD); cannot be null.' }),
    endsOn: t.field({
      type: 'Date',
      description:
        'The last day, included (YYYY-MM-DD), not before `startsOn`; null: open-ended again.',
    }),
  }),
});

const ArchiveCoordinatorAssignmentInput = builder.inputType('ArchiveCoordinatorAssignmentInput', {
  description: 'The assignment to remove.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: CoordinatorAssignmentNode,
      description: 'Global ID of the `CoordinatorAssignment`.',
    }),
  }),
});

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
    type: recordPayload(
      'CreateCoordinatorAssignmentPayload',
      'assignment',
      CoordinatorAssignmentNode,
    ),
    description:
      'The municipality’s coordinators and deputies, or the programme’s administrators, ' +
      'assign a person (FORBIDDEN to others). It does not grant a sign-in role (`assignRole` ' +
      'does). BAD_USER_INPUT when the municipality does not partner in the programme or ' +
      '`endsOn` is before `startsOn`; CONFLICT when a COORDINATOR’s period overlaps that of ' +
      'the municipality’s coordinator for the programme. Publishes to `directoryChanged`.',
    authScopes: (_root, { input }) => ({
      municipalityEditor: input.municipalityId.id,
      programmeAdmin: input.programmeId.id,
    }),
    args: {
      input: t.arg({
        type: CreateCoordinatorAssignmentInput,
        required: true,
        description: 'The assignment.',
      }),
    },
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
    type: recordPayload(
      'UpdateCoordinatorAssignmentPayload',
      'assignment',
      CoordinatorAssignmentNode,
    ),
    description:
      'Changes an assignment’s role or period, e.g. sets `endsOn` to end it: the ' +
      'municipality’s coordinators and deputies, or the programme’s administrators (FORBIDDEN ' +
      'to others). NOT_FOUND for an unknown assignment; BAD_USER_INPUT for a null `role` or ' +
      '`startsOn` or `endsOn` before `startsOn`; CONFLICT when a COORDINATOR’s period would ' +
      'overlap another coordinator’s. Publishes to `directoryChanged`.',
    authScopes: (_root, { input }, ctx) => assignmentScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: UpdateCoordinatorAssignmentInput,
        required: true,
        description: 'The changes.',
      }),
    },
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
    type: recordPayload(
      'ArchiveCoordinatorAssignmentPayload',
      'assignment',
      CoordinatorAssignmentNode,
    ),
    description:
      'Removes an assignment made in error (it leaves every list); to end one, set its ' +
      '`endsOn`. Who may: as for `updateCoordinatorAssignment`. NOT_FOUND for an unknown ' +
      'assignment. Publishes to `directoryChanged`.',
    authScopes: (_root, { input }, ctx) => assignmentScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: ArchiveCoordinatorAssignmentInput,
        required: true,
        description: 'The assignment.',
      }),
    },
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
