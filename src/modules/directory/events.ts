import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { DirectoryChange } from '../../pubsub.js';

/** Tells `directoryChanged` subscribers; call only after the write has committed. */
export function publishDirectoryChange(
  ctx: Pick<Context, 'pubsub'>,
  change: Omit<DirectoryChange, 'eventId'>,
) {
  ctx.pubsub.publish('directory:changed', { ...change, eventId: randomUUID() });
}
