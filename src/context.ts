import type { YogaInitialContext } from 'graphql-yoga';
import type { Config } from './config.js';
import { maskUnexpectedError } from './errors.js';
import type { PrismaClient } from './db/database.js';
import type { Logger } from './logger.js';
import type { DocumentAccessCache } from './modules/conclusions/access.js';
import type { ConclusionStore } from './modules/conclusions/store.js';
import type { DashboardHub } from './modules/dashboard/hub.js';
import type { PresenceRegistry } from './modules/conclusions/presence.js';
import type { PubSub } from './pubsub.js';
import type { RateLimits } from './rate-limits.js';
import type { SessionViewers, Viewer } from './viewer.js';

/** What every resolver gets. One per HTTP request, one per WebSocket operation. */
export interface Context {
  config: Config;
  prisma: PrismaClient;
  pubsub: PubSub;
  logger: Logger;
  requestId: string;
  viewer: Viewer | null;
  /** The client's network address as this server saw it (sign-in throttling, audit). */
  address: string | null;
  /** Aborted when the request or socket ends; subscriptions stop on it. */
  signal: AbortSignal;
  /** WebSocket only: the connection's id, for state tied to the socket (presence). */
  connectionId?: string;
  /** WebSocket only: the operation being served (see SocketOperation). */
  socketOperation?: SocketOperation;
  conclusions: ConclusionStore;
  conclusionAccess: DocumentAccessCache;
  presence: PresenceRegistry;
  dashboards: DashboardHub;
  /** Each session's viewer, for requests and socket operations. */
  viewers: SessionViewers;
  /** Hourly limits on registrar requests and mailing-list sign-ups. */
  rateLimits: RateLimits;
}

/**
 * A subscription on a WebSocket, for streams that send results already serialised and shared
 * between subscribers (conclusions' live updates) rather than executed for each.
 */
export interface SocketOperation {
  /** The operation's variables as the client sent them. */
  variables: Record<string, unknown> | undefined;
  /** Sends a graphql-ws `next` message for this operation with this JSON payload. */
  sendNext(payloadJson: string): void;
}

/** The per-server parts of the context, fixed when the server is created. */
export interface ServerContext {
  config: Config;
  prisma: PrismaClient;
  pubsub: PubSub;
  logger: Logger;
  conclusions: ConclusionStore;
  conclusionAccess: DocumentAccessCache;
  presence: PresenceRegistry;
  dashboards: DashboardHub;
  viewers: SessionViewers;
  /** Hourly limits on registrar requests and mailing-list sign-ups. */
  rateLimits: RateLimits;
}

/** What the transport adds to Yoga's initial context. */
export interface RequestInfo {
  requestId: string;
  /** The peer's address (the socket's remote address). */
  address?: string;
  /** WebSocket only: the viewer resolved once when the connection was made. */
  connectionViewer?: Viewer | null;
  /** WebSocket only: aborted when the socket closes. */
  signal?: AbortSignal;
  /** WebSocket only: the connection's id. */
  connectionId?: string;
  /** WebSocket only: the operation being served. */
  socketOperation?: SocketOperation;
}

export async function createContext(
  server: ServerContext,
  initial: Partial<YogaInitialContext> & Partial<RequestInfo>,
): Promise<Context> {
  const requestId = initial.requestId ?? crypto.randomUUID();
  const logger = server.logger.child({ requestId });
  const viewer =
    initial.connectionViewer !== undefined
      ? initial.connectionViewer
      : await server.viewers
          .fromAuthorization(initial.request?.headers.get('authorization'))
          // Logged here, where the request id is known, rather than by Yoga without it.
          .catch((error: unknown) => {
            throw maskUnexpectedError(error, 'Unexpected error.', logger);
          });
  return {
    ...server,
    logger,
    requestId,
    viewer,
    address: initial.address ?? null,
    signal: initial.signal ?? initial.request?.signal ?? new AbortController().signal,
    connectionId: initial.connectionId,
    socketOperation: initial.socketOperation,
  };
}
