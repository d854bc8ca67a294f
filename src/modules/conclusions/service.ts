import type { Context } from '../../context.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { administers, editableMunicipalities } from '../accounts/grants.js';

/** Published conclusions are public; internal ones are for signed-in members. */
export async function requireReader(ctx: Context, documentId: string) {
  const access = await ctx.conclusionAccess.get(documentId);
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
  const access = await ctx.conclusionAccess.get(documentId);
  if (administers(ctx.viewer, access.programmeId)) return access;
  const takingPart = editableMunicipalities(ctx.viewer).some(
    (municipalityId) =>
      municipalityId === access.hostMunicipalityId ||
      access.participantMunicipalityIds.has(municipalityId),
  );
  if (takingPart) return access;
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
