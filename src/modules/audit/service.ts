import type { AuditEventKind, Prisma } from '../../generated/prisma/client.js';

/** Anything that can write an audit row: the client or a transaction. */
export type AuditWriter = Pick<Prisma.TransactionClient, 'auditEvent'>;

export interface AuditRecord {
  kind: AuditEventKind;
  actorId?: string | null;
  subjectUserId?: string | null;
  email?: string | null;
  address?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Writes one security event; inside the caller's transaction when given one. */
export async function recordAudit(db: AuditWriter, record: AuditRecord): Promise<void> {
  await db.auditEvent.create({ data: record });
}
