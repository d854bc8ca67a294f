// Rules and writes of dialogue platforms: creation, members, meetings, results (civic
// initiatives) and the priority areas of inter-municipal platforms.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type {
  DialoguePlatformKind,
  LocalPlatformForm,
  PlatformStakeholderGroup,
} from '../../generated/prisma/client.js';
import { administers, canEditMunicipality } from '../accounts/grants.js';
import { requireRunner, signedIn } from './access.js';

export interface CreatePlatformInput {
  programmeId: string;
  kind: DialoguePlatformKind;
  form?: LocalPlatformForm | null;
  name: string;
  description?: string | null;
  municipalityIds: string[];
  coordinatorPersonId?: string | null;
  deputyPersonId?: string | null;
}

async function requirePeople(
  ctx: Context,
  input: { coordinatorPersonId?: string | null; deputyPersonId?: string | null },
) {
  for (const field of ['coordinatorPersonId', 'deputyPersonId'] as const) {
    const id = input[field];
    if (id && !(await ctx.prisma.person.count({ where: { id } }))) {
      throw new BadUserInputError(`${field}: no person has this ID`);
    }
  }
  if (input.coordinatorPersonId && input.coordinatorPersonId === input.deputyPersonId) {
    throw new BadUserInputError('deputyPersonId: the deputy is someone other than the coordinator');
  }
}

/**
 * A LOCAL platform has one municipality and a form (LDP or forum); an INTER_MUNICIPAL one at
 * least two. Every municipality partners the programme. Administrators create any; a
 * municipality's coordinator creates its local platform.
 */
export async function createPlatform(ctx: Context, input: CreatePlatformInput) {
  const viewer = signedIn(ctx);
  const municipalityIds = [...new Set(input.municipalityIds)];
  if (input.kind === 'LOCAL') {
    if (municipalityIds.length !== 1) {
      throw new BadUserInputError('municipalityIds: a local platform has exactly one municipality');
    }
    if (!input.form) throw new BadUserInputError('form: a local platform is an LDP or a forum');
  } else {
    if (municipalityIds.length < 2) {
      throw new BadUserInputError(
        'municipalityIds: an inter-municipal platform has at least two municipalities',
      );
    }
    if (input.form) throw new BadUserInputError('form: only a local platform has a form');
  }
  const mayCreate =
    administers(viewer, input.programmeId) ||
    (input.kind === 'LOCAL' && canEditMunicipality(viewer, municipalityIds[0]!));
  if (!mayCreate) {
    throw new ForbiddenError(
      'Administrators create platforms; a coordinator creates their municipality’s local one',
    );
  }
  if (!(await ctx.prisma.programme.count({ where: { id: input.programmeId } }))) {
    throw new BadUserInputError('programmeId: no programme has this ID');
  }
  const partners = await ctx.prisma.programmePartnership.count({
    where: {
      programmeId: input.programmeId,
      municipalityId: { in: municipalityIds },
      status: 'ACTIVE',
      archivedAt: null,
    },
  });
  if (partners !== municipalityIds.length) {
    throw new BadUserInputError(
      'municipalityIds: every municipality must be an active partner of the programme',
    );
  }
  await requirePeople(ctx, input);
  return ctx.prisma.dialoguePlatform.create({
    data: {
      programmeId: input.programmeId,
      kind: input.kind,
      form: input.kind === 'LOCAL' ? input.form : null,
      name: input.name,
      description: input.description ?? null,
      coordinatorPersonId: input.coordinatorPersonId ?? null,
      deputyPersonId: input.deputyPersonId ?? null,
      municipalities: { create: municipalityIds.map((municipalityId) => ({ municipalityId })) },
    },
  });
}

