// Plain HTTP beside GraphQL: health, the pages and files modules serve, and the body limits
// that apply before Yoga reads a request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { RequestInfo } from '../context.js';
import type { Database } from '../db/database.js';
import { serveCalendar } from '../modules/calendars/http.js';
import { serveDashboardPage } from '../modules/dashboard/static.js';
import { serveExport } from '../modules/exports/http.js';
import { serveInvitationPage } from '../modules/notifications/pages.js';
import { serveUnsubscribe } from '../modules/notifications/unsubscribe.js';
import { serveStories } from '../modules/stories/http.js';
import { serveBulletinPage } from '../modules/bulletins/http.js';
import { serveSignUpConfirmation } from '../modules/mailing-lists/http.js';
import type { Services } from './services.js';

const READINESS_TIMEOUT_MS = 2_000;

/** Handles the request and answers true, or answers false to let the next route try. */
type Route = (req: IncomingMessage, res: ServerResponse, requestId: string) => boolean;

type YogaHandler = (req: IncomingMessage, res: ServerResponse, info: RequestInfo) => unknown;

/** The server's request listener: routes in order, then GraphQL. */
export function requestHandler(
  config: Config,
  database: Database,
  services: Services,
  yoga: YogaHandler,
) {
  const { context, events, unsubscribeLinks } = services;
  const routes: Route[] = [
    (req, res) => serveDashboardPage(req, res),
    (req, res, requestId) => serveExport(context, req, res, requestId),
    (req, res, requestId) => serveCalendar(context, req, res, requestId),
    (req, res) => serveStories(context, req, res),
    (req, res, requestId) => serveBulletinPage(context, req, res, requestId),
    (req, res) => serveInvitationPage(req, res),
    (req, res) =>
      serveUnsubscribe(req, res, {
        prisma: database.prisma,
        links: unsubscribeLinks,
        logger: context.logger,
      }),
    (req, res) =>
      serveSignUpConfirmation(req, res, { prisma: database.prisma, logger: context.logger }),
  ];
  return (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    if (req.url === '/health/live') return sendJson(res, 200, { status: 'live' });
    if (req.url === '/health/ready') return void readiness(res, database, events);
    if (routes.some((route) => route(req, res, requestId))) return;
    const tooLarge = bodyTooLarge(req, config.maxBodyBytes);
    if (tooLarge) return sendJson(res, tooLarge.status, graphqlError(tooLarge.message));
    void yoga(req, res, { requestId, address: req.socket.remoteAddress });
  };
}

/**
 * CORS headers only for the configured origins (Yoga's default echoes any Origin, credentials
 * included); a same-origin page needs none.
 */
export function corsFor(origins: string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && allowed.has(origin) ? { origin: [origin], credentials: true } : false;
  };
}

/** The client's `x-request-id` when it is a sensible one, a new id otherwise. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function graphqlError(message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] };
}

/** Refuses bodies over the limit before reading them; a POST must say its length. */
function bodyTooLarge(req: IncomingMessage, maxBytes: number) {
  if (req.method !== 'POST') return undefined;
  const length = req.headers['content-length'];
  if (length === undefined) {
    return { status: 411, message: 'A POST request must send Content-Length' };
  }
  if (Number(length) > maxBytes) {
    return { status: 413, message: `The request body is larger than ${maxBytes} bytes` };
  }
  return undefined;
}

/**
 * 200 while the database answers (503 otherwise). The body says whether the event bus is up:
 * `{ status: 'degraded', events: 'down' }` while Redis is unreachable — writes and reads go on,
 * subscribers on other instances hear of them only once it is back (then they are told to
 * resync).
 */
async function readiness(res: ServerResponse, database: Database, events: Services['events']) {
  try {
    await Promise.race([
      database.prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timeout')), READINESS_TIMEOUT_MS),
      ),
    ]);
    const bus = events.status();
    sendJson(res, 200, bus === 'up' ? { status: 'ready' } : { status: 'degraded', events: bus });
  } catch {
    sendJson(res, 503, { status: 'unavailable' });
  }
}
