// Lists and their explicit members: the administrators' writes.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { MailingList, MailingListMember } from '../../generated/prisma/client.js';
import { normalizeEmail } from '../accounts/service.js';
import { consentCovers } from './membership.js';

export interface ListFields {
  name?: string;
  description?: string | null;
  includeCoordinators?: boolean;
  openToSignUp?: boolean;
}

export async function createList(
  ctx: Pick<Context, 'prisma'>,
  programmeId: string,
  fields: ListFields & { name: string },
): Promise<MailingList> {
  await refuseDuplicateName(ctx, programmeId, fields.name);
  return ctx.prisma.mailingList.create({ data: { programmeId, ...fields } });
}

export async function updateList(
  ctx: Pick<Context, 'prisma'>,
  list: MailingList,
  fields: ListFields & { archived?: boolean },
): Promise<MailingList> {
  const { archived, ...rest } = fields;
  if (rest.name && rest.name !== list.name) {
    await refuseDuplicateName(ctx, list.programmeId, rest.name);
  }
  return ctx.prisma.mailingList.update({
    where: { id: list.id },
    data: {
      ...rest,
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
    },
  });
}

async function refuseDuplicateName(
  ctx: Pick<Context, 'prisma'>,
  programmeId: string,
  name: string,
) {
  const same = await ctx.prisma.mailingList.count({ where: { programmeId, name } });
  if (same) throw new ConflictError(`The programme already has a list named "${name}"`);
}

export async function loadList(ctx: Pick<Context, 'prisma'>, listId: string) {
  const list = await ctx.prisma.mailingList.findUnique({ where: { id: listId } });
  if (!list) throw new NotFoundError('No such mailing list');
  return list;
}

export type NewMember =
  | { personId: string }
  | { organizationId: string; email: string; name?: string | null }
  | { diasporaMemberId: string };

/** Adds one explicit member; the same one twice is a CONFLICT. */
export async function addMember(
  ctx: Pick<Context, 'prisma' | 'viewer'>,
  list: MailingList,
  member: NewMember,
): Promise<MailingListMember> {
  if (list.archivedAt) throw new ConflictError('The list is archived');
  const addedById = ctx.viewer?.userId ?? null;
  let data;
  if ('personId' in member) {
    const person = await ctx.prisma.person.findUnique({ where: { id: member.personId } });
    if (!person || person.archivedAt) throw new BadUserInputError('personId: no such person');
    if (!person.email) throw new BadUserInputError('personId: the person has no e-mail address');
    data = { kind: 'PERSON' as const, personId: person.id };
  } else if ('organizationId' in member) {
    const organization = await ctx.prisma.organization.findUnique({
      where: { id: member.organizationId },
    });
    if (!organization || organization.archivedAt) {
      throw new BadUserInputError('organizationId: no such organisation');
    }
    data = {
      kind: 'ORGANIZATION' as const,
      organizationId: organization.id,
      email: normalizeEmail(member.email),
      name: member.name ?? organization.name,
    };
  } else {
    const diaspora = await ctx.prisma.diasporaMember.findUnique({
      where: { id: member.diasporaMemberId },
      include: { communicationConsent: true },
    });
    if (!diaspora || diaspora.archivedAt) {
      throw new BadUserInputError('diasporaMemberId: no such diaspora member');
    }
    if (!diaspora.email) {
      throw new BadUserInputError(
        'diasporaMemberId: the member has no e-mail address stored (consent scope CONTACT)',
      );
    }
    if (
      !consentCovers(diaspora.communicationConsent, list.id, 'BULLETIN') &&
      !consentCovers(diaspora.communicationConsent, list.id, 'ANNOUNCEMENT')
    ) {
      throw new BadUserInputError(
        'diasporaMemberId: the member has not consented to communication through this list',
      );
    }
    data = { kind: 'DIASPORA_MEMBER' as const, diasporaMemberId: diaspora.id };
  }
  const created = await ctx.prisma.mailingListMember.createMany({
    data: [{ listId: list.id, addedById, ...data }],
    skipDuplicates: true,
  });
  if (created.count === 0) throw new ConflictError('Already a member of this list');
  const { kind: _kind, ...key } = data;
  return ctx.prisma.mailingListMember.findFirstOrThrow({
    where: { listId: list.id, ...('email' in key ? { organizationId: key.organizationId } : key) },
  });
}
