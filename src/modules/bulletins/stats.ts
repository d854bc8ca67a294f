// What became of an issue's e-mails, and how many of its recipients left since.
import type { PrismaClient } from '../../db/database.js';
import { type Bulletin, Prisma } from '../../generated/prisma/client.js';

export interface BulletinCounts {
  recipients: number;
  sent: number;
  pending: number;
  failed: number;
  withheld: number;
  unsubscribedSince: number;
}

/**
 * Whether the recipient `r` (a bulletin_recipient row) left the lists that reached it, or all
 * e-mail, at or after `sentAt`.
 */
export const leftSince = (sentAt: Prisma.Sql) => Prisma.sql`(
  EXISTS (SELECT 1 FROM mailing_list_leave l WHERE l.email = r.email
    AND l."listId"::text = ANY (r."listIds") AND l."createdAt" >= ${sentAt})
  OR EXISTS (SELECT 1 FROM email_suppression s WHERE s.email = r.email
    AND s.reason = 'UNSUBSCRIBED_ALL' AND s."createdAt" >= ${sentAt}))`;

export async function bulletinCounts(
  prisma: PrismaClient,
  bulletin: Pick<Bulletin, 'id' | 'sentAt'>,
): Promise<BulletinCounts> {
  const empty = {
    recipients: 0,
    sent: 0,
    pending: 0,
    failed: 0,
    withheld: 0,
    unsubscribedSince: 0,
  };
  if (!bulletin.sentAt) return empty;
  const [row] = await prisma.$queryRaw<
    {
      recipients: bigint;
      sent: bigint;
      pending: bigint;
      failed: bigint;
      withheld: bigint;
      unsubscribed: bigint;
    }[]
  >`
    SELECT count(*) AS recipients,
      count(*) FILTER (WHERE d.status = 'SENT') AS sent,
      count(*) FILTER (WHERE d.status = 'PENDING') AS pending,
      count(*) FILTER (WHERE d.status IN ('FAILED', 'REJECTED')) AS failed,
      count(*) FILTER (WHERE d.status = 'WITHHELD') AS withheld,
      count(*) FILTER (WHERE ${leftSince(Prisma.sql`${bulletin.sentAt}`)}) AS unsubscribed
    FROM bulletin_recipient r LEFT JOIN delivery d ON d.id = r."deliveryId"
    WHERE r."bulletinId" = ${bulletin.id}::uuid`;
  if (!row) return empty;
  return {
    recipients: Number(row.recipients),
    sent: Number(row.sent),
    pending: Number(row.pending),
    failed: Number(row.failed),
    withheld: Number(row.withheld),
    unsubscribedSince: Number(row.unsubscribed),
  };
}
