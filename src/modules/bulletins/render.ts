// A bulletin issue as HTML: the web page (/bulletins/<id>, the archive of sent issues) and the
// e-mail it becomes share one body, so the preview is what recipients get.
import type { Prisma } from '../../generated/prisma/client.js';
import { escapeHtml } from '../notifications/templates.js';
import { renderMarkdown } from '../stories/markdown.js';
import { storyPageUrl } from '../stories/urls.js';

export const BULLETINS_PATH = '/bulletins/';

/** An issue's web page: the preview of a draft, the archive of a sent one. */
export const bulletinUrl = (publicUrl: string, id: string) => `${publicUrl}${BULLETINS_PATH}${id}`;

export const bulletinForRender = {
  programme: { select: { name: true, localName: true } },
  stories: {
    orderBy: { position: 'asc' },
    select: {
      story: {
        select: {
          id: true,
          title: true,
          summary: true,
          body: true,
          coverImageUrl: true,
          status: true,
          publishedAt: true,
          municipality: { select: { name: true } },
          organization: { select: { name: true } },
        },
      },
    },
  },
} as const satisfies Prisma.BulletinInclude;

export type BulletinForRender = Prisma.BulletinGetPayload<{ include: typeof bulletinForRender }>;

export interface RenderedBulletin {
  subject: string;
  /** The body: editorial, then each story (no <html> shell). */
  html: string;
  text: string;
}

/** The issue's content, from its editorial Markdown and its stories, sanitised. */
export function renderBulletin(bulletin: BulletinForRender, publicUrl: string): RenderedBulletin {
  const pageUrl = bulletinUrl(publicUrl, bulletin.id);
  const programme = bulletin.programme.localName ?? bulletin.programme.name;
  const parts = [
    `<p style="color:#555">${escapeHtml(programme)} · bilten</p>`,
    `<h1>${escapeHtml(bulletin.title)}</h1>`,
    `<section>${renderMarkdown(bulletin.editorial)}</section>`,
  ];
  const text = [bulletin.title, '', bulletin.editorial, ''];
  for (const { story } of bulletin.stories) {
    const from = story.municipality?.name ?? story.organization?.name;
    parts.push(
      '<article><hr>',
      `<h2><a href="${escapeHtml(storyPageUrl(publicUrl, story.id))}">${escapeHtml(story.title)}</a></h2>`,
      from ? `<p style="color:#555">${escapeHtml(from)}</p>` : '',
      story.coverImageUrl?.startsWith('https://')
        ? `<p><img src="${escapeHtml(story.coverImageUrl)}" alt="" style="max-width:100%"></p>`
        : '',
      story.summary ? `<p><strong>${escapeHtml(story.summary)}</strong></p>` : '',
      renderMarkdown(story.body),
      '</article>',
    );
    text.push(
      `## ${story.title}${from ? ` (${from})` : ''}`,
      story.summary ?? '',
      storyPageUrl(publicUrl, story.id),
      '',
    );
  }
  parts.push(`<hr><p><a href="${escapeHtml(pageUrl)}">${escapeHtml(pageUrl)}</a></p>`);
  text.push(pageUrl);
  return { subject: bulletin.title, html: parts.filter(Boolean).join('\n'), text: text.join('\n') };
}

/** The web page of an issue. */
export function bulletinPage(rendered: RenderedBulletin, draft: boolean): string {
  return [
    '<!doctype html><html lang="bs"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(rendered.subject)}</title></head>`,
    '<body style="max-width:42rem;margin:auto;font-family:sans-serif">',
    draft ? '<p><strong>NACRT / DRAFT</strong> – nije poslan / not sent</p>' : '',
    rendered.html,
    '</body></html>',
  ].join('\n');
}
