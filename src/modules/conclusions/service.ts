import type { Context } from '../../context.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { administers, editableMunicipalities, partners } from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import { canManageEvent } from '../events/access.js';
import type { DocumentAccess } from './access.js';

/** The coordinators of the host municipality and of municipalities with an accepted participation. */
function takesPart(viewer: Viewer | null, access: DocumentAccess) {
  return editableMunicipalities(viewer).some(
    (municipalityId) =>
      municipalityId === access.hostMunicipalityId ||
      access.participantMunicipalityIds.has(municipalityId),
  );
}

/**
 * Who reads a document: whoever reads its event (published: anyone; unpublished: the
 * programme's administrators, the hosts and the municipalities taking part). A DRAFT only
 * for those taking part, the event's managers and the programme's partners, unless the event
 * is `liveToPublic`; an ADOPTED document is the record, read with its event.
 */
export function canReadConclusions(viewer: Viewer | null, access: DocumentAccess): boolean {
  const manages = canManageEvent(viewer, access);
  if (!access.published && !manages && !takesPart(viewer, access)) return false;
  return (
    access.status === 'ADOPTED' ||
    access.liveToPublic ||
    manages ||
    takesPart(viewer, access) ||
    (access.programmeId !== null && partners(viewer, access.programmeId))
  );
}

export async function requireReader(ctx: Context, documentId: string) {
  const access = await ctx.conclusionAccess.get(documentId);
  if (canReadConclusions(ctx.viewer, access)) return access;
  if (!ctx.viewer) throw new UnauthenticatedError();
  throw new ForbiddenError(
    'Draft conclusions are for those taking part in the event, its organisers and the ' +
      'programme’s partners',
  );
}

/**
 * Who writes conclusions: network administrators of the event's programme, and the
 * coordinators and deputies of the municipalities taking part (the host, or a participation
 * the event's managers accepted).
 */
export async function requireEditor(ctx: Context, documentId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const access = await ctx.conclusionAccess.get(documentId);
  if (administers(ctx.viewer, access.programmeId)) return access;
  if (takesPart(ctx.viewer, access)) return access;
  throw new ForbiddenError(
    'Only the coordinators of municipalities taking part in the event edit its conclusions',
  );
}

/** Adopting is the programme administrators' decision. */
export async function requireAdopter(ctx: Context, documentId: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const access = await ctx.conclusionAccess.get(documentId);
  if (!administers(ctx.viewer, access.programmeId)) {
    throw new ForbiddenError('Only a network administrator adopts conclusions');
  }
  return access;
}
