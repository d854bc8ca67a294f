import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { getOperationAST, type GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { createContext, type RequestInfo, type ServerContext } from './context.js';
import { useCsrfPreventionForWrites } from './csrf.js';
import { type Database, migrate, openDatabase } from './db/database.js';
import { loadDemoDataIfEmpty } from './demo/seed.js';
import {
  AppError,
  BadUserInputError,
  isGraphQLError,
  maskUnexpectedError,
  useClientErrorCodes,
  useErrorMasking,
  withClientCode,
  yogaLogger,
} from './errors.js';
import { graphiqlPage } from './graphiql/page.js';
import { limitPlugins } from './limits.js';
import { createLogger, type Logger } from './logger.js';
import type { Viewer } from './modules/accounts/service.js';
import { SessionViewerCache } from './modules/accounts/viewer-cache.js';
import { DocumentAccessCache } from './modules/conclusions/access.js';
import { PresenceRegistry } from './modules/conclusions/presence.js';
import { ConclusionStore } from './modules/conclusions/store.js';
import { DashboardHub } from './modules/dashboard/hub.js';
import { serveCalendar } from './modules/calendars/http.js';
import { serveStories } from './modules/stories/http.js';
import { serveBulletinPage } from './modules/bulletins/http.js';
import { serveDashboardPage } from './modules/dashboard/static.js';
import { serveExport } from './modules/exports/http.js';
import { createMailer } from './modules/notifications/mailer.js';
import { serveInvitationPage } from './modules/notifications/pages.js';
import { serveUnsubscribe, UnsubscribeLinks } from './modules/notifications/unsubscribe.js';
import { serveSignUpConfirmation } from './modules/mailing-lists/http.js';
import { NotificationWorker } from './modules/notifications/worker.js';
import { createEventBus, type PubSubHandle, useResyncEnding } from './pubsub.js';
import { ReadCache } from './read-cache.js';
import { schema } from './schema.js';
import { SessionWatch } from './session-watch.js';

const GRAPHQL_PATH = '/graphql';

/**
 * Close code for a socket whose session ends while it is open (revoked, expired, user
 * disabled): 4403, the code docs/api.md gives a bad token at connection time, so a client handles
 * both alike — sign in again.
 */
export const SESSION_ENDED_CLOSE_CODE = 4403;

/** WebSocket frames larger than this close the socket with 1009 (Message Too Big). */
export const MAX_WS_PAYLOAD_BYTES = 1024 * 1024;

const READINESS_TIMEOUT_MS = 2_000;
const HEARTBEAT_MS = 1_000;
/** Pings in a row a socket may leave unanswered before it is cut. */
const SILENT_PINGS = 4;
/** A subscriber this far behind is cut (1013 Try Again Later) rather than buffered for. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface VezaServer {
  /** Opens the database, applies migrations, loads demo data if asked, and listens. */
  start(): Promise<{ url: string; port: number }>;
  /** Graceful and idempotent: stops accepting, closes sockets (1001), drains, disconnects. */
  stop(): Promise<void>;
  /** The open database; only after start(). */
  readonly database: Database;
  readonly logger: Logger;
}

export interface ServerOptions {
  /** Logger to use; default a pino logger at config.logLevel. */
  logger?: Logger;
  /**
   * An already open database to serve instead of opening one from config; the caller closes it.
   * Lets several instances share one embedded database in a process (tests, benchmarks).
   */
  database?: Database;
}

