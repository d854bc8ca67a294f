// Who is calling and their sessions: the viewer, sign-in with its throttling, sessions ending
// (signing out, revocations), passwords, and administering accounts (disabling, linking to
// the directory, profiles). Invitations are in invitations.ts, roles in role-assignments.ts.
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { hash, verify } from '@node-rs/argon2';
import type { SignInLimits } from '../../config.js';
import type { Context } from '../../context.js';
import type { PrismaClient } from '../../db/database.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import type { Language, Prisma, User } from '../../generated/prisma/client.js';
import type { PubSub } from '../../pubsub.js';
import { signedIn, type RoleGrant, type Viewer } from '../../viewer.js';
import { recordAudit } from '../audit/service.js';
import { notifySecurity } from '../notifications/triggers.js';
import { normalizeEmail } from '../../email.js';

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Longest single sign-in slowdown, whatever the failure count. */
const MAX_SIGN_IN_DELAY_MS = 10_000;

/** A random bearer secret (session or invitation); only its SHA-256 is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export { normalizeEmail };

// Verifying against a fixed hash when the account does not exist keeps sign-in's timing the
// same for unknown e-mails and wrong passwords.
let dummyHash: Promise<string> | undefined;

/**
 * Checks the password and opens a session. Failures are stored (`sign_in_failure`) and counted
 * per e-mail and per client address over `config.signIn.windowMs`: past `slowdownAfter` each
 * attempt waits longer, past the maxima it is refused without looking at the password.
 */
export async function signIn(
  ctx: Context,
  credentials: { email: string; password: string },
): Promise<{ token: string; viewer: Viewer }> {
  const { prisma, address } = ctx;
  const limits = ctx.config.signIn;
  const email = normalizeEmail(credentials.email);
  await throttle(prisma, email, address, limits);

  const user = await prisma.user.findUnique({ where: { email }, include: { roles: true } });
  dummyHash ??= hash('veza-no-such-user');
  const passwordHash = user?.passwordHash ?? (await dummyHash);
  const valid = await verify(passwordHash, credentials.password).catch(() => false);
  if (!user?.passwordHash || user.disabledAt || !valid) {
    await prisma.$transaction([
      // Failures older than the window count for nothing: forget them as new ones come.
      prisma.signInFailure.deleteMany({
        where: { createdAt: { lt: new Date(Date.now() - limits.windowMs) } },
      }),
      prisma.signInFailure.create({ data: { email, address: address ?? 'unknown' } }),
      prisma.auditEvent.create({
        data: { kind: 'SIGN_IN_FAILED', subjectUserId: user?.id ?? null, email, address },
      }),
    ]);
    throw new UnauthenticatedError('Wrong e-mail or password');
  }
  const token = newToken();
  const [session] = await prisma.$transaction([
    prisma.session.create({
      data: {
        userId: user.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      },
    }),
    // A success forgives the account's earlier failures (not the address's).
    prisma.signInFailure.deleteMany({ where: { email } }),
    prisma.auditEvent.create({
      data: { kind: 'SIGN_IN_SUCCEEDED', actorId: user.id, subjectUserId: user.id, email, address },
    }),
  ]);
  return { token, viewer: toViewer(session, user.roles) };
}

/**
 * Refuses (FORBIDDEN, reason TOO_MANY_ATTEMPTS) once the e-mail or the address has too many
 * recent failures, and otherwise waits longer the more failures there were.
 */
async function throttle(
  prisma: PrismaClient,
  email: string,
  address: string | null,
  limits: SignInLimits,
): Promise<void> {
  const since = new Date(Date.now() - limits.windowMs);
  const [accountFailures, addressFailures] = await Promise.all([
    prisma.signInFailure.count({ where: { email, createdAt: { gt: since } } }),
    address
      ? prisma.signInFailure.count({ where: { address, createdAt: { gt: since } } })
      : Promise.resolve(0),
  ]);
  if (
    accountFailures >= limits.maxFailuresPerAccount ||
    addressFailures >= limits.maxFailuresPerAddress
  ) {
    await recordAudit(prisma, {
      kind: 'SIGN_IN_THROTTLED',
      email,
      address,
      details: { accountFailures, addressFailures },
    });
    throw new ForbiddenError('Too many failed sign-ins; try again later', {
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: Math.ceil(limits.windowMs / 1000),
    });
  }
  const excess = Math.max(accountFailures, addressFailures) - limits.slowdownAfter + 1;
  if (excess > 0) await sleep(Math.min(excess * limits.delayMs, MAX_SIGN_IN_DELAY_MS));
}

