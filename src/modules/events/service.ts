import * as Y from 'yjs';
import type { Context } from '../../context.js';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import type {
  EventKind,
  Prisma,
  RegistrationStatus,
  StakeholderGroup,
} from '../../generated/prisma/client.js';
import { editableMunicipalities, representedOrganizations } from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import { todayInBosnia } from '../../dates.js';
import { notNull } from '../directory/validation.js';
import { notifyAdmitted } from '../notifications/triggers.js';
import { canManageEvent, type EventHosts } from './access.js';
import { type AgendaInput, type DayInput, agendaRows, moveDays, planDays } from './days.js';
import { checkParent } from './parts.js';

type Tx = Prisma.TransactionClient;

const hostsSelect = {
  id: true,
  published: true,
  registrationOpen: true,
  programmeId: true,
  hostMunicipalityId: true,
  hostOrganizationId: true,
  startsOn: true,
  endsOn: true,
  capacity: true,
  cancelledAt: true,
} as const;

export async function loadEvent(ctx: Context, eventId: string) {
  const event = await ctx.prisma.event.findUnique({ where: { id: eventId }, select: hostsSelect });
  if (!event) throw new NotFoundError('No event has this ID');
  return event;
}

export async function requireManager(ctx: Context, eventId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const event = await loadEvent(ctx, eventId);
  if (!canManageEvent(ctx.viewer, event)) {
    throw new ForbiddenError('Only the event’s hosts and programme administrators manage it');
  }
  return event;
}

/**
 * Tells everyone who follows events (dashboards, the conclusions' access checks on every
 * instance); call only after the write has committed.
 */
export function publishEventChange(
  ctx: Pick<Context, 'pubsub'>,
  event: { id: string; programmeId: string | null },
) {
  ctx.pubsub.publish('event:changed', { eventId: event.id, programmeId: event.programmeId });
}

/** Tells the event's organisers (registrationChanged) of these registrations; after commit. */
export function publishRegistrations(
  ctx: Pick<Context, 'pubsub'>,
  eventId: string,
  participantIds: readonly string[],
) {
  for (const participantId of participantIds) {
    ctx.pubsub.publish('event:registration', eventId, { participantId });
  }
}

// --- Events ----------------------------------------------------------------------------------

/** A new event, as its creator gives it (who may create it is the mutation's authScopes). */
export interface NewEvent {
  kind: EventKind;
  title: string;
  programmeId: string | null;
  hostMunicipalityId: string | null;
  hostOrganizationId: string | null;
  venue?: string | null;
  place?: string | null;
  onlineUrl?: string | null;
  parentEventId: string | null;
  startsOn: Date;
  endsOn: Date;
  capacity?: number | null;
  published?: boolean | null;
  liveToPublic?: boolean | null;
  registrationOpen?: boolean | null;
  days?: DayInput[] | null;
}

/** Creates an event with its days and an empty DRAFT conclusions document. */
export async function createEvent(ctx: Context, input: NewEvent) {
  const days = planDays(input.startsOn, input.endsOn, input.days);
  if (input.parentEventId) {
    await checkParent(ctx, ctx.prisma, input.parentEventId, {
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    });
  }
  const event = await ctx.prisma.event.create({
    data: {
      kind: input.kind,
      title: input.title,
      programmeId: input.programmeId,
      hostMunicipalityId: input.hostMunicipalityId,
      hostOrganizationId: input.hostOrganizationId,
      venue: input.venue,
      place: input.place,
      onlineUrl: input.onlineUrl,
      parentEventId: input.parentEventId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      capacity: input.capacity,
      published: input.published ?? false,
      liveToPublic: input.liveToPublic ?? false,
      registrationOpen: input.registrationOpen ?? true,
      days: { create: days },
      conclusions: {
        create: { snapshot: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())) },
      },
    },
  });
  publishEventChange(ctx, event);
  return event;
}

