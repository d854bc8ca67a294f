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
import { mutationPayload } from '../payload.js';
import { choosableKinds, type KindData } from './kinds.js';
import { updatePreferences } from './service.js';
import { render } from './templates.js';

// --- Types -----------------------------------------------------------------------------------

const NotificationKindEnum = builder.enumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'What a notification or e-mail is about. The viewer chooses how each kind reaches them ' +
    '(`notificationPreferences`), except the last five, which are not theirs to choose.',
  values: {
    INVITATION: { description: 'An invitation to create an account (e-mail only: a link).' },
    FUNDING_CALL_OPENED: { description: 'A funding call the municipality may apply to opened.' },
    ACTION_ITEM_ASSIGNED: { description: 'An adopted action item names the viewer’s side.' },
    ACTION_ITEM_DUE_SOON: { description: 'An open action item is due within 3 days.' },
    ACTION_ITEM_OVERDUE: { description: 'An open action item is past its due date.' },
    REGISTRATION_ADMITTED: { description: 'The viewer’s registration for an event was admitted.' },
    EVENT_CANCELLED: { description: 'An event the viewer registered for was cancelled.' },
    PROJECT_IDEA_STAGE_CHANGED: { description: 'A project idea the viewer follows moved stage.' },
    REVIEWER_ASSIGNED: { description: 'The viewer was asked to assess a project idea.' },
    CONCLUSIONS_ADOPTED: { description: 'An event’s conclusions were adopted.' },
    SECURITY_NOTICE: {
      description: 'The viewer’s password changed or their sessions were signed out.',
    },
    QUESTIONNAIRE_DUE_SOON: {
      description:
        'A questionnaire return not submitted is due within its campaign’s reminder days.',
    },
    QUESTIONNAIRE_OVERDUE: { description: 'A questionnaire return is past its deadline.' },
    REGISTRAR_VERIFICATION: {
      description: 'The code confirming a registrar request’s e-mail address (no account).',
    },
    REGISTRAR_REQUEST_CHANGED: {
      description: 'A registrar request changed status, or its registrar wrote (no account).',
    },
    MAILING_LIST_CONFIRMATION: {
      description: 'The link confirming a sign-up to a mailing list (double opt-in).',
    },
    BULLETIN: { description: 'An issue of the network’s bulletin, sent to its mailing lists.' },
    DAILY_DIGEST: { description: 'One e-mail gathering a day’s notifications taken as a digest.' },
  },
});
const EmailFrequencyEnum = builder.enumType(EmailFrequency, {
  name: 'EmailFrequency',
  description: 'How one kind of notification reaches the viewer by e-mail.',
  values: {
    IMMEDIATE: { description: 'An e-mail for each, as it happens.' },
    DAILY_DIGEST: { description: 'Gathered into one e-mail a day (`DAILY_DIGEST`).' },
    OFF: { description: 'No e-mail (the inbox may still show it).' },
  },
});
const DeliveryStatusEnum = builder.enumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where an e-mail of the outbox stands.',
  values: {
    PENDING: {
      description: 'Waiting to be sent (again from `nextAttemptAt`, after a failed attempt).',
    },
    HELD: { description: 'Kept for the recipient’s next daily digest.' },
    DIGESTED: { description: 'Went out inside a daily digest.' },
    SENT: { description: 'The mail server accepted it.' },
    FAILED: { description: 'Gave up after the configured number of attempts.' },
    REJECTED: {
      description: 'The mail server refused the address permanently; never retried.',
    },
    WITHHELD: {
      description: 'List mail not sent: its address left the list or was suppressed first.',
    },
  },
});

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
    kind: t.expose('kind', { type: NotificationKindEnum, description: 'What it is about.' }),
    title: t.string({
      description: 'A one-line summary in the recipient’s language (the e-mail’s subject).',
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
      description: 'The message in the recipient’s language, plain text, lines split by `\\n`.',
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
    read: t.boolean({
      description: 'The viewer has marked it read.',
      resolve: (row) => row.readAt !== null,
    }),
    readAt: t.expose('readAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was marked read; null while unread.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it arrived.' }),
  }),
});

