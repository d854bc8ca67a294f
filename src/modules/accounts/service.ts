import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { PrismaClient } from '../../db/database.js';
import { UnauthenticatedError } from '../../errors.js';
import type { Role } from '../../generated/prisma/client.js';

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** One role assignment; a null scope means the role is not limited by it. */
export interface RoleGrant {
  role: Role;
  programmeId: string | null;
  municipalityId: string | null;
  organizationId: string | null;
}

/** Who is calling: resolved once per request (HTTP) or per connection (WebSocket). */
export interface Viewer {
  userId: string;
  sessionId: string;
  expiresAt: Date;
  roles: RoleGrant[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a fixed hash when the account does not exist keeps sign-in's timing the
// same for unknown e-mails and wrong passwords.
let dummyHash: Promise<string> | undefined;

export async function signIn(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<{ token: string; viewer: Viewer }> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    include: { roles: true },
  });
  dummyHash ??= hash('veza-no-such-user');
  const passwordHash = user?.passwordHash ?? (await dummyHash);
  const valid = await verify(passwordHash, password).catch(() => false);
  if (!user?.passwordHash || user.disabledAt || !valid) {
    throw new UnauthenticatedError('Wrong e-mail or password');
  }
  const token = randomBytes(32).toString('base64url');
  const session = await prisma.session.create({
    data: {
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    },
  });
  return { token, viewer: toViewer(session, user.roles) };
}

/**
 * The viewer behind an `Authorization` value (`Bearer <token>`); null when there is none.
 * A present but unknown, expired or revoked token is an error, never silently anonymous.
 */
export async function viewerFromAuthorization(
  prisma: PrismaClient,
  authorization: string | null | undefined,
): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    include: { user: { include: { roles: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt) {
    throw new UnauthenticatedError('The token is invalid, expired or revoked; sign in again');
  }
  return toViewer(session, session.user.roles);
}

function toViewer(
  session: { id: string; userId: string; expiresAt: Date },
  roles: RoleGrant[],
): Viewer {
  return {
    userId: session.userId,
    sessionId: session.id,
    expiresAt: session.expiresAt,
    roles: roles.map(({ role, programmeId, municipalityId, organizationId }) => ({
      role,
      programmeId,
      municipalityId,
      organizationId,
    })),
  };
}
