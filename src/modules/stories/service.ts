// Writing stories: the checks (who, which references) and the writes, each in one transaction.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Prisma, Story, StoryKind } from '../../generated/prisma/client.js';
import { canWriteStory, type StoryOwner } from './access.js';

type Tx = Prisma.TransactionClient;

export interface StoryLink {
  label: string;
  url: string;
}

/** What createStory and updateStory write besides the owner (validated by the schema). */
export interface StoryContent {
  kind: StoryKind;
  title: string;
  summary: string | null;
  body: string;
  topics: string[];
  links: StoryLink[];
  coverImageUrl: string | null;
}

/** The owner's references exist (and are not archived); named by their input field. */
async function checkOwner(tx: Tx, owner: StoryOwner) {
  if (!owner.municipalityId && !owner.organizationId) {
    throw new BadUserInputError('municipalityId or organizationId: a story needs one of them');
  }
  const [municipality, organization, programme] = await Promise.all([
    owner.municipalityId
      ? tx.municipality.findFirst({ where: { id: owner.municipalityId, archivedAt: null } })
      : true,
    owner.organizationId
      ? tx.organization.findFirst({ where: { id: owner.organizationId, archivedAt: null } })
      : true,
    owner.programmeId ? tx.programme.findUnique({ where: { id: owner.programmeId } }) : true,
  ]);
  if (!municipality) throw new BadUserInputError('municipalityId: no such municipality');
  if (!organization) throw new BadUserInputError('organizationId: no such organisation');
  if (!programme) throw new BadUserInputError('programmeId: no such programme');
}

function checkWriter(ctx: Pick<Context, 'viewer'>, owner: StoryOwner) {
  if (!canWriteStory(ctx.viewer, owner)) {
    throw new ForbiddenError(
      "You may write stories of your own municipality only (administrators: their programme's)",
    );
  }
}

export async function createStory(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  owner: StoryOwner,
  content: StoryContent,
): Promise<Story> {
  checkWriter(ctx, owner);
  return ctx.prisma.$transaction(async (tx) => {
    await checkOwner(tx, owner);
    return tx.story.create({
      data: {
        ...owner,
        ...content,
        links: content.links as unknown as Prisma.InputJsonValue,
        authorId: ctx.viewer?.userId ?? null,
      },
    });
  });
}

/** Fields absent stay as they are; the owner after the change must be the writer's too. */
export async function updateStory(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  id: string,
  owner: Partial<StoryOwner>,
  content: Partial<StoryContent>,
): Promise<Story> {
  return ctx.prisma.$transaction(async (tx) => {
    const current = await loadWritable(ctx, tx, id);
    const next: StoryOwner = {
      municipalityId:
        owner.municipalityId === undefined ? current.municipalityId : owner.municipalityId,
      organizationId:
        owner.organizationId === undefined ? current.organizationId : owner.organizationId,
      programmeId: owner.programmeId === undefined ? current.programmeId : owner.programmeId,
    };
    checkWriter(ctx, next);
    await checkOwner(tx, next);
    const { links, ...rest } = content;
    return tx.story.update({
      where: { id },
      data: {
        ...next,
        ...rest,
        ...(links ? { links: links as unknown as Prisma.InputJsonValue } : {}),
      },
    });
  });
}

/**
 * DRAFT → PUBLISHED (or back with `to: 'DRAFT'`). The first publication sets publishedAt; a
 * republication keeps it. The status is changed only from the other one, so of two requests at
 * once one wins and the other gets CONFLICT.
 */
export async function setStoryStatus(
  ctx: Pick<Context, 'viewer' | 'prisma'>,
  id: string,
  to: 'PUBLISHED' | 'DRAFT',
): Promise<Story> {
  return ctx.prisma.$transaction(async (tx) => {
    const current = await loadWritable(ctx, tx, id);
    const from = to === 'PUBLISHED' ? 'DRAFT' : 'PUBLISHED';
    const { count } = await tx.story.updateMany({
      where: { id, status: from },
      data: { status: to, publishedAt: current.publishedAt ?? new Date() },
    });
    if (count === 0) {
      throw new ConflictError(
        to === 'PUBLISHED' ? 'The story is already published' : 'The story is not published',
      );
    }
    return tx.story.findUniqueOrThrow({ where: { id } });
  });
}

async function loadWritable(ctx: Pick<Context, 'viewer'>, tx: Tx, id: string) {
  const story = await tx.story.findUnique({ where: { id } });
  if (!story) throw new NotFoundError('No story has this ID');
  checkWriter(ctx, story);
  return story;
}
