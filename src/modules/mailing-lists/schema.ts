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
import { mutationPayload, recordPayload } from '../payload.js';
import { PersonNode } from '../people/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { listRecipients, type Recipient } from './membership.js';
import { addMember, createList, loadList, updateList } from './service.js';
import { confirm, subscribe } from './sign-up.js';

// --- Types -----------------------------------------------------------------------------------

const MemberKindEnum = builder.enumType(MailingListMemberKind, {
  name: 'MailingListMemberKind',
  description: 'What an explicit member of a mailing list is, and so where its address comes from.',
  values: {
    PERSON: { description: 'A person of the directory, mailed at their own e-mail address.' },
    ORGANIZATION: { description: 'An organisation, mailed at the contact address given for it.' },
    DIASPORA_MEMBER: {
      description:
        'A diaspora member, mailed only while their consent to communication covers the list.',
    },
    EXTERNAL: {
      description: 'An address that signed itself up and confirmed it (double opt-in).',
    },
  },
});

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
    name: t.exposeString('name', {
      description: 'Its name, unique within its programme (at most 200 characters).',
      authScopes: { public: true },
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the list is for, in plain text (at most 2,000 characters); null if none.',
      authScopes: { public: true },
    }),
    programme: t.relation('programme', {
      description: 'The programme the list belongs to; its administrators manage the list.',
      authScopes: { public: true },
    }),
    openToSignUp: t.exposeBoolean('openToSignUp', {
      description:
        'Anyone may ask to join it with `subscribeToMailingList` (and confirm by e-mail).',
      authScopes: { public: true },
    }),
    includeCoordinators: t.exposeBoolean('includeCoordinators', {
      description: 'Every active coordinator and deputy of the partner municipalities is on it.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was archived: hidden from the public, closed to sign-up, new members and ' +
        'sending; null while in use.',
      authScopes: { public: true },
    }),
    members: t.relatedConnection(
      'members',
      {
        cursor: 'id',
        description:
          'The explicit members, oldest first (the coordinators belong by their role and are ' +
          'not listed here); for the programme’s administrators.',
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
        'left it, suppressed addresses and diaspora members without consent to communication ' +
        'for the bulletin. For the programme’s administrators.',
      authScopes: (list) => listAdmin(list.programmeId),
      resolve: (list, _args, ctx) => listRecipients(ctx.prisma, list),
    }),
  }),
});

const RecipientRef = builder.objectRef<Recipient>('MailingListRecipient').implement({
  description: 'An address a list reaches, and why it is on it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    email: t.exposeString('email', {
      description: 'The e-mail address, lower-cased.',
      authScopes: { authenticated: true },
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'The name it is known by on the list; null if none was given.',
      authScopes: { authenticated: true },
    }),
    source: t.exposeString('source', {
      description:
        'Why it is on the list: COORDINATOR (by role), or the `MailingListMemberKind` of its ' +
        'explicit membership (PERSON, ORGANIZATION, DIASPORA_MEMBER, EXTERNAL).',
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
    list: t.relation('list', { description: 'The list it is a member of.' }),
    kind: t.expose('kind', {
      type: MemberKindEnum,
      description: 'What the member is; it says which of the fields below is set.',
    }),
    person: t.relation('person', {
      nullable: true,
      description: 'The directory person, for a `PERSON` member; null otherwise.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The organisation, for an `ORGANIZATION` member; null otherwise.',
    }),
    diasporaMember: t.relation('diasporaMember', {
      nullable: true,
      description:
        'The diaspora member, for a `DIASPORA_MEMBER` member (null otherwise, or when the ' +
        'viewer may not see them).',
    }),
    email: t.exposeString('email', {
      nullable: true,
      description:
        'The address of an `ORGANIZATION` or `EXTERNAL` member, lower-cased; null for the ' +
        'others (they are mailed at their record’s address).',
    }),
    name: t.exposeString('name', {
      nullable: true,
      description:
        'The name an `ORGANIZATION` member is mailed under (the organisation’s unless one was ' +
        'given) or an `EXTERNAL` member signed up with; null otherwise.',
    }),
    confirmedAt: t.expose('confirmedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When an `EXTERNAL` member confirmed the sign-up; null for the other kinds.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When it joined the list (was added, or confirmed its sign-up).',
    }),
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
      description:
        'Mailing lists by name: those open to sign-up (and not archived) for anyone; all of a ' +
        'programme’s, archived ones too, for its administrators.',
      authScopes: { public: true },
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s lists.',
        }),
      },
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