/** Renames the platform or changes its coordinator and deputy (`null` clears them). */
export async function updatePlatform(
  ctx: Context,
  input: {
    platformId: string;
    name?: string | null;
    description?: string | null;
    coordinatorPersonId?: string | null;
    deputyPersonId?: string | null;
  },
) {
  if (input.name === null) throw new BadUserInputError('name: cannot be cleared');
  const { platform } = await requireRunner(ctx, input.platformId);
  const current = await ctx.prisma.dialoguePlatform.findUniqueOrThrow({
    where: { id: platform.id },
    select: { coordinatorPersonId: true, deputyPersonId: true },
  });
  await requirePeople(ctx, {
    coordinatorPersonId:
      input.coordinatorPersonId === undefined
        ? current.coordinatorPersonId
        : input.coordinatorPersonId,
    deputyPersonId:
      input.deputyPersonId === undefined ? current.deputyPersonId : input.deputyPersonId,
  });
  return ctx.prisma.dialoguePlatform.update({
    where: { id: platform.id },
    data: {
      name: input.name,
      description: input.description,
      coordinatorPersonId: input.coordinatorPersonId,
      deputyPersonId: input.deputyPersonId,
    },
  });
}

export async function addMember(
  ctx: Context,
  input: {
    platformId: string;
    personId?: string | null;
    organizationId?: string | null;
    stakeholderGroup: PlatformStakeholderGroup;
  },
) {
  if (!input.personId === !input.organizationId) {
    throw new BadUserInputError('personId: give a person or an organisation, one of them');
  }
  await requireRunner(ctx, input.platformId);
  if (input.personId && !(await ctx.prisma.person.count({ where: { id: input.personId } }))) {
    throw new BadUserInputError('personId: no person has this ID');
  }
  if (
    input.organizationId &&
    !(await ctx.prisma.organization.count({ where: { id: input.organizationId } }))
  ) {
    throw new BadUserInputError('organizationId: no organisation has this ID');
  }
  // A second membership of the same person or organisation fails its unique index: CONFLICT.
  return ctx.prisma.dialoguePlatformMember.create({
    data: {
      platformId: input.platformId,
      personId: input.personId ?? null,
      organizationId: input.organizationId ?? null,
      stakeholderGroup: input.stakeholderGroup,
    },
  });
}

/** An event of the platform's programme becomes one of its meetings. */
export async function linkMeeting(ctx: Context, input: { platformId: string; eventId: string }) {
  const { platform } = await requireRunner(ctx, input.platformId);
  const event = await ctx.prisma.event.findUnique({
    where: { id: input.eventId },
    select: { programmeId: true, dialoguePlatformId: true },
  });
  if (!event) throw new BadUserInputError('eventId: no event has this ID');
  if (event.programmeId !== platform.programmeId) {
    throw new BadUserInputError('eventId: the event belongs to another programme');
  }
  if (event.dialoguePlatformId && event.dialoguePlatformId !== platform.id) {
    throw new ConflictError('The event is already a meeting of another platform');
  }
  // Guarded by the same condition, so two platforms claiming the event at once: one wins.
  const { count } = await ctx.prisma.event.updateMany({
    where: {
      id: input.eventId,
      OR: [{ dialoguePlatformId: null }, { dialoguePlatformId: platform.id }],
    },
    data: { dialoguePlatformId: platform.id },
  });
  if (count === 0) throw new ConflictError('The event is already a meeting of another platform');
  return platform.id;
}

export interface InitiativeDates {
  raisedOn?: Date | null;
  adoptedOn?: Date | null;
  implementedOn?: Date | null;
}

function checkStages(dates: InitiativeDates) {
  if (dates.adoptedOn && dates.raisedOn && dates.adoptedOn < dates.raisedOn) {
    throw new BadUserInputError('adoptedOn: the council adopts an initiative after it is raised');
  }
  const before = dates.adoptedOn ?? dates.raisedOn;
  if (dates.implementedOn && before && dates.implementedOn < before) {
    throw new BadUserInputError('implementedOn: must not be before it was raised or adopted');
  }
}

