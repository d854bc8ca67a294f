// Who may run an event, and who may read one: the rules behind the event list, node lookups,
// presentations, participants, conclusions and action items.
import type { Context } from '../../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  administers,
  canEditMunicipality,
  canEditOrganization,
  editableMunicipalities,
  programmesWith,
  representedOrganizations,
} from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import { acceptedParticipation } from './participation.js';

export { acceptedParticipation };

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

/**
 * The events the viewer may read: published ones, and unpublished ones for the programme's
 * network administrators, the hosts (the host municipality's coordinators, the host
 * organisation's representative) and the coordinators of municipalities taking part.
 */
export function readableEvents(viewer: Viewer | null): Prisma.EventWhereInput {
  if (!viewer) return { published: true };
  const administered = programmesWith(viewer, ['NETWORK_ADMIN']);
  if (administered === 'all') return {};
  const municipalities = editableMunicipalities(viewer);
  return {
    OR: [
      { published: true },
      { programmeId: { in: administered } },
      { hostMunicipalityId: { in: municipalities } },
      { hostOrganizationId: { in: representedOrganizations(viewer) } },
      {
        participants: {
          some: { municipalityId: { in: municipalities }, ...acceptedParticipation },
        },
      },
    ],
  };
}

/** May the viewer read this event (see readableEvents)? Asks the database only when needed. */
export async function canReadEvent(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  event: EventHosts & { id: string; published: boolean },
): Promise<boolean> {
  if (event.published || canManageEvent(ctx.viewer, event)) return true;
  const municipalities = editableMunicipalities(ctx.viewer);
  if (municipalities.length === 0) return false;
  const taking = await ctx.prisma.eventParticipant.count({
    where: { eventId: event.id, municipalityId: { in: municipalities }, ...acceptedParticipation },
  });
  return taking > 0;
}

/** The event of a presentation, participant or action item, read as canReadEvent says. */
export async function canReadEventById(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  eventId: string,
): Promise<boolean> {
  const event = await ctx.prisma.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      published: true,
      programmeId: true,
      hostMunicipalityId: true,
      hostOrganizationId: true,
    },
  });
  return event !== null && (await canReadEvent(ctx, event));
}
