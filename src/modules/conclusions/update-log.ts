import * as Y from 'yjs';
import type { PrismaClient, Transaction } from '../../db/database.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { type ConclusionStatus, Prisma } from '../../generated/prisma/client.js';
import type { ProjectedItem } from './projection.js';

/**
 * How conclusions documents are stored: a snapshot, the numbered update log after it, and the
 * relational projection of the items. Several instances write the same document at once; each
 * write here is safe to make at once with any other.
 */
export class UpdateLog {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Numbers and stores a batch of updates in a single statement (its own transaction): the
   * UPDATE locks the document row, so concurrent appends from any instance get consecutive
   * numbers, and an adopted document takes none. Returns the last number.
   */
  async append(
    documentId: string,
    updates: { update: Uint8Array; authorId: string | null }[],
  ): Promise<number> {
    const rows = Prisma.join(
      updates.map(
        ({ update, authorId }, index) =>
          Prisma.sql`(${index + 1}::int, ${Buffer.from(update)}::bytea, ${authorId}::uuid)`,
      ),
    );
    const [row] = await this.prisma.$queryRaw<{ seq: number }[]>`
      WITH next AS (
        UPDATE conclusion_document
        SET "lastSeq" = "lastSeq" + ${updates.length}, "updatedAt" = now()
        WHERE id = ${documentId}::uuid AND status = 'DRAFT'
        RETURNING "lastSeq" - ${updates.length} AS base
      ), stored AS (
        INSERT INTO conclusion_update ("documentId", seq, update, "authorId")
        SELECT ${documentId}::uuid, next.base + batch.position, batch.update, batch.author
        FROM next, (VALUES ${rows}) AS batch(position, update, author)
        RETURNING seq
      )
      SELECT max(seq)::int AS seq FROM stored`;
    if (row?.seq != null) return row.seq;
    const document = await this.prisma.conclusionDocument.findUnique({
      where: { id: documentId },
      select: { status: true },
    });
    if (!document) throw new NotFoundError('No conclusions document has this ID');
    throw adoptedError();
  }

  /** The last update's number and the status. */
  async head(documentId: string) {
    const row = await this.prisma.conclusionDocument.findUnique({
      where: { id: documentId },
      select: { lastSeq: true, status: true },
    });
    if (!row) throw new NotFoundError('No conclusions document has this ID');
    return row;
  }

  /** The updates numbered `after` + 1 to `upTo` that are still in the log, in order. */
  async between(documentId: string, after: number, upTo: number) {
    return this.prisma.conclusionUpdate.findMany({
      where: { documentId, seq: { gt: after, lte: upTo } },
      orderBy: { seq: 'asc' },
    });
  }

  /**
   * The snapshot and the log after it (up to `upTo`), read in one snapshot of the database so
   * that a concurrent compaction elsewhere cannot make us miss updates.
   */
  async read(documentId: string, upTo?: number) {
    const { document, updates } = await this.prisma.$transaction(
      async (tx) => {
        const document = await tx.conclusionDocument.findUnique({ where: { id: documentId } });
        const updates = document
          ? await tx.conclusionUpdate.findMany({
              where: { documentId, seq: { gt: document.snapshotSeq, lte: upTo } },
              orderBy: { seq: 'asc' },
            })
          : [];
        return { document, updates };
      },
      { isolationLevel: 'RepeatableRead' },
    );
    if (!document) throw new NotFoundError('No conclusions document has this ID');
    return { document, updates };
  }

  /** The whole document as stored now. */
  async load(documentId: string) {
    const { document, updates } = await this.read(documentId);
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, document.snapshot);
    for (const row of updates) Y.applyUpdate(doc, row.update);
    const seq = updates.at(-1)?.seq ?? document.snapshotSeq;
    return { doc, seq, snapshotSeq: document.snapshotSeq, status: document.status };
  }

  /**
   * Replaces the log up to `seq` by `snapshot`, unless the snapshot is already there or later
   * (instances may compact the same document).
   */
  async compact(documentId: string, seq: number, snapshot: Uint8Array) {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.conclusionDocument.updateMany({
        where: { id: documentId, snapshotSeq: { lt: seq } },
        data: { snapshot: Buffer.from(snapshot), snapshotSeq: seq },
      });
      if (count) {
        await tx.conclusionUpdate.deleteMany({ where: { documentId, seq: { lte: seq } } });
      }
    });
  }

  /** Writes the items as of update `seq`, unless a projection that new is already there. */
  async project(documentId: string, seq: number, items: ProjectedItem[]) {
    await this.prisma.$transaction(async (tx) => {
      // Every instance with the document open writes it: the row lock makes them take turns,
      // and a copy that is behind leaves a newer projection alone.
      const newer = await tx.$executeRaw`
        UPDATE conclusion_document SET "projectedSeq" = ${seq}
        WHERE id = ${documentId}::uuid AND status = 'DRAFT' AND "projectedSeq" < ${seq}`;
      if (newer) await writeProjection(tx, documentId, items);
    });
  }

  /**
   * Marks the document adopted by `userId` with its items as of update `seq` (CONFLICT if it
   * has changed since), and runs `inTransaction` in the same transaction.
   */
  async adopt(
    documentId: string,
    seq: number,
    userId: string,
    items: ProjectedItem[],
    inTransaction: (tx: Transaction, items: ProjectedItem[]) => Promise<void>,
  ) {
    await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ status: ConclusionStatus; lastSeq: number }[]>`
        SELECT status, "lastSeq" FROM conclusion_document WHERE id = ${documentId}::uuid FOR UPDATE`;
      if (!row) throw new NotFoundError('No conclusions document has this ID');
      if (row.status === 'ADOPTED') throw new ConflictError('The conclusions are already adopted');
      if (row.lastSeq !== seq) {
        throw new ConflictError('The document changed while adopting it; try again');
      }
      await tx.conclusionDocument.update({
        where: { id: documentId },
        data: { status: 'ADOPTED', adoptedAt: new Date(), adoptedById: userId, projectedSeq: seq },
      });
      await writeProjection(tx, documentId, items);
      await inTransaction(tx, items);
    });
  }
}

async function writeProjection(tx: Transaction, documentId: string, items: ProjectedItem[]) {
  await tx.conclusionItem.deleteMany({ where: { documentId } });
  if (items.length) {
    await tx.conclusionItem.createMany({ data: items.map((item) => ({ documentId, ...item })) });
  }
}

export function adoptedError() {
  return new ConflictError('The conclusions are adopted and can no longer be edited');
}
