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

export const StoryKindEnum = builder.enumType(StoryKind, {
  name: 'StoryKind',
  description: 'What a story is; each kind has feeds of its own.',
  values: {
    GOOD_PRACTICE: {
      description:
        'A good practice (_dobra praksa_): something that worked, told so that others may do ' +
        'it too.',
    },
    NEWS: { description: 'A news item (_vijest_).' },
  },
});
export const StoryStatusEnum = builder.enumType(StoryStatus, {
  name: 'StoryStatus',
  description: 'Whether a story is public.',
  values: {
    DRAFT: {
      description: 'Not public: read only by those who may write it and by its author.',
    },
    PUBLISHED: {
      description:
        'Public: listed to everyone, in the Atom feeds and on its page; bulletins may carry it.',
    },
  },
});

const StoryLinkRef = builder.objectRef<StoryLink>('StoryLink').implement({
  description: 'A link a story gives its readers for more.',
  authScopes: { public: true },
  fields: (t) => ({
    label: t.exposeString('label', {
      description: 'The link’s text, at most 200 characters.',
      authScopes: { public: true },
    }),
    url: t.exposeString('url', {
      description: 'An http(s) URL, at most 2,000 characters.',
      authScopes: { public: true },
    }),
  }),
});

export const StoryNode = builder.prismaNode('Story', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A good practice or a news item of a municipality, an organisation, or both. Published ' +
    'stories are public; a draft is read by those who may write it (see `createStory`) and by ' +
    'its author.',
  // Published stories are public; drafts as canReadStory says.
  authScopes: (story, ctx) => canReadStory(ctx.viewer, story),
  fields: (t) => ({
    kind: t.expose('kind', { type: StoryKindEnum, description: 'GOOD_PRACTICE or NEWS.' }),
    status: t.expose('status', {
      type: StoryStatusEnum,
      description: 'DRAFT or PUBLISHED (`publishStory`, `unpublishStory`).',
    }),
    title: t.exposeString('title', { description: 'Its title, at most 300 characters.' }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'A short summary in plain text, at most 1,000 characters; null when none.',
    }),
    body: t.exposeString('body', { description: 'Markdown, as written.' }),
    bodyHtml: t.string({
      description:
        'The body rendered to HTML and sanitised (allow-listed tags and attributes, http(s) ' +
        'and mailto links only): safe to put in a page.',
      select: { body: true },
      resolve: (story) => renderMarkdown(story.body),
    }),
    topics: t.exposeStringList('topics', {
      description:
        'Its topics, lower-cased (`investicije`, `kultura`); the feeds give them as categories.',
    }),
    links: t.field({
      type: [StoryLinkRef],
      description: 'Links for more, in the order given (at most 20).',
      select: { links: true },
      resolve: (story) => story.links as unknown as StoryLink[],
    }),
    coverImageUrl: t.exposeString('coverImageUrl', {
      nullable: true,
      description: 'Its cover image, an https URL; null when none.',
    }),
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
    municipality: t.relation('municipality', {
      nullable: true,
      description:
        'The municipality whose story it is (its feeds carry it once published); null when ' +
        'the story is an organisation’s alone.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The organisation whose story it is; null when it is a municipality’s alone.',
    }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme it belongs to (whose administrators may write it, and whose dashboard ' +
        'counts it once published); null when none.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'Its last change, a publication or unpublication too (feeds’ `updated`).',
    }),
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
        kind: t.arg({ type: StoryKindEnum, description: 'Only stories of this kind.' }),
        status: t.arg({
          type: StoryStatusEnum,
          description: 'Only stories in this status (DRAFT: those drafts the viewer may read).',
        }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only this municipality’s stories.',
        }),
        organizationId: t.arg.globalID({
          for: OrganizationNode,
          description: 'Only this organisation’s stories.',
        }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s stories.',
        }),
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
  description: 'A link of a story (`Story.links`).',
  fields: (t) => ({
    label: t.string({
      required: true,
      description: 'The link’s text: not blank, at most 200 characters.',
      validate: requiredText(200),
    }),
    url: t.string({
      required: true,
      description: 'An http(s) URL, at most 2,000 characters.',
      validate: httpUrl,
    }),
  }),
});

const topicsDescription =
  'At most 20 topics of at most 60 characters: letters and digits, words separated by one ' +
  'space or hyphen. Stored lower-cased, each once.';
const coverDescription = 'Its cover image: an https URL, at most 2,000 characters.';

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
    kind: t.field({ type: StoryKindEnum, required: true, description: 'GOOD_PRACTICE or NEWS.' }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The municipality whose story it is (not archived).',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The organisation whose story it is (not archived).',
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme it belongs to, if any.',
    }),
    title: t.string({
      required: true,
      description: 'Not blank, at most 300 characters.',
      validate: contentFields.title,
    }),
    summary: t.string({
      description: 'Plain text, at most 1,000 characters; blank is none.',
      validate: contentFields.summary,
    }),
    body: t.string({
      required: true,
      description:
        'Markdown (raw HTML in it shows as text): not blank, at most 100,000 characters.',
      validate: contentFields.body,
    }),
    topics: t.stringList({ description: topicsDescription, validate: contentFields.topics }),
    links: t.field({
      type: [StoryLinkInput],
      description: 'Links for more, at most 20.',
      validate: contentFields.links,
    }),
    coverImageUrl: t.string({ description: coverDescription, validate: httpsUrl }),
  }),
});

