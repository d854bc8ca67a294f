import { z } from 'zod';
import { builder } from '../../builder.js';
import { Role } from '../../generated/prisma/client.js';
import { signIn, type Viewer } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const RoleEnum = builder.enumType(Role, { name: 'Role' });

const isSelfOrAdmin = (userId: string, viewer: Viewer | null) =>
  viewer?.userId === userId ||
  (viewer?.roles.some((grant) => grant.role === 'NETWORK_ADMIN' && grant.programmeId === null) ??
    false);

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  // Accounts are visible to the user themself and to network administrators only.
  authScopes: (user, ctx) => isSelfOrAdmin(user.id, ctx.viewer),
  fields: (t) => ({
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    roleAssignments: t.relation('roles'),
  }),
});

builder.prismaObject('RoleAssignment', {
  authScopes: (grant, ctx) => isSelfOrAdmin(grant.userId, ctx.viewer),
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.expose('role', { type: RoleEnum }),
    programme: t.relation('programme', { nullable: true }),
  }),
});

interface ViewerShape {
  viewer: Viewer;
}

const ViewerRef = builder.objectRef<ViewerShape>('Viewer').implement({
  description: 'The signed-in user and what they may do.',
  // A Viewer value only ever exists for a signed-in caller (or the one just signed in).
  authScopes: { public: true },
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      resolve: (query, { viewer }, _args, ctx) =>
        ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    roles: t.field({
      type: [RoleEnum],
      description: 'Distinct roles held, whatever their scope.',
      resolve: ({ viewer }) => [...new Set(viewer.roles.map((grant) => grant.role))],
    }),
    sessionExpiresAt: t.field({ type: 'DateTime', resolve: ({ viewer }) => viewer.expiresAt }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'Null when anonymous.',
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => (ctx.viewer ? { viewer: ctx.viewer } : null),
  }),
);

// --- Mutations -------------------------------------------------------------------------------

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    email: t.string({ required: true, validate: z.email().max(320) }),
    password: t.string({ required: true, validate: z.string().min(1).max(1024) }),
  }),
});

const SignInPayload = builder
  .objectRef<{ token: string; viewer: ViewerShape }>('SignInPayload')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'Send as `Authorization: Bearer <token>`; expires after 12 hours.',
      }),
      viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
    }),
  });

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    authScopes: { public: true },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { token, viewer } = await signIn(ctx.prisma, input.email, input.password);
      // The new viewer answers the payload's fields, not the anonymous caller's.
      ctx.viewer = viewer;
      return { token, viewer: { viewer } };
    },
  }),
);
