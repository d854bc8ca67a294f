// Bulletin issues: drafts the programme's administrators edit, and the one send of each.
// Sending resolves every list's recipients, mails each address once (through the delivery
// layer, `notify`), and records who was mailed through which lists, in one transaction that
// also marks the issue SENT: of two sends at once, exactly one finds it still a draft.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { Bulletin, Prisma } from '../../generated/prisma/client.js';
import { listRecipients } from '../mailing-lists/membership.js';
import { notify } from '../notifications/service.js';
import { bulletinForRender, renderBulletin } from './render.js';

type Tx = Prisma.TransactionClient;

/** Sending 500 addresses is a few thousand statements: more than a request's 5 s default. */
const SEND_TIMEOUT_MS = 120_000;

export async function loadBulletin(ctx: Pick<Context, 'prisma'>, id: string): Promise<Bulletin> {
  const bulletin = await ctx.prisma.bulletin.findUnique({ where: { id } });
  if (!bulletin) throw new NotFoundError('No such bulletin');
  return bulletin;
}

/** The stories, in order, checked: distinct and published. */
async function checkedStories(db: Tx | Context['prisma'], storyIds: readonly string[]) {
  if (new Set(storyIds).size !== storyIds.length) {
    throw new BadUserInputError('storyIds: a story may appear only once');
  }
  const stories = await db.story.findMany({
    where: { id: { in: [...storyIds] } },
    select: { id: true, status: true, title: true },
  });
  for (const id of storyIds) {
    const story = stories.find((candidate) => candidate.id === id);
    if (!story) throw new BadUserInputError('storyIds: no such story');
    if (story.status !== 'PUBLISHED') {
      throw new BadUserInputError(`storyIds: "${story.title}" is not published`);
    }
  }
  return storyIds.map((storyId, position) => ({ storyId, position }));
}

export async function createBulletin(
  ctx: Pick<Context, 'prisma' | 'viewer'>,
  input: { programmeId: string; title: string; editorial: string; storyIds: readonly string[] },
): Promise<Bulletin> {
  const stories = await checkedStories(ctx.prisma, input.storyIds);
  return ctx.prisma.bulletin.create({
    data: {
      programmeId: input.programmeId,
      title: input.title,
      editorial: input.editorial,
      createdById: ctx.viewer?.userId ?? null,
      stories: { create: stories },
    },
  });
}

export async function updateBulletin(
  ctx: Pick<Context, 'prisma'>,
  id: string,
  input: { title?: string; editorial?: string; storyIds?: readonly string[] },
): Promise<Bulletin> {
  return ctx.prisma.$transaction(async (tx) => {
    const stories = input.storyIds ? await checkedStories(tx, input.storyIds) : undefined;
    // Only a draft changes; the row stays locked until the transaction ends (a send waits).
    const changed = await tx.bulletin.updateMany({
      where: { id, status: 'DRAFT' },
      data: { title: input.title, editorial: input.editorial },
    });
    if (changed.count === 0) {
      await loadBulletin({ prisma: tx as Context['prisma'] }, id);
      throw new ConflictError('The bulletin was sent; a sent issue does not change');
    }
    if (stories) {
      await tx.bulletinStory.deleteMany({ where: { bulletinId: id } });
      await tx.bulletinStory.createMany({
        data: stories.map((story) => ({ ...story, bulletinId: id })),
      });
    }
    return tx.bulletin.findUniqueOrThrow({ where: { id } });
  });
}

interface Addressee {
  email: string;
  listIds: string[];
}

/** Each address once, with every list it is reached through (in the order given). */
async function addressees(
  tx: Tx,
  lists: { id: string; programmeId: string; includeCoordinators: boolean }[],
) {
  const byEmail = new Map<string, Addressee>();
  for (const list of lists) {
    for (const recipient of await listRecipients(tx, list, 'BULLETIN')) {
      const known = byEmail.get(recipient.email);
      if (known) known.listIds.push(list.id);
      else byEmail.set(recipient.email, { email: recipient.email, listIds: [list.id] });
    }
  }
  // Addresses that turned the bulletin off through an older unsubscribe link are not mailed.
  const optedOut = await tx.emailOptOut.findMany({
    where: { kind: 'BULLETIN', email: { in: [...byEmail.keys()] } },
    select: { email: true },
  });
  for (const row of optedOut) byEmail.delete(row.email);
  return [...byEmail.values()];
}

/** Sends the issue to these lists of its programme, once; a second send is a CONFLICT. */
export async function sendBulletin(
  ctx: Pick<Context, 'prisma' | 'viewer' | 'config'>,
  id: string,
  listIds: readonly string[],
): Promise<Bulletin> {
  if (listIds.length === 0) throw new BadUserInputError('listIds: name at least one list');
  if (new Set(listIds).size !== listIds.length) {
    throw new BadUserInputError('listIds: a list may appear only once');
  }
  return ctx.prisma.$transaction(
    async (tx) => {
      const claimed = await tx.bulletin.updateMany({
        where: { id, status: 'DRAFT' },
        data: { status: 'SENT', sentAt: new Date(), sentById: ctx.viewer?.userId ?? null },
      });
      if (claimed.count === 0) {
        await loadBulletin({ prisma: tx as Context['prisma'] }, id);
        throw new ConflictError('The bulletin was sent already; an issue is sent only once');
      }
      const bulletin = await tx.bulletin.findUniqueOrThrow({
        where: { id },
        include: bulletinForRender,
      });
      const lists = await tx.mailingList.findMany({ where: { id: { in: [...listIds] } } });
      for (const listId of listIds) {
        const list = lists.find((candidate) => candidate.id === listId);
        if (!list || list.archivedAt) throw new BadUserInputError('listIds: no such mailing list');
        if (list.programmeId !== bulletin.programmeId) {
          throw new BadUserInputError(`listIds: "${list.name}" belongs to another programme`);
        }
      }
      const unpublished = bulletin.stories.find(({ story }) => story.status !== 'PUBLISHED');
      if (unpublished) {
        throw new ConflictError(`"${unpublished.story.title}" is no longer published`);
      }
      const ordered = listIds.map((listId) => lists.find((list) => list.id === listId)!);
      const recipients = await addressees(tx, ordered);
      const content = renderBulletin(bulletin, ctx.config.mail.publicUrl);
      // One notify per set of lists: the unsubscribe link of each e-mail leaves its lists.
      const groups = new Map<string, Addressee[]>();
      for (const recipient of recipients) {
        const key = recipient.listIds.join(',');
        groups.set(key, [...(groups.get(key) ?? []), recipient]);
      }
      for (const group of groups.values()) {
        await notify(tx, {
          kind: 'BULLETIN',
          data: { bulletinId: id, listIds: group[0]!.listIds, ...content },
          emails: group.map((recipient) => recipient.email),
        });
      }
      const deliveries = await tx.$queryRaw<{ id: string; email: string }[]>`
        SELECT id, email FROM delivery WHERE kind = 'BULLETIN' AND data->>'bulletinId' = ${id}`;
      const deliveryOf = new Map(deliveries.map((row) => [row.email, row.id]));
      await tx.bulletinRecipient.createMany({
        data: recipients.map((recipient) => ({
          bulletinId: id,
          email: recipient.email,
          listIds: recipient.listIds,
          deliveryId: deliveryOf.get(recipient.email) ?? null,
        })),
      });
      await tx.bulletin.update({ where: { id }, data: { sentListIds: [...listIds] } });
      return tx.bulletin.findUniqueOrThrow({ where: { id } });
    },
    { timeout: SEND_TIMEOUT_MS, maxWait: SEND_TIMEOUT_MS },
  );
}
