// The virtual registrar among a programme's active partner municipalities: how far each is with
// adopting the model, and its requests open and overdue (counts only, no personal data). As
// registrarModel network-wide and registrarQueueSummary per registrar. One statement.
import type { PrismaClient } from '../../../db/database.js';
import { isoDate, todayInBosnia } from '../../../dates.js';

export interface RegistrarFigures {
  partners: number;
  adopted: number;
  inProgress: number;
  notStarted: number;
  /** Confirmed requests not yet closed. */
  openRequests: number;
  /** Still being processed past their due day. */
  overdueRequests: number;
}

export async function loadRegistrar(
  prisma: PrismaClient,
  programmeId: string,
): Promise<RegistrarFigures> {
  const [row] = await prisma.$queryRaw<RegistrarFigures[]>`
    WITH partner AS (
      SELECT DISTINCT pp."municipalityId" AS "id"
        FROM "programme_partnership" pp
        JOIN "municipality" m ON m."id" = pp."municipalityId"
       WHERE pp."programmeId" = ${programmeId}::uuid AND pp."status" = 'ACTIVE'
         AND pp."archivedAt" IS NULL AND m."archivedAt" IS NULL
    )
    SELECT (SELECT count(*) FROM partner)::int AS "partners",
      (SELECT count(*) FROM partner p JOIN registrar_adoption a ON a."municipalityId" = p."id"
        WHERE a.status = 'ADOPTED')::int AS "adopted",
      (SELECT count(*) FROM partner p JOIN registrar_adoption a ON a."municipalityId" = p."id"
        WHERE a.status = 'IN_PROGRESS')::int AS "inProgress",
      (SELECT count(*) FROM partner p WHERE NOT EXISTS (
        SELECT 1 FROM registrar_adoption a WHERE a."municipalityId" = p."id"))::int AS "notStarted",
      (SELECT count(*) FROM partner p JOIN registrar_request r ON r."municipalityId" = p."id"
        WHERE r."verifiedAt" IS NOT NULL AND r."closedAt" IS NULL)::int AS "openRequests",
      (SELECT count(*) FROM partner p JOIN registrar_request r ON r."municipalityId" = p."id"
        WHERE r."verifiedAt" IS NOT NULL AND r.status IN ('RECEIVED', 'IN_PROCESS')
          AND r."dueOn" < ${isoDate(todayInBosnia())}::date)::int AS "overdueRequests"`;
  return row!;
}
