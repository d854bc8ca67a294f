// The bulletin: issues, their web archive and preview, and the one send of each.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BulletinStatus, type Prisma } from '../../generated/prisma/client.js';
import { administers, partners, programmesWith } from '../accounts/grants.js';
import { notNull, requiredText } from '../directory/validation.js';
import { MailingListNode } from '../mailing-lists/schema.js';
import { recordPayload } from '../payload.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { readableStories } from '../stories/access.js';
import { StoryNode } from '../stories/schema.js';
import { renderMarkdown } from '../stories/markdown.js';
import { bulletinForRender, bulletinUrl, renderBulletin, type RenderedBulletin } from './render.js';
import { createBulletin, loadBulletin, sendBulletin, updateBulletin } from './service.js';
import { bulletinCounts, type BulletinCounts } from './stats.js';

// --- Types -----------------------------------------------------------------------------------

const BulletinStatusEnum = builder.enumType(BulletinStatus, { name: 'BulletinStatus' });

const programmeAdmin = (programmeId: string) => ({ programmeAdmin: programmeId });

const CountsRef = builder.objectRef<BulletinCounts>('BulletinCounts').implement({
  description: 'What became of an issue’s e-mails.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    recipients: t.exposeInt('recipients', { description: 'Addresses it was sent to, once each.' }),
    sent: t.exposeInt('sent', { description: 'Accepted by the mail server.' }),
    pending: t.exposeInt('pending', { description: 'Not delivered yet (waiting or retrying).' }),
    failed: t.exposeInt('failed', { description: 'Given up on or refused for good.' }),
    withheld: t.exposeInt('withheld', {
      description: 'Not sent: the address left its lists, or every list, before it went out.',
    }),
    unsubscribedSince: t.exposeInt('unsubscribedSince', {
      description: 'Recipients who left its lists, or every list, since it was sent.',
    }),
  }),
});

const EmailRef = builder.objectRef<RenderedBulletin>('BulletinEmail').implement({
  description: 'The e-mail an issue becomes (before the unsubscribe footer).',
  authScopes: { authenticated: true },
  fields: (t) => ({
    subject: t.exposeString('subject'),
    html: t.exposeString('html'),
    text: t.exposeString('text'),
  }),
});