/**
 * What changes in an event: absent keeps a field, null clears an optional one (the hosts, the
 * larger event, where, capacity) and is refused for the others (BAD_USER_INPUT).
 */
export interface EventChanges {
  kind?: EventKind | null;
  title?: string | null;
  hostMunicipalityId?: string | null;
  hostOrganizationId?: string | null;
  venue?: string | null;
  place?: string | null;
  onlineUrl?: string | null;
  parentEventId?: string | null;
  startsOn?: Date | null;
  endsOn?: Date | null;
  capacity?: number | null;
  published?: boolean | null;
  liveToPublic?: boolean | null;
  registrationOpen?: boolean | null;
}

/**
 * Changes an event (its managers): new dates move its days, a new larger event must take it,
 * and a raised capacity admits from the waiting list. One transaction under the event's lock;
 * those admitted are published once it has committed.
 */
export async function updateEvent(ctx: Context, eventId: string, changes: EventChanges) {
  await requireManager(ctx, eventId);
  const { updated, admitted } = await ctx.prisma.$transaction(async (tx) => {
    await lockCapacity(tx, eventId);
    const startsOn = notNull(changes.startsOn, 'startsOn');
    const endsOn = notNull(changes.endsOn, 'endsOn');
    const { parentEventId } = changes;
    if (startsOn || endsOn || parentEventId) {
      const event = await tx.event.findUniqueOrThrow({ where: { id: eventId } });
      const dates = { startsOn: startsOn ?? event.startsOn, endsOn: endsOn ?? event.endsOn };
      if (startsOn || endsOn) await moveDays(tx, event, dates.startsOn, dates.endsOn);
      const parent = parentEventId === undefined ? event.parentEventId : parentEventId;
      if (parent) await checkParent(ctx, tx, parent, { id: eventId, ...dates });
    }
    const updated = await tx.event.update({
      where: { id: eventId },
      data: {
        kind: notNull(changes.kind, 'kind'),
        title: notNull(changes.title, 'title'),
        hostMunicipalityId: changes.hostMunicipalityId,
        hostOrganizationId: changes.hostOrganizationId,
        venue: changes.venue,
        place: changes.place,
        onlineUrl: changes.onlineUrl,
        parentEventId,
        startsOn,
        endsOn,
        capacity: changes.capacity,
        published: notNull(changes.published, 'published'),
        liveToPublic: notNull(changes.liveToPublic, 'liveToPublic'),
        registrationOpen: notNull(changes.registrationOpen, 'registrationOpen'),
      },
    });
    return { updated, admitted: await admitFromWaitlist(tx, eventId) };
  });
  publishEventChange(ctx, updated);
  publishRegistrations(ctx, eventId, admitted);
  return updated;
}

// --- Days ------------------------------------------------------------------------------------

export async function findDay(db: Tx | Context['prisma'], eventId: string, number: number) {
  const day = await db.eventDay.findUnique({ where: { eventId_number: { eventId, number } } });
  if (!day) throw new NotFoundError(`The event has no day ${number}`);
  return day;
}

/**
 * Replaces one day's agenda (the event's managers); `title` absent keeps the day's title, null
 * clears it.
 */
export async function setDayAgenda(
  ctx: Context,
  eventId: string,
  number: number,
  changes: { title?: string | null; agenda: AgendaInput[] },
) {
  await requireManager(ctx, eventId);
  const { id } = await findDay(ctx.prisma, eventId, number);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.agendaItem.deleteMany({ where: { dayId: id } });
    return tx.eventDay.update({
      where: { id },
      data: {
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        agenda: { create: agendaRows(changes.agenda) },
      },
    });
  });
}

// --- Registration ----------------------------------------------------------------------------

export interface RegistrationInput {
  eventId: string;
  personId: string | null;
  organizationId: string | null;
  municipalityId: string | null;
  stakeholderGroup: StakeholderGroup;
}

/**
 * Who may register whom: the event's managers anyone; a coordinator people for their own
 * municipality; a diaspora representative their own association or its people.
 */
