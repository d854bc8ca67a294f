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

const BulletinStatusEnum = builder.enumType(BulletinStatus, {
  name: 'BulletinStatus',
  description: 'Where a bulletin issue stands: an issue is sent once, and never changes after.',
  values: {
    DRAFT: { description: 'Being written: its administrators edit it, nobody else sees it.' },
    SENT: { description: 'Sent to its lists: public in the archive, and no longer editable.' },
  },
});

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
    subject: t.exposeString('subject', { description: 'The subject line: the issue’s title.' }),
    html: t.exposeString('html', {
      description:
        'The HTML body, sanitised (no `<html>` shell): the editorial, then each story, then ' +
        'the link to the issue’s web page.',
    }),
    text: t.exposeString('text', {
      description:
        'The plain-text body: the editorial as written, each story’s title, summary and link.',
    }),
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
    programme: t.relation('programme', { description: 'The programme whose bulletin it is.' }),
    title: t.exposeString('title', {
      description: 'Its title, also the e-mail’s subject (at most 300 characters).',
    }),
    editorial: t.exposeString('editorial', { description: 'Markdown, as written.' }),
    editorialHtml: t.string({
      description: 'The editorial rendered to HTML and sanitised.',
      resolve: (bulletin) => renderMarkdown(bulletin.editorial),
    }),
    status: t.expose('status', { type: BulletinStatusEnum, description: 'Draft or sent.' }),
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
    sentAt: t.expose('sentAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was sent; null for a draft.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the draft was created.',
    }),
    lists: t.field({
      type: [MailingListNode],
      description:
        'The lists it was sent to, in the order given; empty for a draft. For the programme’s ' +
        'administrators.',
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
      description:
        'The e-mail it becomes (or became), to preview before sending. For the programme’s ' +
        'administrators.',
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
        description:
          'Who it was sent to, once each, by address, and what became of each e-mail; empty ' +
          'for a draft. For the programme’s administrators.',
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
    email: t.exposeString('email', { description: 'The address, lower-cased.' }),
    listCount: t.int({
      description: 'Through how many of the issue’s lists it was reached (mailed once).',
      resolve: (recipient) => recipient.listIds.length,
    }),
    deliveryStatus: t.string({
      nullable: true,
      description:
        'What became of its e-mail: PENDING (not delivered yet), SENT (accepted by the mail ' +
        'server), FAILED (given up after retries), REJECTED (the server refused the address) ' +
        'or WITHHELD (the address left the lists before it went out); null if none was queued.',
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
      description:
        'Bulletin issues: drafts first (newest first), then sent ones, last sent first. Sent ' +
        'issues are for anyone (the archive); drafts for their programme’s administrators.',
      authScopes: { public: true },
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s issues.',
        }),
      },
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

const storyIds = z.array(z.any()).max(50, 'at most 50 stories');

const CreateBulletinInput = builder.inputType('CreateBulletinInput', {
  description: 'A new draft issue of a programme’s bulletin.',
  fields: (t) => ({
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme whose bulletin it is.',
    }),
    title: t.string({
      required: true,
      description: 'Its title and e-mail subject (not blank, at most 300 characters).',
      validate: requiredText(300),
    }),
    editorial: t.string({
      required: true,
      description: 'The editorial, in Markdown (not blank, at most 50,000 characters).',
      validate: requiredText(50_000),
    }),
    storyIds: t.globalIDList({
      for: StoryNode,
      description: 'Published stories, in the order they appear; each once, at most 50.',
      validate: storyIds,
    }),
  }),
});

builder.mutationField('createBulletin', (t) =>
  t.field({
    type: recordPayload('CreateBulletinPayload', 'bulletin', BulletinNode),
    description:
      'Creates a draft issue. For the programme’s network administrators; BAD_USER_INPUT ' +
      'for a story that is unknown, unpublished or given twice.',
    authScopes: (_root, { input }) => programmeAdmin(input.programmeId.id),
    args: {
      input: t.arg({
        type: CreateBulletinInput,
        required: true,
        description: 'The new draft.',
      }),
    },
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
  description: 'Changes to a draft issue: only the fields given change; null is refused.',
  fields: (t) => ({
    bulletinId: t.globalID({ required: true, for: BulletinNode, description: 'The draft.' }),
    title: t.string({
      description: 'A new title (not blank, at most 300 characters).',
      validate: requiredText(300),
    }),
    editorial: t.string({
      description: 'A new editorial, in Markdown (not blank, at most 50,000 characters).',
      validate: requiredText(50_000),
    }),
    storyIds: t.globalIDList({
      for: StoryNode,
      description:
        'The new selection, replacing the old one: published stories, in order, each once, ' +
        'at most 50.',
      validate: storyIds,
    }),
  }),
});

builder.mutationField('updateBulletin', (t) =>
  t.field({
    type: recordPayload('UpdateBulletinPayload', 'bulletin', BulletinNode),
    description:
      'Edits a draft issue. For the programme’s network administrators; NOT_FOUND for an ' +
      'unknown issue, CONFLICT for a sent one, BAD_USER_INPUT for a story that is unknown, ' +
      'unpublished or given twice.',
    authScopes: (_root, { input }, ctx) => bulletinScopes(input.bulletinId.id, ctx),
    args: {
      input: t.arg({
        type: UpdateBulletinInput,
        required: true,
        description: 'The draft and the changes.',
      }),
    },
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
  description: 'The issue to send and where.',
  fields: (t) => ({
    bulletinId: t.globalID({ required: true, for: BulletinNode, description: 'The draft.' }),
    listIds: t.globalIDList({
      required: true,
      for: MailingListNode,
      description: 'At least one list of the issue’s programme, not archived, each once.',
    }),
  }),
});

builder.mutationField('sendBulletin', (t) =>
  t.field({
    type: recordPayload('SendBulletinPayload', 'bulletin', BulletinNode),
    description:
      'Sends the issue to these lists of its programme: each address once, skipping who left ' +
      'a list, suppressed addresses and diaspora members without consent to communication. ' +
      'An issue is sent once: a second send (even at the same moment) is a CONFLICT. For the ' +
      'programme’s network administrators; NOT_FOUND for an unknown issue, BAD_USER_INPUT ' +
      'for no lists, a list given twice, unknown, archived or of another programme, CONFLICT ' +
      'when a selected story was unpublished since. Each e-mail carries a link to leave its ' +
      'lists; the programme’s dashboard subscribers get new figures.',
    authScopes: (_root, { input }, ctx) => bulletinScopes(input.bulletinId.id, ctx),
    args: {
      input: t.arg({
        type: SendBulletinInput,
        required: true,
        description: 'The issue and the lists.',
      }),
    },
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
