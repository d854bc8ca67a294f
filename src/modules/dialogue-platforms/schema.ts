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

const KindEnum = builder.enumType(DialoguePlatformKind, {
  name: 'DialoguePlatformKind',
  description: 'Whether a dialogue platform is one municipality’s or several municipalities’.',
  values: {
    LOCAL: {
      description:
        'One municipality’s platform: a local dialogue platform (LDP) or a forum for civic ' +
        'initiatives, as its `form` says.',
    },
    INTER_MUNICIPAL: {
      description:
        'Two or more municipalities together (MLDP): they agree shared priority areas and a ' +
        'joint action plan.',
    },
  },
});
const FormEnum = builder.enumType(LocalPlatformForm, {
  name: 'LocalPlatformForm',
  description: 'The form a LOCAL dialogue platform takes.',
  values: {
    LOCAL_DIALOGUE_PLATFORM: {
      description: 'A local dialogue platform (LDP, _lokalna dijaloška platforma_).',
    },
    CIVIC_INITIATIVES_FORUM: {
      description: 'A forum for civic initiatives (_forum za građanske inicijative_).',
    },
  },
});
const GroupEnum = builder.enumType(PlatformStakeholderGroup, {
  name: 'PlatformStakeholderGroup',
  description:
    'Whom a member of a dialogue platform speaks for (event participants’ groups are a list ' +
    'of their own).',
  values: {
    CITIZENS: { description: 'Citizens of the municipality.' },
    YOUTH: { description: 'Young people.' },
    CIVIL_SOCIETY: { description: 'Associations and other non-governmental organisations.' },
    MUNICIPAL_STAFF: { description: 'The municipal administration.' },
    BUSINESS: { description: 'Local businesses and entrepreneurs.' },
    DIASPORA: { description: 'The municipality’s diaspora.' },
  },
});

const signedInOnly = { authenticated: true } as const;

export const DialoguePlatformNode = builder.prismaNode('DialoguePlatform', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A dialogue platform of a programme: LOCAL (one municipality’s LDP or forum for civic ' +
    'initiatives) or INTER_MUNICIPAL (MLDP), with members, meetings, results, areas and plans. ' +
    'Signed-in users read every platform; it is run (its mutations) by the coordinators and ' +
    'deputies of its municipalities and the network administrators of its programme.',
  authScopes: signedInOnly,
  fields: (t) => ({
    kind: t.expose('kind', {
      type: KindEnum,
      description: 'LOCAL (one municipality) or INTER_MUNICIPAL (two or more).',
    }),
    form: t.expose('form', {
      type: FormEnum,
      nullable: true,
      description: 'A LOCAL platform’s form (LDP or forum); null for an INTER_MUNICIPAL one.',
    }),
    name: t.exposeString('name', { description: 'Its name, at most 200 characters.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What it is for, at most 5,000 characters; null when none was given.',
    }),
    programme: t.relation('programme', { description: 'The programme it belongs to.' }),
    coordinator: t.relation('coordinator', {
      nullable: true,
      description: 'The person who coordinates the platform; null when nobody is named.',
    }),
    deputy: t.relation('deputy', {
      nullable: true,
      description: 'The coordinator’s deputy; null when nobody is named.',
    }),
    municipalities: t.field({
      type: [MunicipalityNode],
      description:
        'Its municipalities: one for a LOCAL platform, two or more for an INTER_MUNICIPAL one. ' +
        'Their coordinators and deputies run the platform.',
      select: { municipalities: { select: { municipality: true } } },
      resolve: (platform) => platform.municipalities.map((row) => row.municipality),
    }),
    members: t.relation('members', {
      description: 'The people and organisations on the platform, in the order they joined.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
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
      description: 'Its results in figures: how many of its `initiatives` reached each stage.',
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
    plans: t.relation('plans', {
      description: 'Its joint action plans, oldest first.',
      query: { orderBy: [{ createdAt: 'asc' }] },
    }),
  }),
});

const PlatformResultsRef = builder
  .objectRef<{ raised: number; adoptedByCouncil: number; implemented: number }>(
    'DialoguePlatformResults',
  )
  .implement({
    description: 'How many civic initiatives a dialogue platform raised, and how far they came.',
    // Reached only through its platform, whose own check applies.
    authScopes: signedInOnly,
    fields: (t) => ({
      raised: t.exposeInt('raised', { description: 'Initiatives recorded (all of them).' }),
      adoptedByCouncil: t.exposeInt('adoptedByCouncil', {
        description: 'Those adopted by the municipal council (with an `adoptedOn` date).',
      }),
      implemented: t.exposeInt('implemented', {
        description: 'Those implemented (with an `implementedOn` date).',
      }),
    }),
  });

builder.prismaObject('DialoguePlatformMember', {
  description:
    'A member of a dialogue platform: a person or an organisation (one of the two), for a ' +
    'stakeholder group.',
  authScopes: signedInOnly,
  fields: (t) => ({
    person: t.relation('person', {
      nullable: true,
      description: 'The member, when a person; null when an organisation.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The member, when an organisation; null when a person.',
    }),
    stakeholderGroup: t.expose('stakeholderGroup', {
      type: GroupEnum,
      description: 'Whom the member speaks for on the platform.',
    }),
  }),
});

export const PriorityAreaNode = builder.prismaNode('PriorityArea', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A priority area agreed by an inter-municipal dialogue platform: a theme its ' +
    'municipalities work on together, which local platforms may take up. Signed-in users.',
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title', {
      description: 'Its title, at most 300 characters, unique within its platform.',
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What it covers, at most 5,000 characters; null when none was given.',
    }),
    platform: t.relation('platform', {
      description: 'The inter-municipal platform that agreed it.',
    }),
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
  description: 'A local dialogue platform’s taking up of an inter-municipal priority area.',
  authScopes: signedInOnly,
  fields: (t) => ({
    area: t.relation('area', { description: 'The priority area taken up.' }),
    platform: t.relation('platform', { description: 'The LOCAL platform that took it up.' }),
    adoptedAt: t.expose('adoptedAt', {
      type: 'DateTime',
      description: 'When it was recorded (`adoptPriorityArea`).',
    }),
  }),
});