function mayRegister(viewer: Viewer, event: EventHosts, input: RegistrationInput): boolean {
  return canManageEvent(viewer, event) || registersFor(viewer, input);
}

/** A coordinator for their own municipality, a representative for their own association. */
export function registersFor(
  viewer: Viewer,
  participant: Pick<RegistrationInput, 'municipalityId' | 'organizationId'>,
): boolean {
  if (
    participant.municipalityId &&
    editableMunicipalities(viewer).includes(participant.municipalityId)
  ) {
    return true;
  }
  return (
    participant.organizationId !== null &&
    participant.municipalityId === null &&
    representedOrganizations(viewer).includes(participant.organizationId)
  );
}

/**
 * Registers a participant: REGISTERED while the event has room, WAITLISTED after. The event
 * row is locked so that two registrations for the last seat cannot both get it.
 */
export async function register(ctx: Context, given: RegistrationInput) {
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  const input = await completeFromPerson(ctx, given);
  const event = await loadEvent(ctx, input.eventId);
  if (!mayRegister(viewer, event, input)) {
    throw new ForbiddenError(
      'Coordinators register participants for their own municipality, representatives for ' +
        'their own association; the event’s hosts and administrators register anyone',
    );
  }
  if (event.cancelledAt) throw new ConflictError('The event is cancelled; registration is closed');
  const manages = canManageEvent(viewer, event);
  if (!manages && !event.published) {
    throw new ForbiddenError(
      'The event is not published; only its hosts and administrators register participants',
    );
  }
  if (!manages && event.endsOn < todayInBosnia()) {
    throw new ConflictError('The event is over; registration is closed');
  }
  if (!manages && !event.registrationOpen) {
    throw new ConflictError('Registration for this event is closed');
  }
  // The organiser's own registrations are its invitations: accepted at once.
  const accepted = manages ? { acceptedAt: new Date(), acceptedById: viewer.userId } : {};
  const participant = await ctx.prisma.$transaction(async (tx) => {
    const capacity = await lockCapacity(tx, input.eventId);
    const registered = await tx.eventParticipant.count({
      where: { eventId: input.eventId, status: 'REGISTERED' },
    });
    const status: RegistrationStatus =
      capacity === null || registered < capacity ? 'REGISTERED' : 'WAITLISTED';
    return tx.eventParticipant.create({
      data: { ...input, status, registeredById: viewer.userId, ...accepted },
    });
  });
  publishEventChange(ctx, event);
  publishRegistrations(ctx, event.id, [participant.id]);
  return participant;
}

/** A person registers for the municipality and organisation they work for, unless told. */
async function completeFromPerson(ctx: Context, input: RegistrationInput) {
  if (!input.personId) {
    if (!input.organizationId) {
      throw new BadUserInputError('Give personId, organizationId or both');
    }
    return input;
  }
  const person = await ctx.prisma.person.findUnique({
    where: { id: input.personId },
    select: { municipalityId: true, organizationId: true, archivedAt: true },
  });
  if (!person || person.archivedAt) throw new NotFoundError('No person has this ID');
  return {
    ...input,
    municipalityId: input.municipalityId ?? person.municipalityId,
    organizationId: input.organizationId ?? person.organizationId,
  };
}

