// External sign-up with double opt-in. subscribeToMailingList answers the same whether or not
// the address is on the list (no membership oracle) and e-mails a confirmation link holding a
// random token, stored only as its SHA-256, that expires; following it makes the address a
// member. Sign-ups are rate-limited per address and per client address.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from '../../context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { MailingList } from '../../generated/prisma/client.js';
import { normalizeEmail } from '../accounts/service.js';
import { notify } from '../notifications/service.js';

const TOKEN_TTL_MS = 48 * 3600 * 1000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function subscribe(
  ctx: Pick<Context, 'prisma' | 'address' | 'rateLimits'>,
  input: { listId: string; email: string; name?: string | null },
): Promise<{ pendingConfirmation: true }> {
  const email = normalizeEmail(input.email);
  const list = await ctx.prisma.mailingList.findFirst({
    where: { id: input.listId, openToSignUp: true, archivedAt: null },
  });
  if (!list) throw new NotFoundError('No mailing list open to sign-up has this id');
  await ctx.rateLimits.mailingListSignUps.consume(ctx.address ?? 'unknown', email);
  const refused = await ctx.prisma.emailSuppression.findFirst({
    where: { email, reason: 'PERMANENT_REFUSAL' },
  });
  // The server refuses the address: mail it nothing, and answer as always.
  if (refused) return { pendingConfirmation: true };
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.mailingListSignUp.create({
      data: {
        listId: list.id,
        email,
        name: input.name ?? null,
        tokenHash: hashOf(token),
        expiresAt,
      },
    });
    await notify(tx, {
      kind: 'MAILING_LIST_CONFIRMATION',
      data: { listName: list.name, token, expiresAt: expiresAt.toISOString() },
      emails: [email],
    });
  });
  return { pendingConfirmation: true };
}

/**
 * Follows a confirmation link: the address becomes a member (again, if it had left the list
 * or unsubscribed from everything: this is its new, explicit consent). Following it twice
 * changes nothing more.
 */
export async function confirm(ctx: Pick<Context, 'prisma'>, token: string): Promise<MailingList> {
  const signUp = await ctx.prisma.mailingListSignUp.findUnique({
    where: { tokenHash: hashOf(token) },
    include: { list: true },
  });
  if (!signUp) throw new BadUserInputError('token: this confirmation link is not valid');
  if (signUp.confirmedAt) return signUp.list;
  if (signUp.expiresAt < new Date()) {
    throw new BadUserInputError('token: this confirmation link has expired; sign up again');
  }
  if (signUp.list.archivedAt) throw new NotFoundError('The mailing list no longer exists');
  const { email, listId } = signUp;
  await ctx.prisma.$transaction(async (tx) => {
    const first = await tx.mailingListSignUp.updateMany({
      where: { id: signUp.id, confirmedAt: null },
      data: { confirmedAt: new Date() },
    });
    if (first.count === 0) return;
    await tx.mailingListMember.createMany({
      data: [{ listId, kind: 'EXTERNAL', email, name: signUp.name, confirmedAt: new Date() }],
      skipDuplicates: true,
    });
    await tx.mailingListLeave.deleteMany({ where: { listId, email } });
    await tx.emailSuppression.deleteMany({ where: { email, reason: 'UNSUBSCRIBED_ALL' } });
  });
  return signUp.list;
}
