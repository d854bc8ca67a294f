// The graphql-ws transport: authentication at connection time, a heartbeat that cuts silent
// sockets, caps on subscriptions, sockets closed when their session ends, and the frame writer
// live fan-out uses (conclusions send pre-serialised payloads through `socketOperation`).
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { getOperationAST, type GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import { AppError, BadUserInputError, isGraphQLError, withClientCode } from '../errors.js';
import type { Viewer } from '../viewer.js';
import type { GraphQLEngine } from './graphql.js';
import type { Services } from './services.js';

/**
 * Close code for a socket whose session ends while it is open (revoked, expired, user
 * disabled): 4403, the code docs/api.md gives a bad token at connection time, so a client handles
 * both alike — sign in again.
 */
export const SESSION_ENDED_CLOSE_CODE = 4403;

/** WebSocket frames larger than this close the socket with 1009 (Message Too Big). */
export const MAX_WS_PAYLOAD_BYTES = 1024 * 1024;

const HEARTBEAT_MS = 1_000;
/** Pings in a row a socket may leave unanswered before it is cut. */
const SILENT_PINGS = 4;
/** A subscriber this far behind is cut (1013 Try Again Later) rather than buffered for. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** What graphql-ws keeps per socket. */
type SocketState = {
  viewer?: Viewer | null;
  abort?: AbortController;
  socket: WebSocket;
  request: IncomingMessage;
  connectionId?: string;
  subscriptionIds?: Set<string>;
};

export function serveGraphQLOverWebSocket(
  wsServer: WebSocketServer,
  config: Config,
  services: Services,
  yoga: GraphQLEngine,
) {
  const { context: serverContext, sessions } = services;
  keepAlive(wsServer);
  const subscriptionLimits = new SubscriptionLimits(config);

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

  useServer<Record<string, unknown>, SocketState>(
    {
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        // Present but not a string is a bad token, not an anonymous connection.
        if (authorization != null && typeof authorization !== 'string') return false;
        try {
          ctx.extra.viewer = await serverContext.viewers.fromAuthorization(authorization);
          ctx.extra.abort = new AbortController();
          // Each live subscription and presence entry of the socket listens for its end: as
          // many as the caps allow, which is more than Node's default warning threshold (10).
          setMaxListeners(
            config.subscriptionsMaxPerSocket + config.presenceMaxPerSocket,
            ctx.extra.abort.signal,
          );
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
        // Only what the context needs, not graphql-ws' own context spread in: an open
        // subscription keeps this object, and the spread alone cost an idle socket ~6 KB.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
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
        });
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
    // graphql-ws' own keep-alive (a ping timer per socket) is off: keepAlive() pings them all.
    0,
  );
}

/**
 * A socket that answered none of the last SILENT_PINGS pings (no pong, no message) is cut, so
 * its presence ends within seconds. Counted in pings, not in time passed: after the event loop
 * stalls, the pongs that arrived meanwhile are read before the next ping is judged, so a stall
 * cuts no healthy socket.
 */
function keepAlive(wsServer: WebSocketServer) {
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
  // One listener for every socket (it is called on the socket), not a closure for each.
  function heard(this: WebSocket) {
    unanswered.set(this, 0);
  }
  wsServer.on('connection', (socket: WebSocket) => {
    socket.on('pong', heard);
    socket.on('message', heard);
  });
}

/** What the subscription caps need to know of a socket. */
type SocketSubscriptions = Pick<SocketState, 'viewer' | 'subscriptionIds'>;

/** Subscriptions open per socket and per user (over all this instance's sockets), capped. */
class SubscriptionLimits {
  private readonly byUser = new Map<string, number>();

  constructor(private readonly config: Config) {}

  /** Counts a new subscription, or returns why it is refused. */
  open(socket: SocketSubscriptions, id: string): BadUserInputError | undefined {
    const { subscriptionsMaxPerSocket, subscriptionsMaxPerUser } = this.config;
    const ids = (socket.subscriptionIds ??= new Set());
    if (ids.size >= subscriptionsMaxPerSocket) {
      return new BadUserInputError(
        `A connection may hold at most ${subscriptionsMaxPerSocket} subscriptions`,
      );
    }
    const userId = socket.viewer?.userId;
    const held = userId ? (this.byUser.get(userId) ?? 0) : 0;
    if (userId && held >= subscriptionsMaxPerUser) {
      return new BadUserInputError(
        `A user may hold at most ${subscriptionsMaxPerUser} subscriptions`,
      );
    }
    ids.add(id);
    if (userId) this.byUser.set(userId, held + 1);
    return undefined;
  }

  close(socket: SocketSubscriptions, id: string) {
    if (!socket.subscriptionIds?.delete(id)) return;
    const userId = socket.viewer?.userId;
    if (!userId) return;
    const left = (this.byUser.get(userId) ?? 1) - 1;
    if (left > 0) this.byUser.set(userId, left);
    else this.byUser.delete(userId);
  }

  closeAll(socket: SocketSubscriptions) {
    for (const id of [...(socket.subscriptionIds ?? [])]) this.close(socket, id);
  }
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
