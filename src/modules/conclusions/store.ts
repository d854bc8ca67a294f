import { Repeater } from 'graphql-yoga';
import * as Y from 'yjs';
import type { PrismaClient, Transaction } from '../../db/database.js';
import { BadUserInputError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { type Channels, type PubSub, pushOrResync, ResyncError } from '../../pubsub.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { OpenDocument, type QueuedPush, type UpdateListener } from './open-document.js';
import { type ProjectedItem, projectItems } from './projection.js';
import { adoptedError, UpdateLog } from './update-log.js';

export interface ConclusionStoreOptions {
  /** Fold the update log into the snapshot once it holds this many updates. Default 200. */
  compactAfter?: number;
  /** Unload a document nobody subscribes to after this long unused. Default 60 s. */
  idleUnloadMs?: number;
  /** Write the relational projection at most this long after a change. Default 500 ms. */
  projectionDelayMs?: number;
  /** Check loaded documents against the database this often, in case an event was missed. */
  reconcileMs?: number;
  /** Largest update accepted, decoded. Default 512 KiB. */
  maxUpdateBytes?: number;
  /** Largest a document may grow (its encoded state). Default 2 MiB. */
  maxDocumentBytes?: number;
}

/** What another instance announces of a stored batch. */
type RemoteUpdate = Channels['conclusion:updated'][1];

/** Pushes written in one statement at most; more wait for the next. */
const MAX_BATCH = 100;

/**
 * The server's copies of conclusions documents. Every acknowledged update is a row in
 * conclusion_update numbered per document (1, 2, …) under a row lock on the document, so all
 * instances agree on one order; each instance applies that order to its copy, fetching from
 * the database whatever it did not hear about through the pubsub. Subscribers get a catch-up
 * diff from the copy at some `seq`, then exactly the updates after it.
 *
 * Pushes are group-committed: those that arrive while a batch is being written wait and go
 * together in the next statement, and subscribers get each batch as one merged update. Under
 * a workshop's load that is one write and one message per subscriber for many edits.
 */
export class ConclusionStore {
  private readonly open = new Map<string, Promise<OpenDocument>>();
  private readonly log: UpdateLog;
  private readonly timer: NodeJS.Timeout;
  private readonly compactAfter: number;
  private readonly idleUnloadMs: number;
  private readonly projectionDelayMs: number;
  private readonly maxUpdateBytes: number;
  private readonly maxDocumentBytes: number;

  constructor(
    prisma: PrismaClient,
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
    options: ConclusionStoreOptions = {},
  ) {
    this.log = new UpdateLog(prisma);
    this.compactAfter = options.compactAfter ?? 200;
    this.idleUnloadMs = options.idleUnloadMs ?? 60_000;
    this.projectionDelayMs = options.projectionDelayMs ?? 500;
    this.maxUpdateBytes = options.maxUpdateBytes ?? 512 * 1024;
    this.maxDocumentBytes = options.maxDocumentBytes ?? 2 * 1024 * 1024;
    this.timer = setInterval(() => void this.maintain(), options.reconcileMs ?? 2_000);
    this.timer.unref();
  }

  /** Documents held in memory now (for benchmarks and tests). */
  get openCount() {
    return this.open.size;
  }

  async stateVector(documentId: string): Promise<Uint8Array> {
    return this.read(documentId, Y.encodeStateVector);
  }

  async snapshot(documentId: string): Promise<Uint8Array> {
    return this.read(documentId, (doc) => Y.encodeStateAsUpdate(doc));
  }

  async items(documentId: string): Promise<ProjectedItem[]> {
    return this.read(documentId, projectItems);
  }

  /** Between batches: a batch being written is in the copy before it is stored. */
  private async read<T>(documentId: string, view: (doc: Y.Doc) => T): Promise<T> {
    const open = await this.get(documentId);
    return open.mutex.runExclusive(() => view(open.doc));
  }

  /**
   * Validates and durably appends an update; resolves once it is committed. An update that
   * changes nothing (a replay) is acknowledged without being stored again.
   */
  async push(documentId: string, encoded: string, authorId: string | null): Promise<Uint8Array> {
    return this.pushUpdate(
      documentId,
      decodeBase64(encoded, 'update', this.maxUpdateBytes),
      authorId,
    );
  }

  /**
   * Makes a change on a copy of the document and pushes it as one update, the same way a
   * client's edit travels: for the ordinary item mutations. `change` throws to refuse.
   */
  async edit(documentId: string, authorId: string | null, change: (doc: Y.Doc) => void) {
    const open = await this.get(documentId);
    const base = await open.mutex.runExclusive(async () => {
      await this.catchUp(open);
      if (open.status === 'ADOPTED') throw adoptedError();
      return Y.encodeStateAsUpdate(open.doc);
    });
    const scratch = new Y.Doc();
    try {
      Y.applyUpdate(scratch, base);
      const before = Y.encodeStateVector(scratch);
      change(scratch);
      await this.pushUpdate(documentId, Y.encodeStateAsUpdate(scratch, before), authorId);
    } finally {
      scratch.destroy();
    }
  }

  private async pushUpdate(
    documentId: string,
    update: Uint8Array,
    authorId: string | null,
  ): Promise<Uint8Array> {
    let meta: QueuedPush['meta'];
    try {
      meta = Y.parseUpdateMeta(update);
      Y.decodeUpdate(update);
    } catch {
      throw new BadUserInputError('update is not a Yjs update (malformed or truncated)');
    }
    const open = await this.get(documentId);
    return new Promise((resolve, reject) => {
      open.queue.push({ update, meta, authorId, resolve, reject });
      if (open.committing) return;
      open.committing = true;
      // After the pushes read in this turn of the event loop have queued too: the embedded
      // database answers synchronously, so nothing else could queue during a write.
      setImmediate(() => void this.commitQueued(open));
    });
  }

  /** Writes what is queued, a batch at a time, until the queue is empty. */
  private async commitQueued(open: OpenDocument) {
    try {
      while (open.queue.length) {
        const batch = open.queue.splice(0, MAX_BATCH);
        await open.mutex
          .runExclusive(() => this.commitBatch(open, batch))
          .catch((error: unknown) => {
            // A defect, not a refusal: nobody waits for ever (settled pushes ignore this).
            this.logger.error({ err: error }, 'could not commit conclusions updates');
            for (const push of batch) push.reject(error);
          });
      }
    } finally {
      open.committing = false;
    }
  }

  /**
   * Decides each push against the copy as the earlier ones leave it (applying the accepted
   * ones at once, so a replay within the batch is seen as one), stores the accepted ones in
   * one statement, then acknowledges and fans them out. If the write fails, the copy is read
   * again from the database: nothing of the batch was sent to anyone.
   */
  private async commitBatch(open: OpenDocument, batch: QueuedPush[]) {
    open.lastUsed = Date.now();
    try {
      // Another instance may hold updates this copy has not applied yet: look only when a
      // push builds on more than the copy has (the common path costs no query).
      if (batch.some((push) => open.buildsOnUnknown(push.meta))) await this.catchUp(open);
      if (open.status === 'ADOPTED') throw adoptedError();
    } catch (error) {
      for (const push of batch) push.reject(error);
      return;
    }
    const accepted: QueuedPush[] = [];
    const replays: QueuedPush[] = [];
    let refused: QueuedPush | undefined;
    // What the subscribers have been told, should the copy have to be read again.
    const beforeBatch = Y.encodeStateVector(open.doc);
    let beforeRefused = beforeBatch;
    for (const [index, push] of batch.entries()) {
      if (open.buildsOnUnknown(push.meta)) {
        push.reject(missingBaseError());
      } else if (!open.changedBy(push.update)) {
        replays.push(push);
      } else if (!this.hasRoomFor(open, push.update)) {
        push.reject(
          new BadUserInputError(
            `The conclusions document may hold at most ${this.maxDocumentBytes} bytes; this update would make it larger`,
          ),
        );
      } else {
        open.bytes += push.update.byteLength;
        const before = Y.encodeStateVector(open.doc);
        Y.applyUpdate(open.doc, push.update);
        if (open.doc.store.pendingStructs || open.doc.store.pendingDs) {
          // It refers to items this copy does not have (Yjs keeps it aside, unapplied). The
          // copy is read again below; the rest of the batch waits for the next one.
          refused = push;
          beforeRefused = before;
          open.queue.unshift(...batch.slice(index + 1));
          break;
        }
        accepted.push(push);
      }
    }
    let writeError: unknown;
    if (accepted.length) {
      try {
        const lastSeq = await this.log.append(open.id, accepted);
        await this.announce(open, lastSeq, accepted);
      } catch (error) {
        writeError = error;
      }
    }
    // The copy holds something that is not stored: read it again before anyone hears back.
    if (writeError !== undefined || refused) {
      await this.restore(open, writeError === undefined ? beforeRefused : beforeBatch);
    }
    if (refused?.retried) refused.reject(missingBaseError());
    else if (refused) {
      // The parts may be updates that another instance stored and this copy had not applied
      // yet: the copy read again holds every stored one, so try once more before refusing.
      refused.retried = true;
      open.queue.unshift(refused);
    }
    const stateVector = Y.encodeStateVector(open.doc);
    for (const push of accepted) {
      if (writeError === undefined) push.resolve(stateVector);
      else push.reject(writeError);
    }
    for (const push of replays) push.resolve(stateVector);
  }

  /** Whether the document stays within its cap with `update` applied (measured when near). */
  private hasRoomFor(open: OpenDocument, update: Uint8Array): boolean {
    if (open.bytes + update.byteLength <= this.maxDocumentBytes) return true;
    open.bytes = Y.encodeStateAsUpdate(open.doc).byteLength;
    return open.bytes + update.byteLength <= this.maxDocumentBytes;
  }

  /**
   * Tells subscribers here and on other instances about a stored batch, after any update
   * another instance committed before it. If those cannot be fetched, subscribers get the
   * batch all the same (Yjs clients hold what builds on missing parts until it comes) and the
   * copy's number stays behind, for the next catch-up to fetch them.
   */
  private async announce(open: OpenDocument, lastSeq: number, batch: QueuedPush[]) {
    const update =
      batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((push) => push.update));
    try {
      await this.fetchAndApply(open, lastSeq - batch.length);
      this.record(open, lastSeq, update);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not fetch the updates before a stored batch');
      open.emit(update, this.logger);
    }
    void this.pubsub.publish('conclusion:updated', open.id, {
      after: lastSeq - batch.length,
      seq: lastSeq,
      update: encodeBase64(update),
    });
    if (lastSeq - open.snapshotSeq >= this.compactAfter) void this.compact(open);
  }

  /**
   * The updates a subscriber needs: first the diff against `stateVector` (everything when
   * absent), then each later update exactly once. Ends when `signal` aborts or the consumer
   * returns.
   */
  updates(documentId: string, stateVector: Uint8Array | undefined, signal: AbortSignal) {
    return new Repeater<Uint8Array>(async (push, stop) => {
      const following = await this.follow(documentId, stateVector, pushOrResync(push, stop));
      void push(following.catchUp);
      const end = () => stop();
      signal.addEventListener('abort', end);
      if (signal.aborted) end();
      await stop;
      signal.removeEventListener('abort', end);
      following.stop();
    });
  }

  /**
   * The diff against `stateVector` (everything when absent) and, from then on, each later
   * update to `listener` exactly once — taken under the document's lock, so that no update
   * falls between the two. `stop()` ends it.
   */
  async follow(documentId: string, stateVector: Uint8Array | undefined, listener: UpdateListener) {
    const open = await this.get(documentId);
    const catchUp = await open.mutex.runExclusive(async () => {
      await this.catchUp(open);
      open.listeners.add(listener);
      return Y.encodeStateAsUpdate(open.doc, stateVector);
    });
    return {
      catchUp,
      stop() {
        open.listeners.delete(listener);
        open.lastUsed = Date.now();
      },
    };
  }

  /**
   * Marks the document adopted (read-only) and writes its final projection; `inTransaction`
   * writes what adoption creates besides (the action items) in the same transaction.
   */
  async adopt(
    documentId: string,
    userId: string,
    inTransaction: (tx: Transaction, items: ProjectedItem[]) => Promise<void>,
  ): Promise<ProjectedItem[]> {
    const open = await this.get(documentId);
    return open.mutex.runExclusive(async () => {
      await this.catchUp(open);
      const items = projectItems(open.doc);
      await this.log.adopt(documentId, open.seq, userId, items, inTransaction);
      open.status = 'ADOPTED';
      open.projectionDirty = false;
      return items;
    });
  }

  /** Flushes projections and forgets every document. */
  async close() {
    clearInterval(this.timer);
    for (const id of [...this.open.keys()]) await this.unload(id);
  }

  // --- internals -----------------------------------------------------------------------------

  private get(documentId: string): Promise<OpenDocument> {
    let open = this.open.get(documentId);
    if (!open) {
      open = this.load(documentId);
      this.open.set(documentId, open);
      open.catch(() => this.open.delete(documentId));
    }
    return open;
  }

  private async load(documentId: string): Promise<OpenDocument> {
    const { doc, seq, snapshotSeq, status } = await this.log.load(documentId);
    const open = new OpenDocument(documentId, doc, seq, snapshotSeq, status);
    open.bytes = Y.encodeStateAsUpdate(doc).byteLength;
    open.stopRemote = this.listenRemote(open);
    return open;
  }

  /**
   * Replaces the copy by what the database holds, after it took in something that was not
   * stored (a refused write, an update with missing parts), and sends the subscribers what
   * the database holds beyond `told` (what they have been sent); failing that, forgets it.
   */
  private async restore(open: OpenDocument, told: Uint8Array) {
    try {
      const { doc, seq, snapshotSeq, status } = await this.log.load(open.id);
      const missed = seq > open.seq ? Y.encodeStateAsUpdate(doc, told) : undefined;
      open.doc.destroy();
      Object.assign(open, { doc, seq, snapshotSeq, status });
      open.bytes = Y.encodeStateAsUpdate(doc).byteLength;
      if (missed) this.record(open, seq, missed);
    } catch (error) {
      this.logger.error({ err: error }, 'could not read a conclusions document again');
      void this.unload(open.id); // after this batch releases the lock
    }
  }

  /**
   * Applies other instances' updates as they arrive: one that follows the copy as it comes,
   * after a gap (a message missed or still on its way) from the database. Told to resync
   * (events missed), it follows again and catches up from the database.
   */
  private listenRemote(open: OpenDocument): () => void {
    let stopped = false;
    let iterator: AsyncIterator<RemoteUpdate> | undefined;
    const apply = async ({ after, seq, update }: RemoteUpdate) => {
      if (seq <= open.seq) return;
      if (after !== open.seq) return this.fetchAndApply(open, seq);
      const decoded = new Uint8Array(Buffer.from(update, 'base64'));
      Y.applyUpdate(open.doc, decoded);
      open.bytes += decoded.byteLength;
      this.record(open, seq, decoded);
    };
    void (async () => {
      while (!stopped) {
        iterator = this.pubsub.subscribe('conclusion:updated', open.id)[Symbol.asyncIterator]();
        try {
          for (;;) {
            const { value, done } = await iterator.next();
            if (done) return;
            if (value.seq <= open.seq) continue;
            await open.mutex
              .runExclusive(() => apply(value))
              .catch((error) =>
                this.logger.warn({ err: error }, 'could not apply a remote update'),
              );
          }
        } catch (error) {
          if (!(error instanceof ResyncError)) throw error;
          await open.mutex.runExclusive(() => this.catchUp(open)).catch(() => {});
        }
      }
    })();
    return () => {
      stopped = true;
      void iterator?.return?.();
    };
  }

  /**
   * Reads every copy again from the database (after the event bus was interrupted, when this
   * instance may have missed anything) and sends each subscriber what it lacks relative to
   * what it was sent: the difference between the old copy, which every subscriber has, and
   * the stored document.
   */
  async resync() {
    for (const pending of [...this.open.values()]) {
      const open = await pending.catch(() => undefined);
      if (!open) continue;
      await open.mutex
        .runExclusive(async () => {
          const { doc, seq, snapshotSeq, status } = await this.log.load(open.id);
          const missing = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(open.doc));
          const changed = open.changedBy(missing);
          open.doc.destroy();
          Object.assign(open, { doc, seq, snapshotSeq, status });
          open.bytes = Y.encodeStateAsUpdate(doc).byteLength;
          if (changed) {
            open.emit(missing, this.logger);
            this.scheduleProjection(open);
          }
        })
        .catch((error) => this.logger.warn({ err: error }, 'could not resync a conclusions copy'));
    }
  }

  /** Brings the copy up to the database's last update. */
  private async catchUp(open: OpenDocument) {
    const { lastSeq, status } = await this.log.head(open.id);
    open.status = status;
    await this.fetchAndApply(open, lastSeq);
  }

  /**
   * Applies the committed updates after the copy's seq up to `upTo`, in order. When some of
   * them are gone (an instance folded them into the snapshot), applies the snapshot and the
   * log after it instead.
   */
  private async fetchAndApply(open: OpenDocument, upTo: number) {
    if (upTo <= open.seq) return;
    const rows = await this.log.between(open.id, open.seq, upTo);
    // Numbers are unique per document: as many rows as numbers means none is missing.
    if (rows.length < upTo - open.seq) return this.applyCompacted(open, upTo);
    for (const row of rows) {
      Y.applyUpdate(open.doc, row.update);
      open.bytes += row.update.byteLength;
      this.record(open, row.seq, row.update);
    }
  }

  /**
   * Brings the copy to `upTo` (or past it, when the snapshot is newer) from the snapshot and
   * the log after it. Subscribers get what that changed in the copy, as one update.
   */
  private async applyCompacted(open: OpenDocument, upTo: number) {
    const { document, updates } = await this.log.read(open.id, upTo);
    const changed = open.applyCollecting([
      ...(document.snapshotSeq > open.seq ? [document.snapshot] : []),
      ...updates.filter((row) => row.seq > open.seq).map((row) => row.update),
    ]);
    open.status = document.status;
    open.snapshotSeq = Math.max(open.snapshotSeq, document.snapshotSeq);
    const seq = updates.at(-1)?.seq ?? document.snapshotSeq;
    if (changed) {
      open.bytes += changed.byteLength;
      this.record(open, seq, changed);
    } else open.seq = Math.max(open.seq, seq);
  }

  /** The copy holds `update` (and everything up to `seq`): tell the subscribers. */
  private record(open: OpenDocument, seq: number, update: Uint8Array) {
    // A snapshot read while catching up may already hold the batch being announced.
    open.seq = Math.max(open.seq, seq);
    open.lastUsed = Date.now();
    open.emit(update, this.logger);
    this.scheduleProjection(open);
  }

  private scheduleProjection(open: OpenDocument) {
    open.projectionDirty = true;
    open.projectionTimer ??= setTimeout(() => {
      open.projectionTimer = undefined;
      void open.mutex
        .runExclusive(() => this.flushProjection(open))
        .catch((error) => this.logger.warn({ err: error }, 'could not write the projection'));
    }, this.projectionDelayMs);
  }

  private async flushProjection(open: OpenDocument) {
    if (!open.projectionDirty || open.status === 'ADOPTED') return;
    open.projectionDirty = false;
    await this.log.project(open.id, open.seq, projectItems(open.doc));
  }

  /**
   * Folds the log into the snapshot: bounded log length whatever the editing history. The copy
   * is encoded under the lock; the write runs beside new pushes (they only add later numbers),
   * one compaction at a time per instance, and never moves the snapshot back (instances may
   * compact the same document).
   */
  private async compact(open: OpenDocument) {
    if (open.compacting) return;
    open.compacting = true;
    try {
      const taken = await open.mutex.runExclusive(() =>
        open.seq === open.snapshotSeq
          ? undefined
          : { seq: open.seq, snapshot: Y.encodeStateAsUpdate(open.doc) },
      );
      if (!taken) return;
      await this.log.compact(open.id, taken.seq, taken.snapshot);
      open.snapshotSeq = Math.max(open.snapshotSeq, taken.seq);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not compact a conclusions document');
    } finally {
      open.compacting = false;
    }
  }

  /** Periodic: catch up documents someone watches, unload idle ones. */
  private async maintain() {
    const now = Date.now();
    for (const [id, pending] of this.open) {
      const open = await pending.catch(() => undefined);
      if (!open) continue;
      if (open.listeners.size === 0 && now - open.lastUsed > this.idleUnloadMs) {
        await this.unload(id).catch(() => {});
      } else if (open.listeners.size > 0) {
        await open.mutex.runExclusive(() => this.catchUp(open)).catch(() => {});
      }
    }
  }

  private async unload(documentId: string) {
    const open = await this.open.get(documentId)?.catch(() => undefined);
    this.open.delete(documentId);
    if (!open) return;
    clearTimeout(open.projectionTimer);
    open.stopRemote?.();
    await open.mutex.runExclusive(() => this.flushProjection(open)).catch(() => {});
    open.doc.destroy();
  }
}

function missingBaseError() {
  return new BadUserInputError(
    'update builds on changes the server does not have; sync with the document first',
  );
}
