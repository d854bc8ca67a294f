// What a viewer's role assignments allow: the one definition behind the builder's scopes and
// the checks code makes outside a field's authScopes.
import type { Role } from '../../generated/prisma/client.js';
import type { RoleGrant, Viewer } from '../../viewer.js';

const holds = (viewer: Viewer | null, test: (grant: RoleGrant) => boolean) =>
  viewer?.roles.some(test) ?? false;

const isCoordinator = (grant: RoleGrant) =>
  grant.role === 'COORDINATOR' || grant.role === 'DEPUTY_COORDINATOR';

/** A network administrator of this programme, or of every programme (`null`: every one only). */
export function administers(viewer: Viewer | null, programmeId: string | null): boolean {
  return holds(
    viewer,
    (grant) =>
      grant.role === 'NETWORK_ADMIN' &&
      (grant.programmeId === null || grant.programmeId === programmeId),
  );
}

/** The municipality's coordinator or deputy, or an administrator of every programme. */
export function canEditMunicipality(viewer: Viewer | null, municipalityId: string): boolean {
  return administers(viewer, null) || coordinates(viewer, municipalityId);
}

/** The organisation's diaspora representative, or an administrator of every programme. */
export function canEditOrganization(viewer: Viewer | null, organizationId: string): boolean {
  return (
    administers(viewer, null) ||
    holds(
      viewer,
      (grant) =>
        grant.role === 'DIASPORA_REPRESENTATIVE' && grant.organizationId === organizationId,
    )
  );
}

/** The municipality's own coordinator or deputy (not an administrator acting for them). */
export function coordinates(viewer: Viewer | null, municipalityId: string): boolean {
  return holds(viewer, (grant) => isCoordinator(grant) && grant.municipalityId === municipalityId);
}

/** A registrar of this municipality (its virtual registrar's staff; administrators are not). */
export function registers(viewer: Viewer | null, municipalityId: string): boolean {
  return holds(
    viewer,
    (grant) => grant.role === 'REGISTRAR' && grant.municipalityId === municipalityId,
  );
}

/** The municipalities whose registrar the viewer is. */
export function registrarMunicipalities(viewer: Viewer | null): string[] {
  return (viewer?.roles ?? []).flatMap((grant) =>
    grant.role === 'REGISTRAR' && grant.municipalityId ? [grant.municipalityId] : [],
  );
}

/** A reviewer of this programme (or of every programme). */
export function reviews(viewer: Viewer | null, programmeId: string): boolean {
  return holds(
    viewer,
    (grant) =>
      grant.role === 'REVIEWER' &&
      (grant.programmeId === null || grant.programmeId === programmeId),
  );
}

/** A partner (donor, agency) of this programme: reads its records, writes nothing. */
export function partners(viewer: Viewer | null, programmeId: string): boolean {
  return holds(
    viewer,
    (grant) =>
      grant.role === 'PARTNER' && (grant.programmeId === null || grant.programmeId === programmeId),
  );
}

/** The municipalities whose coordinator or deputy the viewer is. */
export function editableMunicipalities(viewer: Viewer | null): string[] {
  return (viewer?.roles ?? []).flatMap((grant) =>
    isCoordinator(grant) && grant.municipalityId ? [grant.municipalityId] : [],
  );
}

/** The organisations whose diaspora representative the viewer is. */
export function representedOrganizations(viewer: Viewer | null): string[] {
  return (viewer?.roles ?? []).flatMap((grant) =>
    grant.role === 'DIASPORA_REPRESENTATIVE' && grant.organizationId ? [grant.organizationId] : [],
  );
}

/**
 * May read a programme's dashboard (aggregate figures only): the programme's network
 * administrators, its partners (donors, agencies) and reviewers, and the coordinators and
 * deputies of its partner municipalities (`partnerMunicipalityIds`: those of the viewer's
 * coordinated municipalities that partner in it).
 */
export function viewsProgrammeDashboard(
  viewer: Viewer | null,
  programmeId: string,
  partnerMunicipalityIds: ReadonlySet<string>,
): boolean {
  return (
    administers(viewer, programmeId) ||
    partners(viewer, programmeId) ||
    reviews(viewer, programmeId) ||
    editableMunicipalities(viewer).some((id) => partnerMunicipalityIds.has(id))
  );
}

/**
 * The programmes in which the viewer holds one of these roles; `'all'` when a grant has no
 * programme (it covers every one).
 */
export function programmesWith(viewer: Viewer | null, roles: Role[]): string[] | 'all' {
  const grants = (viewer?.roles ?? []).filter((grant) => roles.includes(grant.role));
  if (grants.some((grant) => grant.programmeId === null)) return 'all';
  return grants.map((grant) => grant.programmeId as string);
}
