import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../../context.js';
import { todayInBosnia } from '../../dates.js';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import type { ActionItemStatus, Prisma } from '../../generated/prisma/client.js';
import {
  administers,
  canEditMunicipality,
  canEditOrganization,
  editableMunicipalities,
  representedOrganizations,
} from '../accounts/grants.js';
import type { Viewer } from '../accounts/service.js';
import type { ActionItemChange } from '../../pubsub.js';
import type { ProjectedItem } from '../conclusions/projection.js';
import { canReadEventById, readableEvents } from '../events/access.js';
import { notifyActionItems } from '../notifications/triggers.js';

type Tx = Prisma.TransactionClient;

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

/** Items owned by the municipalities and associations the viewer works for. */
export function mineFilter(viewer: Viewer): Prisma.ActionItemWhereInput {
  return {
    OR: [
      { ownerMunicipalityId: { in: editableMunicipalities(viewer) } },
      { ownerOrganizationId: { in: representedOrganizations(viewer) } },
    ],
  };
}

/**
 * Who reads an action item: signed-in users who may read the event it was adopted at (see
 * readableEvents), and its owners whatever the event.
 */
export async function canReadActionItem(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  item: { eventId: string; ownerMunicipalityId: string | null; ownerOrganizationId: string | null },
): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  const owns =
    (item.ownerMunicipalityId !== null &&
      editableMunicipalities(viewer).includes(item.ownerMunicipalityId)) ||
    (item.ownerOrganizationId !== null &&
      representedOrganizations(viewer).includes(item.ownerOrganizationId));
  return owns || canReadEventById(ctx, item.eventId);
}

/** The action items the viewer may read, as canReadActionItem says. */
export function readableActionItems(viewer: Viewer): Prisma.ActionItemWhereInput {
  const events = readableEvents(viewer);
  // Every event: no condition. (Prisma 6.19 reads `{ event: {} }` inside an OR as matching
  // nothing, not everything.)
  if (Object.keys(events).length === 0) return {};
  return { OR: [{ event: events }, mineFilter(viewer)] };
}

// --- Adoption --------------------------------------------------------------------------------

function ownerId(globalId: string | null, typename: string, itemId: string): string | null {
  if (globalId === null) return null;
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // reported below
  }
  throw new ConflictError(
    `Item "${itemId}" names an owner that is not a ${typename} ID; correct it before adopting`,
  );
}

/**
 * Turns the adopted document's ACTION items into action items, inside the adoption's
 * transaction: an owner named in the document must exist, or nothing is adopted.
 */
export async function createOnAdoption(
  tx: Tx,
  adoption: { documentId: string; eventId: string; programmeId: string | null },
  items: ProjectedItem[],
): Promise<ActionItemChange[]> {
  const actions = items
    .filter((item) => item.kind === 'ACTION')
    .map((item) => ({
      eventId: adoption.eventId,
      documentId: adoption.documentId,
      conclusionItemId: item.itemId,
      text: item.text,
      ownerMunicipalityId: ownerId(item.ownerMunicipalityId, 'Municipality', item.itemId),
      ownerOrganizationId: item.ownerMunicipalityId
        ? null
        : ownerId(item.ownerOrganizationId, 'Organization', item.itemId),
      dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00Z`) : null,
    }));
  await requireExisting(tx, actions);
  if (actions.length === 0) return [];
  const created = await tx.actionItem.createManyAndReturn({
    data: actions,
    select: { id: true, ownerMunicipalityId: true },
  });
  return created.map((item) => ({
    actionItemId: item.id,
    programmeId: adoption.programmeId,
    ownerMunicipalityIds: item.ownerMunicipalityId ? [item.ownerMunicipalityId] : [],
  }));
}

async function requireExisting(
  tx: Tx,
  actions: {
    conclusionItemId: string;
    ownerMunicipalityId: string | null;
    ownerOrganizationId: string | null;
  }[],
) {
  const municipalityIds = actions.flatMap((a) =>
    a.ownerMunicipalityId ? [a.ownerMunicipalityId] : [],
  );
  const organizationIds = actions.flatMap((a) =>
    a.ownerOrganizationId ? [a.ownerOrganizationId] : [],
  );
  const [municipalities, organizations] = await Promise.all([
    tx.municipality.findMany({ where: { id: { in: municipalityIds } }, select: { id: true } }),
    tx.organization.findMany({ where: { id: { in: organizationIds } }, select: { id: true } }),
  ]);
  const known = new Set([...municipalities, ...organizations].map((row) => row.id));
  const missing = actions.find(
    (a) =>
      (a.ownerMunicipalityId && !known.has(a.ownerMunicipalityId)) ||
      (a.ownerOrganizationId && !known.has(a.ownerOrganizationId)),
  );
  if (missing) {
    throw new ConflictError(
      `Item "${missing.conclusionItemId}" names an owner that does not exist; correct it before adopting`,
    );
  }
}

// --- Follow-up -------------------------------------------------------------------------------

async function loadItem(ctx: Context, actionItemId: string) {
  const item = await ctx.prisma.actionItem.findUnique({
    where: { id: actionItemId },
    include: { event: { select: { programmeId: true } } },
  });
  if (!item) throw new NotFoundError('No action item has this ID');
  return item;
}

/** The owner's coordinators or representative follow an item up, and the administrators. */
function mayFollowUp(viewer: Viewer, item: Awaited<ReturnType<typeof loadItem>>) {
  return (
    administers(viewer, item.event.programmeId) ||
    (item.ownerMunicipalityId !== null && canEditMunicipality(viewer, item.ownerMunicipalityId)) ||
    (item.ownerOrganizationId !== null && canEditOrganization(viewer, item.ownerOrganizationId))
  );
}

export interface FollowUpInput {
  status?: ActionItemStatus | null;
  comment?: string | null;
  evidenceUrls?: string[] | null;
}

/** Records progress: a status change, a comment, evidence links (at least one of them). */
export async function followUp(ctx: Context, actionItemId: string, input: FollowUpInput) {
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  if (!input.status && !input.comment && !input.evidenceUrls?.length) {
    throw new BadUserInputError('Give a status, a comment or evidence links');
  }
  const item = await loadItem(ctx, actionItemId);
  if (!mayFollowUp(viewer, item)) {
    throw new ForbiddenError(
      'Only the owner’s coordinators or representative and administrators update this item',
    );
  }
  const updated = await ctx.prisma.$transaction(async (tx) => {
    await tx.actionItemUpdate.create({
      data: {
        actionItemId,
        authorId: viewer.userId,
        status: input.status ?? null,
        comment: input.comment ?? null,
        evidenceUrls: input.evidenceUrls ?? [],
      },
    });
    return tx.actionItem.update({
      where: { id: actionItemId },
      // Written even when only a comment arrives, so that updatedAt moves.
      data: { status: input.status ?? item.status },
    });
  });
  return {
    updated,
    change: changeOf(updated.id, item.event.programmeId, [
      item.ownerMunicipalityId,
      updated.ownerMunicipalityId,
    ]),
  };
}

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
    if (ownerGiven) await notifyActionItems(tx, 'ACTION_ITEM_ASSIGNED', [actionItemId]);
    return updated;
  });
  return {
    updated,
    change: changeOf(updated.id, item.event.programmeId, [
      item.ownerMunicipalityId,
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
