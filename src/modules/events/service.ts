import type { Context } from '../../context.js';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import type {
  Prisma,
  RegistrationStatus,
  StakeholderGroup,
} from '../../generated/prisma/client.js';
import {
  administers,
  canEditMunicipality,
  canEditOrganization,
  editableMunicipalities,
  representedOrganizations,
} from '../accounts/grants.js';
import type { Viewer } from '../accounts/service.js';
import { isoDate, todayInBosnia } from '../../dates.js';
import { notifyAdmitted } from '../notifications/triggers.js';

type Tx = Prisma.TransactionClient;

export interface EventHosts {
  programmeId: string | null;
  hostMunicipalityId: string | null;
  hostOrganizationId: string | null;
}

/**
 * Who runs an event (its days, agenda, presentations, attendance): the programme's network
 * administrators, and the host municipality's coordinators or the host organisation's
 * representative.
 */
export function canManageEvent(viewer: Viewer | null, event: EventHosts): boolean {
  return (
    administers(viewer, event.programmeId) ||
    (event.hostMunicipalityId !== null && canEditMunicipality(viewer, event.hostMunicipalityId)) ||
    (event.hostOrganizationId !== null && canEditOrganization(viewer, event.hostOrganizationId))
  );
}

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

// --- Days ------------------------------------------------------------------------------------

export interface DayInput {
  date: Date;
  title?: string | null;
  agenda?: AgendaInput[] | null;
}

export interface AgendaInput {
  startTime?: string | null;
  topic: string;
  presenter?: string | null;
}

const MAX_EVENT_DAYS = 31;
const DAY_MS = 86_400_000;

/**
 * The days an event is created with: as given (each within the event's dates, no date twice),
 * or one per date from start to end. Numbered 1, 2, … in date order.
 */
export function planDays(startsOn: Date, endsOn: Date, days: DayInput[] | null | undefined) {
  const span = spanOf(startsOn, endsOn);
  const planned: DayInput[] = days?.length
    ? [...days].sort((a, b) => a.date.getTime() - b.date.getTime())
    : Array.from({ length: span }, (_, i) => ({
        date: new Date(startsOn.getTime() + i * DAY_MS),
      }));
  planned.forEach((day, index) => {
    if (day.date < startsOn || day.date > endsOn) {
      throw new BadUserInputError(`Day ${isoDate(day.date)} is outside the event's dates`);
    }
    if (index > 0 && planned[index - 1]!.date.getTime() === day.date.getTime()) {
      throw new BadUserInputError(`Day ${isoDate(day.date)} is given twice`);
    }
  });
  return planned.map((day, index) => ({
    number: index + 1,
    date: day.date,
    title: day.title ?? null,
    agenda: { create: agendaRows(day.agenda) },
  }));
}

/** How many dates an event spans; refuses an end before the start or more than 31 days. */
function spanOf(startsOn: Date, endsOn: Date) {
  if (startsOn > endsOn) throw new BadUserInputError('endsOn must not be before startsOn');
  const span = Math.round((endsOn.getTime() - startsOn.getTime()) / DAY_MS) + 1;
  if (span > MAX_EVENT_DAYS) {
    throw new BadUserInputError(`An event lasts at most ${MAX_EVENT_DAYS} days`);
  }
  return span;
}

/**
 * Moves an event's days to new dates: each keeps its number and its distance from the first
 * date, with its agenda, attendance and presentations. An event laid out one day per date
 * gets days for added dates; a day after the new end goes if it holds nothing, or the move
 * is refused (CONFLICT) so that nothing recorded is lost.
 */
