// Atom 1.0 feeds of published stories, for media partners' feed readers. Built with the `feed`
// package; what it leaves to its caller is done here: text goes in as escaped HTML (entries
// declare type="html", and escaped text can hold no "]]>" to break the package's CDATA
// sections) and characters XML 1.0 cannot carry are dropped.
import { Feed } from 'feed';
import type { PrismaClient } from '../../db/database.js';
import type { Prisma, StoryKind } from '../../generated/prisma/client.js';
import { renderMarkdown } from './markdown.js';
import { storyPageUrl } from './urls.js';

/** Entries per feed: feed readers poll often and keep what they saw. */
export const FEED_SIZE = 50;

/** Which stories a feed carries (published ones only, always). */
export interface FeedScope {
  kind: StoryKind | null;
  municipality: { id: string; name: string } | null;
}

export interface BuiltFeed {
  xml: string;
  /** The newest change of any story in the scope (an unpublication too): Last-Modified. */
  updated: Date;
}

// Control characters other than tab, line feed and carriage return, lone surrogates' stand-ins
// and the two non-characters XML 1.0 excludes.
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = (text: string) => text.replace(notXml, '');

/** Plain text as HTML text (the entries' title and summary are type="html"). */
export const escapeHtml = (text: string) =>
  xmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const kindTitles: Record<StoryKind, string> = {
  NEWS: 'Vijesti',
  GOOD_PRACTICE: 'Dobre prakse',
};

export const kindPaths: Record<StoryKind, string> = {
  NEWS: 'news.atom',
  GOOD_PRACTICE: 'good-practices.atom',
};

export async function buildFeed(
  prisma: PrismaClient,
  scope: FeedScope,
  settings: { publicUrl: string; selfUrl: string },
): Promise<BuiltFeed> {
  const where: Prisma.StoryWhereInput = {
    ...(scope.kind ? { kind: scope.kind } : {}),
    ...(scope.municipality ? { municipalityId: scope.municipality.id } : {}),
  };
  const [stories, newest] = await Promise.all([
    prisma.story.findMany({
      where: { ...where, status: 'PUBLISHED' },
      orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
      take: FEED_SIZE,
      include: {
        municipality: { select: { name: true } },
        organization: { select: { name: true } },
      },
    }),
    prisma.story.aggregate({ where, _max: { updatedAt: true } }),
  ]);
  // An empty scope has never changed: the epoch keeps its ETag and Last-Modified stable.
  const updated = newest._max.updatedAt ?? new Date(0);
  const title = [
    'Veza',
    scope.kind ? kindTitles[scope.kind] : 'Priče',
    ...(scope.municipality ? [scope.municipality.name] : []),
  ].join(' – ');
  const feed = new Feed({
    id: settings.selfUrl,
    title: xmlText(title),
    link: settings.publicUrl,
    feedLinks: { atom: settings.selfUrl },
    language: 'bs',
    updated,
    generator: 'Veza',
    copyright: 'Mreža za saradnju s dijasporom',
  });
  for (const story of stories) {
    const owner = story.municipality?.name ?? story.organization?.name;
    feed.addItem({
      id: `urn:uuid:${story.id}`,
      title: escapeHtml(story.title),
      link: storyPageUrl(settings.publicUrl, story.id),
      date: story.updatedAt,
      published: story.publishedAt ?? story.updatedAt,
      ...(story.summary ? { description: escapeHtml(story.summary) } : {}),
      content: xmlText(renderMarkdown(story.body)),
      ...(owner ? { author: [{ name: xmlText(owner) }] } : {}),
      category: story.topics.map((topic) => ({ term: topic })),
    });
  }
  return { xml: feed.atom1(), updated };
}