const CreateMailingListInput = builder.inputType('CreateMailingListInput', {
  description: 'A new mailing list of a programme.',
  fields: (t) => ({
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme the list belongs to.',
    }),
    name: t.string({
      required: true,
      description: 'Not blank, at most 200 characters, not used by another list of the programme.',
      validate: requiredText(200),
    }),
    description: t.string({
      description: 'What the list is for (at most 2,000 characters).',
      validate: optionalText(2000),
    }),
    includeCoordinators: t.boolean({
      defaultValue: true,
      description:
        'Every active coordinator and deputy of the programme’s partner municipalities belongs.',
    }),
    openToSignUp: t.boolean({
      defaultValue: false,
      description: 'Anyone may ask to join it with `subscribeToMailingList`.',
    }),
  }),
});

builder.mutationField('createMailingList', (t) =>
  t.field({
    type: recordPayload('CreateMailingListPayload', 'mailingList', MailingListNode),
    description:
      'Creates a mailing list. For the programme’s network administrators; a name another ' +
      'list of the programme has is a CONFLICT.',
    authScopes: (_root, { input }) => listAdmin(input.programmeId.id),
    args: {
      input: t.arg({
        type: CreateMailingListInput,
        required: true,
        description: 'The new list.',
      }),
    },
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
  description:
    'Changes to a mailing list: only the fields given change; `archived: true` hides it and ' +
    'stops its mail.',
  fields: (t) => ({
    listId: t.globalID({ required: true, for: MailingListNode, description: 'The list.' }),
    name: t.string({
      description:
        'A new name: not blank, at most 200 characters, not another list’s of the programme ' +
        '(null is refused).',
      validate: requiredText(200),
    }),
    description: t.string({
      description: 'A new description (at most 2,000 characters); null clears it.',
      validate: optionalText(2000),
    }),
    includeCoordinators: t.boolean({
      description:
        'Whether the partner municipalities’ active coordinators and deputies belong (null is ' +
        'refused).',
    }),
    openToSignUp: t.boolean({
      description: 'Whether anyone may ask to join it (null is refused).',
    }),
    archived: t.boolean({
      description:
        '`true` archives the list (hidden from the public, closed to sign-up, new members and ' +
        'sending), `false` brings it back (null is refused).',
    }),
  }),
});

builder.mutationField('updateMailingList', (t) =>
  t.field({
    type: recordPayload('UpdateMailingListPayload', 'mailingList', MailingListNode),
    description:
      'Renames, redescribes, reopens or archives a mailing list. For the programme’s network ' +
      'administrators; NOT_FOUND for an unknown list, CONFLICT for a name another list of the ' +
      'programme has, BAD_USER_INPUT for a null that cannot be cleared.',
    authScopes: (_root, { input }, ctx) => listScopes(input.listId.id, ctx),
    args: {
      input: t.arg({
        type: UpdateMailingListInput,
        required: true,
        description: 'The list and the changes.',
      }),
    },
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
    'A new explicit member: exactly one of `personId`, `organizationId` (with the ' +
    'organisation’s contact `email`) or `diasporaMemberId` (who must have consented to ' +
    'communication through this list).',
  fields: (t) => ({
    listId: t.globalID({
      required: true,
      for: MailingListNode,
      description: 'The list (not archived).',
    }),
    personId: t.globalID({
      for: PersonNode,
      description: 'A directory person with an e-mail address (not archived).',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'An organisation (not archived), mailed at `email`.',
    }),
    email: t.string({
      description:
        'The organisation’s contact address (at most 320 characters); required with ' +
        '`organizationId` and refused without it.',
      validate: email,
    }),
    name: t.string({
      description:
        'The name to mail the organisation under (at most 200 characters); defaults to its ' +
        'name. Ignored for the other kinds.',
      validate: optionalText(200),
    }),
    diasporaMemberId: t.globalID({
      for: DiasporaMemberNode,
      description:
        'A diaspora member with a stored e-mail address whose consent to communication ' +
        'covers this list.',
    }),
  }),
});

builder.mutationField('addMailingListMember', (t) =>
  t.field({
    type: recordPayload('AddMailingListMemberPayload', 'member', MailingListMemberNode),
    description:
      'Adds a person, an organisation or a diaspora member to a list. For the programme’s ' +
      'network administrators. BAD_USER_INPUT when not exactly one is named, when the record ' +
      'is unknown or archived, has no e-mail address or (a diaspora member) no consent ' +
      'covering the list; NOT_FOUND for an unknown list; CONFLICT when the list is archived ' +
      'or the member (or the address) is on it already.',
    authScopes: (_root, { input }, ctx) => listScopes(input.listId.id, ctx),
    args: {
      input: t.arg({
        type: AddMailingListMemberInput,
        required: true,
        description: 'The list and the new member.',
      }),
    },
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
  description: 'The explicit member to remove.',
  fields: (t) => ({
    memberId: t.globalID({
      required: true,
      for: MailingListMemberNode,
      description: 'The member (a `MailingListMember`’s `id`).',
    }),
  }),
});

builder.mutationField('removeMailingListMember', (t) =>
  t.field({
    type: recordPayload('RemoveMailingListMemberPayload', 'mailingList', MailingListNode),
    description:
      'Removes an explicit member from its list (the record is deleted; an `EXTERNAL` member ' +
      'may sign up again). A coordinator who belongs by role stays. For the programme’s ' +
      'network administrators; NOT_FOUND for an unknown member.',
    authScopes: async (_root, { input }, ctx) => {
      const member = await ctx.prisma.mailingListMember.findUnique({
        where: { id: input.memberId.id },
        select: { listId: true },
      });
      return listScopes(member?.listId, ctx);
    },
    args: {
      input: t.arg({
        type: RemoveMailingListMemberInput,
        required: true,
        description: 'The member to remove.',
      }),
    },
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
  description: 'A sign-up to a list open to it.',
  fields: (t) => ({
    listId: t.globalID({
      required: true,
      for: MailingListNode,
      description: 'A list with `openToSignUp`, not archived.',
    }),
    email: t.string({
      required: true,
      description: 'The address to add (at most 320 characters); the confirmation goes there.',
      validate: email,
    }),
    name: t.string({
      description: 'The name to mail it under (at most 200 characters).',
      validate: optionalText(200),
    }),
  }),
});

builder.mutationField('subscribeToMailingList', (t) =>
  t.field({
    type: mutationPayload<{ pendingConfirmation: boolean }>('SubscribeToMailingListPayload', {
      fields: (p) => ({
        pendingConfirmation: p.exposeBoolean('pendingConfirmation', {
          description:
            'Always `true`: the address joins only once the link e-mailed to it is followed.',
          authScopes: { public: true },
        }),
      }),
    }),
    description:
      'Anyone, for a list open to sign-up: e-mails a confirmation link, valid 48 hours ' +
      '(double opt-in). The answer is the same whether or not the address is on the list ' +
      'already (an address the mail server refused for good is mailed nothing). NOT_FOUND ' +
      'when the list is unknown, archived or closed to sign-up. At most 3 an hour per ' +
      'address and 30 per client (FORBIDDEN, `extensions.reason` TOO_MANY_ATTEMPTS, ' +
      '`retryAfterSeconds`).',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: SubscribeToMailingListInput,
        required: true,
        description: 'The list and the address.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      subscribe(ctx, { listId: input.listId.id, email: input.email, name: input.name }),
  }),
);

const ConfirmMailingListSubscriptionInput = builder.inputType(
  'ConfirmMailingListSubscriptionInput',
  {
    description: 'The confirmation of a sign-up.',
    fields: (t) => ({
      token: t.string({
        required: true,
        description:
          'The `token` parameter of the link in the confirmation e-mail (at most 200 characters).',
        validate: z.string().min(1).max(200),
      }),
    }),
  },
);

builder.mutationField('confirmMailingListSubscription', (t) =>
  t.field({
    type: recordPayload('ConfirmMailingListSubscriptionPayload', 'mailingList', MailingListNode),
    description:
      'Anyone holding the token: the address becomes an `EXTERNAL` member of the list, and ' +
      'is mailed again even if it had left the list or every list. Confirming twice changes ' +
      'nothing. BAD_USER_INPUT for an unknown or expired token (sign up again), NOT_FOUND ' +
      'when the list was archived since. The confirmation page of the e-mail’s link does ' +
      'the same.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: ConfirmMailingListSubscriptionInput,
        required: true,
        description: 'The token from the e-mail.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({ mailingList: await confirm(ctx, input.token) }),
  }),
);
