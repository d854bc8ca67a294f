import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { mutationPayload, recordById } from '../payload.js';
import { Language, Role } from '../../generated/prisma/client.js';
import { signedIn, type Viewer } from '../../viewer.js';
import { administers } from './grants.js';
import { acceptInvitation, inviteUser } from './invitations.js';
import { changePassword, revokeUserSessions, signIn, signOut } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description:
    'What a user may do in the network, within the scope of their `RoleAssignment` ' +
    '(docs/domain.md, “Roles”).',
  values: {
    NETWORK_ADMIN: {
      description:
        'The Ministry or a programme’s team: everything in their programme, or in every ' +
        'programme when the assignment names none.',
    },
    COORDINATOR: {
      description:
        'A municipality’s diaspora coordinator: the municipality’s data, ideas and action ' +
        'items; co-edits the conclusions of events the municipality takes part in.',
    },
    DEPUTY_COORDINATOR: { description: 'The coordinator’s deputy, with the same rights.' },
    REVIEWER: {
      description: 'An expert of a programme: assesses the project ideas assigned to them.',
    },
    PARTNER: {
      description:
        'A donor or agency: reads the dashboards and records of their programme, writes nothing.',
    },
    DIASPORA_REPRESENTATIVE: {
      description:
        'A diaspora association’s contact: edits its profile, registers it for events and ' +
        'reports on its action items.',
    },
    REGISTRAR: {
      description:
        'Staff of a municipality’s virtual registrar: handles the documents the diaspora asks ' +
        'for.',
    },
  },
});
export const LanguageEnum = builder.enumType(Language, {
  name: 'Language',
  description: 'The language a user reads the network in: Bosnian or English.',
  values: { BS: { description: 'Bosnian.' }, EN: { description: 'English.' } },
});

export const isSelfOrAdmin = (userId: string, viewer: Viewer | null) =>
  viewer?.userId === userId || administers(viewer, null);

export const UserNode = builder.prismaNode('User', {
  description:
    'An account of someone who signs in. Visible to the user themself and to the network ' +
    'administrators of every programme.',
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  // Accounts are visible to the user themself and to network administrators only.
  authScopes: (user, ctx) => isSelfOrAdmin(user.id, ctx.viewer),
  fields: (t) => ({
    email: t.exposeString('email', {
      description: 'The address they sign in with and are written to, in lower case.',
    }),
    displayName: t.exposeString('displayName', {
      description: 'Their name as others see it (1–200 characters).',
    }),
    roleAssignments: t.relation('roles', {
      description: 'Every role they hold, each with its scope.',
    }),
    active: t.boolean({
      description: 'False until the user accepts their invitation, or when disabled.',
      select: { passwordHash: true, disabledAt: true },
      resolve: (user) => user.passwordHash !== null && user.disabledAt === null,
    }),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When an administrator disabled the account (null: not disabled).',
    }),
    language: t.expose('language', {
      type: LanguageEnum,
      description: 'The language of their e-mails and notifications.',
    }),
    phone: t.exposeString('phone', {
      nullable: true,
      description: 'Their phone number, as they gave it; null: none.',
    }),
    person: t.relation('person', {
      nullable: true,
      description: 'The user’s entry in the directory, when they are in it.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the account was created (by the first invitation).',
    }),
  }),
});

