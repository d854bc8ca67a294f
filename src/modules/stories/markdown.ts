// A story's Markdown as HTML that is safe to put in a page, a feed or an e-mail. Two layers:
// markdown-it with raw HTML off (a `<script>` in the source comes out as text) and its own
// link check (no `javascript:`/`vbscript:`/`data:` URLs), then sanitize-html with an allow-list,
// so that nothing markdown-it might let through (now or in a later version) survives either.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const allowList: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    's',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  // Links leave the network's pages: the target page gets no handle on ours.
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
};

/** The HTML of a story's Markdown body: only the allow-listed tags, attributes and schemes. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), allowList);
}
