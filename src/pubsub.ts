import type { ExecutionResult, GraphQLError } from 'graphql';
import { type createPubSub, type Plugin, Repeater } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { ConflictError } from './errors.js';
import type { ProjectIdeaStage } from './generated/prisma/client.js';
import { createLogger, type Logger } from './logger.js';

/**
 * Every real-time channel, `domain:event`. Payloads carry ids only: subscribers load the row
 * again, so what they see is committed data and Dates survive Redis' JSON.
 */
export type Channels = {
  'programme:changed': [payload: { programmeId: string }];
  // Yjs updates are the data itself: subscribers forward them as they are, without a reload.
  // `update` holds the stored updates numbered `after` + 1 to `seq`.
  'conclusion:updated': [
    documentId: string,
    payload: { after: number; seq: number; update: string },
  ];
  'conclusion:presence': [documentId: string, payload: PresencePayload];
  /** Sessions revoked (sign-out, password change, an administrator): sockets on them close. */
  'session:revoked': [payload: { sessionIds: string[] }];
  /** A user's roles were granted or taken away: what a viewer may do is read again. */
  'roles:changed': [payload: { userId: string }];
  /**
   * A directory record was created, updated or archived. `municipalityId` is the municipality
   * it belongs to, so that events about diaspora members reach only those who may see them.
   */
  'directory:changed': [payload: DirectoryChange];
  /** An action item was created (at adoption) or followed up; ids of its owners then and now. */
  'actionItem:changed': [payload: ActionItemChange];
  /** An event was created or changed, or its registrations did. */
  'event:changed': [payload: { eventId: string; programmeId: string | null }];
  /** A registration for this event was made, accepted, cancelled, admitted or attended. */
  'event:registration': [eventId: string, payload: { participantId: string }];
  /** A project idea was created, edited, moved to another stage, assessed or applied. */
  'projectIdea:changed': [payload: ProjectIdeaChange];
  /** A funding call was published. */
  'fundingCall:opened': [payload: { fundingCallId: string }];
  /** A questionnaire return was saved, submitted or reopened (or its campaign created). */
  'questionnaireReturn:changed': [campaignId: string, payload: { returnId: string }];
  /** A registrar request changed (status, message, erasure); subscribers load it again. */
  'registrarRequest:changed': [requestId: string, payload: { requestId: string }];
  /** A confirmed request was opened or changed: its municipality's counts (dashboards). */
  'registrarQueue:changed': [payload: { municipalityId: string }];
  /** A municipality adopted the registrar model, or set its adoption in progress. */
  'registrarAdoption:changed': [payload: { municipalityId: string }];
  /** A bulletin issue was sent. */
  'bulletin:sent': [payload: { bulletinId: string; programmeId: string }];
  /** The outbox sent, withheld or failed some of a bulletin's e-mails. */
  'bulletin:delivered': [payload: { bulletinId: string }];
  /** A story was published or taken back to draft. */
  'story:changed': [payload: { storyId: string; programmeId: string | null }];
  /** A notification reached a user's inbox (announced by the worker once committed). */
  'notification:added': [userId: string, payload: { notificationId: string }];
};

/** The stage lets subscribers decide who may see the idea without loading it. */
export interface ProjectIdeaChange {
  ideaId: string;
  programmeId: string;
  municipalityId: string;
  stage: ProjectIdeaStage;
}

export interface PresencePayload {
  clientId: string;
  userId: string | null;
  state: unknown;
  left: boolean;
}

export interface DirectoryChange {
  /** The event's own id, made once at publishing so every instance names it alike. */
  eventId: string;
  /** The GraphQL type name, e.g. "Municipality". */
  typename: string;
  /** The database id (subscribers get the global ID). */
  id: string;
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED';
  municipalityId: string | null;
}

export interface ActionItemChange {
  actionItemId: string;
  /** The programme of the event it was adopted at. */
  programmeId: string | null;
  /** Its owner municipality before and after the change, so both owners' subscribers hear. */
  ownerMunicipalityIds: string[];
}

/**
 * The typed publish/subscribe every module uses (Yoga's `PubSub` interface), plus hooks that
 * hear this instance's own publishing at once, before the event leaves.
 */
export type PubSub = ReturnType<typeof createPubSub<Channels>> & {
  /**
   * Calls `listener` synchronously whenever this instance publishes on `channel`, before
   * `publish` returns: a cache forgets its copy before the writer answers, without every writer
   * having to remember to tell it. Returns a function that stops it.
   */
  onOwnPublish(channel: PayloadChannel, listener: (payload: unknown) => void): () => void;
};

