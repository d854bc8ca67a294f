// Mailing lists: types, queries, the administrators' mutations and the public sign-up.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import { MailingListMemberKind, type Prisma } from '../../generated/prisma/client.js';
import { administers, programmesWith } from '../accounts/grants.js';
import { DiasporaMemberNode } from '../diaspora/schema.js';
import { email, notNull, optionalText, requiredText } from '../directory/validation.js';
import { OrganizationNode } from '../organizations/schema.js';
import { recordPayload } from '../payload.js';
import { PersonNode } from '../people/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { listRecipients, type Recipient } from './membership.js';
import { addMember, createList, loadList, updateList } from './service.js';
import { confirm, subscribe } from './sign-up.js';

// --- Types -----------------------------------------------------------------------------------

const MemberKindEnum = builder.enumType(MailingListMemberKind, { name: 'MailingListMemberKind' });

/** Administrators of the list's programme (or of all) see who is on it. */
const listAdmin = (programmeId: string) => ({ programmeAdmin: programmeId });

export const MailingListNode = builder.prismaNode('MailingList', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A named distribution list of a programme. Anyone sees the lists open to sign-up; the ' +
    'programme’s administrators see all of them and who is on them.',
  authScopes: (list, ctx) =>
    administers(ctx.viewer, list.programmeId) || (list.openToSignUp && !list.archivedAt),
  fields: (t) => ({
    name: t.exposeString('name', { authScopes: { public: true } }),
    description: t.exposeString('description', { nullable: true, authScopes: { public: true } }),
    programme: t.relation('programme', { authScopes: { public: true } }),
    openToSignUp: t.exposeBoolean('openToSignUp', { authScopes: { public: true } }),
    includeCoordinators: t.exposeBoolean('includeCoordinators', {
      description: 'Every active coordinator and deputy of the partner municipalities is on it.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
    }),
    members: t.relatedConnection(
      'members',
      {
        cursor: 'id',
        description: 'The explicit members (the coordinators belong by their role).',
        authScopes: (list) => listAdmin(list.programmeId),
        query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        totalCount: true,
      },
      { name: 'MailingListMemberConnection' },
      { name: 'MailingListMemberEdge' },
    ),
    recipients: t.field({
      type: [RecipientRef],
      description:
        'Everyone a mailing to this list reaches now, each address once: without those who ' +
        'left it, suppressed addresses and diaspora members without consent to communication.',
      authScopes: (list) => listAdmin(list.programmeId),
      resolve: (list, _args, ctx) => listRecipients(ctx.prisma, list),
    }),
  }),
});

const RecipientRef = builder.objectRef<Recipient>('MailingListRecipient').implement({
  description: 'An address a list reaches, and why it is on it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    email: t.exposeString('email', { authScopes: { authenticated: true } }),
    name: t.exposeString('name', { nullable: true, authScopes: { authenticated: true } }),
    source: t.exposeString('source', {
      description: 'COORDINATOR, PERSON, ORGANIZATION, DIASPORA_MEMBER or EXTERNAL.',
      authScopes: { authenticated: true },
    }),
  }),
});

/** Who may see or change a list's members: its programme's administrators. */
async function listScopes(listId: string | undefined, ctx: Context) {
  // A member that does not exist: only an administrator of every programme gets as far as
  // NOT_FOUND; everyone else is refused.
  if (!listId) return listAdmin('');
  const list = await ctx.prisma.mailingList.findUnique({
    where: { id: listId },
    select: { programmeId: true },
  });
  return listAdmin(list?.programmeId ?? '');
}

