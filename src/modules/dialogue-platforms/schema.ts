import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import {
  DialoguePlatformKind,
  LocalPlatformForm,
  PlatformStakeholderGroup,
  type Prisma,
} from '../../generated/prisma/client.js';
import { idOrClear, optionalText, requiredText } from '../directory/validation.js';
import { readableEvents } from '../events/access.js';
import { EventNode } from '../events/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import {
  addArea,
  addMember,
  adoptArea,
  createPlatform,
  linkMeeting,
  updatePlatform,
} from './service.js';

// --- Types -----------------------------------------------------------------------------------

const KindEnum = builder.enumType(DialoguePlatformKind, { name: 'DialoguePlatformKind' });
const FormEnum = builder.enumType(LocalPlatformForm, { name: 'LocalPlatformForm' });
const GroupEnum = builder.enumType(PlatformStakeholderGroup, { name: 'PlatformStakeholderGroup' });

const signedInOnly = { authenticated: true } as const;

export const DialoguePlatformNode = builder.prismaNode('DialoguePlatform', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A dialogue platform of a programme: LOCAL (one municipality’s LDP or forum for civic ' +
    'initiatives) or INTER_MUNICIPAL (MLDP), with members, meetings, results, areas and plans.',
  authScopes: signedInOnly,
  fields: (t) => ({
    kind: t.expose('kind', { type: KindEnum }),
    form: t.expose('form', { type: FormEnum, nullable: true }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    programme: t.relation('programme'),
    coordinator: t.relation('coordinator', { nullable: true }),
    deputy: t.relation('deputy', { nullable: true }),
    municipalities: t.field({
      type: [MunicipalityNode],
      select: { municipalities: { select: { municipality: true } } },
      resolve: (platform) => platform.municipalities.map((row) => row.municipality),
    }),
    members: t.relation('members', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    meetings: t.relation('meetings', {
      description: 'Its meetings (events), those the viewer may read, earliest first.',
      query: (_args, ctx) => ({
        where: readableEvents(ctx.viewer),
        orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
      }),
    }),
    initiatives: t.relation('initiatives', {
      description: 'Its results: civic initiatives raised, adopted, implemented.',
      query: { orderBy: [{ raisedOn: 'asc' }, { id: 'asc' }] },
    }),
    results: t.field({
      type: PlatformResultsRef,
      select: { initiatives: { select: { adoptedOn: true, implementedOn: true } } },
      resolve: ({ initiatives }) => ({
        raised: initiatives.length,
        adoptedByCouncil: initiatives.filter((one) => one.adoptedOn).length,
        implemented: initiatives.filter((one) => one.implementedOn).length,
      }),
    }),
    areas: t.relation('areas', {
      description: 'An inter-municipal platform’s priority areas, in order.',
      query: { orderBy: [{ position: 'asc' }] },
    }),
    adoptedAreas: t.relation('adoptedAreas', {
      description: 'Areas of inter-municipal platforms this local platform took up.',
      query: { orderBy: [{ adoptedAt: 'asc' }] },
    }),
    plans: t.relation('plans', { query: { orderBy: [{ createdAt: 'asc' }] } }),
  }),
});

const PlatformResultsRef = builder
  .objectRef<{ raised: number; adoptedByCouncil: number; implemented: number }>(
    'DialoguePlatformResults',
  )
  .implement({
    // Reached only through its platform, whose own check applies.
    authScopes: signedInOnly,
    fields: (t) => ({
      raised: t.exposeInt('raised'),
      adoptedByCouncil: t.exposeInt('adoptedByCouncil'),
      implemented: t.exposeInt('implemented'),
    }),
  });

builder.prismaObject('DialoguePlatformMember', {
  authScopes: signedInOnly,
  fields: (t) => ({
    person: t.relation('person', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    stakeholderGroup: t.expose('stakeholderGroup', { type: GroupEnum }),
  }),
});

export const PriorityAreaNode = builder.prismaNode('PriorityArea', {
  id: { field: 'id' },
  nullable: true,
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    platform: t.relation('platform'),
    sharedBy: t.relation('municipalities', {
      description: 'The municipalities that share the area, and why (their positive practice).',
      query: { orderBy: [{ municipality: { name: 'asc' } }] },
    }),
    adoptions: t.relation('adoptions', {
      description: 'Local platforms that took the area up.',
      query: { orderBy: [{ adoptedAt: 'asc' }] },
    }),
  }),
});

builder.prismaObject('PriorityAreaAdoption', {
  authScopes: signedInOnly,
  fields: (t) => ({
    area: t.relation('area'),
    platform: t.relation('platform'),
    adoptedAt: t.expose('adoptedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('PriorityAreaMunicipality', {
  name: 'PriorityAreaShare',
  authScopes: signedInOnly,
  fields: (t) => ({
    municipality: t.relation('municipality'),
    reason: t.exposeString('reason'),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

function platformFilter(args: {
  programmeId?: { id: string } | null;
  municipalityId?: { id: string } | null;
}): Prisma.DialoguePlatformWhereInput {
  return {
    ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
    ...(args.municipalityId
      ? { municipalities: { some: { municipalityId: args.municipalityId.id } } }
      : {}),
  };
}

builder.queryField('dialoguePlatforms', (t) =>
  t.prismaConnection(
    {
      type: 'DialoguePlatform',
      cursor: 'id',
      description: 'Signed-in users. Inter-municipal platforms first, then by name.',
      authScopes: signedInOnly,
      args: {
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Platforms this municipality takes part in (local and inter-municipal).',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.dialoguePlatform.findMany({
          ...query,
          where: platformFilter(args),
          orderBy: [{ kind: 'desc' }, { name: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.dialoguePlatform.count({ where: platformFilter(args) }),
    },
    { name: 'DialoguePlatformConnection' },
    { name: 'DialoguePlatformEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const platformPayload = (name: string) => recordPayload(name, 'platform', DialoguePlatformNode);
const ids = (refs: { id: string }[]) => refs.map((ref) => ref.id);

const CreateDialoguePlatformInput = builder.inputType('CreateDialoguePlatformInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    kind: t.field({ type: KindEnum, required: true }),
    form: t.field({ type: FormEnum, description: 'Required for a LOCAL platform, else absent.' }),
    name: t.string({ required: true, validate: requiredText(200) }),
    description: t.string({ validate: optionalText(5000) }),
    municipalityIds: t.globalIDList({
      required: true,
      for: MunicipalityNode,
      validate: z.array(z.unknown()).min(1).max(100),
    }),
    coordinatorPersonId: t.globalID({ for: PersonNode }),
    deputyPersonId: t.globalID({ for: PersonNode }),
  }),
});

builder.mutationField('createDialoguePlatform', (t) =>
  t.field({
    type: platformPayload('CreateDialoguePlatformPayload'),
    authScopes: signedInOnly,
    args: { input: t.arg({ type: CreateDialoguePlatformInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      platform: await createPlatform(ctx, {
        ...input,
        programmeId: input.programmeId.id,
        municipalityIds: ids(input.municipalityIds),
        coordinatorPersonId: input.coordinatorPersonId?.id,
        deputyPersonId: input.deputyPersonId?.id,
      }),
    }),
  }),
);

const UpdateDialoguePlatformInput = builder.inputType('UpdateDialoguePlatformInput', {
  description: 'Only the fields given change; `null` clears the description, coordinator, deputy.',
  fields: (t) => ({
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
    name: t.string({ validate: requiredText(200) }),
    description: t.string({ validate: optionalText(5000) }),
    coordinatorPersonId: t.globalID({ for: PersonNode }),
    deputyPersonId: t.globalID({ for: PersonNode }),
  }),
});

builder.mutationField('updateDialoguePlatform', (t) =>
  t.field({
    type: platformPayload('UpdateDialoguePlatformPayload'),
    authScopes: signedInOnly,
    args: { input: t.arg({ type: UpdateDialoguePlatformInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      platform: await updatePlatform(ctx, {
        platformId: input.platformId.id,
        name: input.name,
        description: input.description,
        coordinatorPersonId: idOrClear(input.coordinatorPersonId),
        deputyPersonId: idOrClear(input.deputyPersonId),
      }),
    }),
  }),
);

const AddDialoguePlatformMemberInput = builder.inputType('AddDialoguePlatformMemberInput', {
  fields: (t) => ({
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
    personId: t.globalID({ for: PersonNode }),
    organizationId: t.globalID({ for: OrganizationNode }),
    stakeholderGroup: t.field({ type: GroupEnum, required: true }),
  }),
});

builder.mutationField('addDialoguePlatformMember', (t) =>
  t.field({
    type: platformPayload('AddDialoguePlatformMemberPayload'),
    description:
      'A person or organisation joins, for a stakeholder group (CONFLICT if already in).',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: AddDialoguePlatformMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = await addMember(ctx, {
        platformId: input.platformId.id,
        personId: input.personId?.id,
        organizationId: input.organizationId?.id,
        stakeholderGroup: input.stakeholderGroup,
      });
      return { platform: await findPlatform(ctx, member.platformId) };
    },
  }),
);

const LinkDialoguePlatformMeetingInput = builder.inputType('LinkDialoguePlatformMeetingInput', {
  fields: (t) => ({
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
    eventId: t.globalID({ required: true, for: EventNode }),
  }),
});

builder.mutationField('linkDialoguePlatformMeeting', (t) =>
  t.field({
    type: platformPayload('LinkDialoguePlatformMeetingPayload'),
    description: 'An event of the programme becomes a meeting of the platform.',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: LinkDialoguePlatformMeetingInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = await linkMeeting(ctx, {
        platformId: input.platformId.id,
        eventId: input.eventId.id,
      });
      return { platform: await findPlatform(ctx, id) };
    },
  }),
);

const AreaShareInput = builder.inputType('PriorityAreaShareInput', {
  fields: (t) => ({
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    reason: t.string({
      required: true,
      description: 'Why it shares the area: its positive practice.',
      validate: requiredText(2000),
    }),
  }),
});

const AddPriorityAreaInput = builder.inputType('AddPriorityAreaInput', {
  fields: (t) => ({
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
    title: t.string({ required: true, validate: requiredText(300) }),
    description: t.string({ validate: optionalText(5000) }),
    municipalities: t.field({
      type: [AreaShareInput],
      required: true,
      validate: z.array(z.unknown()).max(100),
    }),
  }),
});

const areaPayload = (name: string) => recordPayload(name, 'area', PriorityAreaNode);

builder.mutationField('addPriorityArea', (t) =>
  t.field({
    type: areaPayload('AddPriorityAreaPayload'),
    description: 'An inter-municipal platform agrees an area (CONFLICT if the title exists).',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: AddPriorityAreaInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      area: await addArea(ctx, {
        ...input,
        platformId: input.platformId.id,
        municipalities: input.municipalities.map((share) => ({
          municipalityId: share.municipalityId.id,
          reason: share.reason,
        })),
      }),
    }),
  }),
);

const AdoptPriorityAreaInput = builder.inputType('AdoptPriorityAreaInput', {
  fields: (t) => ({
    areaId: t.globalID({ required: true, for: PriorityAreaNode }),
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
  }),
});

builder.mutationField('adoptPriorityArea', (t) =>
  t.field({
    type: platformPayload('AdoptPriorityAreaPayload'),
    description: 'A local platform takes an area up (CONFLICT if it already did).',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: AdoptPriorityAreaInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = await adoptArea(ctx, {
        areaId: input.areaId.id,
        platformId: input.platformId.id,
      });
      return { platform: await findPlatform(ctx, id) };
    },
  }),
);

/** The platform a mutation changed, loaded again for its payload. */
function findPlatform(ctx: Pick<Context, 'prisma'>, id: string) {
  return ctx.prisma.dialoguePlatform.findUniqueOrThrow({ where: { id } });
}
