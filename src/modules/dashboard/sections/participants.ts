// Who took part in a programme's held, published events, by stakeholder group. One statement.
import { todayInBosnia } from '../../../dates.js';
import type { PrismaClient } from '../../../db/database.js';
import type { StakeholderGroup } from '../../../generated/prisma/client.js';

export interface StakeholderFigure {
  stakeholderGroup: StakeholderGroup;
  participants: number;
}

export async function loadParticipants(
  prisma: PrismaClient,
  programmeId: string,
): Promise<StakeholderFigure[]> {
  return prisma.$queryRaw<StakeholderFigure[]>`
    SELECT p."stakeholderGroup"::text AS "stakeholderGroup", count(*)::int AS "participants"
      FROM "event_participant" p
      JOIN "event" e ON e."id" = p."eventId"
     WHERE e."programmeId" = ${programmeId}::uuid AND e."published"
       AND e."endsOn" < ${todayInBosnia()}::date
       AND p."status" = 'REGISTERED'
     GROUP BY p."stakeholderGroup"
     ORDER BY p."stakeholderGroup"`;
}
