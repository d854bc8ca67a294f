import type { PrismaClient } from '../../db/database.js';
import { NotFoundError } from '../../errors.js';
import type { PubSub } from '../../pubsub.js';

/** What deciding who may read or write a conclusions document needs. */
export interface DocumentAccess {
  id: string;
  eventId: string;
  published: boolean;
  programmeId: string | null;
  hostMunicipalityId: string | null;
  /** Municipalities with a REGISTERED participant: their coordinators co-edit. */
  participantMunicipalityIds: ReadonlySet<string>;
}

const MAX_ENTRIES = 1_000;

/**
 * Each document's access facts, loaded once and kept until its event changes. Every push and
 * subscription checks them; under a workshop's load a query per push would be most of the
 * database's work. `event:changed` (published on every instance through the pubsub) follows
 * every write that alters them: the event itself and its registrations.
 */
export class DocumentAccessCache {
  private readonly entries = new Map<string, Promise<DocumentAccess>>();
  /** Bumped by every event change, so that a load begun before it is not kept. */
  private epoch = 0;
  private readonly iterator: AsyncIterator<{ eventId: string }>;
  private readonly following: Promise<void>;

  constructor(
    private readonly prisma: PrismaClient,
    pubsub: PubSub,
  ) {
    this.iterator = pubsub.subscribe('event:changed')[Symbol.asyncIterator]();
    this.following = this.follow();
  }

  get(documentId: string): Promise<DocumentAccess> {
    let entry = this.entries.get(documentId);
    if (!entry) {
      const epoch = this.epoch;
      entry = this.load(documentId);
      this.entries.set(documentId, entry);
      if (this.entries.size > MAX_ENTRIES) {
        this.entries.delete(this.entries.keys().next().value!);
      }
      entry.then(
        () => {
          if (this.epoch !== epoch && this.entries.get(documentId) === entry) {
            this.entries.delete(documentId);
          }
        },
        () => this.entries.delete(documentId),
      );
    }
    return entry;
  }

  /** Drops what is known of this event's document (other instances hear it through the pubsub). */
  async forget(eventId: string) {
    this.epoch += 1;
    for (const [documentId, entry] of this.entries) {
      const access = await entry.catch(() => undefined);
      if (!access || access.eventId === eventId) this.entries.delete(documentId);
    }
  }

  /** Stops following; awaited before the pubsub closes (its Redis unsubscribes first). */
  async close() {
    await this.iterator.return?.();
    await this.following;
  }

  private async follow() {
    for (;;) {
      const { value, done } = await this.iterator.next();
      if (done) return;
      await this.forget(value.eventId);
    }
  }

  private async load(documentId: string): Promise<DocumentAccess> {
    const document = await this.prisma.conclusionDocument.findUnique({
      where: { id: documentId },
      select: {
        id: true,
        event: {
          select: {
            id: true,
            published: true,
            programmeId: true,
            hostMunicipalityId: true,
            participants: {
              where: { status: 'REGISTERED', municipalityId: { not: null } },
              select: { municipalityId: true },
            },
          },
        },
      },
    });
    if (!document) throw new NotFoundError('No conclusions document has this ID');
    const { event } = document;
    return {
      id: document.id,
      eventId: event.id,
      published: event.published,
      programmeId: event.programmeId,
      hostMunicipalityId: event.hostMunicipalityId,
      participantMunicipalityIds: new Set(event.participants.map((p) => p.municipalityId!)),
    };
  }
}
