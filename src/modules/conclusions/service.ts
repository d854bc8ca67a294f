import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { administers } from '../accounts/grants.js';
import type { RoleGrant } from '../accounts/service.js';

interface DocumentAccess {
  id: string;
  published: boolean;
  programmeId: string | null;
}

async function loadAccess(ctx: Context, documentId: string): Promise<DocumentAccess> {
  const document = await ctx.prisma.conclusionDocument.findUnique({
    where: { id: documentId },
    select: { id: true, event: { select: { published: true, programmeId: true } } },
  });
  if (!document) throw new NotFoundError('No conclusions document has this ID');
  return { id: document.id, ...document.event };
}

const inProgramme = (grant: RoleGrant, programmeId: string | null) =>
  grant.programmeId === null || grant.programmeId === programmeId;

/** Published conclusions are public; internal ones are for signed-in members. */
export async function requireReader(ctx: Context, documentId: string) {
  const access = await loadAccess(ctx, documentId);
  if (!access.published && !ctx.viewer) throw new UnauthenticatedError();
  return access;
}

/**
 * Who writes conclusions: network administrators of the event's programme and the
 * coordinators and deputies working in it. (Events' participant lists will narrow this to the
 * coordinators taking part.)
 */
export async function requireEditor(ctx: Context, documentId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const access = await loadAccess(ctx, documentId);
  const allowed = ctx.viewer.roles.some(
    (grant) =>
      (grant.role === 'NETWORK_ADMIN' ||
        grant.role === 'COORDINATOR' ||
        grant.role === 'DEPUTY_COORDINATOR') &&
      inProgramme(grant, access.programmeId),
  );
  if (!allowed) throw new ForbiddenError('Only the workshop’s coordinators edit its conclusions');
  return access;
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
