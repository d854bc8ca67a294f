import { Mutex } from 'async-mutex';
import * as Y from 'yjs';
import type { ConclusionStatus } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';

/** Hears each update the copy applies, in order. */
export type UpdateListener = (update: Uint8Array) => void;

export type UpdateMeta = ReturnType<typeof Y.parseUpdateMeta>;

/** A validated push waiting for the next group commit. */
export interface QueuedPush {
  update: Uint8Array;
  meta: UpdateMeta;
  authorId: string | null;
  /** Refused once for missing parts and tried again on a copy read afresh. */
  retried?: boolean;
  resolve(stateVector: Uint8Array): void;
  reject(error: unknown): void;
}

/** One document held in memory: the authoritative Y.Doc up to update `seq`. */
export class OpenDocument {
  readonly mutex = new Mutex();
  readonly listeners = new Set<UpdateListener>();
  /** Pushes waiting for the batch being written to commit. */
  queue: QueuedPush[] = [];
  committing = false;
  compacting = false;
  lastUsed = Date.now();
  projectionTimer: NodeJS.Timeout | undefined;
  projectionDirty = false;
  stopRemote: (() => void) | undefined;
  /** At least the encoded state's size: exact when measured, plus what was applied since. */
  bytes = 0;

  constructor(
    readonly id: string,
    public doc: Y.Doc,
    public seq: number,
    public snapshotSeq: number,
    public status: ConclusionStatus,
  ) {}

  emit(update: Uint8Array, logger: Logger) {
    // One subscriber's failure must not keep the update from the others, nor fail the commit.
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        logger.error({ err: error }, 'a conclusions subscriber failed');
      }
    }
  }

  /** Whether an update with this meta continues some client's edits past what the copy has. */
  buildsOnUnknown(meta: UpdateMeta): boolean {
    const state = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    for (const [client, from] of meta.from) if (from > (state.get(client) ?? 0)) return true;
    return false;
  }

  /**
   * Whether applying `update` would change the copy: it adds structs the copy lacks, or
   * deletes something not yet deleted. Cheaper than applying it to a copy of the whole document.
   */
  changedBy(update: Uint8Array): boolean {
    const missing = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
    const { structs, ds } = Y.decodeUpdate(missing);
    if (structs.some((struct) => !(struct instanceof Y.Skip))) return true;
    const known = Y.createDeleteSetFromStructStore(this.doc.store);
    for (const [client, ranges] of ds.clients) {
      const deleted = known.clients.get(client) ?? [];
      for (const { clock, len } of ranges) {
        const covered = deleted.some((d) => d.clock <= clock && clock + len <= d.clock + d.len);
        if (!covered) return true;
      }
    }
    return false;
  }

  /** Applies `updates`; returns what they changed in the copy as one update, if anything. */
  applyCollecting(updates: Uint8Array[]): Uint8Array | undefined {
    const changes: Uint8Array[] = [];
    const collect = (update: Uint8Array) => void changes.push(update);
    this.doc.on('update', collect);
    try {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    } finally {
      this.doc.off('update', collect);
    }
    return changes.length ? Y.mergeUpdates(changes) : undefined;
  }
}
