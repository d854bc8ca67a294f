// Administering users: the list for administrators, disabling and enabling accounts, linking
// an account to its person in the directory; and each user's own profile.
import { builder } from '../../builder.js';
import { NotFoundError } from '../../errors.js';
import type { Prisma, Role } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { notNull, phone, search } from '../directory/validation.js';
import { recordPayload } from '../payload.js';
import { PersonNode } from '../people/schema.js';
import { LanguageEnum, RoleEnum, UserNode, displayName, signedIn } from './schema.js';
import { setUserDisabled } from './service.js';

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
        search: t.arg.string({ validate: search }),
        role: t.arg({ type: RoleEnum }),
        active: t.arg.boolean(),
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

const UserIdInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({ userId: t.globalID({ required: true, for: UserNode }) }),
  });

for (const [name, disabled] of [
  ['disableUser', true],
  ['enableUser', false],
] as const) {
  const capitalised = name[0]!.toUpperCase() + name.slice(1);
  builder.mutationField(name, (t) =>
    t.field({
      type: recordPayload(`${capitalised}Payload`, 'user', UserNode),
      description: disabled
        ? 'The user can no longer sign in; every session of theirs ends at once on every ' +
          'instance (open sockets close with 4403). Not one’s own account (CONFLICT).'
        : 'The user may sign in again (their old sessions stay ended).',
      authScopes: { networkAdmin: true },
      args: { input: t.arg({ type: UserIdInput(`${capitalised}Input`), required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const userId = input.userId.id;
        await setUserDisabled(ctx, {
          userId,
          disabled,
          actorId: signedIn(ctx).userId,
          address: ctx.address,
        });
        return { user: await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId } }) };
      },
    }),
  );
}

const LinkUserToPersonInput = builder.inputType('LinkUserToPersonInput', {
  fields: (t) => ({
    userId: t.globalID({ required: true, for: UserNode }),
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
      'person is another user’s).',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: LinkUserToPersonInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const personId = input.personId?.id ?? null;
      if (personId && !(await ctx.prisma.person.count({ where: { id: personId } }))) {
        throw new NotFoundError('No person has this ID');
      }
      const user = await ctx.prisma.user.update({
        where: { id: input.userId.id },
        data: { personId },
      });
      return { user };
    },
  }),
);

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Only the fields given change; `phone: null` clears it.',
  fields: (t) => ({
    displayName: t.string({ validate: displayName }),
    language: t.field({ type: LanguageEnum }),
    phone: t.string({ validate: phone.nullish() }),
  }),
});

builder.mutationField('updateProfile', (t) =>
  t.field({
    type: recordPayload('UpdateProfilePayload', 'user', UserNode),
    description: 'The signed-in user’s own name, language and phone.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      user: await ctx.prisma.user.update({
        where: { id: signedIn(ctx).userId },
        data: {
          displayName: notNull(input.displayName, 'displayName'),
          language: notNull(input.language, 'language'),
          phone: input.phone,
        },
      }),
    }),
  }),
);
