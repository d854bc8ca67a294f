// The dashboard page: the files `npm run build:web` writes to web/dashboard/dist, served under
// /dashboard/ by the API's own HTTP server. Only files inside that folder, of known types.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_PATH = '/dashboard';

const root = fileURLToPath(new URL('../../../web/dashboard/dist/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

// The page loads only its own files and talks only to this server (HTTP and WebSocket).
const contentSecurityPolicy = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Answers requests under /dashboard and returns true; leaves every other request alone. */
export function serveDashboardPage(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = new URL(req.url ?? '/', 'http://veza').pathname;
  if (pathname !== DASHBOARD_PATH && !pathname.startsWith(`${DASHBOARD_PATH}/`)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
  } else if (pathname === DASHBOARD_PATH) {
    // Relative asset URLs resolve against the folder.
    res.writeHead(308, { location: `${DASHBOARD_PATH}/` }).end();
  } else {
    void sendFile(pathname.slice(DASHBOARD_PATH.length + 1) || 'index.html', req, res);
  }
  return true;
}

async function sendFile(relative: string, req: IncomingMessage, res: ServerResponse) {
  let name: string;
  try {
    name = decodeURIComponent(relative);
  } catch {
    return notFound(res);
  }
  const file = path.resolve(root, name);
  const type = contentTypes[path.extname(file)];
  if (name.includes('\0') || !file.startsWith(root) || !type) return notFound(res);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return notFound(res, name === 'index.html');
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    // Vite names assets by their content hash; the page itself must be revalidated.
    'cache-control': name.startsWith('assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse, pageMissing = false) {
  res
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    .end(pageMissing ? 'The dashboard page is not built: npm run build:web' : 'Not found');
}