export async function cancelRegistration(ctx: Context, participantId: string) {
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  const participant = await ctx.prisma.eventParticipant.findUnique({
    where: { id: participantId },
  });
  if (!participant) throw new NotFoundError('No participant has this ID');
  const event = await loadEvent(ctx, participant.eventId);
  if (!mayRegister(viewer, event, participant)) {
    throw new ForbiddenError('Only who may register this participant may cancel the registration');
  }
  const cancelled = await ctx.prisma.$transaction(async (tx) => {
    await lockCapacity(tx, participant.eventId);
    const current = await tx.eventParticipant.findUniqueOrThrow({ where: { id: participantId } });
    if (current.status === 'CANCELLED') {
      throw new ConflictError('The registration is already cancelled');
    }
    const row = await tx.eventParticipant.update({
      where: { id: participantId },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    return { row, admitted: await admitFromWaitlist(tx, participant.eventId) };
  });
  publishEventChange(ctx, event);
  publishRegistrations(ctx, event.id, [participantId, ...cancelled.admitted]);
  return cancelled.row;
}

/** The event's managers accept a registration: its municipality then takes part. */
export async function acceptParticipant(ctx: Context, participantId: string) {
  const participant = await ctx.prisma.eventParticipant.findUnique({
    where: { id: participantId },
  });
  if (!participant) throw new NotFoundError('No participant has this ID');
  const event = await requireManager(ctx, participant.eventId);
  if (event.cancelledAt) throw new ConflictError('The event is cancelled');
  // Only a pending, not cancelled registration changes: two accepts cannot both succeed.
  const { count } = await ctx.prisma.eventParticipant.updateMany({
    where: { id: participantId, acceptedAt: null, status: { not: 'CANCELLED' } },
    data: { acceptedAt: new Date(), acceptedById: ctx.viewer!.userId },
  });
  if (count === 0) {
    throw new ConflictError('The registration is already accepted or cancelled');
  }
  publishEventChange(ctx, event);
  publishRegistrations(ctx, event.id, [participantId]);
  return ctx.prisma.eventParticipant.findUniqueOrThrow({ where: { id: participantId } });
}

/** Locks the event row for the rest of the transaction; answers its capacity. */
export async function lockCapacity(tx: Tx, eventId: string): Promise<number | null> {
  const [row] = await tx.$queryRaw<{ capacity: number | null }[]>`
    SELECT capacity FROM event WHERE id = ${eventId}::uuid FOR UPDATE`;
  if (!row) throw new NotFoundError('No event has this ID');
  return row.capacity;
}

/**
 * Moves the longest-waiting participants up while there is room (none for a cancelled event:
 * a freed seat there is no place to offer). Caller holds the lock. Answers whom it admitted,
 * for the caller to publish once committed.
 */
export async function admitFromWaitlist(tx: Tx, eventId: string): Promise<string[]> {
  const { capacity, cancelledAt } = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { capacity: true, cancelledAt: true },
  });
  if (cancelledAt) return [];
  const registered = await tx.eventParticipant.count({ where: { eventId, status: 'REGISTERED' } });
  const room = capacity === null ? undefined : Math.max(0, capacity - registered);
  if (room === 0) return [];
  const waiting = await tx.eventParticipant.findMany({
    where: { eventId, status: 'WAITLISTED' },
    orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }],
    take: room,
    select: { id: true },
  });
  if (waiting.length === 0) return [];
  await tx.eventParticipant.updateMany({
    where: { id: { in: waiting.map((p) => p.id) } },
    data: { status: 'REGISTERED' },
  });
  for (const participant of waiting) await notifyAdmitted(tx, participant.id);
  return waiting.map((participant) => participant.id);
}

/** The event's managers record who was there on a day (`present: false` takes it back). */
export async function recordAttendance(
  ctx: Context,
  participantId: string,
  dayNumber: number,
  present: boolean,
) {
  const participant = await ctx.prisma.eventParticipant.findUnique({
    where: { id: participantId },
  });
  if (!participant) throw new NotFoundError('No participant has this ID');
  await requireManager(ctx, participant.eventId);
  if (participant.status !== 'REGISTERED') {
    throw new ConflictError(`A ${participant.status.toLowerCase()} participant cannot attend`);
  }
  const day = await findDay(ctx.prisma, participant.eventId, dayNumber);
  const key = { participantId, dayId: day.id };
  if (present) {
    await ctx.prisma.attendance.upsert({
      where: { participantId_dayId: key },
      create: key,
      update: {},
    });
  } else {
    await ctx.prisma.attendance.deleteMany({ where: key });
  }
  publishRegistrations(ctx, participant.eventId, [participantId]);
  return participant;
}
