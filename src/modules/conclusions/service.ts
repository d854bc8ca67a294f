import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { administers, editableMunicipalities } from '../accounts/grants.js';

interface DocumentAccess {
  id: string;
  eventId: string;
  published: boolean;
  programmeId: string | null;
  hostMunicipalityId: string | null;
}

async function loadAccess(ctx: Context, documentId: string): Promise<DocumentAccess> {
  const document = await ctx.prisma.conclusionDocument.findUnique({
    where: { id: documentId },
    select: {
      id: true,
      event: {
        select: { id: true, published: true, programmeId: true, hostMunicipalityId: true },
      },
    },
  });
  if (!document) throw new NotFoundError('No conclusions document has this ID');
  const { id: eventId, ...event } = document.event;
  return { id: document.id, eventId, ...event };
}

/** Published conclusions are public; internal ones are for signed-in members. */
export async function requireReader(ctx: Context, documentId: string) {
  const access = await loadAccess(ctx, documentId);
  if (!access.published && !ctx.viewer) throw new UnauthenticatedError();
  return access;
}

/**
 * Who writes conclusions: network administrators of the event's programme, and the
 * coordinators and deputies of the municipalities taking part (registered participants, or
 * the host).
 */
export async function requireEditor(ctx: Context, documentId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const access = await loadAccess(ctx, documentId);
  if (administers(ctx.viewer, access.programmeId)) return access;
  const own = editableMunicipalities(ctx.viewer);
  if (own.length > 0) {
    if (access.hostMunicipalityId && own.includes(access.hostMunicipalityId)) return access;
    const taking = await ctx.prisma.eventParticipant.count({
      where: { eventId: access.eventId, status: 'REGISTERED', municipalityId: { in: own } },
    });
    if (taking > 0) return access;
  }
  throw new ForbiddenError(
    'Only the coordinators of municipalities taking part in the event edit its conclusions',
  );
}

/** Adopting is the programme administrators' decision. */
export async function requireAdopter(ctx: Context, documentId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const access = await loadAccess(ctx, documentId);
  if (!administers(ctx.viewer, access.programmeId)) {
    throw new ForbiddenError('Only a network administrator adopts conclusions');
  }
  return access;
}