builder.prismaNode('Delivery', {
  id: { field: 'id' },
  nullable: true,
  description: 'One e-mail in the outbox and what became of it.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    kind: t.expose('kind', {
      type: NotificationKindEnum,
      description: 'What the e-mail is about.',
    }),
    email: t.exposeString('email', { description: 'The recipient’s address.' }),
    language: t.expose('language', {
      type: LanguageEnum,
      description: 'The language it is written in: the recipient’s.',
    }),
    status: t.expose('status', { type: DeliveryStatusEnum, description: 'Where it stands.' }),
    attempts: t.exposeInt('attempts', { description: 'How many times sending it was tried.' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (the mail server’s answer).',
    }),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      description: 'When a `PENDING` e-mail is (next) tried; meaningless in other states.',
    }),
    sentAt: t.expose('sentAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the mail server accepted it; null until then.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was queued.' }),
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
      kind: t.expose('kind', { type: NotificationKindEnum, description: 'The kind it is for.' }),
      email: t.expose('email', { type: EmailFrequencyEnum, description: 'How e-mail comes.' }),
      inApp: t.exposeBoolean('inApp', {
        description: 'It appears in the inbox (`notifications`).',
      }),
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
      args: { unread: t.arg.boolean({ description: 'Only the unread ones when true.' }) },
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
    description: 'How many of the viewer’s notifications are unread (for a badge).',
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
      args: {
        status: t.arg({ type: DeliveryStatusEnum, description: 'Only e-mails in this state.' }),
      },
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
    ids: t.globalIDList({
      for: NotificationNode,
      validate: z.array(z.any()).max(500),
      description: 'The viewer’s notifications to mark read (at most 500); others’ are ignored.',
    }),
    all: t.boolean({ description: 'Mark every unread notification of the viewer’s read.' }),
  }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: mutationPayload<{ count: number }>('MarkNotificationsReadPayload', {
      fields: (f) => ({
        count: f.exposeInt('count', { description: 'How many unread notifications it marked.' }),
      }),
    }),
    description: 'Marks the viewer’s notifications read. Neither `ids` nor `all`: BAD_USER_INPUT.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: MarkNotificationsReadInput,
        required: true,
        description: 'Which notifications.',
      }),
    },
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
  description: 'How one kind should reach the viewer.',
  fields: (t) => ({
    kind: t.field({
      type: NotificationKindEnum,
      required: true,
      description: 'A kind the viewer may choose for (not `DAILY_DIGEST`).',
    }),
    email: t.field({ type: EmailFrequencyEnum, required: true, description: 'How e-mail comes.' }),
    inApp: t.boolean({ required: true, description: 'Show it in the inbox.' }),
  }),
});

const UpdateNotificationPreferencesInput = builder.inputType('UpdateNotificationPreferencesInput', {
  description: 'The kinds to change (others stay as they are) and, optionally, the language.',
  fields: (t) => ({
    preferences: t.field({
      type: [NotificationPreferenceInput],
      defaultValue: [],
      description: 'One entry per kind to change.',
    }),
    language: t.field({
      type: LanguageEnum,
      description: 'The language notifications and e-mails are written in; unchanged when null.',
    }),
  }),
});

builder.mutationField('updateNotificationPreferences', (t) =>
  t.field({
    type: mutationPayload<{ preferences: PreferenceShape[]; language: Language }>(
      'UpdateNotificationPreferencesPayload',
      {
        fields: (f) => ({
          preferences: f.field({
            type: [NotificationPreferenceRef],
            description: 'Every kind’s preference after the change.',
            resolve: (payload) => payload.preferences,
          }),
          language: f.expose('language', {
            type: LanguageEnum,
            description: 'The viewer’s language after the change.',
          }),
        }),
      },
    ),
    description:
      'Sets how the viewer receives the kinds given (others stay), and their language. ' +
      'A `DAILY_DIGEST` kind: BAD_USER_INPUT.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: UpdateNotificationPreferencesInput,
        required: true,
        description: 'The changes.',
      }),
    },
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
