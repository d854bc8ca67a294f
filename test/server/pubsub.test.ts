// The event bus's promise to caches: what this instance publishes, its own followers that ask
// for it hear before `publish` returns, so a writer's next request never reads a stale copy.
import { describe, expect, it } from 'vitest';
import { createEventBus, followChannels } from '../../src/pubsub.js';
import { waitUntil } from '../utils/collab.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['in-process', undefined],
  ['Redis', redisUrl],
])('the event bus (%s)', (_name, url) => {
  it('hands own events to ownPublishFirst followers before publish returns, and others later', async () => {
    const bus = createEventBus({ redisUrl: url });
    const first: unknown[] = [];
    const later: unknown[] = [];
    const stopFirst = followChannels(
      bus.pubsub,
      ['roles:changed'],
      (payload) => first.push(payload),
      () => {},
      { ownPublishFirst: true },
    );
    const stopLater = followChannels(bus.pubsub, ['roles:changed'], (payload) =>
      later.push(payload),
    );
    // Both followers are listening (with Redis: their SUBSCRIBE was acknowledged).
    await waitUntil(() => bus.listenerCounts().live === 2);
    bus.pubsub.publish('roles:changed', { userId: 'u1' });
    expect(first).toEqual([{ userId: 'u1' }]);
    expect(later).toEqual([]);
    await expect.poll(() => later).toEqual([{ userId: 'u1' }]);
    // The bus's own delivery reaches the early follower too (forgetting twice is harmless).
    await expect.poll(() => first).toHaveLength(2);
    await stopFirst();
    await stopLater();
    bus.pubsub.publish('roles:changed', { userId: 'u2' });
    expect(first).toHaveLength(2);
    await bus.close();
  });
});