/** Channels whose events carry only a payload (no topic). */
export type PayloadChannel = {
  [C in keyof Channels]: Channels[C] extends [unknown] ? C : never;
}[keyof Channels];

/**
 * Ends a subscription whose events may not all have reached it: its subscriber fell more than
 * a buffer behind, or the event bus (Redis) was interrupted. A client subscribes again (with
 * its state vector, for conclusions) and so catches up on what it missed.
 */
export class ResyncError extends ConflictError {
  constructor(reason: string) {
    super(`${reason}; subscribe again to catch up`, { resync: true });
  }
}

/**
 * A subscription (WebSocket or Server-Sent Events) whose stream throws a ResyncError sends it
 * as its last result and completes, rather than failing the connection.
 */
export function useResyncEnding(): Plugin {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) setResult(endingWithResync(result));
      },
    }),
  };
}

/**
 * The source's results, then the ResyncError it throws as one last result. An iterator, not
 * a generator: a generator waiting for its source's next value cannot be returned (graphql-ws
 * returns every subscription when a socket closes, and waits for it).
 */
function endingWithResync(
  source: AsyncIterable<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  return new ResyncEnding(source[Symbol.asyncIterator]());
}

/** A class rather than an object of closures: an open subscription holds one for its lifetime. */
class ResyncEnding implements AsyncIterableIterator<ExecutionResult> {
  private finished = false;

  constructor(private readonly iterator: AsyncIterator<ExecutionResult>) {}

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return DONE;
    try {
      return await this.iterator.next();
    } catch (error) {
      // The executor hands it on as it is or wrapped (located) in a GraphQLError.
      const resync = error instanceof ResyncError ? error : (error as GraphQLError).originalError;
      if (!(resync instanceof ResyncError)) throw error;
      this.finished = true;
      return { value: { errors: [resync] }, done: false };
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finished = true;
    await this.iterator.return?.();
    return DONE;
  }
}

const DONE = { value: undefined, done: true } as const;

/** Unread events one subscriber may hold; the repeater behind it throws past 1,024. */
const MAX_UNREAD = 1_000;

/**
 * `push` that never throws: a subscriber with more than a buffer unread is stopped with a
 * ResyncError instead (its next read ends it) — a slow reader is told to resync, never crashes
 * the process from inside an event dispatch.
 */
export function pushOrResync<T>(
  push: (value: T) => Promise<unknown>,
  stop: (error?: unknown) => unknown,
): (value: T) => void {
  let unread = 0;
  return (value) => {
    if (unread >= MAX_UNREAD) {
      stop(new ResyncError('The subscriber fell too far behind'));
      return;
    }
    unread += 1;
    try {
      push(value).then(
        () => (unread -= 1),
        () => {},
      );
    } catch {
      stop(new ResyncError('The subscriber fell too far behind'));
    }
  };
}

/** Where events go: in-process, or through Redis to every instance. */
interface EventTransport {
  publish(topic: string, payload: unknown): void;
  listen(topic: string, listener: (payload: unknown) => void): () => void;
  listenerCounts(): EventListenerCounts;
}

/** How many listeners (subscriptions, an instance's own followers) the event bus holds. */
export interface EventListenerCounts {
  /** Listeners events reach now (with Redis: their channel's SUBSCRIBE was acknowledged). */
  live: number;
  /** Listeners whose Redis SUBSCRIBE is not acknowledged yet (all of them while it is down). */
  waiting: number;
}

/** A PubSub over a transport whose subscriptions can all be told to resync at once. */
function pubSubOver(transport: EventTransport) {
  /** Each open subscription's `stop`, which ends it with the error it is given. */
  const subscriptions = new Set<(error: ResyncError) => void>();
  const topicOf = (channel: string, id: unknown) =>
    id === undefined ? channel : `${channel}:${String(id)}`;
  const ownPublishListeners = new Map<string, Set<(payload: unknown) => void>>();
  const pubsub = {
    publish(channel: string, ...args: unknown[]) {
      const payload = args[1] ?? args[0] ?? null;
      if (args[1] === undefined) dispatch(ownPublishListeners, channel, payload);
      transport.publish(topicOf(channel, args[1] === undefined ? undefined : args[0]), payload);
    },
    onOwnPublish(channel: string, listener: (payload: unknown) => void) {
      return addListener(ownPublishListeners, channel, listener);
    },
    subscribe(channel: string, id?: unknown) {
      return new Repeater<unknown>(async (push, stop) => {
        subscriptions.add(stop);
        const unlisten = transport.listen(topicOf(channel, id), pushOrResync(push, stop));
        await stop;
        subscriptions.delete(stop);
        unlisten();
      });
    },
  } as unknown as PubSub;
  return {
    pubsub,
    /** Ends every open subscription with a ResyncError. */
    resyncAll(reason: string) {
      const error = new ResyncError(reason);
      for (const resync of [...subscriptions]) resync(error);
    },
  };
}

