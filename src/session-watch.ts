import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, RequestInfo } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { Logger } from './logger.js';
import type { Viewer } from './viewer.js';
import { followChannels, type PubSub } from './pubsub.js';

/** Longest setTimeout delay Node accepts; later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type SessionEnd = 'revoked' | 'expired';

interface WatchedSession {
  ends: Set<(why: SessionEnd) => void>;
  expiry: NodeJS.Timeout | undefined;
}

/**
 * What is open on behalf of a session — WebSockets, subscriptions over SSE — and must end when
 * the session does: at its expiry (a timer) or when it is revoked on any instance (the
 * `session:revoked` channel, through Redis when instances share one). Subscriptions also end
 * when the user's roles change (`roles:changed`): each was allowed with the roles it had.
 */
export class SessionWatch {
  /** Per session: what to call when it ends, and the one timer for its expiry. */
  private readonly sessions = new Map<string, WatchedSession>();
  private readonly roleWatchers = new Map<string, Set<() => void>>();
  private stopListening?: () => Promise<void>;

  constructor(private readonly logger: Logger) {}

  /**
   * Calls `end` once when the viewer's session ends; the returned function stops watching.
   * Every watcher of a session shares its timer (a session's expiry is fixed at sign-in), so a
   * socket costs a set entry, not a timer of its own.
   */
  watch(viewer: Viewer, end: (why: SessionEnd) => void): () => void {
    const { sessionId } = viewer;
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { ends: new Set(), expiry: undefined };
      this.sessions.set(sessionId, session);
      this.armExpiry(sessionId, session, viewer.expiresAt.getTime());
    }
    session.ends.add(end);
    return () => this.unwatch(sessionId, end);
  }

  /** Calls `changed` once when the user's roles change; the returned function stops watching. */
  watchRoles(userId: string, changed: () => void): () => void {
    let set = this.roleWatchers.get(userId);
    if (!set) this.roleWatchers.set(userId, (set = new Set()));
    set.add(changed);
    return () => {
      const watchers = this.roleWatchers.get(userId);
      if (!watchers?.delete(changed) || watchers.size) return;
      this.roleWatchers.delete(userId);
    };
  }

  /** Ends the subscriptions of this user in this process: their roles changed. */
  rolesChanged(userId: string) {
    const watchers = this.roleWatchers.get(userId);
    this.roleWatchers.delete(userId);
    for (const changed of watchers ?? []) changed();
  }

  /** Ends everything open on these sessions in this process. */
  revoked(sessionIds: readonly string[]) {
    for (const sessionId of sessionIds) this.end(sessionId, 'revoked');
  }

  private end(sessionId: string, why: SessionEnd) {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    clearTimeout(session.expiry);
    for (const end of session.ends) end(why);
  }

  private unwatch(sessionId: string, end: (why: SessionEnd) => void) {
    const session = this.sessions.get(sessionId);
    if (!session?.ends.delete(end) || session.ends.size) return;
    this.sessions.delete(sessionId);
    clearTimeout(session.expiry);
  }

  private armExpiry(sessionId: string, session: WatchedSession, expiresAt: number) {
    const left = expiresAt - Date.now();
    session.expiry =
      left > MAX_TIMER_MS
        ? setTimeout(() => this.armExpiry(sessionId, session, expiresAt), MAX_TIMER_MS)
        : setTimeout(() => this.end(sessionId, 'expired'), left);
    session.expiry.unref();
  }

  /** Hears revocations from every instance until stop(). */
  listen(pubsub: PubSub) {
    const stopRevocations = followChannels(pubsub, ['session:revoked'], ({ sessionIds }) => {
      try {
        this.revoked(sessionIds);
      } catch (error) {
        this.logger.error({ err: error }, 'revocation listener failed');
      }
    });
    const stopRoles = followChannels(pubsub, ['roles:changed'], ({ userId }) => {
      try {
        this.rolesChanged(userId);
      } catch (error) {
        this.logger.error({ err: error }, 'role change listener failed');
      }
    });
    this.stopListening = async () => {
      await Promise.all([stopRevocations(), stopRoles()]);
    };
  }

  async stop() {
    await this.stopListening?.();
  }

  /**
   * A subscription of a signed-in viewer over HTTP (Server-Sent Events) ends with an error
   * rather than going on with rights it may have lost: UNAUTHENTICATED when the session ends,
   * FORBIDDEN when the user's roles change (subscribing again applies the new ones).
   */
  plugin(): Plugin<Context> {
    return {
      onSubscribe: () => ({
        onSubscribeResult: ({ args, result, setResult }) => {
          const context = args.contextValue as Partial<Context & RequestInfo>;
          // On a WebSocket the whole socket closes (4403) instead, when the session ends or the
          // roles change; ending its subscriptions first would let a lazy client close it
          // normally before it learns why (and conclusions over a socket bypass the stream).
          if (context.connectionViewer !== undefined) return;
          const viewer = context.viewer;
          if (!viewer || !(Symbol.asyncIterator in result)) return;
          setResult(this.untilAccessEnds(result, viewer));
        },
      }),
    };
  }

  private async *untilAccessEnds(
    source: AsyncIterable<ExecutionResult>,
    viewer: Viewer,
  ): AsyncGenerator<ExecutionResult> {
    const iterator = source[Symbol.asyncIterator]();
    let ended!: (error: GraphQLError) => void;
    const end = new Promise<{ error: GraphQLError }>(
      (resolve) => (ended = (error) => resolve({ error })),
    );
    const unwatchSession = this.watch(viewer, (why) =>
      ended(new UnauthenticatedError(`The session was ${why}; sign in again`)),
    );
    const unwatchRoles = this.watchRoles(viewer.userId, () =>
      ended(new ForbiddenError('Your roles changed; subscribe again')),
    );
    let stopped = false;
    const stopSource = async () => {
      if (stopped) return;
      stopped = true;
      await iterator.return?.();
    };
    try {
      while (true) {
        const next = await Promise.race([iterator.next(), end]);
        if ('error' in next) {
          // The source first: some (conclusions over a socket) write to the client directly.
          await stopSource();
          yield { errors: [next.error] };
          return;
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      unwatchSession();
      unwatchRoles();
      await stopSource();
    }
  }
}
