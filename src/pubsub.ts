import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ProjectIdeaStage } from './generated/prisma/client.js';

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
  /** A project idea was created, edited, moved to another stage, assessed or applied. */
  'projectIdea:changed': [payload: ProjectIdeaChange];
  /** A funding call was published. */
  'fundingCall:opened': [payload: { fundingCallId: string }];
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

export type PubSub = ReturnType<typeof createPubSub<Channels>>;

/** Channels whose events carry only a payload (no topic). */
export type PayloadChannel = {
  [C in keyof Channels]: Channels[C] extends [unknown] ? C : never;
}[keyof Channels];

/**
 * Calls `handle` with every event of these channels (from every instance when the bus is
 * Redis). Returns a function that stops following and resolves once it has: await it before
 * the bus closes, or Redis is asked to unsubscribe after its client quit.
 */
export function followChannels<C extends PayloadChannel>(
  pubsub: PubSub,
  channels: readonly C[],
  handle: (payload: Channels[C][0], channel: C) => void,
): () => Promise<void> {
  const following = channels.map((channel) => {
    const events = pubsub.subscribe(channel as PayloadChannel) as AsyncIterableIterator<
      Channels[C][0]
    >;
    const done = (async () => {
      for await (const payload of events) handle(payload, channel);
    })();
    return { events, done };
  });
  return async () => {
    await Promise.all(following.map(({ events }) => events.return?.(undefined)));
    await Promise.all(following.map(({ done }) => done));
  };
}

export interface PubSubHandle {
  pubsub: PubSub;
  close(): Promise<void>;
}

/** In-process by default; with a Redis URL, events reach every instance sharing that Redis. */
export function createEventBus(redisUrl?: string): PubSubHandle {
  if (!redisUrl) return { pubsub: createPubSub<Channels>(), close: async () => {} };
  const options = { lazyConnect: false, maxRetriesPerRequest: 3 };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<Channels>({ eventTarget }),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
