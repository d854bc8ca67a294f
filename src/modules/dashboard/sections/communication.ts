// A programme's communication: its bulletins sent, what became of their e-mails (as each issue's
// `counts` in bulletins/stats.ts, summed over the programme), and its stories published.
// One statement.
import type { PrismaClient } from '../../../db/database.js';
import { Prisma } from '../../../generated/prisma/client.js';
import { type BulletinCounts, leftSince } from '../../bulletins/stats.js';

/** The counts of every sent issue summed (one per recipient and issue), and stories. */
export interface CommunicationFigures extends BulletinCounts {
  bulletinsSent: number;
  goodPracticesPublished: number;
  newsPublished: number;
}

export async function loadCommunication(
  prisma: PrismaClient,
  programmeId: string,
): Promise<CommunicationFigures> {
  const [row] = await prisma.$queryRaw<CommunicationFigures[]>`
    WITH issue AS (
      SELECT b."id", b."sentAt" FROM "bulletin" b
       WHERE b."programmeId" = ${programmeId}::uuid AND b."sentAt" IS NOT NULL
    ), recipient AS (
      SELECT d.status, ${leftSince(Prisma.sql`i."sentAt"`)} AS "left"
        FROM issue i JOIN bulletin_recipient r ON r."bulletinId" = i."id"
        LEFT JOIN delivery d ON d.id = r."deliveryId"
    )
    SELECT (SELECT count(*) FROM issue)::int AS "bulletinsSent",
      (SELECT count(*) FROM recipient)::int AS "recipients",
      (SELECT count(*) FROM recipient WHERE status = 'SENT')::int AS "sent",
      (SELECT count(*) FROM recipient WHERE status = 'PENDING')::int AS "pending",
      (SELECT count(*) FROM recipient WHERE status IN ('FAILED', 'REJECTED'))::int AS "failed",
      (SELECT count(*) FROM recipient WHERE status = 'WITHHELD')::int AS "withheld",
      (SELECT count(*) FROM recipient WHERE "left")::int AS "unsubscribedSince",
      (SELECT count(*) FROM story WHERE "programmeId" = ${programmeId}::uuid
         AND status = 'PUBLISHED' AND kind = 'GOOD_PRACTICE')::int AS "goodPracticesPublished",
      (SELECT count(*) FROM story WHERE "programmeId" = ${programmeId}::uuid
         AND status = 'PUBLISHED' AND kind = 'NEWS')::int AS "newsPublished"`;
  return row!;
}