/** Builds a Veza server from validated config; nothing is opened until start(). */
export function createServer(config: Config, options: ServerOptions = {}): VezaServer {
  const logger = options.logger ?? createLogger(config.logLevel, config.logFormat);
  let database: Database | undefined;
  let events: PubSubHandle | undefined;
  let conclusions: ConclusionStore | undefined;
  let presence: PresenceRegistry | undefined;
  let conclusionAccess: DocumentAccessCache | undefined;
  let viewers: SessionViewerCache | undefined;
  let notifications: NotificationWorker | undefined;
  let unsubscribeLinks: UnsubscribeLinks | undefined;
  let stopping: Promise<void> | undefined;
  const httpServer = createHttpServer();
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });
  const sessions = new SessionWatch(logger);
  const readCache = new ReadCache({ ttlMs: config.readCacheTtlMs });
  let stopFollowing: (() => Promise<void>) | undefined;

  async function start() {
    database = await prepareDatabase();
    events = createEventBus({
      redisUrl: config.redisUrl,
      logger,
      // Redis is back after an outage: copies built from events are read again.
      onRecovered: () => {
        readCache.invalidate();
        void conclusions?.resync();
      },
    });
    conclusions = new ConclusionStore(database.prisma, events.pubsub, logger, {
      compactAfter: config.conclusionsCompactAfter,
      maxUpdateBytes: config.conclusionsMaxUpdateBytes,
      maxDocumentBytes: config.conclusionsMaxDocumentBytes,
    });
    presence = new PresenceRegistry(events.pubsub, {
      perSocket: config.presenceMaxPerSocket,
      perUser: config.presenceMaxPerUser,
    });
    conclusionAccess = new DocumentAccessCache(database.prisma, events.pubsub);
    const dashboards = new DashboardHub(database.prisma, logger);
    viewers = new SessionViewerCache(database.prisma, events.pubsub, config.sessionRecheckMs);
    unsubscribeLinks = await UnsubscribeLinks.load(database.prisma, config.mail);
    notifications = new NotificationWorker({
      prisma: database.prisma,
      pubsub: events.pubsub,
      logger,
      mailer: createMailer(config.mail, logger),
      links: unsubscribeLinks,
      settings: config.mail,
    });
    notifications.start();
    const serverContext: ServerContext = {
      config,
      prisma: database.prisma,
      pubsub: events.pubsub,
      logger,
      conclusions,
      conclusionAccess,
      presence,
      dashboards,
      viewers,
    };
    sessions.listen(events.pubsub);
    const stopCache = readCache.follow(events.pubsub);
    const stopDashboards = dashboards.follow(events.pubsub);
    stopFollowing = async () => {
      await Promise.all([stopCache(), stopDashboards()]);
    };

    const yoga = createYoga<RequestInfo>({
      schema,
      graphqlEndpoint: GRAPHQL_PATH,
      landingPage: false,
      ...(await graphiqlPage(logger)),
      logging: yogaLogger(logger),
      cors: corsFor(config.corsOrigins),
      context: (initial) => createContext(serverContext, initial),
      maskedErrors: { maskError: (error, message) => maskUnexpectedError(error, message, logger) },
      // Batching stays off (Yoga's default): an array body is refused with 400.
      plugins: [
        useCsrfPreventionForWrites(),
        ...limitPlugins(config.limits),
        sessions.plugin(),
        useClientErrorCodes(),
        useErrorMasking(),
        readCache.plugin(),
        useResyncEnding(),
      ],
    });

    httpServer.on('request', (req, res) => {
      const requestId = requestIdOf(req);
      res.setHeader('x-request-id', requestId);
      if (req.url === '/health/live') return sendJson(res, 200, { status: 'live' });
      if (req.url === '/health/ready') return void readiness(res, database, events);
      if (serveDashboardPage(req, res)) return;
      if (serveExport(serverContext, req, res, requestId)) return;
      if (serveCalendar(serverContext, req, res, requestId)) return;
      if (serveStories(serverContext, req, res)) return;
      if (serveBulletinPage(serverContext, req, res, requestId)) return;
      if (serveInvitationPage(req, res)) return;
      const prisma = database!.prisma;
      if (serveUnsubscribe(req, res, { prisma, links: unsubscribeLinks, logger })) return;
      if (serveSignUpConfirmation(req, res, { prisma, logger })) return;
      const tooLarge = bodyTooLarge(req, config.maxBodyBytes);
      if (tooLarge) return sendJson(res, tooLarge.status, graphqlError(tooLarge.message));
      void yoga(req, res, { requestId, address: req.socket.remoteAddress });
    });

    httpServer.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://veza').pathname !== GRAPHQL_PATH) {
        socket.destroy();
        return;
      }
      wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
    });

    // A socket that answered none of the last SILENT_PINGS pings (no pong, no message) is cut,
    // so its presence ends within seconds. Counted in pings, not in time passed: after the event
    // loop stalls, the pongs that arrived meanwhile are read before the next ping is judged, so
    // a stall cuts no healthy socket.
    const unanswered = new WeakMap<WebSocket, number>();
    const heartbeat = setInterval(() => {
      for (const socket of wsServer.clients) {
        const missed = unanswered.get(socket) ?? 0;
        if (missed >= SILENT_PINGS) {
          socket.terminate();
        } else {
          unanswered.set(socket, missed + 1);
          socket.ping();
        }
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
    wsServer.on('close', () => clearInterval(heartbeat));
    wsServer.on('connection', (socket: WebSocket) => {
      const heard = () => unanswered.set(socket, 0);
      socket.on('pong', heard);
      socket.on('message', heard);
    });

    useServer<
      Record<string, unknown>,
      {
        viewer?: Viewer | null;
        abort?: AbortController;
        socket: WebSocket;
        request: IncomingMessage;
        connectionId?: string;
        subscriptionIds?: Set<string>;
      }
    >(
      {
        connectionInitWaitTimeout: 3_000,
        onConnect: async (ctx) => {
          const authorization = ctx.connectionParams?.authorization;
          // Present but not a string is a bad token, not an anonymous connection.
          if (authorization != null && typeof authorization !== 'string') return false;
          try {
            ctx.extra.viewer = await serverContext.viewers.fromAuthorization(authorization);
            ctx.extra.abort = new AbortController();
            ctx.extra.connectionId = randomUUID();
            if (ctx.extra.viewer) closeWhenSessionEnds(ctx.extra.socket, ctx.extra.viewer);
            return true;
          } catch (error) {
            if (error instanceof AppError) return false; // closes with 4403 Forbidden
            throw error;
          }
        },
        onClose: (ctx) => {
          ctx.extra.abort?.abort();
          subscriptionLimits.closeAll(ctx.extra);
        },
        onComplete: (ctx, id) => subscriptionLimits.close(ctx.extra, id),
        onSubscribe: async (ctx, id, payload) => {
          const requestId = randomUUID();
          // The session is checked again for every operation, with its current roles: a socket
          // must not outlive a revocation whose event it missed.
          let viewer = ctx.extra.viewer ?? null;
          if (viewer) {
            try {
              viewer = await serverContext.viewers.get(viewer.sessionId);
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              const socket = ctx.extra.socket;
              setImmediate(() => socket.close(SESSION_ENDED_CLOSE_CODE, 'Session ended'));
              return [withClientCode(error)];
            }
          }
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped(
            {
              ...ctx,
              requestId,
              address: ctx.extra.request.socket.remoteAddress,
              connectionViewer: viewer,
              signal: ctx.extra.abort?.signal,
              connectionId: ctx.extra.connectionId,
              socketOperation: {
                variables: payload.variables ?? undefined,
                sendNext: (payloadJson: string) => sendNext(ctx.extra.socket, id, payloadJson),
              },
              params: payload,
            },
          );
          let document: ReturnType<typeof parse>;
          try {
            document = parse(payload.query);
          } catch (error) {
            if (isGraphQLError(error)) return [withClientCode(error)];
            throw error;
          }
          let errors: readonly GraphQLError[];
          try {
            // graphql-armor's rules throw their rejection rather than report it.
            errors = validate(schema, document);
          } catch (error) {
            if (isGraphQLError(error)) return [withClientCode(error)];
            throw error;
          }
          if (errors.length) return errors.map(withClientCode);
          if (getOperationAST(document, payload.operationName)?.operation === 'subscription') {
            const refused = subscriptionLimits.open(ctx.extra, id);
            if (refused) return [refused];
          }
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
        },
        execute: (args) =>
          (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
        subscribe: (args) =>
          (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
      },
      wsServer,
    );

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new StartupError(`Port ${config.port} on ${config.host} is already in use`)
            : error,
        ),
      );
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return { url: `http://${host}:${port}${GRAPHQL_PATH}`, port };
  }

  /**
   * Opens the database, migrates it and loads demo data into it when empty, the last two under
   * the migration lock: instances starting together on an empty database load it once.
   */
  async function prepareDatabase(): Promise<Database> {
    const opened =
      options.database ??
      (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }));
    try {
      const applied = await migrate(opened, async () => {
        if (config.demoData === 'auto') await loadDemoDataIfEmpty(opened.prisma, logger);
      });
      if (applied.length) logger.info({ applied }, 'applied migrations');
      return opened;
    } catch (error) {
      if (!options.database) await opened.close().catch(() => {});
      const reason = unreachableReason(error);
      if (!reason) throw error;
      const where = config.databaseUrl ? new URL(config.databaseUrl).host : config.pgliteDir;
      throw new StartupError(`Cannot reach the database at ${where} (${reason})`);
    }
  }

  /** Subscriptions open per socket and per user (over all this instance's sockets), capped. */
  const subscriptionLimits = {
    byUser: new Map<string, number>(),
    /** Counts a new subscription, or returns why it is refused. */
    open(socket: SocketSubscriptions, id: string): BadUserInputError | undefined {
      const ids = (socket.subscriptionIds ??= new Set());
      if (ids.size >= config.subscriptionsMaxPerSocket) {
        return new BadUserInputError(
          `A connection may hold at most ${config.subscriptionsMaxPerSocket} subscriptions`,
        );
      }
      const userId = socket.viewer?.userId;
      const held = userId ? (this.byUser.get(userId) ?? 0) : 0;
      if (userId && held >= config.subscriptionsMaxPerUser) {
        return new BadUserInputError(
          `A user may hold at most ${config.subscriptionsMaxPerUser} subscriptions`,
        );
      }
      ids.add(id);
      if (userId) this.byUser.set(userId, held + 1);
      return undefined;
    },
    close(socket: SocketSubscriptions, id: string) {
      if (!socket.subscriptionIds?.delete(id)) return;
      const userId = socket.viewer?.userId;
      if (!userId) return;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    },
    closeAll(socket: SocketSubscriptions) {
      for (const id of [...(socket.subscriptionIds ?? [])]) this.close(socket, id);
    },
  };

  /**
   * Closes the socket (4403) when its session expires or is revoked on any instance, or when
   * the user's roles change: its subscriptions were allowed with the roles they had, and some
   * (conclusions) write to the socket directly; reconnecting applies the roles held now.
   */
  function closeWhenSessionEnds(socket: WebSocket, viewer: Viewer) {
    const unwatchSession = sessions.watch(viewer, (why) =>
      // On the next turn, so that a signOut sent over this very socket gets its answer.
      setImmediate(() => socket.close(SESSION_ENDED_CLOSE_CODE, `Session ${why}`)),
    );
    const unwatchRoles = sessions.watchRoles(viewer.userId, () =>
      setImmediate(() => socket.close(SESSION_ENDED_CLOSE_CODE, 'Roles changed')),
    );
    socket.once('close', () => {
      unwatchSession();
      unwatchRoles();
    });
  }

  async function doStop() {
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
    httpServer.closeIdleConnections();
    const deadline = setTimeout(() => {
      httpServer.closeAllConnections();
      for (const client of wsServer.clients) client.terminate();
    }, config.shutdownTimeoutMs);
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    await closed.catch(() => {});
    clearTimeout(deadline);
    // Unsubscribe before the event bus closes (with Redis, an unsubscribe after quit fails).
    await stopFollowing?.();
    await notifications?.stop();
    await sessions.stop();
    await conclusions?.close();
    presence?.close();
    await conclusionAccess?.close();
    await viewers?.close();
    await events?.close();
    if (!options.database) await database?.close();
  }

  return {
    start,
    stop: () => {
      stopping ??= doStop();
      return stopping;
    },
    get database() {
      if (!database) throw new Error('The server has not been started');
      return database;
    },
    logger,
  };
}

