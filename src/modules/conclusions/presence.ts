import type { PresencePayload, PubSub } from '../../pubsub.js';

/** Presence sent over HTTP (no socket to watch) lapses after this long without a refresh. */
export const HTTP_PRESENCE_TTL_MS = 4_000;

interface Entry {
  userId: string | null;
  state: unknown;
  /** Epoch ms after which the entry lapses; undefined while its socket is open. */
  expiresAt?: number;
}

/**
 * Who is in which document. Presence over a WebSocket lasts as long as the socket (a dead
 * socket is cut by the server's ping within seconds); presence over HTTP lapses unless
 * refreshed. Every change is published, so every instance's subscribers see every client.
 */
export class PresenceRegistry {
  private readonly documents = new Map<string, Map<string, Entry>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pubsub: PubSub) {
    this.timer = setInterval(() => this.sweep(), 500);
    this.timer.unref();
  }

  /** Records a client's state; `socket` ties the entry's life to a WebSocket connection. */
  update(
    documentId: string,
    clientId: string,
    userId: string | null,
    state: unknown,
    socket?: AbortSignal,
  ) {
    const entries = this.entries(documentId);
    const isNew = !entries.has(clientId);
    entries.set(clientId, {
      userId,
      state,
      expiresAt: socket ? undefined : Date.now() + HTTP_PRESENCE_TTL_MS,
    });
    if (socket && isNew) {
      socket.addEventListener('abort', () => this.leave(documentId, clientId), { once: true });
    }
    void this.pubsub.publish('conclusion:presence', documentId, {
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
    if (event.left) entries.delete(event.clientId);
    else if (entry) entry.state = event.state;
    // Another instance's client: it announces its leaving; the long lapse only covers an
    // instance that died without saying so.
    else entries.set(event.clientId, { ...event, expiresAt: Date.now() + 60_000 });
  }

  close() {
    clearInterval(this.timer);
  }

  private leave(documentId: string, clientId: string) {
    const entries = this.entries(documentId);
    const entry = entries.get(clientId);
    if (!entry) return;
    entries.delete(clientId);
    void this.pubsub.publish('conclusion:presence', documentId, {
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