builder.prismaObject('PriorityAreaMunicipality', {
  name: 'PriorityAreaShare',
  description: 'A municipality that shares a priority area, and why.',
  authScopes: signedInOnly,
  fields: (t) => ({
    municipality: t.relation('municipality', {
      description: 'One of the platform’s municipalities.',
    }),
    reason: t.exposeString('reason', {
      description: 'Why it shares the area: its positive practice (at most 2,000 characters).',
    }),
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
      description:
        'Dialogue platforms, for signed-in users: inter-municipal ones first, then by name.',
      authScopes: signedInOnly,
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s platforms.',
        }),
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

const ids = (refs: { id: string }[]) => refs.map((ref) => ref.id);

const CreateDialoguePlatformInput = builder.inputType('CreateDialoguePlatformInput', {
  description: 'A new dialogue platform of a programme.',
  fields: (t) => ({
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme it belongs to.',
    }),
    kind: t.field({
      type: KindEnum,
      required: true,
      description: 'LOCAL (one municipality) or INTER_MUNICIPAL (two or more).',
    }),
    form: t.field({ type: FormEnum, description: 'Required for a LOCAL platform, else absent.' }),
    name: t.string({
      required: true,
      description: 'Its name: not blank, at most 200 characters.',
      validate: requiredText(200),
    }),
    description: t.string({
      description: 'What it is for, at most 5,000 characters.',
      validate: optionalText(5000),
    }),
    municipalityIds: t.globalIDList({
      required: true,
      for: MunicipalityNode,
      description:
        'Its municipalities, each an active partner of the programme: exactly one for LOCAL, ' +
        'two or more for INTER_MUNICIPAL (at most 100; a repeated one counts once).',
      validate: z.array(z.unknown()).min(1).max(100),
    }),
    coordinatorPersonId: t.globalID({
      for: PersonNode,
      description: 'The person who coordinates it (naming them grants no rights).',
    }),
    deputyPersonId: t.globalID({
      for: PersonNode,
      description: 'The coordinator’s deputy: someone other than the coordinator.',
    }),
  }),
});

builder.mutationField('createDialoguePlatform', (t) =>
  t.field({
    type: recordPayload('CreateDialoguePlatformPayload', 'platform', DialoguePlatformNode),
    description:
      'Creates a dialogue platform. The programme’s network administrators create any; a ' +
      'municipality’s coordinator or deputy creates its LOCAL one. Refused with FORBIDDEN ' +
      'otherwise, and with BAD_USER_INPUT for the wrong number of municipalities or a `form` ' +
      'where it does not belong, a municipality that is not an active partner of the ' +
      'programme, an unknown programme or person, or the same person as coordinator and deputy.',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: CreateDialoguePlatformInput,
        required: true,
        description: 'The platform.',
      }),
    },
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
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'The platform to change.',
    }),
    name: t.string({
      description: 'A new name: not blank, at most 200 characters; cannot be cleared.',
      validate: requiredText(200),
    }),
    description: t.string({
      description: 'What it is for, at most 5,000 characters; `null` clears it.',
      validate: optionalText(5000),
    }),
    coordinatorPersonId: t.globalID({
      for: PersonNode,
      description: 'The person who coordinates it; `null`: nobody.',
    }),
    deputyPersonId: t.globalID({
      for: PersonNode,
      description: 'The coordinator’s deputy, someone other than the coordinator; `null`: nobody.',
    }),
  }),
});

