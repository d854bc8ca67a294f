// What each change of the network notifies, and to whom. Every function runs inside the
// transaction of the change (one call at each call site), through `notify`.
import { isoDate } from '../../dates.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { addressesOfPeople, coordinatorsOf, notify, representativesOf } from './service.js';

type Tx = Prisma.TransactionClient;

/** The invitee gets their link by e-mail (they have no inbox yet). */
export function notifyInvitation(
  tx: Tx,
  invite: { userId: string; displayName: string; token: string; expiresAt: Date },
) {
  return notify(tx, {
    kind: 'INVITATION',
    userIds: [invite.userId],
    data: {
      displayName: invite.displayName,
      token: invite.token,
      expiresAt: invite.expiresAt.toISOString(),
    },
  });
}

/** The account's owner learns that their password changed or their sessions were ended. */
export function notifySecurity(
  tx: Tx,
  userId: string,
  event: 'PASSWORD_CHANGED' | 'SESSIONS_REVOKED',
  address: string | null,
) {
  return notify(tx, {
    kind: 'SECURITY_NOTICE',
    userIds: [userId],
    data: { event, at: new Date().toISOString(), address },
  });
}

/**
 * Coordinators of the municipalities eligible for an open call: the programme's active partner
 * municipalities, or every municipality when the call belongs to the whole network. Once per
 * call, whether it opens at creation or later (the daily sweep).
 */
export async function notifyFundingCallOpened(tx: Tx, fundingCallId: string) {
  const call = await tx.fundingCall.findUniqueOrThrow({
    where: { id: fundingCallId },
    include: {
      funder: { select: { name: true } },
      eligibleMunicipalities: { where: { archivedAt: null }, select: { id: true } },
    },
  });
  // A call that lists its eligible municipalities is announced to them only.
  const partners = call.eligibleMunicipalities.length
    ? call.eligibleMunicipalities
    : call.programmeId
      ? await tx.programmePartnership.findMany({
          where: { programmeId: call.programmeId, status: 'ACTIVE', archivedAt: null },
          select: { municipalityId: true },
        })
      : await tx.municipality.findMany({ where: { archivedAt: null }, select: { id: true } });
  const municipalityIds = partners.map((row) =>
    'municipalityId' in row ? row.municipalityId : row.id,
  );
  return notify(tx, {
    kind: 'FUNDING_CALL_OPENED',
    onceKey: `call-opened:${call.id}`,
    userIds: await coordinatorsOf(tx, municipalityIds),
    data: {
      fundingCallId: call.id,
      title: call.title,
      funder: call.funder.name,
      opensOn: isoDate(call.opensOn),
      closesOn: isoDate(call.closesOn),
    },
  });
}

type ActionItemKind = 'ACTION_ITEM_ASSIGNED' | 'ACTION_ITEM_DUE_SOON' | 'ACTION_ITEM_OVERDUE';

/**
 * The owners of these action items (a municipality's coordinators, an association's
 * representatives, or the person), one notification per item. Reminders (due soon, overdue)
 * go only to the owners whose share is still open.
 */
export async function notifyActionItems(
  tx: Tx,
  kind: ActionItemKind,
  actionItemIds: readonly string[],
  onceKey?: (item: { id: string; dueDate: string | null }) => string,
) {
  const items = await tx.actionItem.findMany({
    where: { id: { in: [...actionItemIds] } },
    include: {
      event: { select: { title: true } },
      owners: {
        where: kind === 'ACTION_ITEM_ASSIGNED' ? {} : { status: { in: ['OPEN', 'IN_PROGRESS'] } },
        select: { municipalityId: true, organizationId: true },
      },
    },
  });
  for (const item of items) {
    const dueDate = item.dueDate ? isoDate(item.dueDate) : null;
    const people = await addressesOfPeople(tx, [item.ownerPersonId]);
    await notify(tx, {
      kind,
      onceKey: onceKey?.({ id: item.id, dueDate }),
      userIds: [
        ...(await coordinatorsOf(
          tx,
          item.owners.map((share) => share.municipalityId),
        )),
        ...(await representativesOf(
          tx,
          item.owners.map((share) => share.organizationId),
        )),
        ...people.userIds,
      ],
      emails: people.emails,
      data: { actionItemId: item.id, text: item.text, dueDate, eventTitle: item.event.title },
    });
  }
}

