import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../db/database.js';
import { followChannels, type PubSub } from '../../pubsub.js';
import { UnauthenticatedError } from '../../errors.js';
import type { SessionViewers, Viewer } from '../../viewer.js';
import { hashToken, viewerFromSession } from './service.js';

const MAX_SESSIONS = 10_000;
/** Keys by token hash start with this (session ids are UUIDs, so never do). */
const TOKEN = 'token:';

/**
 * The viewer behind each session, for the check every HTTP request and every operation on a
 * socket gets (roles may have changed since the socket opened). Read once per session and
 * instance, then kept until a role or session changes anywhere (`roles:changed`,
 * `session:revoked`: rare beside requests, so each empties the cache; the instance that made
 * the change empties its own before answering), the session expires, or `trustedMs` passes
 * (what a change made behind the API's back, or a lost pubsub message, can cost). A
 * workshop's editors push many times a second; a database read for each was most of the
 * server's work.
 */
export class SessionViewerCache implements SessionViewers {
  /** By session id (sockets) and by token hash (HTTP). */
  private readonly cache: LRUCache<string, Viewer>;
  /** Stops following; awaited before the pubsub closes. */
  readonly close: () => Promise<void>;

  constructor(prisma: PrismaClient, pubsub: PubSub, trustedMs: number) {
    this.cache = new LRUCache<string, Viewer>({
      max: MAX_SESSIONS,
      ttl: trustedMs,
      fetchMethod: async (key, _stale, { options }) => {
        const viewer = await viewerFromSession(
          prisma,
          key.startsWith(TOKEN) ? { tokenHash: key.slice(TOKEN.length) } : { id: key },
        );
        const untilExpiry = viewer.expiresAt.getTime() - Date.now();
        options.ttl = Math.max(1, Math.min(trustedMs, untilExpiry));
        return viewer;
      },
      // A load in flight when the cache is emptied answers its caller but is not kept.
      ignoreFetchAbort: true,
    });
    this.close = followChannels(
      pubsub,
      ['roles:changed', 'session:revoked'],
      () => this.forget(),
      () => this.forget(),
      { ownPublishFirst: true },
    );
  }

  /** The session's viewer now; throws UNAUTHENTICATED when it is revoked, expired or unknown. */
  async get(sessionId: string): Promise<Viewer> {
    return (await this.cache.fetch(sessionId))!;
  }

  /** The viewer of an `Authorization: Bearer <token>` header; null without one. */
  async fromAuthorization(authorization: string | null | undefined): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
    return (await this.cache.fetch(TOKEN + hashToken(match[1])))!;
  }

  /** Roles or sessions changed (here: before the writer answers; elsewhere: on the event). */
  private forget() {
    this.cache.clear();
  }
}
