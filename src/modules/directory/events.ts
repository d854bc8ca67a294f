import type { Context } from '../../context.js';
import type { DirectoryChange } from '../../pubsub.js';

/** Tells `directoryChanged` subscribers; call only after the write has committed. */
export function publishDirectoryChange(ctx: Pick<Context, 'pubsub'>, change: DirectoryChange) {
  ctx.pubsub.publish('directory:changed', change);
}