export const MailingListMemberNode = builder.prismaNode('MailingListMember', {
  id: { field: 'id' },
  nullable: true,
  description: 'An explicit member of a mailing list; seen by the programme’s administrators.',
  authScopes: (member, ctx) => listScopes(member.listId, ctx),
  fields: (t) => ({
    list: t.relation('list'),
    kind: t.expose('kind', { type: MemberKindEnum }),
    person: t.relation('person', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    diasporaMember: t.relation('diasporaMember', { nullable: true }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'The address of an organisation or of someone who signed up.',
    }),
    name: t.exposeString('name', { nullable: true }),
    confirmedAt: t.expose('confirmedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

function readableLists(ctx: Context, programmeId?: string): Prisma.MailingListWhereInput {
  const administered = programmesWith(ctx.viewer, ['NETWORK_ADMIN']);
  const open = { openToSignUp: true, archivedAt: null };
  return {
    ...(programmeId ? { programmeId } : {}),
    ...(administered === 'all' ? {} : { OR: [open, { programmeId: { in: administered } }] }),
  };
}

builder.queryField('mailingLists', (t) =>
  t.prismaConnection(
    {
      type: 'MailingList',
      cursor: 'id',
      description: 'Lists open to sign-up for anyone; all of a programme’s for its administrators.',
      authScopes: { public: true },
      args: { programmeId: t.arg.globalID({ for: ProgrammeNode }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.mailingList.findMany({
          ...query,
          where: readableLists(ctx, args.programmeId?.id),
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.mailingList.count({ where: readableLists(ctx, args.programmeId?.id) }),
    },
    { name: 'MailingListConnection' },
    { name: 'MailingListEdge' },
  ),
);

// --- Mutations: lists and members ------------------------------------------------------------

const MailingListPayload = (name: string) => recordPayload(name, 'mailingList', MailingListNode);

const CreateMailingListInput = builder.inputType('CreateMailingListInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    name: t.string({ required: true, validate: requiredText(200) }),
    description: t.string({ validate: optionalText(2000) }),
    includeCoordinators: t.boolean({ defaultValue: true }),
    openToSignUp: t.boolean({ defaultValue: false }),
  }),
});

builder.mutationField('createMailingList', (t) =>
  t.field({
    type: MailingListPayload('CreateMailingListPayload'),
    description: 'The programme’s administrators; a name already used in it is a CONFLICT.',
    authScopes: (_root, { input }) => listAdmin(input.programmeId.id),
    args: { input: t.arg({ type: CreateMailingListInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      mailingList: await createList(ctx, input.programmeId.id, {
        name: input.name,
        description: input.description ?? null,
        includeCoordinators: input.includeCoordinators ?? true,
        openToSignUp: input.openToSignUp ?? false,
      }),
    }),
  }),
);

const UpdateMailingListInput = builder.inputType('UpdateMailingListInput', {
  description: 'Only the fields given change; `archived: true` hides it and stops its mail.',
  fields: (t) => ({
    listId: t.globalID({ required: true, for: MailingListNode }),
    name: t.string({ validate: requiredText(200) }),
    description: t.string({ validate: optionalText(2000) }),
    includeCoordinators: t.boolean(),
    openToSignUp: t.boolean(),
    archived: t.boolean(),
  }),
});

builder.mutationField('updateMailingList', (t) =>
  t.field({
    type: MailingListPayload('UpdateMailingListPayload'),
    authScopes: (_root, { input }, ctx) => listScopes(input.listId.id, ctx),
    args: { input: t.arg({ type: UpdateMailingListInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      mailingList: await updateList(ctx, await loadList(ctx, input.listId.id), {
        name: notNull(input.name, 'name'),
        description: input.description,
        includeCoordinators: notNull(input.includeCoordinators, 'includeCoordinators'),
        openToSignUp: notNull(input.openToSignUp, 'openToSignUp'),
        archived: notNull(input.archived, 'archived'),
      }),
    }),
  }),
);

const AddMailingListMemberInput = builder.inputType('AddMailingListMemberInput', {
  description:
    'Exactly one of personId, organizationId (with the organisation’s contact email) or ' +
    'diasporaMemberId (who must have consented to communication through this list).',
  fields: (t) => ({
    listId: t.globalID({ required: true, for: MailingListNode }),
    personId: t.globalID({ for: PersonNode }),
    organizationId: t.globalID({ for: OrganizationNode }),
    email: t.string({ validate: email }),
    name: t.string({ validate: optionalText(200) }),
    diasporaMemberId: t.globalID({ for: DiasporaMemberNode }),
  }),
});

builder.mutationField('addMailingListMember', (t) =>
  t.field({
    type: recordPayload('AddMailingListMemberPayload', 'member', MailingListMemberNode),
    authScopes: (_root, { input }, ctx) => listScopes(input.listId.id, ctx),
    args: { input: t.arg({ type: AddMailingListMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const given = [input.personId, input.organizationId, input.diasporaMemberId].filter(Boolean);
      if (given.length !== 1) {
        throw new BadUserInputError(
          'personId, organizationId, diasporaMemberId: give exactly one of them',
        );
      }
      if (input.organizationId && !input.email) {
        throw new BadUserInputError('email: an organisation is added at its contact address');
      }
      if (!input.organizationId && input.email) {
        throw new BadUserInputError('email: only an organisation is added at a given address');
      }
      const list = await loadList(ctx, input.listId.id);
      const member = await addMember(
        ctx,
        list,
        input.personId
          ? { personId: input.personId.id }
          : input.organizationId
            ? { organizationId: input.organizationId.id, email: input.email!, name: input.name }
            : { diasporaMemberId: input.diasporaMemberId!.id },
      );
      return { member };
    },
  }),
);

const RemoveMailingListMemberInput = builder.inputType('RemoveMailingListMemberInput', {
  fields: (t) => ({ memberId: t.globalID({ required: true, for: MailingListMemberNode }) }),
});

builder.mutationField('removeMailingListMember', (t) =>
  t.field({
    type: MailingListPayload('RemoveMailingListMemberPayload'),
    authScopes: async (_root, { input }, ctx) => {
      const member = await ctx.prisma.mailingListMember.findUnique({
        where: { id: input.memberId.id },
        select: { listId: true },
      });
      return listScopes(member?.listId, ctx);
    },
    args: { input: t.arg({ type: RemoveMailingListMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const removed = await ctx.prisma.mailingListMember.delete({
        where: { id: input.memberId.id },
        select: { list: true },
      });
      return { mailingList: removed.list };
    },
  }),
);

// --- Mutations: sign-up (public) -------------------------------------------------------------

const SubscribeToMailingListInput = builder.inputType('SubscribeToMailingListInput', {
  fields: (t) => ({
    listId: t.globalID({ required: true, for: MailingListNode }),
    email: t.string({ required: true, validate: email }),
    name: t.string({ validate: optionalText(200) }),
  }),
});

builder.mutationField('subscribeToMailingList', (t) =>
  t.field({
    type: builder
      .objectRef<{ pendingConfirmation: boolean }>('SubscribeToMailingListPayload')
      .implement({
        authScopes: { public: true },
        fields: (p) => ({
          pendingConfirmation: p.exposeBoolean('pendingConfirmation', {
            authScopes: { public: true },
          }),
        }),
      }),
    description:
      'Anyone, for a list open to sign-up: e-mails a confirmation link (double opt-in). The ' +
      'answer is the same whether or not the address is on the list already. At most 3 a ' +
      'hour per address (FORBIDDEN, reason TOO_MANY_ATTEMPTS).',
    authScopes: { public: true },
    args: { input: t.arg({ type: SubscribeToMailingListInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      subscribe(ctx, { listId: input.listId.id, email: input.email, name: input.name }),
  }),
);

const ConfirmMailingListSubscriptionInput = builder.inputType(
  'ConfirmMailingListSubscriptionInput',
  {
    fields: (t) => ({
      token: t.string({ required: true, validate: z.string().min(1).max(200) }),
    }),
  },
);

builder.mutationField('confirmMailingListSubscription', (t) =>
  t.field({
    type: MailingListPayload('ConfirmMailingListSubscriptionPayload'),
    description: 'The token of a confirmation e-mail; confirming twice changes nothing.',
    authScopes: { public: true },
    args: { input: t.arg({ type: ConfirmMailingListSubscriptionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ mailingList: await confirm(ctx, input.token) }),
  }),
);