export const RoleAssignmentNode = builder.prismaNode('RoleAssignment', {
  description:
    'A role a user holds, with its scope. Visible to its holder, to the network ' +
    'administrators of every programme and to those of its programme.',
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  // The holder sees their own; administrators see those of their programme (or all).
  authScopes: (grant, ctx) =>
    isSelfOrAdmin(grant.userId, ctx.viewer) ||
    (grant.programmeId !== null &&
      (ctx.viewer?.roles.some(
        (held) => held.role === 'NETWORK_ADMIN' && held.programmeId === grant.programmeId,
      ) ??
        false)),
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum, description: 'The role.' }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme the role is limited to; null: every programme. A coordinator’s or ' +
        'deputy’s rights cover their municipality whatever it says.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The association a DIASPORA_REPRESENTATIVE speaks for; null for other roles.',
    }),
    municipalityId: t.id({
      nullable: true,
      description:
        'Global ID of the municipality a coordinator, deputy or registrar works for; null for ' +
        'other roles.',
      resolve: (grant) =>
        grant.municipalityId ? encodeGlobalID('Municipality', grant.municipalityId) : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was given.' }),
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
    user: recordById(t, 'User', 'Their account.', ({ viewer }) => viewer.userId),
    roles: t.field({
      type: [RoleEnum],
      description: 'Distinct roles held, whatever their scope.',
      resolve: ({ viewer }) => [...new Set(viewer.roles.map((grant) => grant.role))],
    }),
    sessionExpiresAt: t.field({
      type: 'DateTime',
      description: 'When this session’s token stops working (12 hours after signing in).',
      resolve: ({ viewer }) => viewer.expiresAt,
    }),
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

const email = z.email().max(320);
const newPassword = z.string().min(12, 'must be at least 12 characters').max(1024);
export const displayName = z.string().trim().min(1, 'must not be blank').max(200);

const SignInInput = builder.inputType('SignInInput', {
  description: 'The e-mail and password of an account.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'The account’s e-mail (case ignored), at most 320 characters.',
      validate: email,
    }),
    password: t.string({
      required: true,
      description: 'Its password (1–1024 characters).',
      validate: z.string().min(1).max(1024),
    }),
  }),
});

/** A new session: what signing in and accepting an invitation return. */
const SessionPayload = (name: string) =>
  mutationPayload<{ token: string; viewer: ViewerShape }>(name, {
    detail: ': a new session',
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'Send as `Authorization: Bearer <token>`; expires after 12 hours.',
      }),
      viewer: t.field({
        type: ViewerRef,
        description: 'Who is now signed in.',
        resolve: (payload) => payload.viewer,
      }),
    }),
  });

builder.mutationField('signIn', (t) =>
  t.field({
    type: SessionPayload('SignInPayload'),
    description:
      'Opens a session of 12 hours for an account. UNAUTHENTICATED for a wrong e-mail or ' +
      'password, a disabled account or one whose invitation is not accepted yet. After ' +
      'repeated failures for an e-mail or from an address, attempts are slowed down and then ' +
      'refused for a while: FORBIDDEN with `extensions.reason: TOO_MANY_ATTEMPTS` and ' +
      '`retryAfterSeconds`.',
    authScopes: { public: true },
    args: {
      input: t.arg({ type: SignInInput, required: true, description: 'E-mail and password.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { token, viewer } = await signIn(ctx, input);
      // The new viewer answers the payload's fields, not the anonymous caller's.
      ctx.viewer = viewer;
      return { token, viewer: { viewer } };
    },
  }),
);

const SignOutInput = builder.inputType('SignOutInput', {
  description: 'Which sessions to end.',
  fields: (t) => ({
    everywhere: t.boolean({
      description: 'Also end every other session of this user. Default false.',
      defaultValue: false,
    }),
  }),
});

const RevokedSessionsPayload = (name: string, extra?: string) =>
  mutationPayload<{ revokedSessions: number }>(name, {
    fields: (t) => ({
      revokedSessions: t.exposeInt('revokedSessions', {
        description: extra ?? 'How many sessions were ended.',
      }),
    }),
  });

builder.mutationField('signOut', (t) =>
  t.field({
    type: RevokedSessionsPayload('SignOutPayload'),
    description:
      'Revokes the current session (its token stops working, its sockets close with 4403); ' +
      'with `everywhere`, every session of the user. For signed-in users.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({ type: SignOutInput, description: 'Optional; absent: this session only.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      revokedSessions: await signOut(ctx, input?.everywhere ?? false),
    }),
  }),
);

const RevokeUserSessionsInput = builder.inputType('RevokeUserSessionsInput', {
  description: 'The user whose sessions end.',
  fields: (t) => ({
    userId: t.globalID({ required: true, for: UserNode, description: 'The user (`User.id`).' }),
  }),
});