/**
 * Calls `handle` with every event of these channels (from every instance when the bus is
 * Redis), and `onResync` when events may have been missed (then it follows again). Returns a
 * function that stops following and resolves once it has: await it before the bus closes, or
 * Redis is asked to unsubscribe after its client quit.
 */
export function followChannels<C extends PayloadChannel>(
  pubsub: PubSub,
  channels: readonly C[],
  handle: (payload: Channels[C][0], channel: C) => void,
  onResync: () => void = () => {},
  options: { ownPublishFirst?: boolean } = {},
): () => Promise<void> {
  let stopped = false;
  // Own events are then handled twice (at once, and when the bus delivers them): only for
  // handlers that may run twice, such as a cache that forgets.
  const stopOwn = options.ownPublishFirst
    ? channels.map((channel) =>
        pubsub.onOwnPublish(channel, (payload) => handle(payload as Channels[C][0], channel)),
      )
    : [];
  const current = new Set<AsyncIterableIterator<unknown>>();
  const following = channels.map(async (channel) => {
    while (!stopped) {
      const events = pubsub.subscribe(channel as PayloadChannel) as AsyncIterableIterator<
        Channels[C][0]
      >;
      current.add(events);
      try {
        for await (const payload of events) handle(payload, channel);
        return;
      } catch (error) {
        if (!(error instanceof ResyncError)) throw error;
        onResync();
      } finally {
        current.delete(events);
      }
    }
  });
  return async () => {
    stopped = true;
    for (const stop of stopOwn) stop();
    await Promise.all([...current].map((events) => events.return?.(undefined)));
    await Promise.all(following);
  };
}

/** The event bus's state, for /health/ready. */
export type EventBusStatus = 'up' | 'down';

export interface PubSubHandle {
  pubsub: PubSub;
  /** 'down' while Redis is unreachable (events then reach only this instance's subscribers). */
  status(): EventBusStatus;
  listenerCounts(): EventListenerCounts;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** Share events through this Redis; absent: in-process only. */
  redisUrl?: string;
  /** Where outages and recoveries are logged. Default silent. */
  logger?: Logger;
  /**
   * Called when Redis is back after an interruption, after every subscription was told to
   * resync: what this instance holds from events (copies of documents) is read again.
   */
  onRecovered?: () => void;
}

/** In-process by default; with a Redis URL, events reach every instance sharing that Redis. */
export function createEventBus(options: EventBusOptions = {}): PubSubHandle {
  const { redisUrl, logger = createLogger('silent'), onRecovered } = options;
  if (!redisUrl) {
    const transport = localTransport();
    const { pubsub } = pubSubOver(transport);
    return {
      pubsub,
      status: () => 'up',
      listenerCounts: transport.listenerCounts,
      close: async () => {},
    };
  }
  const redis = new RedisTransport(redisUrl, logger, () => {
    bus.resyncAll('Events were interrupted (the event bus was unreachable)');
    onRecovered?.();
  });
  const bus = pubSubOver(redis);
  return {
    pubsub: bus.pubsub,
    status: () => redis.status(),
    listenerCounts: () => redis.listenerCounts(),
    close: () => redis.close(),
  };
}

function localTransport(): EventTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    publish(topic, payload) {
      dispatch(listeners, topic, payload);
    },
    listen(topic, listener) {
      return addListener(listeners, topic, listener);
    },
    listenerCounts: () => ({ live: countListeners(listeners, listeners.keys()), waiting: 0 }),
  };
}

function addListener(
  listeners: Map<string, Set<(payload: unknown) => void>>,
  topic: string,
  listener: (payload: unknown) => void,
) {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(topic) === set) listeners.delete(topic);
  };
}

function countListeners(
  listeners: Map<string, Set<(payload: unknown) => void>>,
  topics: Iterable<string>,
) {
  let count = 0;
  for (const topic of topics) count += listeners.get(topic)?.size ?? 0;
  return count;
}

