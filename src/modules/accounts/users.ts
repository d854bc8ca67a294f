// Administering users: the list for administrators, disabling and enabling accounts, linking
// an account to its person in the directory; and each user's own profile.
import { builder } from '../../builder.js';
import type { Prisma, Role } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { notNull, phone, search } from '../directory/validation.js';
import { recordPayload } from '../payload.js';
import { PersonNode } from '../people/schema.js';
import { LanguageEnum, RoleEnum, UserNode, displayName } from './schema.js';
import { linkUserToPerson, setUserDisabled, updateProfile } from './service.js';

// --- Queries ---------------------------------------------------------------------------------

interface UserFilterArgs {
  search?: string | null;
  role?: Role | null;
  active?: boolean | null;
}

function userFilter(args: UserFilterArgs): Prisma.UserWhereInput {
  const active: Prisma.UserWhereInput = { passwordHash: { not: null }, disabledAt: null };
  return {
    ...searchFilter(args.search),
    ...(args.role ? { roles: { some: { role: args.role } } } : {}),
    ...(args.active == null ? {} : args.active ? active : { NOT: active }),
  };
}

builder.queryField('users', (t) =>
  t.prismaConnection(
    {
      type: 'User',
      cursor: 'id',
      authScopes: { networkAdmin: true },
      description:
        'Accounts by name, for network administrators of every programme. `search`: name or ' +
        'e-mail (case and diacritics ignored); `role`: holding it in any scope; `active`: ' +
        'signed up and not disabled (false: invited but not yet in, or disabled).',
      args: {
        search: t.arg.string({
          description: 'Part of the name or e-mail (at most 200 characters).',
          validate: search,
        }),
        role: t.arg({ type: RoleEnum, description: 'Only users holding this role.' }),
        active: t.arg.boolean({
          description: 'true: only active accounts; false: only inactive ones; absent: all.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.user.findMany({
          ...query,
          where: userFilter(args),
          orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.user.count({ where: userFilter(args) }),
    },
    { name: 'UserConnection' },
    { name: 'UserEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const UserIdInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      userId: t.globalID({ required: true, for: UserNode, description: 'The user (`User.id`).' }),
    }),
  });

for (const [name, disabled] of [
  ['disableUser', true],
  ['enableUser', false],
] as const) {
  const capitalised = name[0]!.toUpperCase() + name.slice(1);
  builder.mutationField(name, (t) =>
    t.field({
      type: recordPayload(`${capitalised}Payload`, 'user', UserNode),
      description:
        (disabled
          ? 'The user can no longer sign in; every session of theirs ends at once on every ' +
            'instance (open sockets close with 4403). Not one’s own account (CONFLICT); ' +
            'CONFLICT too when already disabled.'
          : 'The user may sign in again (their old sessions stay ended); CONFLICT when not ' +
            'disabled.') +
        ' For network administrators of every programme; NOT_FOUND for an unknown user.',
      authScopes: { networkAdmin: true },
      args: {
        input: t.arg({
          type: UserIdInput(
            `${capitalised}Input`,
            disabled ? 'The user to disable.' : 'The user to enable again.',
          ),
          required: true,
          description: 'The user.',
        }),
      },
      resolve: async (_root, { input }, ctx) => ({
        user: await setUserDisabled(ctx, input.userId.id, disabled),
      }),
    }),
  );
}

const LinkUserToPersonInput = builder.inputType('LinkUserToPersonInput', {
  description: 'A user and the person of the directory they are.',
  fields: (t) => ({
    userId: t.globalID({ required: true, for: UserNode, description: 'The user (`User.id`).' }),
    personId: t.globalID({
      for: PersonNode,
      description: 'The person in the directory; null (or absent) unlinks.',
    }),
  }),
});

builder.mutationField('linkUserToPerson', (t) =>
  t.field({
    type: recordPayload('LinkUserToPersonPayload', 'user', UserNode),
    description:
      'Says which person of the directory a user is (one user per person: CONFLICT when the ' +
      'person is another user’s). For network administrators of every programme; NOT_FOUND ' +
      'for an unknown user or person.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: LinkUserToPersonInput,
        required: true,
        description: 'The user and the person.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      user: await linkUserToPerson(ctx, {
        userId: input.userId.id,
        personId: input.personId?.id ?? null,
      }),
    }),
  }),
);

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Only the fields given change; `phone: null` clears it.',
  fields: (t) => ({
    displayName: t.string({
      description: 'Their name as others see it: 1–200 characters, trimmed; not null.',
      validate: displayName,
    }),
    language: t.field({
      type: LanguageEnum,
      description: 'The language of their e-mails and notifications; not null.',
    }),
    phone: t.string({
      description: 'A phone number such as "+387 33 291 261"; null clears it.',
      validate: phone.nullish(),
    }),
  }),
});

builder.mutationField('updateProfile', (t) =>
  t.field({
    type: recordPayload('UpdateProfilePayload', 'user', UserNode),
    description:
      'The signed-in user changes their own name, language and phone (BAD_USER_INPUT for ' +
      'a null name or language).',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({ type: UpdateProfileInput, required: true, description: 'What changes.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      user: await updateProfile(ctx, {
        displayName: notNull(input.displayName, 'displayName'),
        language: notNull(input.language, 'language'),
        phone: input.phone,
      }),
    }),
  }),
);
