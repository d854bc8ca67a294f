// Who runs a dialogue platform: the programme's network administrators, and the coordinators
// (and deputies) of the platform's municipalities.
import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { administers, canEditMunicipality, canEditOrganization } from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';

export interface PlatformScope {
  id: string;
  programmeId: string;
  kind: 'LOCAL' | 'INTER_MUNICIPAL';
  municipalityIds: string[];
}

export function signedIn(ctx: Pick<Context, 'viewer'>): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

export async function loadPlatform(ctx: Pick<Context, 'prisma'>, id: string) {
  const platform = await ctx.prisma.dialoguePlatform.findUnique({
    where: { id },
    select: {
      id: true,
      programmeId: true,
      kind: true,
      municipalities: { select: { municipalityId: true } },
    },
  });
  if (!platform) throw new NotFoundError('No dialogue platform has this ID');
  return {
    id: platform.id,
    programmeId: platform.programmeId,
    kind: platform.kind,
    municipalityIds: platform.municipalities.map((row) => row.municipalityId),
  } satisfies PlatformScope;
}

export function runsPlatform(viewer: Viewer, platform: PlatformScope): boolean {
  return (
    administers(viewer, platform.programmeId) ||
    platform.municipalityIds.some((id) => canEditMunicipality(viewer, id))
  );
}

/** The platform, once the viewer may run it. */
export async function requireRunner(ctx: Context, platformId: string) {
  const viewer = signedIn(ctx);
  const platform = await loadPlatform(ctx, platformId);
  if (!runsPlatform(viewer, platform)) {
    throw new ForbiddenError(
      'Only the platform’s municipal coordinators and the programme’s administrators do this',
    );
  }
  return { viewer, platform };
}

/** An owner of a plan activity reports its progress: their coordinators or representative. */
export function ownsActivity(
  viewer: Viewer,
  owners: { municipalityId: string | null; organizationId: string | null }[],
): boolean {
  return owners.some(
    (owner) =>
      (owner.municipalityId !== null && canEditMunicipality(viewer, owner.municipalityId)) ||
      (owner.organizationId !== null && canEditOrganization(viewer, owner.organizationId)),
  );
}