function dispatch(
  listeners: Map<string, Set<(payload: unknown) => void>>,
  topic: string,
  payload: unknown,
) {
  for (const listener of [...(listeners.get(topic) ?? [])]) listener(payload);
}

/**
 * Events through Redis (one client publishes, one subscribes), made to survive its outages: no
 * command's failure reaches the process. While Redis is down, events are delivered to this
 * instance's own subscribers only; when it is back, every channel is subscribed again and
 * `onRecovered` tells everyone to resync, for what other instances published meanwhile.
 */
class RedisTransport implements EventTransport {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Topics whose SUBSCRIBE Redis acknowledged on the current connection. */
  private readonly subscribed = new Set<string>();
  /** Each topic's latest SUBSCRIBE not yet acknowledged: only that one's answer counts. */
  private readonly subscribing = new Map<string, Promise<unknown>>();
  /** Whether events may have been missed since Redis was last ready (a lost connection, a
   * publish that could not go out). */
  private interrupted = false;
  private everReady = false;
  private warned = false;

  constructor(
    url: string,
    private readonly logger: Logger,
    private readonly onRecovered: () => void,
  ) {
    // No offline queue: a command while Redis is down fails at once (and is handled) instead of
    // waiting for a reconnection that may be far off; channels are re-subscribed on ready.
    const options = {
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.warn(error));
    }
    this.subscriber.on('message', (topic: string, message: string) => {
      let payload: unknown;
      try {
        payload = message === '' ? null : JSON.parse(message);
      } catch {
        return;
      }
      dispatch(this.listeners, topic, payload);
    });
    this.subscriber.on('close', () => {
      this.interrupted = true;
      this.subscribed.clear();
      this.subscribing.clear();
    });
    this.subscriber.on('ready', () => {
      const topics = [...this.listeners.keys()];
      const subscribed = topics.length ? this.subscribe(topics) : Promise.resolve();
      subscribed.then(
        () => this.ready(),
        (error: Error) => this.warn(error),
      );
    });
  }

  status(): EventBusStatus {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready' && this.everReady
      ? 'up'
      : 'down';
  }

  publish(topic: string, payload: unknown) {
    const message = payload === undefined ? '' : JSON.stringify(payload);
    if (this.publisher.status !== 'ready') {
      this.interrupted = true;
      dispatch(this.listeners, topic, payload);
      return;
    }
    this.publisher.publish(topic, message).catch((error: Error) => {
      this.warn(error);
      this.interrupted = true;
      dispatch(this.listeners, topic, payload);
    });
  }

  listen(topic: string, listener: (payload: unknown) => void) {
    const isNew = !this.listeners.has(topic);
    const remove = addListener(this.listeners, topic, listener);
    if (isNew && this.subscriber.status === 'ready') {
      this.subscribe([topic]).catch((error: Error) => this.warn(error));
    }
    return () => {
      remove();
      if (this.listeners.has(topic)) return;
      this.subscribed.delete(topic);
      this.subscribing.delete(topic);
      if (this.subscriber.status === 'ready') {
        this.subscriber.unsubscribe(topic).catch((error: Error) => this.warn(error));
      }
    };
  }

  listenerCounts(): EventListenerCounts {
    const live = countListeners(this.listeners, this.subscribed);
    return { live, waiting: countListeners(this.listeners, this.listeners.keys()) - live };
  }

  /** SUBSCRIBEs and, once Redis acknowledges, counts these topics' listeners as live. */
  private async subscribe(topics: string[]) {
    const request = this.subscriber.subscribe(...topics);
    for (const topic of topics) this.subscribing.set(topic, request);
    await request;
    for (const topic of topics) {
      if (this.subscribing.get(topic) !== request) continue;
      this.subscribing.delete(topic);
      if (this.listeners.has(topic)) this.subscribed.add(topic);
    }
  }

  async close() {
    await Promise.allSettled(
      [this.publisher, this.subscriber].map((client) =>
        client.status === 'ready' ? client.quit() : client.disconnect(),
      ),
    );
  }

  private ready() {
    this.warned = false;
    const first = !this.everReady;
    this.everReady = true;
    if (first) this.logger.info('the event bus (Redis) is connected');
    if (!this.interrupted) return;
    this.interrupted = false;
    this.logger.warn('the event bus (Redis) is back; subscribers are told to resync');
    this.onRecovered();
  }

  /** One line per outage, not one per failed command. */
  private warn(error: Error) {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ err: error.message }, 'the event bus (Redis) is unreachable');
  }
}