/** A civic initiative raised on the platform, for one of its municipalities. */
export async function recordInitiative(
  ctx: Context,
  input: InitiativeDates & {
    platformId: string;
    municipalityId?: string | null;
    title: string;
    raisedOn: Date;
    evidenceUrls?: string[] | null;
  },
) {
  const { platform } = await requireRunner(ctx, input.platformId);
  const municipalityId =
    input.municipalityId ?? (platform.kind === 'LOCAL' ? platform.municipalityIds[0] : null);
  if (municipalityId && !platform.municipalityIds.includes(municipalityId)) {
    throw new BadUserInputError('municipalityId: not a municipality of this platform');
  }
  checkStages(input);
  return ctx.prisma.civicInitiative.create({
    data: {
      platformId: platform.id,
      municipalityId: municipalityId ?? null,
      title: input.title,
      raisedOn: input.raisedOn,
      adoptedOn: input.adoptedOn ?? null,
      implementedOn: input.implementedOn ?? null,
      evidenceUrls: input.evidenceUrls ?? [],
    },
  });
}

/** Records how far an initiative came: adopted by the council, implemented, more evidence. */
export async function advanceInitiative(
  ctx: Context,
  input: InitiativeDates & { initiativeId: string; evidenceUrls?: string[] | null },
) {
  const initiative = await ctx.prisma.civicInitiative.findUnique({
    where: { id: input.initiativeId },
  });
  if (!initiative) throw new NotFoundError('No civic initiative has this ID');
  await requireRunner(ctx, initiative.platformId);
  const dates = {
    raisedOn: initiative.raisedOn,
    adoptedOn: input.adoptedOn === undefined ? initiative.adoptedOn : input.adoptedOn,
    implementedOn:
      input.implementedOn === undefined ? initiative.implementedOn : input.implementedOn,
  };
  checkStages(dates);
  return ctx.prisma.civicInitiative.update({
    where: { id: initiative.id },
    data: {
      adoptedOn: dates.adoptedOn,
      implementedOn: dates.implementedOn,
      // Evidence accumulates: links given are added to those recorded.
      evidenceUrls: [...new Set([...initiative.evidenceUrls, ...(input.evidenceUrls ?? [])])],
    },
  });
}

/** An inter-municipal platform's area, with the municipalities that share it and why. */
export async function addArea(
  ctx: Context,
  input: {
    platformId: string;
    title: string;
    description?: string | null;
    municipalities: { municipalityId: string; reason: string }[];
  },
) {
  const { platform } = await requireRunner(ctx, input.platformId);
  if (platform.kind !== 'INTER_MUNICIPAL') {
    throw new BadUserInputError('platformId: priority areas belong to inter-municipal platforms');
  }
  const ids = input.municipalities.map((share) => share.municipalityId);
  if (new Set(ids).size !== ids.length) {
    throw new BadUserInputError('municipalities: each municipality once');
  }
  if (ids.some((id) => !platform.municipalityIds.includes(id))) {
    throw new BadUserInputError('municipalities: every one must be a municipality of the platform');
  }
  return ctx.prisma.$transaction(async (tx) => {
    const position = await tx.priorityArea.count({ where: { platformId: platform.id } });
    return tx.priorityArea.create({
      data: {
        platformId: platform.id,
        title: input.title,
        description: input.description ?? null,
        position,
        municipalities: { create: input.municipalities },
      },
    });
  });
}

/** A local platform takes up an area of an inter-municipal platform of its programme. */
export async function adoptArea(ctx: Context, input: { areaId: string; platformId: string }) {
  const { platform } = await requireRunner(ctx, input.platformId);
  if (platform.kind !== 'LOCAL') {
    throw new BadUserInputError('platformId: a local platform adopts areas');
  }
  const area = await ctx.prisma.priorityArea.findUnique({
    where: { id: input.areaId },
    select: { platform: { select: { programmeId: true } } },
  });
  if (!area) throw new BadUserInputError('areaId: no priority area has this ID');
  if (area.platform.programmeId !== platform.programmeId) {
    throw new BadUserInputError('areaId: the area belongs to another programme’s platform');
  }
  // Adopting twice (or twice at once) fails the primary key: CONFLICT.
  await ctx.prisma.priorityAreaAdoption.create({
    data: { areaId: input.areaId, platformId: platform.id },
  });
  return platform.id;
}
