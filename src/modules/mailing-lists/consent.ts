// Consent to communication: a diaspora member's agreement to be mailed, separate from consent
// to storage (DiasporaMember.consent*). Each change is kept: who changed what, when.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { CommunicationConsent, Prisma } from '../../generated/prisma/client.js';

export interface ConsentFields {
  givenAt?: Date | null;
  allLists: boolean;
  listIds: string[];
  kinds: string[];
  source: string;
}

const snapshot = (consent: CommunicationConsent): Prisma.InputJsonObject => ({
  givenAt: consent.givenAt.toISOString(),
  allLists: consent.allLists,
  listIds: consent.listIds,
  kinds: consent.kinds,
  source: consent.source,
  withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
});

async function memberOrThrow(ctx: Pick<Context, 'prisma'>, diasporaMemberId: string) {
  const member = await ctx.prisma.diasporaMember.findUnique({
    where: { id: diasporaMemberId },
    select: { id: true, archivedAt: true, homeMunicipalityId: true },
  });
  if (!member || member.archivedAt) throw new NotFoundError('No such diaspora member');
  return member;
}

/** Records (or changes) the member's consent to communication; it is active from givenAt. */
export async function recordCommunicationConsent(
  ctx: Pick<Context, 'prisma' | 'viewer'>,
  diasporaMemberId: string,
  fields: ConsentFields,
): Promise<CommunicationConsent> {
  await memberOrThrow(ctx, diasporaMemberId);
  const givenAt = fields.givenAt ?? new Date();
  if (givenAt.getTime() > Date.now() + 60_000) {
    throw new BadUserInputError('givenAt must not be in the future');
  }
  if (!fields.allLists && fields.listIds.length === 0) {
    throw new BadUserInputError('listIds: name at least one list, or set allLists');
  }
  const lists = new Set(fields.listIds);
  if (lists.size) {
    const found = await ctx.prisma.mailingList.count({ where: { id: { in: [...lists] } } });
    if (found !== lists.size) throw new BadUserInputError('listIds: no such mailing list');
  }
  const data = {
    givenAt,
    allLists: fields.allLists,
    listIds: fields.allLists ? [] : [...lists],
    kinds: [...new Set(fields.kinds)],
    source: fields.source,
    withdrawnAt: null,
  };
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.communicationConsent.findUnique({ where: { diasporaMemberId } });
    const consent = await tx.communicationConsent.upsert({
      where: { diasporaMemberId },
      create: { diasporaMemberId, ...data },
      update: data,
    });
    await tx.communicationConsentChange.create({
      data: {
        consentId: consent.id,
        changedById: ctx.viewer?.userId ?? null,
        action: before && !before.withdrawnAt ? 'CHANGED' : 'GIVEN',
        before: before ? snapshot(before) : undefined,
        after: snapshot(consent),
      },
    });
    return consent;
  });
}

/** Withdraws it: from now on the member is not mailed; the record and its history stay. */
export async function withdrawCommunicationConsent(
  ctx: Pick<Context, 'prisma' | 'viewer'>,
  diasporaMemberId: string,
): Promise<CommunicationConsent> {
  await memberOrThrow(ctx, diasporaMemberId);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.communicationConsent.findUnique({ where: { diasporaMemberId } });
    // Only one of two withdrawals at once finds it still active.
    const withdrawn = before
      ? await tx.communicationConsent.updateMany({
          where: { id: before.id, withdrawnAt: null },
          data: { withdrawnAt: new Date() },
        })
      : { count: 0 };
    if (!before || withdrawn.count === 0) {
      throw new ConflictError('The member has no active consent to communication');
    }
    const consent = await tx.communicationConsent.findUniqueOrThrow({ where: { id: before.id } });
    await tx.communicationConsentChange.create({
      data: {
        consentId: consent.id,
        changedById: ctx.viewer?.userId ?? null,
        action: 'WITHDRAWN',
        before: snapshot(before),
        after: snapshot(consent),
      },
    });
    return consent;
  });
}
