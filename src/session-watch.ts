import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, RequestInfo } from './context.js';
import { UnauthenticatedError } from './errors.js';
import type { Logger } from './logger.js';
import type { Viewer } from './modules/accounts/service.js';
import { followChannels, type PubSub } from './pubsub.js';

/** Longest setTimeout delay Node accepts; later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type SessionEnd = 'revoked' | 'expired';

/**
 * What is open on behalf of a session — WebSockets, subscriptions over SSE — and must end when
 * the session does: at its expiry (a timer) or when it is revoked on any instance (the
 * `session:revoked` channel, through Redis when instances share one).
 */
export class SessionWatch {
  private readonly enders = new Map<string, Set<(why: SessionEnd) => void>>();
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

  /** Ends everything open on these sessions in this process. */
  revoked(sessionIds: readonly string[]) {
    for (const sessionId of sessionIds) {
      for (const end of [...(this.enders.get(sessionId) ?? [])]) end('revoked');
    }
  }

  /** Hears revocations from every instance until stop(). */
  listen(pubsub: PubSub) {
    this.stopListening = followChannels(pubsub, ['session:revoked'], ({ sessionIds }) => {
      try {
        this.revoked(sessionIds);
      } catch (error) {
        this.logger.error({ err: error }, 'revocation listener failed');
      }
    });
  }

  async stop() {
    await this.stopListening?.();
  }

  /**
   * A subscription of a signed-in viewer over HTTP (Server-Sent Events) ends with an
   * UNAUTHENTICATED error when the session ends, rather than going on with the rights it had.
   */
  plugin(): Plugin<Context> {
    return {
      onSubscribe: () => ({
        onSubscribeResult: ({ args, result, setResult }) => {
          const context = args.contextValue as Partial<Context & RequestInfo>;
          // On a WebSocket the whole socket closes (4403) instead; ending its subscriptions
          // first would let a lazy client close it normally before it learns why.
          if (context.connectionViewer !== undefined) return;
          const viewer = context.viewer;
          if (!viewer || !(Symbol.asyncIterator in result)) return;
          setResult(this.untilSessionEnds(result, viewer));
        },
      }),
    };
  }

  private async *untilSessionEnds(
    source: AsyncIterable<ExecutionResult>,
    viewer: Viewer,
  ): AsyncGenerator<ExecutionResult> {
    const iterator = source[Symbol.asyncIterator]();
    let ended!: (why: SessionEnd) => void;
    const end = new Promise<SessionEnd>((resolve) => (ended = resolve));
    const unwatch = this.watch(viewer, (why) => ended(why));
    try {
      while (true) {
        const next = await Promise.race([iterator.next(), end]);
        if (typeof next === 'string') {
          yield { errors: [new UnauthenticatedError(`The session was ${next}; sign in again`)] };
          return;
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      unwatch();
      await iterator.return?.();
    }
  }
}
