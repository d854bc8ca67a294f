// Actions owed by many: each owner (a municipality or an organisation) has its own share with
// its own status, comments and evidence; the item's status follows from its shares.
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { ActionItemStatus, Prisma } from '../../generated/prisma/client.js';
import { ConflictError } from '../../errors.js';
import { canEditMunicipality, canEditOrganization } from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import type { ActionItemChange } from '../../pubsub.js';
import type { ProjectedItem } from '../conclusions/projection.js';

type Tx = Prisma.TransactionClient;

export interface Share {
  id: string;
  municipalityId: string | null;
  organizationId: string | null;
  status: ActionItemStatus;
}

/**
 * The item's status from its shares: DONE when every share is done (or cancelled, one at least
 * done), CANCELLED when all are cancelled, IN_PROGRESS once any share moved, else OPEN. With
 * one share, the item's status is the share's.
 */
export function statusOfShares(statuses: ActionItemStatus[]): ActionItemStatus {
  const closed = statuses.every((status) => status === 'DONE' || status === 'CANCELLED');
  if (closed) return statuses.includes('DONE') ? 'DONE' : 'CANCELLED';
  return statuses.some((status) => status !== 'OPEN') ? 'IN_PROGRESS' : 'OPEN';
}

/** The viewer reports on this share: its municipality's coordinator or its representative. */
export function ownsShare(viewer: Viewer, share: Share): boolean {
  return (
    (share.municipalityId !== null && canEditMunicipality(viewer, share.municipalityId)) ||
    (share.organizationId !== null && canEditOrganization(viewer, share.organizationId))
  );
}

/**
 * Re-derives the item's status from its shares, under a lock on the item's row: two owners
 * finishing at the same moment both wait for it, so the second sees the first's share done.
 */
export async function lockItem(tx: Tx, actionItemId: string) {
  await tx.$queryRaw`SELECT id FROM action_item WHERE id = ${actionItemId}::uuid FOR UPDATE`;
}

export async function derivedStatus(tx: Tx, actionItemId: string) {
  const shares = await tx.actionItemOwner.findMany({
    where: { actionItemId },
    select: { status: true },
  });
  return shares.length ? statusOfShares(shares.map((share) => share.status)) : null;
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

const unique = (ids: (string | null)[]) => [
  ...new Set(ids.filter((id): id is string => id !== null)),
];

interface AdoptedAction {
  item: ProjectedItem;
  municipalities: string[];
  organizations: string[];
}

/** The owners an ACTION names: its single owner (as before), its lists, and all partners. */
async function ownersOf(
  tx: Tx,
  programmeId: string | null,
  items: ProjectedItem[],
): Promise<AdoptedAction[]> {
  const forAll = items.find((item) => item.allPartners);
  if (forAll && !programmeId) {
    throw new ConflictError(
      `Item "${forAll.itemId}" is for all partner municipalities, but the event has no programme`,
    );
  }
  const partners = forAll
    ? await tx.programmePartnership.findMany({
        where: { programmeId: programmeId!, status: 'ACTIVE', archivedAt: null },
        select: { municipalityId: true },
      })
    : [];
  return items.map((item) => ({
    item,
    municipalities: unique([
      ownerId(item.ownerMunicipalityId, 'Municipality', item.itemId),
      ...item.ownerMunicipalityIds.map((id) => ownerId(id, 'Municipality', item.itemId)),
      ...(item.allPartners ? partners.map((partner) => partner.municipalityId) : []),
    ]),
    organizations: unique([
      // A single municipality owner wins over a single organisation, as it always did.
      item.ownerMunicipalityId
        ? null
        : ownerId(item.ownerOrganizationId, 'Organization', item.itemId),
      ...item.ownerOrganizationIds.map((id) => ownerId(id, 'Organization', item.itemId)),
    ]),
  }));
}

async function requireExisting(tx: Tx, actions: AdoptedAction[]) {
  const municipalityIds = unique(actions.flatMap((a) => a.municipalities));
  const organizationIds = unique(actions.flatMap((a) => a.organizations));
  const [municipalities, organizations] = await Promise.all([
    tx.municipality.findMany({ where: { id: { in: municipalityIds } }, select: { id: true } }),
    tx.organization.findMany({ where: { id: { in: organizationIds } }, select: { id: true } }),
  ]);
  const known = new Set([...municipalities, ...organizations].map((row) => row.id));
  const missing = actions.find((a) =>
    [...a.municipalities, ...a.organizations].some((id) => !known.has(id)),
  );
  if (missing) {
    throw new ConflictError(
      `Item "${missing.item.itemId}" names an owner that does not exist; correct it before adopting`,
    );
  }
}

/**
 * Turns the adopted document's ACTION items into action items with a share per owner, inside
 * the adoption's transaction: an owner named in the document must exist, or nothing is adopted.
 * "All partners" becomes the programme's active partner municipalities at this moment.
 */
export async function createOnAdoption(
  tx: Tx,
  adoption: { documentId: string; eventId: string; programmeId: string | null },
  items: ProjectedItem[],
): Promise<ActionItemChange[]> {
  const actions = await ownersOf(
    tx,
    adoption.programmeId,
    items.filter((item) => item.kind === 'ACTION'),
  );
  await requireExisting(tx, actions);
  if (actions.length === 0) return [];
  const created = await tx.actionItem.createManyAndReturn({
    data: actions.map(({ item, municipalities, organizations }) => {
      // The single-owner fields keep their meaning: set when the item has exactly one owner.
      const single = municipalities.length + organizations.length === 1;
      return {
        eventId: adoption.eventId,
        documentId: adoption.documentId,
        conclusionItemId: item.itemId,
        text: item.text,
        forAllPartners: item.allPartners,
        ownerMunicipalityId: single ? (municipalities[0] ?? null) : null,
        ownerOrganizationId: single ? (organizations[0] ?? null) : null,
        dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00Z`) : null,
      };
    }),
    select: { id: true, conclusionItemId: true },
  });
  const idOf = new Map(created.map((row) => [row.conclusionItemId, row.id]));
  await tx.actionItemOwner.createMany({
    data: actions.flatMap(({ item, municipalities, organizations }) => {
      const actionItemId = idOf.get(item.itemId)!;
      return [
        ...municipalities.map((municipalityId) => ({ actionItemId, municipalityId })),
        ...organizations.map((organizationId) => ({ actionItemId, organizationId })),
      ];
    }),
  });
  return actions.map(({ item, municipalities }) => ({
    actionItemId: idOf.get(item.itemId)!,
    programmeId: adoption.programmeId,
    ownerMunicipalityIds: municipalities,
  }));
}