/** What the subscription caps need to know of a socket. */
interface SocketSubscriptions {
  viewer?: Viewer | null;
  subscriptionIds?: Set<string>;
}

/**
 * A reason the server cannot start that is the operator's to fix (a port in use, a database
 * that does not answer): main prints its message as one line, without a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // PostgreSQL: no such database, bad password, too many connections, starting up.
  '3D000',
  '28P01',
  '28000',
  '53300',
  '57P03',
]);

/** The connection failure's code or message, or undefined when it is not one. */
function unreachableReason(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code && CONNECTION_ERROR_CODES.has(code)) return `${code}: ${cause.message}`;
    const inner = cause instanceof AggregateError ? cause.errors[0] : undefined;
    if (inner) return unreachableReason(inner);
    if (/timeout exceeded when trying to connect/i.test(cause.message)) return cause.message;
  }
  return undefined;
}

/**
 * CORS headers only for the configured origins (Yoga's default echoes any Origin, credentials
 * included); a same-origin page needs none.
 */
function corsFor(origins: string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && allowed.has(origin) ? { origin: [origin], credentials: true } : false;
  };
}

/** A graphql-ws `next` message with a payload serialised beforehand. */
function sendNext(socket: WebSocket, id: string, payloadJson: string) {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(1013, 'The subscriber is too far behind');
    return;
  }
  socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`);
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
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
async function readiness(
  res: ServerResponse,
  database: Database | undefined,
  events: PubSubHandle | undefined,
) {
  try {
    if (!database || !events) throw new Error('not started');
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
