import type { Context } from '../../context.js';
import { todayInBosnia } from '../../dates.js';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import type { ActionItemStatus, Prisma } from '../../generated/prisma/client.js';
import {
  administers,
  editableMunicipalities,
  representedOrganizations,
} from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import type { ActionItemChange } from '../../pubsub.js';
import { canReadEventById, readableEvents } from '../events/access.js';
import { notifyActionItems } from '../notifications/triggers.js';
import { type Share, derivedStatus, lockItem, ownsShare } from './owners.js';

export const OPEN_STATUSES: ActionItemStatus[] = ['OPEN', 'IN_PROGRESS'];

/** Open and past its due date (in Sarajevo's calendar). */
export function isOverdue(item: { status: ActionItemStatus; dueDate: Date | null }) {
  return (
    item.dueDate !== null && OPEN_STATUSES.includes(item.status) && item.dueDate < todayInBosnia()
  );
}

export function overdueFilter(): Prisma.ActionItemWhereInput {
  return { status: { in: OPEN_STATUSES }, dueDate: { lt: todayInBosnia() } };
}

/** Items on which this share is open and past the item's due date. */
export function shareOverdueFilter(
  share: Prisma.ActionItemOwnerWhereInput,
): Prisma.ActionItemWhereInput {
  return {
    dueDate: { lt: todayInBosnia() },
    owners: { some: { ...share, status: { in: OPEN_STATUSES } } },
  };
}

/** Shares of the municipalities and associations the viewer works for. */
export function mineShareFilter(viewer: Viewer): Prisma.ActionItemOwnerWhereInput {
  return {
    OR: [
      { municipalityId: { in: editableMunicipalities(viewer) } },
      { organizationId: { in: representedOrganizations(viewer) } },
    ],
  };
}

/** Items owned (alone or with others) by the municipalities and associations of the viewer. */
export function mineFilter(viewer: Viewer): Prisma.ActionItemWhereInput {
  return { owners: { some: mineShareFilter(viewer) } };
}

/**
 * Who reads an action item: signed-in users who may read the event it was adopted at (see
 * readableEvents), and its owners whatever the event.
 */
export async function canReadActionItem(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  item: {
    id: string;
    eventId: string;
    ownerMunicipalityId: string | null;
    ownerOrganizationId: string | null;
  },
): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  const owns =
    (item.ownerMunicipalityId !== null &&
      editableMunicipalities(viewer).includes(item.ownerMunicipalityId)) ||
    (item.ownerOrganizationId !== null &&
      representedOrganizations(viewer).includes(item.ownerOrganizationId));
  if (owns || (await canReadEventById(ctx, item.eventId))) return true;
  // One of several owners (asked only when the cheaper checks said no).
  return (
    (await ctx.prisma.actionItemOwner.count({
      where: { actionItemId: item.id, ...mineShareFilter(viewer) },
    })) > 0
  );
}

/** The action items the viewer may read, as canReadActionItem says. */
export function readableActionItems(viewer: Viewer): Prisma.ActionItemWhereInput {
  const events = readableEvents(viewer);
  // Every event: no condition. (Prisma 6.19 reads `{ event: {} }` inside an OR as matching
  // nothing, not everything.)
  if (Object.keys(events).length === 0) return {};
  return { OR: [{ event: events }, mineFilter(viewer)] };
}

// --- Follow-up -------------------------------------------------------------------------------

async function loadItem(ctx: Context, actionItemId: string) {
  const item = await ctx.prisma.actionItem.findUnique({
    where: { id: actionItemId },
    include: {
      event: { select: { programmeId: true } },
      owners: { select: { id: true, municipalityId: true, organizationId: true, status: true } },
    },
  });
  if (!item) throw new NotFoundError('No action item has this ID');
  return item;
}

type LoadedItem = Awaited<ReturnType<typeof loadItem>>;

export interface FollowUpInput {
  status?: ActionItemStatus | null;
  comment?: string | null;
  evidenceUrls?: string[] | null;
  /** The owner whose share this reports on (needed only when that is ambiguous). */
  ownerMunicipalityId?: string | null;
  ownerOrganizationId?: string | null;
}

/**
 * The share a report is about: the one named, else the item's only share, else the viewer's
 * only share among several. Null for items without shares (no owner, or a person).
 */
function shareOf(viewer: Viewer, item: LoadedItem, input: FollowUpInput): Share | null {
  const named = input.ownerMunicipalityId ?? input.ownerOrganizationId;
  if (named) {
    const share = item.owners.find(
      (share) => share.municipalityId === named || share.organizationId === named,
    );
    const field = input.ownerMunicipalityId ? 'ownerMunicipalityId' : 'ownerOrganizationId';
    if (!share) throw new BadUserInputError(`${field}: not an owner of this action item`);
    return share;
  }
  if (item.owners.length <= 1) return item.owners[0] ?? null;
  const mine = item.owners.filter((share) => ownsShare(viewer, share));
  if (mine.length === 1) return mine[0]!;
  throw new BadUserInputError(
    'ownerMunicipalityId: this item has several owners; name the one this report is about',
  );
}

