import { BadUserInputError } from '../../errors.js';
import type { PresencePayload, PubSub } from '../../pubsub.js';

/** Presence sent over HTTP (no socket to watch) lapses after this long without a refresh. */
export const HTTP_PRESENCE_TTL_MS = 4_000;

interface Entry {
  userId: string | null;
  state: unknown;
  /** Epoch ms after which the entry lapses; undefined while its socket is open. */
  expiresAt?: number;
  /** Held through this instance (its own announcements are not news here). */
  local: boolean;
  /** The socket that holds it, when held by one on this instance. */
  socketId?: string;
}

/** The WebSocket connection a presence belongs to: it ends when the socket closes. */
export interface PresenceSocket {
  id: string;
  closed: AbortSignal;
}

export interface PresenceLimits {
  /** Distinct clientIds one socket may hold. */
  perSocket: number;
  /** Entries one user may hold on this instance, over all documents and connections. */
  perUser: number;
}

/**
 * Who is in which document. Presence over a WebSocket lasts as long as the socket (a dead
 * socket is cut by the server's ping within seconds); presence over HTTP lapses unless
 * refreshed. Every change is published, so every instance's subscribers see every client.
 * Entries are capped per socket and per user: each costs every watcher an event.
 */
export class PresenceRegistry {
  private readonly documents = new Map<string, Map<string, Entry>>();
  /** Entries held here, by socket id and by user id: `documentId clientId` keys. */
  private readonly bySocket = new Map<string, Set<string>>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pubsub: PubSub,
    private readonly limits: PresenceLimits,
  ) {
    this.timer = setInterval(() => this.sweep(), 500);
    this.timer.unref();
  }

  /**
   * Records a client's state; `socket` ties the entry's life to a WebSocket connection. A new
   * entry past the socket's or the user's cap is refused with BAD_USER_INPUT.
   */
  update(
    documentId: string,
    clientId: string,
    userId: string | null,
    state: unknown,
    socket?: PresenceSocket,
  ) {
    const entries = this.entries(documentId);
    const existing = entries.get(clientId);
    if (existing) {
      existing.state = state;
      if (!socket) existing.expiresAt = Date.now() + HTTP_PRESENCE_TTL_MS;
    } else {
      const key = `${documentId} ${clientId}`;
      if (socket && (this.bySocket.get(socket.id)?.size ?? 0) >= this.limits.perSocket) {
        throw new BadUserInputError(
          `A connection may hold at most ${this.limits.perSocket} presence states`,
        );
      }
      if (userId && (this.byUser.get(userId)?.size ?? 0) >= this.limits.perUser) {
        throw new BadUserInputError(
          `A user may hold at most ${this.limits.perUser} presence states`,
        );
      }
      entries.set(clientId, {
        userId,
        state,
        local: true,
        socketId: socket?.id,
        expiresAt: socket ? undefined : Date.now() + HTTP_PRESENCE_TTL_MS,
      });
      if (socket) {
        addTo(this.bySocket, socket.id, key);
        socket.closed.addEventListener('abort', () => this.leave(documentId, clientId), {
          once: true,
        });
      }
      if (userId) addTo(this.byUser, userId, key);
    }
    this.pubsub.publish('conclusion:presence', documentId, {
      clientId,
      userId,
      state,
      left: false,
    });
  }

  /** Everyone present now, as this instance knows them. */
  current(documentId: string): PresencePayload[] {
    return [...this.entries(documentId)].map(([clientId, entry]) => ({
      clientId,
      userId: entry.userId,
      state: entry.state,
      left: false,
    }));
  }

  /** Keeps this instance's view in step with other instances' announcements. */
  observe(documentId: string, event: PresencePayload) {
    const entries = this.entries(documentId);
    const entry = entries.get(event.clientId);
    if (entry?.local) return; // this instance's own announcement
    if (event.left) entries.delete(event.clientId);
    else if (entry) entry.state = event.state;
    // Another instance's client: it announces its leaving; the long lapse only covers an
    // instance that died without saying so.
    else entries.set(event.clientId, { ...event, local: false, expiresAt: Date.now() + 60_000 });
  }

  close() {
    clearInterval(this.timer);
  }

  private leave(documentId: string, clientId: string) {
    const entries = this.entries(documentId);
    const entry = entries.get(clientId);
    if (!entry) return;
    entries.delete(clientId);
    const key = `${documentId} ${clientId}`;
    if (entry.socketId) removeFrom(this.bySocket, entry.socketId, key);
    if (entry.userId) removeFrom(this.byUser, entry.userId, key);
    this.pubsub.publish('conclusion:presence', documentId, {
      clientId,
      userId: entry.userId,
      state: null,
      left: true,
    });
  }

  private sweep() {
    const now = Date.now();
    for (const [documentId, entries] of this.documents) {
      for (const [clientId, entry] of entries) {
        if (entry.expiresAt !== undefined && entry.expiresAt <= now)
          this.leave(documentId, clientId);
      }
      if (entries.size === 0) this.documents.delete(documentId);
    }
  }

  private entries(documentId: string) {
    let entries = this.documents.get(documentId);
    if (!entries) {
      entries = new Map();
      this.documents.set(documentId, entries);
    }
    return entries;
  }
}

function addTo(index: Map<string, Set<string>>, owner: string, key: string) {
  let keys = index.get(owner);
  if (!keys) index.set(owner, (keys = new Set()));
  keys.add(key);
}

function removeFrom(index: Map<string, Set<string>>, owner: string, key: string) {
  const keys = index.get(owner);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(owner);
}