export const BulletinNode = builder.prismaNode('Bulletin', {
  id: { field: 'id' },
  nullable: true,
  description:
    'An issue of a programme’s bulletin. Sent issues are public (the web archive); drafts are ' +
    'for the programme’s administrators.',
  authScopes: (bulletin, ctx) =>
    bulletin.status === 'SENT' || administers(ctx.viewer, bulletin.programmeId),
  fields: (t) => ({
    programme: t.relation('programme'),
    title: t.exposeString('title'),
    editorial: t.exposeString('editorial', { description: 'Markdown, as written.' }),
    editorialHtml: t.string({
      description: 'The editorial rendered to HTML and sanitised.',
      resolve: (bulletin) => renderMarkdown(bulletin.editorial),
    }),
    status: t.expose('status', { type: BulletinStatusEnum }),
    stories: t.prismaField({
      type: ['Story'],
      description:
        'The selected stories the viewer may read (a story unpublished since is left out), in order.',
      resolve: async (query, bulletin, _args, ctx) =>
        (
          await ctx.prisma.bulletinStory.findMany({
            where: { bulletinId: bulletin.id, story: readableStories(ctx.viewer) },
            orderBy: { position: 'asc' },
            include: { story: query },
          })
        ).map((entry) => entry.story),
    }),
    url: t.string({
      description: 'Its web page (a draft’s: for its administrators).',
      resolve: (bulletin, _args, ctx) => bulletinUrl(ctx.config.mail.publicUrl, bulletin.id),
    }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lists: t.field({
      type: [MailingListNode],
      description: 'The lists it was sent to.',
      authScopes: (bulletin) => programmeAdmin(bulletin.programmeId),
      resolve: async (bulletin, _args, ctx) => {
        const lists = await ctx.prisma.mailingList.findMany({
          where: { id: { in: bulletin.sentListIds } },
        });
        return bulletin.sentListIds.flatMap((id) => lists.filter((list) => list.id === id));
      },
    }),
    email: t.field({
      type: EmailRef,
      description: 'The e-mail it becomes (or became).',
      authScopes: (bulletin) => programmeAdmin(bulletin.programmeId),
      resolve: async (bulletin, _args, ctx) =>
        renderBulletin(
          await ctx.prisma.bulletin.findUniqueOrThrow({
            where: { id: bulletin.id },
            include: bulletinForRender,
          }),
          ctx.config.mail.publicUrl,
        ),
    }),
    counts: t.field({
      type: CountsRef,
      description: 'For the programme’s administrators and partners; zeros for a draft.',
      authScopes: (bulletin, _args, ctx) =>
        administers(ctx.viewer, bulletin.programmeId) || partners(ctx.viewer, bulletin.programmeId),
      resolve: (bulletin, _args, ctx) => bulletinCounts(ctx.prisma, bulletin),
    }),
    recipients: t.relatedConnection(
      'recipients',
      {
        cursor: 'id',
        description: 'Who it was sent to, once each, and what became of each e-mail.',
        authScopes: (bulletin) => programmeAdmin(bulletin.programmeId),
        query: { orderBy: [{ email: 'asc' }, { id: 'asc' }] },
        totalCount: true,
      },
      { name: 'BulletinRecipientConnection' },
      { name: 'BulletinRecipientEdge' },
    ),
  }),
});

builder.prismaNode('BulletinRecipient', {
  id: { field: 'id' },
  nullable: true,
  description: 'An address an issue was sent to; seen by the programme’s administrators.',
  authScopes: async (recipient, ctx) => {
    const bulletin = await ctx.prisma.bulletin.findUnique({
      where: { id: recipient.bulletinId },
      select: { programmeId: true },
    });
    return programmeAdmin(bulletin?.programmeId ?? '');
  },
  fields: (t) => ({
    email: t.exposeString('email'),
    listCount: t.int({
      description: 'Through how many of the issue’s lists it was reached (mailed once).',
      resolve: (recipient) => recipient.listIds.length,
    }),
    deliveryStatus: t.string({
      nullable: true,
      description: 'PENDING, SENT, FAILED or REJECTED.',
      select: { delivery: { select: { status: true } } },
      resolve: (recipient) => recipient.delivery?.status ?? null,
    }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

function readableBulletins(ctx: Context, programmeId?: string): Prisma.BulletinWhereInput {
  const administered = programmesWith(ctx.viewer, ['NETWORK_ADMIN']);
  return {
    ...(programmeId ? { programmeId } : {}),
    ...(administered === 'all'
      ? {}
      : { OR: [{ status: 'SENT' }, { programmeId: { in: administered } }] }),
  };
}

builder.queryField('bulletins', (t) =>
  t.prismaConnection(
    {
      type: 'Bulletin',
      cursor: 'id',
      description: 'Sent issues for anyone (the archive), newest first; drafts for their admins.',
      authScopes: { public: true },
      args: { programmeId: t.arg.globalID({ for: ProgrammeNode }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.bulletin.findMany({
          ...query,
          where: readableBulletins(ctx, args.programmeId?.id),
          orderBy: [
            { sentAt: { sort: 'desc', nulls: 'first' } },
            { createdAt: 'desc' },
            { id: 'asc' },
          ],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.bulletin.count({ where: readableBulletins(ctx, args.programmeId?.id) }),
    },
    { name: 'BulletinConnection' },
    { name: 'BulletinEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const BulletinPayload = (name: string) => recordPayload(name, 'bulletin', BulletinNode);
const storyIds = z.array(z.any()).max(50, 'at most 50 stories');

const CreateBulletinInput = builder.inputType('CreateBulletinInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    title: t.string({ required: true, validate: requiredText(300) }),
    editorial: t.string({ required: true, validate: requiredText(50_000) }),
    storyIds: t.globalIDList({ for: StoryNode, validate: storyIds }),
  }),
});

builder.mutationField('createBulletin', (t) =>
  t.field({
    type: BulletinPayload('CreateBulletinPayload'),
    description: 'A draft issue; its stories must be published (in the order given).',
    authScopes: (_root, { input }) => programmeAdmin(input.programmeId.id),
    args: { input: t.arg({ type: CreateBulletinInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      bulletin: await createBulletin(ctx, {
        programmeId: input.programmeId.id,
        title: input.title,
        editorial: input.editorial,
        storyIds: (input.storyIds ?? []).map((id) => id.id),
      }),
    }),
  }),
);

const bulletinScopes = async (id: string, ctx: Context) => {
  const bulletin = await ctx.prisma.bulletin.findUnique({
    where: { id },
    select: { programmeId: true },
  });
  return programmeAdmin(bulletin?.programmeId ?? '');
};

const UpdateBulletinInput = builder.inputType('UpdateBulletinInput', {
  description: 'Only the fields given change; storyIds replaces the selection.',
  fields: (t) => ({
    bulletinId: t.globalID({ required: true, for: BulletinNode }),
    title: t.string({ validate: requiredText(300) }),
    editorial: t.string({ validate: requiredText(50_000) }),
    storyIds: t.globalIDList({ for: StoryNode, validate: storyIds }),
  }),
});

builder.mutationField('updateBulletin', (t) =>
  t.field({
    type: BulletinPayload('UpdateBulletinPayload'),
    description: 'A draft only (a sent issue is a CONFLICT).',
    authScopes: (_root, { input }, ctx) => bulletinScopes(input.bulletinId.id, ctx),
    args: { input: t.arg({ type: UpdateBulletinInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      bulletin: await updateBulletin(ctx, input.bulletinId.id, {
        title: notNull(input.title, 'title'),
        editorial: notNull(input.editorial, 'editorial'),
        storyIds: notNull(input.storyIds, 'storyIds')?.map((id) => id.id),
      }),
    }),
  }),
);

const SendBulletinInput = builder.inputType('SendBulletinInput', {
  fields: (t) => ({
    bulletinId: t.globalID({ required: true, for: BulletinNode }),
    listIds: t.globalIDList({ required: true, for: MailingListNode }),
  }),
});

builder.mutationField('sendBulletin', (t) =>
  t.field({
    type: BulletinPayload('SendBulletinPayload'),
    description:
      'Sends the issue to these lists of its programme: each address once, skipping who left ' +
      'a list, suppressed addresses and diaspora members without consent to communication. ' +
      'An issue is sent once: a second send (even at the same moment) is a CONFLICT.',
    authScopes: (_root, { input }, ctx) => bulletinScopes(input.bulletinId.id, ctx),
    args: { input: t.arg({ type: SendBulletinInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await loadBulletin(ctx, input.bulletinId.id);
      const bulletin = await sendBulletin(
        ctx,
        input.bulletinId.id,
        input.listIds.map((id) => id.id),
      );
      // Committed: the programme's figures (its dashboard) changed.
      ctx.pubsub.publish('bulletin:sent', {
        bulletinId: bulletin.id,
        programmeId: bulletin.programmeId,
      });
      return { bulletin };
    },
  }),
);
