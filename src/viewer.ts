// Who is calling, as every module sees it. Types only and no domain module: the context and
// every module depend on it, so accounts (which resolves viewers) can itself take the context.
import type { Role } from './generated/prisma/client.js';

/** One role assignment; a null scope means the role is not limited by it. */
export interface RoleGrant {
  role: Role;
  programmeId: string | null;
  municipalityId: string | null;
  organizationId: string | null;
}

/** Who is calling: resolved once per request (HTTP) or per operation (WebSocket). */
export interface Viewer {
  userId: string;
  sessionId: string;
  expiresAt: Date;
  roles: RoleGrant[];
}

/** Each session's viewer, for requests and socket operations (see accounts' viewer cache). */
export interface SessionViewers {
  /** The session's viewer now; throws UNAUTHENTICATED when it is revoked, expired or unknown. */
  get(sessionId: string): Promise<Viewer>;
  /** The viewer of an `Authorization: Bearer <token>` header; null without one. */
  fromAuthorization(authorization: string | null | undefined): Promise<Viewer | null>;
}

/** The viewer of a field whose authScopes already required one. */
export function signedIn(ctx: { viewer: Viewer | null }): Viewer {
  if (!ctx.viewer) throw new Error('authScopes should have required a viewer');
  return ctx.viewer;
}
