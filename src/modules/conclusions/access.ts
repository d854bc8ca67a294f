import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../db/database.js';
import type { ConclusionStatus } from '../../generated/prisma/client.js';
import { NotFoundError } from '../../errors.js';
import { followChannels, type PubSub } from '../../pubsub.js';
import { acceptedParticipation } from '../events/participation.js';

/** What deciding who may read or write a conclusions document needs. */
export interface DocumentAccess {
  id: string;
  status: ConclusionStatus;
  eventId: string;
  published: boolean;
  /** The public may watch the DRAFT live. */
  liveToPublic: boolean;
  programmeId: string | null;
  hostMunicipalityId: string | null;
  hostOrganizationId: string | null;
  /** Municipalities with an accepted participation: their coordinators co-edit. */
  participantMunicipalityIds: ReadonlySet<string>;
}

const MAX_ENTRIES = 1_000;

/**
 * Each document's access facts, loaded once and kept until an event changes. Every push and
 * subscription checks them; under a workshop's load a query per push would be most of the
 * database's work. `event:changed` (published on every instance through the pubsub) follows
 * every write that alters them: the event itself, its registrations and the adoption of its
 * conclusions. Such changes are rare
 * beside pushes, so each one empties the cache; a load in flight then is answered but not kept.
 */
export class DocumentAccessCache {
  private readonly cache = new LRUCache<string, DocumentAccess>({
    max: MAX_ENTRIES,
    fetchMethod: (documentId) => this.load(documentId),
    ignoreFetchAbort: true,
  });
  /** Stops following; awaited before the pubsub closes. */
  readonly close: () => Promise<void>;

  constructor(
    private readonly prisma: PrismaClient,
    pubsub: PubSub,
  ) {
    this.close = followChannels(
      pubsub,
      ['event:changed'],
      () => this.forget(),
      () => this.forget(),
      { ownPublishFirst: true },
    );
  }

  async get(documentId: string): Promise<DocumentAccess> {
    return (await this.cache.fetch(documentId))!;
  }

  /** Forgets what is known: an event changed here or on another instance, or events were missed. */
  private forget() {
    this.cache.clear();
  }

  private async load(documentId: string): Promise<DocumentAccess> {
    const document = await this.prisma.conclusionDocument.findUnique({
      where: { id: documentId },
      select: {
        id: true,
        status: true,
        event: {
          select: {
            id: true,
            published: true,
            liveToPublic: true,
            programmeId: true,
            hostMunicipalityId: true,
            hostOrganizationId: true,
            participants: {
              where: { ...acceptedParticipation, municipalityId: { not: null } },
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
      status: document.status,
      eventId: event.id,
      published: event.published,
      liveToPublic: event.liveToPublic,
      programmeId: event.programmeId,
      hostMunicipalityId: event.hostMunicipalityId,
      hostOrganizationId: event.hostOrganizationId,
      participantMunicipalityIds: new Set(event.participants.map((p) => p.municipalityId!)),
    };
  }
}