/**
 * Records progress on one owner's share (a status change, a comment, evidence links: at least
 * one of them); the item's status follows from all shares. Each owner's coordinators or
 * representative report on their own share only; administrators on any.
 */
export async function followUp(ctx: Context, actionItemId: string, input: FollowUpInput) {
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  if (!input.status && !input.comment && !input.evidenceUrls?.length) {
    throw new BadUserInputError('Give a status, a comment or evidence links');
  }
  if (input.ownerMunicipalityId && input.ownerOrganizationId) {
    throw new BadUserInputError('ownerOrganizationId: name one owner, not two');
  }
  const item = await loadItem(ctx, actionItemId);
  const administrator = administers(viewer, item.event.programmeId);
  if (!administrator && !item.owners.some((share) => ownsShare(viewer, share))) {
    throw new ForbiddenError(
      'Only the owner’s coordinators or representative and administrators update this item',
    );
  }
  const share = shareOf(viewer, item, input);
  if (share && !administrator && !ownsShare(viewer, share)) {
    throw new ForbiddenError('Each owner reports on their own share of the action only');
  }
  const updated = await ctx.prisma.$transaction(async (tx) => {
    await lockItem(tx, actionItemId);
    await tx.actionItemUpdate.create({
      data: {
        actionItemId,
        ownerId: share?.id ?? null,
        authorId: viewer.userId,
        status: input.status ?? null,
        comment: input.comment ?? null,
        evidenceUrls: input.evidenceUrls ?? [],
      },
    });
    if (share && input.status) {
      await tx.actionItemOwner.update({ where: { id: share.id }, data: { status: input.status } });
    }
    const status = share ? await derivedStatus(tx, actionItemId) : null;
    return tx.actionItem.update({
      where: { id: actionItemId },
      // Written even when only a comment arrives, so that updatedAt moves.
      data: { status: status ?? input.status ?? item.status },
    });
  });
  return {
    updated,
    change: changeOf(updated.id, item.event.programmeId, shareMunicipalities(item)),
  };
}

const shareMunicipalities = (item: LoadedItem) => [
  item.ownerMunicipalityId,
  ...item.owners.map((share) => share.municipalityId),
];

export interface ReassignInput {
  ownerMunicipalityId?: string | null;
  ownerOrganizationId?: string | null;
  ownerPersonId?: string | null;
  dueDate?: Date | null;
}

/** Administrators change who owns an item and when it is due. */
export async function reassign(ctx: Context, actionItemId: string, input: ReassignInput) {
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  const item = await loadItem(ctx, actionItemId);
  if (!administers(viewer, item.event.programmeId)) {
    throw new ForbiddenError('Only a network administrator reassigns action items');
  }
  const owners = [input.ownerMunicipalityId, input.ownerOrganizationId, input.ownerPersonId];
  if (owners.filter(Boolean).length > 1) {
    throw new BadUserInputError(
      'An action item has one owner: a municipality, an organisation or a person',
    );
  }
  const ownerGiven = owners.some((owner) => owner !== undefined);
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.actionItem.update({
      where: { id: actionItemId },
      data: {
        ...(ownerGiven
          ? {
              ownerMunicipalityId: input.ownerMunicipalityId ?? null,
              ownerOrganizationId: input.ownerOrganizationId ?? null,
              ownerPersonId: input.ownerPersonId ?? null,
            }
          : {}),
        ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
      },
    });
    if (ownerGiven) {
      // The one owner's share replaces every share; it starts from the item's status.
      await tx.actionItemOwner.deleteMany({ where: { actionItemId } });
      const owner = input.ownerMunicipalityId
        ? { municipalityId: input.ownerMunicipalityId }
        : input.ownerOrganizationId
          ? { organizationId: input.ownerOrganizationId }
          : null;
      if (owner) {
        await tx.actionItemOwner.create({
          data: { actionItemId, status: updated.status, ...owner },
        });
      }
      await notifyActionItems(tx, 'ACTION_ITEM_ASSIGNED', [actionItemId]);
    }
    return updated;
  });
  return {
    updated,
    change: changeOf(updated.id, item.event.programmeId, [
      ...shareMunicipalities(item),
      updated.ownerMunicipalityId,
    ]),
  };
}

function changeOf(
  actionItemId: string,
  programmeId: string | null,
  owners: (string | null)[],
): ActionItemChange {
  return {
    actionItemId,
    programmeId,
    ownerMunicipalityIds: [...new Set(owners.filter((owner): owner is string => owner !== null))],
  };
}

export function publishActionItemChange(ctx: Pick<Context, 'pubsub'>, change: ActionItemChange) {
  ctx.pubsub.publish('actionItem:changed', change);
}
