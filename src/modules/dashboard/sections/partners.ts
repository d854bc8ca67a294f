// Partner municipalities of a programme, by cohort and by administrative unit: two statements.
import type { PrismaClient } from '../../../db/database.js';
import type { AdministrativeUnit } from '../../../generated/prisma/client.js';

export interface CohortFigure {
  cohort: string;
  joinedOn: Date;
  partners: number;
  active: number;
}

export interface AdministrativeUnitFigure {
  administrativeUnit: AdministrativeUnit;
  partners: number;
}

export interface PartnerFigures {
  total: number;
  active: number;
  byCohort: CohortFigure[];
  byAdministrativeUnit: AdministrativeUnitFigure[];
}

/** Partnerships that are not archived, of municipalities that are not archived. */
export async function loadPartners(
  prisma: PrismaClient,
  programmeId: string,
): Promise<PartnerFigures> {
  const [byCohort, byAdministrativeUnit] = await Promise.all([
    prisma.$queryRaw<CohortFigure[]>`
      SELECT pp."cohort", min(pp."joinedOn") AS "joinedOn", count(*)::int AS "partners",
             (count(*) FILTER (WHERE pp."status" = 'ACTIVE'))::int AS "active"
        FROM "programme_partnership" pp
        JOIN "municipality" m ON m."id" = pp."municipalityId"
       WHERE pp."programmeId" = ${programmeId}::uuid
         AND pp."archivedAt" IS NULL AND m."archivedAt" IS NULL
       GROUP BY pp."cohort"
       ORDER BY min(pp."joinedOn"), pp."cohort"`,
    prisma.$queryRaw<AdministrativeUnitFigure[]>`
      SELECT m."administrativeUnit"::text AS "administrativeUnit", count(*)::int AS "partners"
        FROM "programme_partnership" pp
        JOIN "municipality" m ON m."id" = pp."municipalityId"
       WHERE pp."programmeId" = ${programmeId}::uuid
         AND pp."archivedAt" IS NULL AND m."archivedAt" IS NULL
       GROUP BY m."administrativeUnit"
       ORDER BY m."administrativeUnit"`,
  ]);
  return {
    total: byCohort.reduce((sum, cohort) => sum + cohort.partners, 0),
    active: byCohort.reduce((sum, cohort) => sum + cohort.active, 0),
    byCohort,
    byAdministrativeUnit,
  };
}