builder.mutationField('revokeUserSessions', (t) =>
  t.field({
    type: RevokedSessionsPayload('RevokeUserSessionsPayload'),
    description:
      'Network administrators of every programme end every session of a user: the tokens ' +
      'stop working, open sockets close with 4403, and the user gets a security notice when ' +
      'any session was open. NOT_FOUND for an unknown user.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: RevokeUserSessionsInput,
        required: true,
        description: 'The user.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      revokedSessions: await revokeUserSessions(ctx, input.userId.id),
    }),
  }),
);

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  description: 'The password now and the new one.',
  fields: (t) => ({
    currentPassword: t.string({
      required: true,
      description:
        'The password now (1–1024 characters); a wrong one is FORBIDDEN and counts as a ' +
        'failed sign-in.',
      validate: z.string().min(1).max(1024),
    }),
    newPassword: t.string({
      required: true,
      description: 'The new password: 12–1024 characters.',
      validate: newPassword,
    }),
  }),
});

builder.mutationField('changePassword', (t) =>
  t.field({
    type: mutationPayload<{ viewer: ViewerShape }>('ChangePasswordPayload', {
      fields: (f) => ({
        viewer: f.field({
          type: ViewerRef,
          description: 'The viewer, still signed in with this session.',
          resolve: (p) => p.viewer,
        }),
      }),
    }),
    description:
      "Changes the viewer's password; every other session of theirs ends (sockets close with " +
      '4403) and they get a security notice. FORBIDDEN for a wrong current password, and ' +
      'after repeated failures as `signIn` (`extensions.reason: TOO_MANY_ATTEMPTS`).',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: ChangePasswordInput,
        required: true,
        description: 'The passwords.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      await changePassword(ctx, input);
      return { viewer: { viewer: signedIn(ctx) } };
    },
  }),
);

const InviteUserInput = builder.inputType('InviteUserInput', {
  description: 'Who to invite.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description:
        'Their e-mail: the invitation goes there, and they sign in with it (at most 320 ' +
        'characters, case ignored).',
      validate: email,
    }),
    displayName: t.string({
      required: true,
      description:
        'Their name (1–200 characters, trimmed). An account invited before keeps its name.',
      validate: displayName,
    }),
  }),
});

builder.mutationField('inviteUser', (t) =>
  t.field({
    type: mutationPayload<{ userId: string; token: string; expiresAt: Date }>('InviteUserPayload', {
      fields: (f) => ({
        user: recordById(
          f,
          'User',
          'The invited account (not `active` until the invitation is accepted).',
          (payload) => payload.userId,
        ),
        invitationToken: f.exposeString('token', {
          description: 'One-time; give it to the invitee for `acceptInvitation`. Shown once.',
        }),
        expiresAt: f.expose('expiresAt', {
          type: 'DateTime',
          description: 'When the invitation stops working (7 days after, by default).',
        }),
      }),
    }),
    description:
      'Network administrators of every programme create an account without a password and a ' +
      'one-time invitation for it, which the invitee gets by e-mail. An account that never ' +
      'accepted is invited anew (its earlier invitations stop working); CONFLICT when the ' +
      'e-mail’s account has accepted one already.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({ type: InviteUserInput, required: true, description: 'The invitee.' }),
    },
    resolve: (_root, { input }, ctx) => inviteUser(ctx, input),
  }),
);

const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', {
  description: 'The invitation and the password to set.',
  fields: (t) => ({
    token: t.string({
      required: true,
      description: 'The invitation’s token, from the e-mail (1–200 characters).',
      validate: z.string().min(1).max(200),
    }),
    password: t.string({
      required: true,
      description: 'The password to set: 12–1024 characters.',
      validate: newPassword,
    }),
  }),
});

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    type: SessionPayload('AcceptInvitationPayload'),
    description:
      'Sets the password of an invited account, activates it and signs in; for anyone holding ' +
      'the token. UNAUTHENTICATED when the invitation is unknown, used or expired; CONFLICT ' +
      'for a first administrator’s invitation (`npm run admin:create`) once one is active.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: AcceptInvitationInput,
        required: true,
        description: 'Token and password.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { token, viewer } = await acceptInvitation(ctx, input);
      ctx.viewer = viewer;
      return { token, viewer: { viewer } };
    },
  }),
);