/** A waitlisted participant got a place: the person, or their municipality's coordinators. */
export async function notifyAdmitted(tx: Tx, participantId: string) {
  const participant = await tx.eventParticipant.findUniqueOrThrow({
    where: { id: participantId },
    include: { event: { select: { id: true, title: true, startsOn: true } } },
  });
  const people = await addressesOfPeople(tx, [participant.personId]);
  const userIds =
    people.userIds.length || people.emails.length
      ? people.userIds
      : [
          ...(await coordinatorsOf(tx, [participant.municipalityId])),
          ...(await representativesOf(tx, [participant.organizationId])),
        ];
  return notify(tx, {
    kind: 'REGISTRATION_ADMITTED',
    userIds,
    emails: people.emails,
    data: {
      eventId: participant.event.id,
      eventTitle: participant.event.title,
      startsOn: isoDate(participant.event.startsOn),
    },
  });
}

/** The idea's municipality's coordinators learn of each stage change. */
export async function notifyIdeaStageChanged(tx: Tx, ideaId: string, from: string, to: string) {
  const idea = await tx.projectIdea.findUniqueOrThrow({
    where: { id: ideaId },
    include: { municipality: { select: { name: true } } },
  });
  return notify(tx, {
    kind: 'PROJECT_IDEA_STAGE_CHANGED',
    userIds: await coordinatorsOf(tx, [idea.municipalityId]),
    data: { ideaId, title: idea.title, municipality: idea.municipality.name, from, to },
  });
}

export async function notifyReviewerAssigned(tx: Tx, ideaId: string, reviewerId: string) {
  const idea = await tx.projectIdea.findUniqueOrThrow({
    where: { id: ideaId },
    include: { municipality: { select: { name: true } } },
  });
  return notify(tx, {
    kind: 'REVIEWER_ASSIGNED',
    userIds: [reviewerId],
    data: { ideaId, title: idea.title, municipality: idea.municipality.name },
  });
}

type Participant = {
  personId: string | null;
  municipalityId: string | null;
  organizationId: string | null;
};

/**
 * Who hears for an event's participants: people by their address, municipalities through
 * their coordinators, associations through their representatives.
 */
async function participantRecipients(tx: Tx, participants: Participant[]) {
  const people = await addressesOfPeople(
    tx,
    participants.map((participant) => participant.personId),
  );
  return {
    userIds: [
      ...people.userIds,
      ...(await coordinatorsOf(
        tx,
        participants.map((participant) => participant.municipalityId),
      )),
      ...(await representativesOf(
        tx,
        participants.map((participant) => participant.organizationId),
      )),
    ],
    emails: people.emails,
  };
}

/**
 * The event's registered participants learn the conclusions are adopted; the owners of its
 * action items learn what is theirs.
 */
export async function notifyConclusionsAdopted(tx: Tx, eventId: string) {
  const event = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    include: {
      participants: { where: { status: 'REGISTERED' } },
      actionItems: { select: { id: true } },
    },
  });
  await notify(tx, {
    kind: 'CONCLUSIONS_ADOPTED',
    ...(await participantRecipients(tx, event.participants)),
    data: { eventId, eventTitle: event.title, actionCount: event.actionItems.length },
  });
  await notifyActionItems(
    tx,
    'ACTION_ITEM_ASSIGNED',
    event.actionItems.map((item) => item.id),
  );
}

/** Everyone registered or waiting for a cancelled event learns it is cancelled, and why. */
export async function notifyEventCancelled(tx: Tx, eventId: string) {
  const event = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    include: { participants: { where: { status: { in: ['REGISTERED', 'WAITLISTED'] } } } },
  });
  return notify(tx, {
    kind: 'EVENT_CANCELLED',
    ...(await participantRecipients(tx, event.participants)),
    data: {
      eventId,
      eventTitle: event.title,
      startsOn: isoDate(event.startsOn),
      reason: event.cancellationReason,
    },
  });
}