builder.mutationField('updateDialoguePlatform', (t) =>
  t.field({
    type: recordPayload('UpdateDialoguePlatformPayload', 'platform', DialoguePlatformNode),
    description:
      'Renames a platform or changes its description, coordinator or deputy; for those who run ' +
      'it (see `DialoguePlatform`). Refused with NOT_FOUND (no such platform), FORBIDDEN, or ' +
      'BAD_USER_INPUT (`name: null`, an unknown person, the deputy the same as the coordinator).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: UpdateDialoguePlatformInput,
        required: true,
        description: 'The platform and what changes.',
      }),
    },
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
  description: 'A new member of a platform: a person or an organisation, one of the two.',
  fields: (t) => ({
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'The platform to join.',
    }),
    personId: t.globalID({
      for: PersonNode,
      description: 'The person joining; give this or `organizationId`.',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The organisation joining; give this or `personId`.',
    }),
    stakeholderGroup: t.field({
      type: GroupEnum,
      required: true,
      description: 'Whom the member speaks for.',
    }),
  }),
});

builder.mutationField('addDialoguePlatformMember', (t) =>
  t.field({
    type: recordPayload('AddDialoguePlatformMemberPayload', 'platform', DialoguePlatformNode),
    description:
      'A person or organisation joins a platform, for a stakeholder group; for those who run ' +
      'it (see `DialoguePlatform`). Refused with BAD_USER_INPUT (neither or both of `personId` ' +
      'and `organizationId`, or an unknown one), NOT_FOUND (no such platform), FORBIDDEN, or ' +
      'CONFLICT (already a member). The payload holds the platform.',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: AddDialoguePlatformMemberInput,
        required: true,
        description: 'The platform and the new member.',
      }),
    },
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
  description: 'A platform and an event that becomes one of its meetings.',
  fields: (t) => ({
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'The platform.',
    }),
    eventId: t.globalID({
      required: true,
      for: EventNode,
      description: 'An event of the platform’s programme.',
    }),
  }),
});

builder.mutationField('linkDialoguePlatformMeeting', (t) =>
  t.field({
    type: recordPayload('LinkDialoguePlatformMeetingPayload', 'platform', DialoguePlatformNode),
    description:
      'An event of the programme becomes a meeting of the platform (in its `meetings`); for ' +
      'those who run it (see `DialoguePlatform`). Linking it again changes nothing. Refused ' +
      'with NOT_FOUND (no such platform), FORBIDDEN, BAD_USER_INPUT (no such event, or one of ' +
      'another programme) or CONFLICT (already a meeting of another platform).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: LinkDialoguePlatformMeetingInput,
        required: true,
        description: 'The platform and the event.',
      }),
    },
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
  description: 'A municipality that shares a new priority area, and why.',
  fields: (t) => ({
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'One of the platform’s municipalities.',
    }),
    reason: t.string({
      required: true,
      description: 'Why it shares the area: its positive practice (at most 2,000 characters).',
      validate: requiredText(2000),
    }),
  }),
});

const AddPriorityAreaInput = builder.inputType('AddPriorityAreaInput', {
  description: 'A new priority area of an inter-municipal platform.',
  fields: (t) => ({
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'An INTER_MUNICIPAL platform.',
    }),
    title: t.string({
      required: true,
      description: 'Not blank, at most 300 characters; unique within the platform.',
      validate: requiredText(300),
    }),
    description: t.string({
      description: 'What it covers, at most 5,000 characters.',
      validate: optionalText(5000),
    }),
    municipalities: t.field({
      type: [AreaShareInput],
      required: true,
      description:
        'The platform’s municipalities that share the area, each once, with why (at most 100; ' +
        'may be empty).',
      validate: z.array(z.unknown()).max(100),
    }),
  }),
});

builder.mutationField('addPriorityArea', (t) =>
  t.field({
    type: recordPayload('AddPriorityAreaPayload', 'area', PriorityAreaNode),
    description:
      'An inter-municipal platform agrees a priority area; it comes last in its `areas`. For ' +
      'those who run the platform (see `DialoguePlatform`). Refused with NOT_FOUND (no such ' +
      'platform), FORBIDDEN, BAD_USER_INPUT (a LOCAL platform, a municipality not of the ' +
      'platform or named twice) or CONFLICT (the platform has an area of this title).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({ type: AddPriorityAreaInput, required: true, description: 'The area.' }),
    },
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
  description: 'A local platform and the priority area it takes up.',
  fields: (t) => ({
    areaId: t.globalID({
      required: true,
      for: PriorityAreaNode,
      description: 'An area of an inter-municipal platform of the same programme.',
    }),
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'The LOCAL platform taking it up.',
    }),
  }),
});

builder.mutationField('adoptPriorityArea', (t) =>
  t.field({
    type: recordPayload('AdoptPriorityAreaPayload', 'platform', DialoguePlatformNode),
    description:
      'A local platform takes a priority area up (its `adoptedAreas`, the area’s `adoptions`); ' +
      'for those who run the local platform (see `DialoguePlatform`). Refused with NOT_FOUND ' +
      '(no such platform), FORBIDDEN, BAD_USER_INPUT (not a LOCAL platform, no such area, an ' +
      'area of another programme) or CONFLICT (already taken up).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: AdoptPriorityAreaInput,
        required: true,
        description: 'The platform and the area.',
      }),
    },
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