export async function moveDays(
  tx: Tx,
  event: { id: string; startsOn: Date; endsOn: Date },
  startsOn: Date,
  endsOn: Date,
) {
  const span = spanOf(startsOn, endsOn);
  const days = await tx.eventDay.findMany({
    where: { eventId: event.id },
    orderBy: { number: 'asc' },
    include: { _count: { select: { agenda: true, attendance: true, presentations: true } } },
  });
  const everyDate = days.length === spanOf(event.startsOn, event.endsOn);
  const shift = startsOn.getTime() - event.startsOn.getTime();
  const moved = days.map((day) => ({ ...day, date: new Date(day.date.getTime() + shift) }));
  const after = moved.filter((day) => day.date > endsOn);
  const kept = moved.filter((day) => day.date <= endsOn);
  const busy = after.find((day) => Object.values(day._count).some((count) => count > 0));
  if (busy) {
    throw new ConflictError(
      `Day ${busy.number} has an agenda, attendance or presentations and would fall after ` +
        `${isoDate(endsOn)}; move or clear them first`,
    );
  }
  await tx.eventDay.deleteMany({ where: { id: { in: after.map((day) => day.id) } } });
  // (eventId, date) is unique and checked row by row: the day furthest along moves first.
  if (shift !== 0) {
    for (const day of shift > 0 ? [...kept].reverse() : kept) {
      await tx.eventDay.update({ where: { id: day.id }, data: { date: day.date } });
    }
  }
  if (everyDate && span > kept.length) {
    await tx.eventDay.createMany({
      data: Array.from({ length: span - kept.length }, (_, index) => {
        const number = kept.length + index + 1;
        return {
          eventId: event.id,
          number,
          date: new Date(startsOn.getTime() + (number - 1) * DAY_MS),
        };
      }),
    });
  }
}

export function agendaRows(agenda: AgendaInput[] | null | undefined) {
  return (agenda ?? []).map((item, position) => ({
    position,
    startTime: item.startTime ?? null,
    topic: item.topic,
    presenter: item.presenter ?? null,
  }));
}

export async function findDay(db: Tx | Context['prisma'], eventId: string, number: number) {
  const day = await db.eventDay.findUnique({ where: { eventId_number: { eventId, number } } });
  if (!day) throw new NotFoundError(`The event has no day ${number}`);
  return day;
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
    await admitFromWaitlist(tx, participant.eventId);
    return row;
  });
  publishEventChange(ctx, event);
  return cancelled;
}

/** The event's managers accept a registration: its municipality then takes part. */
export async function acceptParticipant(ctx: Context, participantId: string) {
  const participant = await ctx.prisma.eventParticipant.findUnique({
    where: { id: participantId },
  });
  if (!participant) throw new NotFoundError('No participant has this ID');
  const event = await requireManager(ctx, participant.eventId);
  // Only a pending, not cancelled registration changes: two accepts cannot both succeed.
  const { count } = await ctx.prisma.eventParticipant.updateMany({
    where: { id: participantId, acceptedAt: null, status: { not: 'CANCELLED' } },
    data: { acceptedAt: new Date(), acceptedById: ctx.viewer!.userId },
  });
  if (count === 0) {
    throw new ConflictError('The registration is already accepted or cancelled');
  }
  publishEventChange(ctx, event);
  return ctx.prisma.eventParticipant.findUniqueOrThrow({ where: { id: participantId } });
}

/** Locks the event row for the rest of the transaction; answers its capacity. */
export async function lockCapacity(tx: Tx, eventId: string): Promise<number | null> {
  const [row] = await tx.$queryRaw<{ capacity: number | null }[]>`
    SELECT capacity FROM event WHERE id = ${eventId}::uuid FOR UPDATE`;
  if (!row) throw new NotFoundError('No event has this ID');
  return row.capacity;
}

/** Moves the longest-waiting participants up while there is room. Caller holds the lock. */
export async function admitFromWaitlist(tx: Tx, eventId: string) {
  const { capacity } = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { capacity: true },
  });
  const registered = await tx.eventParticipant.count({ where: { eventId, status: 'REGISTERED' } });
  const room = capacity === null ? undefined : Math.max(0, capacity - registered);
  if (room === 0) return;
  const waiting = await tx.eventParticipant.findMany({
    where: { eventId, status: 'WAITLISTED' },
    orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }],
    take: room,
    select: { id: true },
  });
  if (waiting.length === 0) return;
  await tx.eventParticipant.updateMany({
    where: { id: { in: waiting.map((p) => p.id) } },
    data: { status: 'REGISTERED' },
  });
  for (const participant of waiting) await notifyAdmitted(tx, participant.id);
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
  return participant;
}
