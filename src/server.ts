// One Veza instance: opens and migrates the database, starts the services, and serves GraphQL
// over HTTP (src/server/http.ts) and WebSocket (src/server/websocket.ts) until stopped.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { type Database, migrate, openDatabase } from './db/database.js';
import { loadDemoDataIfEmpty } from './demo/seed.js';
import { createLogger, type Logger } from './logger.js';
import type { EventListenerCounts } from './pubsub.js';
import { createGraphQL, GRAPHQL_PATH, type GraphQLEngine } from './server/graphql.js';
import { requestHandler, requestIdFrom } from './server/http.js';
import { type Services, startServices } from './server/services.js';
import { MAX_WS_PAYLOAD_BYTES, serveGraphQLOverWebSocket } from './server/websocket.js';

export interface VezaServer {
  /** Opens the database, applies migrations, loads demo data if asked, and listens. */
  start(): Promise<{ url: string; port: number }>;
  /** Graceful and idempotent: stops accepting, closes sockets (1001), drains, disconnects. */
  stop(): Promise<void>;
  /**
   * The in-process entry: answers one GraphQL request through the same engine and plugins as
   * HTTP (CSRF, limits, sessions, error masking, the read cache), without the socket, node:http
   * or what comes before Yoga there (module routes, body limits). Its client address is the
   * loopback address, as for a caller on this machine. Only after start().
   */
  fetch(request: Request): Promise<Response>;
  /** The open database; only after start(). */
  readonly database: Database;
  readonly logger: Logger;
  /** The event bus's listeners on this instance, live and waiting for Redis; only after start(). */
  eventListeners(): EventListenerCounts;
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
  let services: Services | undefined;
  let yoga: GraphQLEngine | undefined;
  let stopping: Promise<void> | undefined;
  const httpServer = createHttpServer({
    // Longer than a proxy's or client's idle keep-alive (nginx 60 s, undici 4 s), so that the
    // server never closes a connection just as the other side sends a request on it, a race
    // the other side sees as ECONNRESET.
    keepAliveTimeout: 65_000,
  });
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });

  async function start() {
    database = await prepareDatabase();
    services = await startServices(config, database, logger);
    const engine = await createGraphQL(config, services);
    yoga = engine;
    httpServer.on('request', requestHandler(config, database, services, engine));
    httpServer.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://veza').pathname !== GRAPHQL_PATH) {
        socket.destroy();
        return;
      }
      wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
    });
    serveGraphQLOverWebSocket(wsServer, config, services, engine);

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
    await services?.closers.closeAll();
    if (!options.database) await database?.close();
  }

  async function fetchInProcess(request: Request): Promise<Response> {
    if (!yoga) throw new Error('The server has not been started');
    const requestId = requestIdFrom(request.headers.get('x-request-id'));
    const response = await yoga.fetch(request, { requestId, address: IN_PROCESS_ADDRESS });
    response.headers.set('x-request-id', requestId);
    return response;
  }

  return {
    start,
    fetch: fetchInProcess,
    stop: () => {
      stopping ??= doStop();
      return stopping;
    },
    get database() {
      if (!database) throw new Error('The server has not been started');
      return database;
    },
    logger,
    eventListeners() {
      if (!services) throw new Error('The server has not been started');
      return services.events.listenerCounts();
    },
  };
}

/** The client address of in-process requests, so that limits per address count them as one. */
const IN_PROCESS_ADDRESS = '127.0.0.1';

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
