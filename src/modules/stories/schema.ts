import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { StoryKind, StoryStatus, type Prisma, type Story } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { optionalText, requiredText, notNull, idOrClear } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { recordPayload } from '../payload.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { canReadStory, readableStories } from './access.js';
import { renderMarkdown } from './markdown.js';
import { municipalitySlug, storyPageUrl } from './urls.js';
import { createStory, setStoryStatus, type StoryLink, updateStory } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const StoryKindEnum = builder.enumType(StoryKind, { name: 'StoryKind' });
export const StoryStatusEnum = builder.enumType(StoryStatus, { name: 'StoryStatus' });

const StoryLinkRef = builder.objectRef<StoryLink>('StoryLink').implement({
  authScopes: { public: true },
  fields: (t) => ({
    label: t.exposeString('label', { authScopes: { public: true } }),
    url: t.exposeString('url', { authScopes: { public: true } }),
  }),
});

export const StoryNode = builder.prismaNode('Story', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A good practice or a news item of a municipality or an organisation.',
  // Published stories are public; drafts as canReadStory says.
  authScopes: (story, ctx) => canReadStory(ctx.viewer, story),
  fields: (t) => ({
    kind: t.expose('kind', { type: StoryKindEnum }),
    status: t.expose('status', { type: StoryStatusEnum }),
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    body: t.exposeString('body', { description: 'Markdown, as written.' }),
    bodyHtml: t.string({
      description:
        'The body rendered to HTML and sanitised (allow-listed tags and attributes, http(s) ' +
        'and mailto links only): safe to put in a page.',
      select: { body: true },
      resolve: (story) => renderMarkdown(story.body),
    }),
    topics: t.exposeStringList('topics'),
    links: t.field({
      type: [StoryLinkRef],
      select: { links: true },
      resolve: (story) => story.links as unknown as StoryLink[],
    }),
    coverImageUrl: t.exposeString('coverImageUrl', { nullable: true }),
    url: t.string({
      description: 'Its public web page (readable once published).',
      resolve: (story, _args, ctx) => storyPageUrl(ctx.config.mail.publicUrl, story.id),
    }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The first publication (kept when it is unpublished and published again).',
    }),
    authorName: t.string({
      nullable: true,
      description: 'Who wrote it (their display name).',
      select: { author: { select: { displayName: true } } },
      resolve: (story) => story.author?.displayName ?? null,
    }),
    municipality: t.relation('municipality', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    programme: t.relation('programme', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Municipality', (t) => ({
  slug: t.string({
    description:
      'Its name in feed addresses: /feeds/municipalities/<slug>/news.atom and ' +
      'good-practices.atom.',
    authScopes: { public: true },
    select: { name: true },
    resolve: (municipality) => municipalitySlug(municipality.name),
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

const topic = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be blank')
  .max(60)
  .regex(/^[\p{L}\p{N}]+(?:[ -][\p{L}\p{N}]+)*$/u, 'letters, digits, spaces and hyphens only');

interface StoryFilterArgs {
  search?: string | null;
  kind?: StoryKind | null;
  status?: StoryStatus | null;
  municipalityId?: { id: string } | null;
  organizationId?: { id: string } | null;
  programmeId?: { id: string } | null;
  topic?: string | null;
}

function storyFilter(args: StoryFilterArgs, ctx: Context): Prisma.StoryWhereInput {
  return {
    AND: [
      readableStories(ctx.viewer),
      {
        ...searchFilter(args.search),
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.status ? { status: args.status } : {}),
        ...(args.municipalityId ? { municipalityId: args.municipalityId.id } : {}),
        ...(args.organizationId ? { organizationId: args.organizationId.id } : {}),
        ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
        ...(args.topic ? { topics: { has: args.topic } } : {}),
      },
    ],
  };
}

builder.queryField('stories', (t) =>
  t.prismaConnection(
    {
      type: 'Story',
      cursor: 'id',
      authScopes: { public: true },
      description:
        'Newest publication first, drafts after them. The public reads published stories; ' +
        'drafts are listed to those who may write them and to their author.',
      args: {
        search: t.arg.string({
          description: 'Matches title, summary and body, ignoring case and diacritics.',
          validate: z.string().max(200),
        }),
        kind: t.arg({ type: StoryKindEnum }),
        status: t.arg({ type: StoryStatusEnum }),
        municipalityId: t.arg.globalID({ for: MunicipalityNode }),
        organizationId: t.arg.globalID({ for: OrganizationNode }),
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        topic: t.arg.string({ description: 'Ignores case.', validate: topic }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.story.findMany({
          ...query,
          where: storyFilter(args, ctx),
          orderBy: [
            { publishedAt: { sort: 'desc', nulls: 'last' } },
            { createdAt: 'desc' },
            { id: 'asc' },
          ],
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.story.count({ where: storyFilter(args, ctx) }),
    },
    { name: 'StoryConnection' },
    { name: 'StoryEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
// Story pages and sanitised HTML load images over https only (mixed content is blocked).
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000);

const StoryLinkInput = builder.inputType('StoryLinkInput', {
  fields: (t) => ({
    label: t.string({ required: true, validate: requiredText(200) }),
    url: t.string({ required: true, validate: httpUrl }),
  }),
});

const contentFields = {
  title: requiredText(300),
  summary: optionalText(1_000),
  body: requiredText(100_000),
  topics: z.array(topic).max(20, 'at most 20 topics'),
  links: z.array(z.unknown()).max(20, 'at most 20 links'),
};

const CreateStoryInput = builder.inputType('CreateStoryInput', {
  description:
    'A story starts as a DRAFT (publishStory makes it public). It belongs to a municipality, ' +
    'an organisation, or both.',
  fields: (t) => ({
    kind: t.field({ type: StoryKindEnum, required: true }),
    municipalityId: t.globalID({ for: MunicipalityNode }),
    organizationId: t.globalID({ for: OrganizationNode }),
    programmeId: t.globalID({ for: ProgrammeNode }),
    title: t.string({ required: true, validate: contentFields.title }),
    summary: t.string({ validate: contentFields.summary }),
    body: t.string({ required: true, description: 'Markdown.', validate: contentFields.body }),
    topics: t.stringList({ description: 'Stored lower-cased.', validate: contentFields.topics }),
    links: t.field({ type: [StoryLinkInput], validate: contentFields.links }),
    coverImageUrl: t.string({ description: 'An https URL.', validate: httpsUrl }),
  }),
});

const UpdateStoryInput = builder.inputType('UpdateStoryInput', {
  description:
    'Fields left out stay as they are; null clears an optional field. A published story stays ' +
    'published (its feeds show the new `updated` date).',
  fields: (t) => ({
    id: t.globalID({ required: true, for: StoryNode }),
    kind: t.field({ type: StoryKindEnum }),
    municipalityId: t.globalID({ for: MunicipalityNode }),
    organizationId: t.globalID({ for: OrganizationNode }),
    programmeId: t.globalID({ for: ProgrammeNode }),
    title: t.string({ validate: contentFields.title }),
    summary: t.string({ validate: contentFields.summary }),
    body: t.string({ validate: contentFields.body }),
    topics: t.stringList({ validate: contentFields.topics }),
    links: t.field({ type: [StoryLinkInput], validate: contentFields.links }),
    coverImageUrl: t.string({ description: 'An https URL.', validate: httpsUrl }),
  }),
});

const StoryIdInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({ id: t.globalID({ required: true, for: StoryNode }) }),
  });

const StoryPayload = (name: string) => recordPayload(name, 'story', StoryNode);

/** The scopes of an existing story's writers (see canWriteStory). */
async function storyScopes(ctx: Context, id: string) {
  const story = await ctx.prisma.story.findUnique({
    where: { id },
    select: { municipalityId: true, programmeId: true },
  });
  if (!story) return { networkAdmin: true };
  return {
    networkAdmin: true,
    ...(story.programmeId ? { programmeAdmin: story.programmeId } : {}),
    ...(story.municipalityId ? { municipalityEditor: story.municipalityId } : {}),
  };
}

const orNull = (value: string | null | undefined) => value ?? null;
/** A blank optional text is no text: stored as null. */
const blankAsNull = (value: string | null | undefined) => (value === '' ? null : value);

builder.mutationField('createStory', (t) =>
  t.field({
    type: StoryPayload('CreateStoryPayload'),
    description: 'Coordinators and deputies: their own municipality’s; administrators: any.',
    authScopes: (_root, { input }) => ({
      networkAdmin: true,
      ...(input.programmeId ? { programmeAdmin: input.programmeId.id } : {}),
      ...(input.municipalityId ? { municipalityEditor: input.municipalityId.id } : {}),
    }),
    args: { input: t.arg({ type: CreateStoryInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const story = await createStory(
        ctx,
        {
          municipalityId: orNull(input.municipalityId?.id),
          organizationId: orNull(input.organizationId?.id),
          programmeId: orNull(input.programmeId?.id),
        },
        {
          kind: input.kind,
          title: input.title,
          summary: orNull(blankAsNull(input.summary)),
          body: input.body,
          topics: [...new Set(input.topics ?? [])],
          links: input.links ?? [],
          coverImageUrl: orNull(input.coverImageUrl),
        },
      );
      return { story };
    },
  }),
);

builder.mutationField('updateStory', (t) =>
  t.field({
    type: StoryPayload('UpdateStoryPayload'),
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: { input: t.arg({ type: UpdateStoryInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const story = await updateStory(
        ctx,
        input.id.id,
        {
          municipalityId: idOrClear(input.municipalityId),
          organizationId: idOrClear(input.organizationId),
          programmeId: idOrClear(input.programmeId),
        },
        {
          kind: notNull(input.kind, 'kind'),
          title: notNull(input.title, 'title'),
          summary: blankAsNull(input.summary),
          body: notNull(input.body, 'body'),
          topics: input.topics === null ? [] : input.topics && [...new Set(input.topics)],
          links: input.links === null ? [] : (input.links ?? undefined),
          coverImageUrl: input.coverImageUrl,
        },
      );
      return { story };
    },
  }),
);

/** After commit: a story published or taken back changes its programme's figures. */
function announced(ctx: Context, story: Story): Story {
  ctx.pubsub.publish('story:changed', { storyId: story.id, programmeId: story.programmeId });
  return story;
}

builder.mutationField('publishStory', (t) =>
  t.field({
    type: StoryPayload('PublishStoryPayload'),
    description:
      'Makes a draft public (in the list, the feeds and bulletins); CONFLICT if it already is.',
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: { input: t.arg({ type: StoryIdInput('PublishStoryInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      story: announced(ctx, await setStoryStatus(ctx, input.id.id, 'PUBLISHED')),
    }),
  }),
);

builder.mutationField('unpublishStory', (t) =>
  t.field({
    type: StoryPayload('UnpublishStoryPayload'),
    description:
      'Takes a published story back to DRAFT (out of the list and the feeds); CONFLICT if it ' +
      'is not published.',
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: { input: t.arg({ type: StoryIdInput('UnpublishStoryInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      story: announced(ctx, await setStoryStatus(ctx, input.id.id, 'DRAFT')),
    }),
  }),
);
