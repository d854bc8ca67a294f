import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, RequestInfo } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { Logger } from './logger.js';
import type { Viewer } from './modules/accounts/service.js';
import { followChannels, type PubSub } from './pubsub.js';

/** Longest setTimeout delay Node accepts; later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type SessionEnd = 'revoked' | 'expired';

/**
 * What is open on behalf of a session — WebSockets, subscriptions over SSE — and must end when
 * the session does: at its expiry (a timer) or when it is revoked on any instance (the
 * `session:revoked` channel, through Redis when instances share one). Subscriptions also end
 * when the user's roles change (`roles:changed`): each was allowed with the roles it had.
 */
export class SessionWatch {
  private readonly enders = new Map<string, Set<(why: SessionEnd) => void>>();
  private readonly roleWatchers = new Map<string, Set<() => void>>();
  private stopListening?: () => Promise<void>;

  constructor(private readonly logger: Logger) {}

  /** Calls `end` once when the viewer's session ends; the returned function stops watching. */
  watch(viewer: Viewer, end: (why: SessionEnd) => void): () => void {
    let set = this.enders.get(viewer.sessionId);
    if (!set) this.enders.set(viewer.sessionId, (set = new Set()));
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      set.delete(once);
      if (!set.size) this.enders.delete(viewer.sessionId);
    };
    const once = (why: SessionEnd) => {
      stop();
      end(why);
    };
    set.add(once);
    const arm = () => {
      const left = viewer.expiresAt.getTime() - Date.now();
      timer =
        left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(once, left, 'expired');
      timer.unref();
    };
    arm();
    return stop;
  }

  /** Calls `changed` once when the user's roles change; the returned function stops watching. */
  watchRoles(userId: string, changed: () => void): () => void {
    let set = this.roleWatchers.get(userId);
    if (!set) this.roleWatchers.set(userId, (set = new Set()));
    const stop = () => {
      set.delete(once);
      if (!set.size) this.roleWatchers.delete(userId);
    };
    const once = () => {
      stop();
      changed();
    };
    set.add(once);
    return stop;
  }

  /** Ends the subscriptions of this user in this process: their roles changed. */
  rolesChanged(userId: string) {
    for (const changed of [...(this.roleWatchers.get(userId) ?? [])]) changed();
  }

  /** Ends everything open on these sessions in this process. */
  revoked(sessionIds: readonly string[]) {
    for (const sessionId of sessionIds) {
      for (const end of [...(this.enders.get(sessionId) ?? [])]) end('revoked');
    }
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
