import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, UnauthenticatedError } from '../../errors.js';
import {
  DeliveryStatus,
  EmailFrequency,
  type Language,
  NotificationKind,
} from '../../generated/prisma/client.js';
import { LanguageEnum } from '../accounts/schema.js';
import { choosableKinds, type KindData } from './kinds.js';
import { updatePreferences } from './service.js';
import { render } from './templates.js';

// --- Types -----------------------------------------------------------------------------------

const NotificationKindEnum = builder.enumType(NotificationKind, { name: 'NotificationKind' });
const EmailFrequencyEnum = builder.enumType(EmailFrequency, { name: 'EmailFrequency' });
const DeliveryStatusEnum = builder.enumType(DeliveryStatus, { name: 'DeliveryStatus' });

const viewerId = (ctx: { viewer: { userId: string } | null }) => {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer.userId;
};

const NotificationNode = builder.prismaNode('Notification', {
  id: { field: 'id' },
  nullable: true,
  description: 'One entry of a user’s inbox, in their language.',
  // A notification is its recipient's alone.
  authScopes: (notification, ctx) => notification.userId === ctx.viewer?.userId,
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    title: t.string({
      select: { data: true, user: { select: { language: true } } },
      resolve: (row, _args, ctx) =>
        render(
          row.kind,
          row.data as KindData[typeof row.kind] as never,
          row.user.language,
          ctx.config.mail.publicUrl,
        ).subject,
    }),
    body: t.string({
      select: { data: true, user: { select: { language: true } } },
      resolve: (row, _args, ctx) =>
        render(
          row.kind,
          row.data as never,
          row.user.language,
          ctx.config.mail.publicUrl,
        ).lines.join('\n'),
    }),
    data: t.expose('data', {
      type: 'JSON',
      description: 'What the notification is about (ids, titles, dates), by kind.',
    }),
    read: t.boolean({ resolve: (row) => row.readAt !== null }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('Delivery', {
  id: { field: 'id' },
  nullable: true,
  description: 'One e-mail in the outbox and what became of it.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    email: t.exposeString('email', { description: 'The recipient’s address.' }),
    language: t.expose('language', { type: LanguageEnum }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (the mail server’s answer).',
    }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface PreferenceShape {
  kind: NotificationKind;
  email: EmailFrequency;
  inApp: boolean;
}

const NotificationPreferenceRef = builder
  .objectRef<PreferenceShape>('NotificationPreference')
  .implement({
    description: 'How the viewer receives one kind: e-mail at once, daily or not; in-app or not.',
    // Only ever built from the viewer's own rows.
    authScopes: { authenticated: true },
    fields: (t) => ({
      kind: t.expose('kind', { type: NotificationKindEnum }),
      email: t.expose('email', { type: EmailFrequencyEnum }),
      inApp: t.exposeBoolean('inApp'),
    }),
  });

async function preferencesOf(
  prisma: { notificationPreference: { findMany: Function } },
  userId: string,
): Promise<PreferenceShape[]> {
  const rows = (await prisma.notificationPreference.findMany({
    where: { userId },
  })) as PreferenceShape[];
  const byKind = new Map(rows.map((row) => [row.kind, row]));
  return choosableKinds.map(
    (kind) => byKind.get(kind) ?? { kind, email: 'IMMEDIATE' as const, inApp: true },
  );
}

// --- Queries ---------------------------------------------------------------------------------

const inbox = (ctx: { viewer: { userId: string } | null }, unread?: boolean | null) => ({
  userId: viewerId(ctx),
  ...(unread ? { readAt: null } : {}),
});

builder.queryField('notifications', (t) =>
  t.prismaConnection(
    {
      type: 'Notification',
      cursor: 'id',
      description: 'The viewer’s inbox, newest first; `unread: true` for the unread only.',
      authScopes: { authenticated: true },
      args: { unread: t.arg.boolean() },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.notification.findMany({
          ...query,
          where: inbox(ctx, args.unread),
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.notification.count({ where: inbox(ctx, args.unread) }),
    },
    { name: 'NotificationConnection' },
    { name: 'NotificationEdge' },
  ),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.int({
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.prisma.notification.count({ where: inbox(ctx, true) }),
  }),
);

builder.queryField('notificationPreferences', (t) =>
  t.field({
    type: [NotificationPreferenceRef],
    description: 'One entry per kind; kinds never chosen are IMMEDIATE e-mail and in-app.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => preferencesOf(ctx.prisma, viewerId(ctx)),
  }),
);

builder.queryField('deliveries', (t) =>
  t.prismaConnection(
    {
      type: 'Delivery',
      cursor: 'id',
      description: 'The e-mail outbox, newest first. Network administrators only.',
      authScopes: { networkAdmin: true },
      args: { status: t.arg({ type: DeliveryStatusEnum }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.delivery.findMany({
          ...query,
          where: args.status ? { status: args.status } : {},
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.delivery.count({ where: args.status ? { status: args.status } : {} }),
    },
    { name: 'DeliveryConnection' },
    { name: 'DeliveryEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const MarkNotificationsReadInput = builder.inputType('MarkNotificationsReadInput', {
  description: 'Give the ids to mark, or `all: true` for every unread one.',
  fields: (t) => ({
    ids: t.globalIDList({ for: NotificationNode, validate: z.array(z.any()).max(500) }),
    all: t.boolean(),
  }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: builder.objectRef<{ count: number }>('MarkNotificationsReadPayload').implement({
      authScopes: { public: true },
      fields: (f) => ({
        count: f.exposeInt('count', { description: 'How many unread notifications it marked.' }),
      }),
    }),
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: MarkNotificationsReadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (!input.all && !input.ids?.length) {
        throw new BadUserInputError('Give ids or all: true');
      }
      // Another user's ids match nothing: they are not the viewer's to mark.
      const marked = await ctx.prisma.notification.updateMany({
        where: {
          ...inbox(ctx, true),
          ...(input.all ? {} : { id: { in: input.ids!.map((id) => id.id) } }),
        },
        data: { readAt: new Date() },
      });
      return { count: marked.count };
    },
  }),
);

const NotificationPreferenceInput = builder.inputType('NotificationPreferenceInput', {
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, required: true }),
    email: t.field({ type: EmailFrequencyEnum, required: true }),
    inApp: t.boolean({ required: true }),
  }),
});

const UpdateNotificationPreferencesInput = builder.inputType('UpdateNotificationPreferencesInput', {
  fields: (t) => ({
    preferences: t.field({ type: [NotificationPreferenceInput], defaultValue: [] }),
    language: t.field({ type: LanguageEnum }),
  }),
});

builder.mutationField('updateNotificationPreferences', (t) =>
  t.field({
    type: builder
      .objectRef<{ preferences: PreferenceShape[]; language: Language }>(
        'UpdateNotificationPreferencesPayload',
      )
      .implement({
        authScopes: { authenticated: true },
        fields: (f) => ({
          preferences: f.field({
            type: [NotificationPreferenceRef],
            resolve: (payload) => payload.preferences,
          }),
          language: f.expose('language', { type: LanguageEnum }),
        }),
      }),
    description: 'Sets how the viewer receives the kinds given (others stay), and their language.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateNotificationPreferencesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const userId = viewerId(ctx);
      const preferences = input.preferences ?? [];
      for (const preference of preferences) {
        if (preference.kind === 'DAILY_DIGEST') {
          throw new BadUserInputError('DAILY_DIGEST is how kinds arrive, not a kind to choose');
        }
      }
      await updatePreferences(ctx.prisma, userId, {
        preferences: preferences as never,
        language: input.language,
      });
      const user = await ctx.prisma.user.findUniqueOrThrow({
        where: { id: userId },
        select: { language: true },
      });
      return { preferences: await preferencesOf(ctx.prisma, userId), language: user.language };
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('notificationAdded', (t) =>
  t.prismaField({
    type: 'Notification',
    description: 'Each notification reaching the viewer’s inbox, from any instance.',
    authScopes: { authenticated: true },
    subscribe: (_root, _args, ctx) => ctx.pubsub.subscribe('notification:added', viewerId(ctx)),
    resolve: (query, added, _args, ctx) =>
      ctx.prisma.notification.findUniqueOrThrow({
        ...query,
        where: { id: added.notificationId },
      }),
  }),
);