const UpdateStoryInput = builder.inputType('UpdateStoryInput', {
  description:
    'Fields left out stay as they are; null clears an optional field. A published story stays ' +
    'published (its feeds show the new `updated` date).',
  fields: (t) => ({
    id: t.globalID({ required: true, for: StoryNode, description: 'The story to change.' }),
    kind: t.field({ type: StoryKindEnum, description: 'GOOD_PRACTICE or NEWS; not null.' }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'The municipality whose story it is (not archived); `null` removes it, if an ' +
        'organisation remains.',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description:
        'The organisation whose story it is (not archived); `null` removes it, if a ' +
        'municipality remains.',
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme it belongs to; `null`: none.',
    }),
    title: t.string({
      description: 'Not blank, at most 300 characters; not null.',
      validate: contentFields.title,
    }),
    summary: t.string({
      description: 'Plain text, at most 1,000 characters; `null` or blank clears it.',
      validate: contentFields.summary,
    }),
    body: t.string({
      description: 'Markdown: not blank, at most 100,000 characters; not null.',
      validate: contentFields.body,
    }),
    topics: t.stringList({
      description: `${topicsDescription} Replaces the list; \`null\` empties it.`,
      validate: contentFields.topics,
    }),
    links: t.field({
      type: [StoryLinkInput],
      description: 'Links for more, at most 20; replaces the list, `null` empties it.',
      validate: contentFields.links,
    }),
    coverImageUrl: t.string({
      description: `${coverDescription} \`null\` clears it.`,
      validate: httpsUrl,
    }),
  }),
});

const StoryIdInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      id: t.globalID({ required: true, for: StoryNode, description: 'The story.' }),
    }),
  });

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
    type: recordPayload('CreateStoryPayload', 'story', StoryNode),
    description:
      'Writes a new story as a DRAFT, with the viewer as its author. Coordinators and deputies ' +
      'write their own municipality’s stories, a programme’s network administrators those of ' +
      'their programme, administrators of every programme any (a story of an organisation ' +
      'alone is theirs only). Refused with FORBIDDEN, or BAD_USER_INPUT (neither a ' +
      'municipality nor an organisation, an unknown or archived one, an unknown programme, a ' +
      'limit passed).',
    authScopes: (_root, { input }) => ({
      networkAdmin: true,
      ...(input.programmeId ? { programmeAdmin: input.programmeId.id } : {}),
      ...(input.municipalityId ? { municipalityEditor: input.municipalityId.id } : {}),
    }),
    args: {
      input: t.arg({ type: CreateStoryInput, required: true, description: 'The story.' }),
    },
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
    type: recordPayload('UpdateStoryPayload', 'story', StoryNode),
    description:
      'Changes a story, draft or published; for those who may write it (see `createStory`), ' +
      'as it is and as it becomes. Refused with FORBIDDEN, NOT_FOUND (no such story: to ' +
      'administrators of every programme; others get FORBIDDEN), or BAD_USER_INPUT (as ' +
      '`createStory`, or `null` for a field that cannot be cleared).',
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: UpdateStoryInput,
        required: true,
        description: 'The story and what changes.',
      }),
    },
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
    type: recordPayload('PublishStoryPayload', 'story', StoryNode),
    description:
      'Makes a draft public (in the list, the feeds and bulletins); CONFLICT if it already is. ' +
      'The first publication sets `publishedAt`. For those who may write it (see ' +
      '`createStory`): FORBIDDEN or NOT_FOUND otherwise. Updates its programme’s ' +
      '`dashboardUpdated`.',
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: StoryIdInput('PublishStoryInput', 'The draft to publish.'),
        required: true,
        description: 'The story.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      story: announced(ctx, await setStoryStatus(ctx, input.id.id, 'PUBLISHED')),
    }),
  }),
);

builder.mutationField('unpublishStory', (t) =>
  t.field({
    type: recordPayload('UnpublishStoryPayload', 'story', StoryNode),
    description:
      'Takes a published story back to DRAFT (out of the list and the feeds); CONFLICT if it ' +
      'is not published. It keeps its `publishedAt`. For those who may write it (see ' +
      '`createStory`): FORBIDDEN or NOT_FOUND otherwise. Updates its programme’s ' +
      '`dashboardUpdated`.',
    authScopes: (_root, { input }, ctx) => storyScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: StoryIdInput('UnpublishStoryInput', 'The published story to take back.'),
        required: true,
        description: 'The story.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      story: announced(ctx, await setStoryStatus(ctx, input.id.id, 'DRAFT')),
    }),
  }),
);
