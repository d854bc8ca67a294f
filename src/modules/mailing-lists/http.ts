// GET /mailing-lists/confirm?token=… shows a button; POST confirms the sign-up. A GET changes
// nothing, since mail scanners follow links.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrismaClient } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { escapeHtml } from '../notifications/templates.js';
import { confirm } from './sign-up.js';

export const CONFIRM_PATH = '/mailing-lists/confirm';

function page(res: ServerResponse, status: number, body: string) {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(
      '<!doctype html><html lang="bs"><head><meta charset="utf-8"><title>Veza</title></head>' +
        `<body><h1>Veza</h1>${body}</body></html>`,
    );
}

/** Serves the confirmation page when the request is for it (returns true). */
export function serveSignUpConfirmation(
  req: IncomingMessage,
  res: ServerResponse,
  services: { prisma: PrismaClient; logger: Logger },
): boolean {
  const url = new URL(req.url ?? '/', 'http://veza');
  if (url.pathname !== CONFIRM_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return true;
  }
  req.resume();
  const token = (url.searchParams.get('token') ?? '').slice(0, 200);
  if (req.method === 'GET') {
    const action = escapeHtml(`${CONFIRM_PATH}?token=${encodeURIComponent(token)}`);
    page(
      res,
      200,
      '<p>Potvrdite prijavu na listu.</p><p lang="en">Confirm your subscription.</p>' +
        `<form method="post" action="${action}"><button type="submit">Potvrdi / Confirm</button></form>`,
    );
    return true;
  }
  confirm(services, token)
    .then((list) =>
      page(
        res,
        200,
        `<p>Prijavljeni ste na listu „${escapeHtml(list.name)}”.</p>` +
          `<p lang="en">You are subscribed to "${escapeHtml(list.name)}".</p>`,
      ),
    )
    .catch((error: unknown) => {
      if (error instanceof AppError) return page(res, 400, `<p>${escapeHtml(error.message)}</p>`);
      services.logger.error({ err: error }, 'sign-up confirmation failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  return true;
}