/**
 * The viewer of a session that is still valid, with its roles as they are now. Requests and
 * socket operations get it through SessionViewerCache; a present but unknown, expired or
 * revoked token is an error, never silently anonymous.
 */
export async function viewerFromSession(
  prisma: PrismaClient,
  where: { tokenHash: string } | { id: string },
): Promise<Viewer> {
  const session = await prisma.session.findUnique({
    where,
    include: { user: { include: { roles: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt) {
    throw new UnauthenticatedError('The token is invalid, expired or revoked; sign in again');
  }
  return toViewer(session, session.user.roles);
}

export interface Revocation {
  /** Whose sessions: one session, or all of a user's (optionally but one). */
  where: { sessionId: string } | { userId: string; exceptSessionId?: string };
  actorId: string | null;
  address: string | null;
  kind: 'SIGNED_OUT' | 'SESSIONS_REVOKED';
}

/** What ending sessions touches: the rows, and (through the event) every instance's sockets and caches. */
type SessionServices = Pick<Context, 'prisma' | 'pubsub'>;

/**
 * Marks sessions revoked, audits it, and (after commit) forgets them here at once and tells
 * every instance to close their sockets and forget them.
 */
export async function revokeSessions(
  { prisma, pubsub }: SessionServices,
  revocation: Revocation,
): Promise<string[]> {
  const where: Prisma.SessionWhereInput =
    'sessionId' in revocation.where
      ? { id: revocation.where.sessionId }
      : {
          userId: revocation.where.userId,
          ...(revocation.where.exceptSessionId
            ? { id: { not: revocation.where.exceptSessionId } }
            : {}),
        };
  const sessionIds = await prisma.$transaction(async (tx) => {
    const { ids, userId } = await markRevoked(tx, where);
    await recordAudit(tx, {
      kind: revocation.kind,
      actorId: revocation.actorId,
      subjectUserId: userId ?? ('userId' in revocation.where ? revocation.where.userId : null),
      address: revocation.address,
      details: { sessions: ids.length },
    });
    // Every session ended, by an administrator or the user: the owner is told by e-mail.
    const everySession = 'userId' in revocation.where && !revocation.where.exceptSessionId;
    if (revocation.kind === 'SESSIONS_REVOKED' && everySession && ids.length) {
      await notifySecurity(tx, userId!, 'SESSIONS_REVOKED', revocation.address);
    }
    return ids;
  });
  announceRevoked(pubsub, sessionIds);
  return sessionIds;
}

/** Ends the viewer's session, or with `everywhere` every session of theirs; how many ended. */
export async function signOut(ctx: Context, everywhere: boolean): Promise<number> {
  const viewer = signedIn(ctx);
  const ids = await revokeSessions(ctx, {
    where: everywhere ? { userId: viewer.userId } : { sessionId: viewer.sessionId },
    actorId: viewer.userId,
    address: ctx.address,
    kind: 'SIGNED_OUT',
  });
  return ids.length;
}

/** An administrator ends every session of a user (NOT_FOUND for an unknown one); how many. */
export async function revokeUserSessions(ctx: Context, userId: string): Promise<number> {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError('No user has this ID');
  const ids = await revokeSessions(ctx, {
    where: { userId: user.id },
    actorId: signedIn(ctx).userId,
    address: ctx.address,
    kind: 'SESSIONS_REVOKED',
  });
  return ids.length;
}

/** Marks the sessions revoked in the caller's transaction; their ids and (first) user. */
async function markRevoked(tx: Prisma.TransactionClient, where: Prisma.SessionWhereInput) {
  const sessions = await tx.session.findMany({
    where: { ...where, revokedAt: null },
    select: { id: true, userId: true },
  });
  const ids = sessions.map((session) => session.id);
  if (ids.length) {
    await tx.session.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
  }
  return { ids, userId: sessions[0]?.userId };
}

/** After commit: forgotten here at once, and every instance closes their sockets. */
function announceRevoked(pubsub: PubSub, sessionIds: string[]) {
  if (!sessionIds.length) return;
  pubsub.publish('session:revoked', { sessionIds });
}

/**
 * Disables a user (no sign-in; every session ends, on every instance, sockets closed) or
 * enables them again (they sign in anew), audited, in one transaction. Nobody disables
 * themself (an administrator could lock the network out).
 */
export async function setUserDisabled(
  ctx: Context,
  userId: string,
  disabled: boolean,
): Promise<User> {
  const actorId = signedIn(ctx).userId;
  const { updated, sessionIds } = await ctx.prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    if (!user) throw new NotFoundError('No user has this ID');
    if (disabled && userId === actorId) {
      throw new ConflictError('You cannot disable your own account');
    }
    if ((user.disabledAt !== null) === disabled) {
      throw new ConflictError(
        disabled ? 'The user is already disabled' : 'The user is not disabled',
      );
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
    });
    const { ids } = disabled ? await markRevoked(tx, { userId }) : { ids: [] };
    await recordAudit(tx, {
      kind: disabled ? 'USER_DISABLED' : 'USER_ENABLED',
      actorId,
      subjectUserId: userId,
      address: ctx.address,
      details: { sessions: ids.length },
    });
    return { updated, sessionIds: ids };
  });
  announceRevoked(ctx.pubsub, sessionIds);
  return updated;
}

/** Says which person of the directory a user is (null unlinks); NOT_FOUND for an unknown person. */
export async function linkUserToPerson(
  ctx: Context,
  link: { userId: string; personId: string | null },
): Promise<User> {
  const { userId, personId } = link;
  if (personId && !(await ctx.prisma.person.count({ where: { id: personId } }))) {
    throw new NotFoundError('No person has this ID');
  }
  return ctx.prisma.user.update({ where: { id: userId }, data: { personId } });
}

/** What a user may change of their own profile; absent fields stay, `phone: null` clears it. */
export interface ProfileChange {
  displayName?: string;
  language?: Language;
  phone?: string | null;
}

/** The viewer changes their own profile. */
export function updateProfile(ctx: Context, change: ProfileChange): Promise<User> {
  return ctx.prisma.user.update({ where: { id: signedIn(ctx).userId }, data: change });
}

/** Changes the viewer's password after checking the current one; ends their other sessions. */
export async function changePassword(
  ctx: Context,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { prisma, address } = ctx;
  const viewer = signedIn(ctx);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId } });
  // A stolen token must not become a way to guess the password without limits.
  await throttle(prisma, user.email, address, ctx.config.signIn);
  const valid = user.passwordHash
    ? await verify(user.passwordHash, input.currentPassword).catch(() => false)
    : false;
  if (!valid) {
    await prisma.signInFailure.create({
      data: { email: user.email, address: address ?? 'unknown' },
    });
    throw new ForbiddenError('The current password is wrong');
  }
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.newPassword) },
    });
    await recordAudit(tx, {
      kind: 'PASSWORD_CHANGED',
      actorId: user.id,
      subjectUserId: user.id,
      address,
    });
    await notifySecurity(tx, user.id, 'PASSWORD_CHANGED', address);
  });
  await revokeSessions(ctx, {
    where: { userId: user.id, exceptSessionId: viewer.sessionId },
    actorId: user.id,
    address,
    kind: 'SESSIONS_REVOKED',
  });
}

/** A session's viewer, with its roles reduced to their scopes. */
export function toViewer(
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
