// Invitations: creating an account without a password and a one-time token for it (by an
// administrator, or `npm run admin:create` for the first one), and accepting it, which sets
// the password and signs in.
import type { Context } from '../../context.js';
import type { PrismaClient } from '../../db/database.js';
import { normalizeEmail } from '../../email.js';
import { ConflictError, UnauthenticatedError } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit/service.js';
import { notifyInvitation } from '../notifications/triggers.js';
import { signedIn, type Viewer } from '../../viewer.js';
import { SESSION_TTL_MS, hashPassword, hashToken, newToken, toViewer } from './service.js';

/** Who is invited. */
export interface Invitee {
  email: string;
  displayName: string;
}

interface Invite extends Invitee {
  actorId: string | null;
  address: string | null;
  ttlMs: number;
}

/**
 * Creates the account (or reuses one that never accepted) and a one-time invitation; earlier
 * open invitations for it stop working. Returns the token to hand to the invitee.
 */
export function inviteUser(
  ctx: Context,
  invitee: Invitee,
): Promise<{ userId: string; token: string; expiresAt: Date }> {
  const invite = {
    ...invitee,
    actorId: signedIn(ctx).userId,
    address: ctx.address,
    ttlMs: ctx.config.invitationTtlMs,
  };
  return ctx.prisma.$transaction((tx) => inviteIn(tx, invite));
}

/**
 * `npm run admin:create`: on a database without an active network administrator of all
 * programmes, invites one and gives them that role. Refuses (ConflictError) otherwise, so the
 * command cannot be used to take over a running network.
 */
export function createFirstAdmin(
  prisma: PrismaClient,
  invite: Invitee & { ttlMs: number },
): Promise<{ userId: string; token: string; expiresAt: Date }> {
  return prisma.$transaction(async (tx) => {
    await refuseIfAdministered(tx);
    const email = normalizeEmail(invite.email);
    const pending = await tx.invitation.findFirst({
      where: { createdById: null, acceptedAt: null, expiresAt: { gt: new Date() } },
      include: { user: { select: { email: true } } },
    });
    // One first administrator: another address waits until the pending invitation expires
    // (the same address gets a new token, replacing a lost one).
    if (pending && pending.user.email !== email) {
      throw new ConflictError(
        `A first administrator's invitation for ${pending.user.email} is pending until ` +
          `${pending.expiresAt.toISOString()}; run this again with that e-mail for a new token`,
      );
    }
    const invited = await inviteIn(tx, { ...invite, actorId: null, address: null });
    const grant = await tx.roleAssignment.findFirst({
      where: { userId: invited.userId, role: 'NETWORK_ADMIN', programmeId: null },
    });
    if (!grant) {
      await tx.roleAssignment.create({ data: { userId: invited.userId, role: 'NETWORK_ADMIN' } });
      await recordAudit(tx, {
        kind: 'ROLE_ASSIGNED',
        subjectUserId: invited.userId,
        details: { role: 'NETWORK_ADMIN', via: 'admin:create' },
      });
    }
    return invited;
  });
}

/**
 * Serialises the first administrator's invitation and acceptance (two runs at once would each
 * see nobody), and refuses once an active network administrator of all programmes exists.
 */
async function refuseIfAdministered(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK_KEY})`;
  const admins = await tx.roleAssignment.count({
    where: {
      role: 'NETWORK_ADMIN',
      programmeId: null,
      user: { passwordHash: { not: null }, disabledAt: null },
    },
  });
  if (admins > 0) {
    throw new ConflictError('A network administrator exists; they invite others (inviteUser)');
  }
}

/** Advisory-lock key of the first administrator's invitation ("veza" + 1). */
const FIRST_ADMIN_LOCK_KEY = 0x7665_7a61_01n;

async function inviteIn(
  tx: Prisma.TransactionClient,
  invite: Invite,
): Promise<{ userId: string; token: string; expiresAt: Date }> {
  const email = normalizeEmail(invite.email);
  const token = newToken();
  const expiresAt = new Date(Date.now() + invite.ttlMs);
  const existing = await tx.user.findUnique({ where: { email } });
  if (existing?.passwordHash) throw new ConflictError('An account with this e-mail exists');
  const user =
    existing ?? (await tx.user.create({ data: { email, displayName: invite.displayName.trim() } }));
  await tx.invitation.deleteMany({ where: { userId: user.id, acceptedAt: null } });
  await tx.invitation.create({
    data: { userId: user.id, tokenHash: hashToken(token), expiresAt, createdById: invite.actorId },
  });
  await recordAudit(tx, {
    kind: 'USER_INVITED',
    actorId: invite.actorId,
    subjectUserId: user.id,
    email,
    address: invite.address,
  });
  await notifyInvitation(tx, { userId: user.id, displayName: user.displayName, token, expiresAt });
  return { userId: user.id, token, expiresAt };
}

/** Sets the invitee's password, uses the invitation up, and signs them in. */
export async function acceptInvitation(
  ctx: Context,
  input: { token: string; password: string },
): Promise<{ token: string; viewer: Viewer }> {
  const passwordHash = await hashPassword(input.password);
  const token = newToken();
  const session = await ctx.prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashToken(input.token) },
    });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) {
      throw new UnauthenticatedError('The invitation is invalid, used or expired');
    }
    // A first administrator's invitation (admin:create) is good only while there is none.
    if (invitation.createdById === null) await refuseIfAdministered(tx);
    // Conditional update: of two concurrent accepts, only one sees the row still open.
    const used = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (used.count !== 1)
      throw new UnauthenticatedError('The invitation is invalid, used or expired');
    await tx.user.update({ where: { id: invitation.userId }, data: { passwordHash } });
    await recordAudit(tx, {
      kind: 'INVITATION_ACCEPTED',
      actorId: invitation.userId,
      subjectUserId: invitation.userId,
      address: ctx.address,
    });
    return tx.session.create({
      data: {
        userId: invitation.userId,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      },
      include: { user: { include: { roles: true } } },
    });
  });
  return { token, viewer: toViewer(session, session.user.roles) };
}
