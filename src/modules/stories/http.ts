// Public HTTP beside GraphQL for media partners and readers:
//   GET /feeds/news.atom, /feeds/good-practices.atom, /feeds/stories.atom (both kinds)
//   GET /feeds/municipalities/<slug or id>/news.atom (and good-practices.atom, stories.atom)
//   GET /stories/<id>   a published story as an HTML page (feed entries link to it)
// Published stories only, whoever asks; ETag and Last-Modified let readers poll cheaply.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../../context.js';
import type { StoryKind } from '../../generated/prisma/client.js';
import { buildFeed, escapeHtml, kindPaths } from './feeds.js';
import { renderMarkdown } from './markdown.js';
import { FEEDS_PATH, municipalitySlug, STORIES_PATH } from './urls.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const kindOfFile = new Map<string, StoryKind | null>([
  [kindPaths.NEWS, 'NEWS'],
  [kindPaths.GOOD_PRACTICE, 'GOOD_PRACTICE'],
  ['stories.atom', null],
]);

/** Serves the feeds and story pages; false for any other path. */
export function serveStories(server: ServerContext, req: IncomingMessage, res: ServerResponse) {
  const { pathname } = new URL(req.url ?? '/', 'http://veza');
  if (!pathname.startsWith(FEEDS_PATH) && !pathname.startsWith(STORIES_PATH)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const answer = pathname.startsWith(FEEDS_PATH)
    ? feed(server, pathname.slice(FEEDS_PATH.length))
    : storyPage(server, pathname.slice(STORIES_PATH.length));
  answer
    .then((page) => send(req, res, page))
    .catch((error: unknown) => {
      server.logger.error({ err: error, path: pathname }, 'story page or feed failed');
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Unexpected error.');
    });
  return true;
}

interface Page {
  status: number;
  contentType: string;
  body: string;
  lastModified?: Date;
}

const notFound = (what: string): Page => ({
  status: 404,
  contentType: 'text/plain; charset=utf-8',
  body: `${what}\n`,
});

async function feed(server: ServerContext, path: string): Promise<Page> {
  const parts = path.split('/');
  const file = parts.at(-1) ?? '';
  const kind = kindOfFile.get(file);
  const feedNames = [...kindOfFile.keys()].join(', ');
  if (
    kind === undefined ||
    !(parts.length === 1 || (parts.length === 3 && parts[0] === 'municipalities'))
  ) {
    return notFound(
      `No such feed. There are /feeds/<name> and /feeds/municipalities/<slug>/<name>, ` +
        `<name> one of ${feedNames}.`,
    );
  }
  let municipality: { id: string; name: string } | null = null;
  if (parts.length === 3) {
    municipality = await findMunicipality(server, decodeURIComponent(parts[1]!));
    if (!municipality) return notFound(`No municipality "${parts[1]}".`);
  }
  const publicUrl = server.config.mail.publicUrl;
  const built = await buildFeed(
    server.prisma,
    { kind, municipality },
    { publicUrl, selfUrl: `${publicUrl}${FEEDS_PATH}${path}` },
  );
  return {
    status: 200,
    contentType: 'application/atom+xml; charset=utf-8',
    body: built.xml,
    lastModified: built.updated,
  };
}

/** By slug ("sanski-most") or by UUID; archived municipalities keep their feeds. */
async function findMunicipality(server: ServerContext, key: string) {
  if (uuid.test(key)) {
    return server.prisma.municipality.findUnique({
      where: { id: key },
      select: { id: true, name: true },
    });
  }
  // Some 140 rows: matching slugs here keeps the slug a pure function of the name.
  const all = await server.prisma.municipality.findMany({ select: { id: true, name: true } });
  return all.find((candidate) => municipalitySlug(candidate.name) === key) ?? null;
}

async function storyPage(server: ServerContext, id: string): Promise<Page> {
  if (!uuid.test(id)) return notFound('No such story.');
  const story = await server.prisma.story.findFirst({
    where: { id, status: 'PUBLISHED' },
    include: {
      municipality: { select: { name: true } },
      organization: { select: { name: true } },
      programme: { select: { name: true } },
    },
  });
  if (!story) return notFound('No such story.');
  const owner = [story.municipality?.name, story.organization?.name].filter(Boolean).join(', ');
  const published = (story.publishedAt ?? story.updatedAt).toISOString();
  const links = (story.links as { label: string; url: string }[])
    .map(
      (link) =>
        `<li><a href="${escapeHtml(link.url)}" rel="nofollow noopener noreferrer">${escapeHtml(link.label)}</a></li>`,
    )
    .join('');
  const body = `<!doctype html>
<html lang="bs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(story.title)}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}img{max-width:100%}</style>
</head>
<body>
<article>
${story.coverImageUrl ? `<img src="${escapeHtml(story.coverImageUrl)}" alt="">` : ''}
<h1>${escapeHtml(story.title)}</h1>
<p><small>${escapeHtml(owner)}${story.programme ? ` · ${escapeHtml(story.programme.name)}` : ''} · <time datetime="${published}">${published.slice(0, 10)}</time></small></p>
${story.summary ? `<p><strong>${escapeHtml(story.summary)}</strong></p>` : ''}
${renderMarkdown(story.body)}
${links ? `<ul>${links}</ul>` : ''}
</article>
</body>
</html>
`;
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body,
    lastModified: story.updatedAt,
  };
}

function send(req: IncomingMessage, res: ServerResponse, page: Page) {
  const headers: Record<string, string> = {
    'content-type': page.contentType,
    'x-content-type-options': 'nosniff',
  };
  if (page.status === 200) {
    const etag = `"${createHash('sha256').update(page.body).digest('base64url').slice(0, 27)}"`;
    Object.assign(headers, {
      etag,
      'cache-control': 'public, max-age=300',
      ...(page.lastModified ? { 'last-modified': page.lastModified.toUTCString() } : {}),
    });
    if (page.contentType.startsWith('text/html')) {
      // The page runs no script at all; images only over https.
      headers['content-security-policy'] =
        "default-src 'none'; img-src https:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    }
    if (notModified(req, etag, page.lastModified)) {
      res.writeHead(304, headers).end();
      return;
    }
  }
  res.writeHead(page.status, headers);
  res.end(req.method === 'HEAD' ? undefined : page.body);
}

/** A conditional request whose copy is current (If-None-Match wins over If-Modified-Since). */
function notModified(req: IncomingMessage, etag: string, lastModified: Date | undefined) {
  const match = req.headers['if-none-match'];
  if (match) return match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = req.headers['if-modified-since'];
  if (!since || !lastModified) return false;
  const sinceTime = Date.parse(since);
  // HTTP dates have whole seconds.
  return !Number.isNaN(sinceTime) && Math.floor(lastModified.getTime() / 1000) * 1000 <= sinceTime;
}
