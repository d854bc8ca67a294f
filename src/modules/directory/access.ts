import type { Viewer } from '../accounts/service.js';

/** The `municipalityEditor` scope (src/builder.ts) for code outside a field's authScopes. */
export function canEditMunicipality(viewer: Viewer | null, municipalityId: string): boolean {
  return (
    viewer?.roles.some(
      (grant) =>
        (grant.role === 'NETWORK_ADMIN' && grant.programmeId === null) ||
        ((grant.role === 'COORDINATOR' || grant.role === 'DEPUTY_COORDINATOR') &&
          grant.municipalityId === municipalityId),
    ) ?? false
  );
}
